// The grid manager view: my cells on the map, the alerts of my cells,
// inspections due and overdue, confirmed flags to check in the field,
// today's patrol route (or the next planned one) with its GPX download.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { createMap, loadFeatures, readFeature, showLayers } from '../layers.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { get } from '../api.js';
import { el } from '../ui.js';
import { dossierHref } from './dossier.js';
import { showAlerts } from './alerts.js';

const routeStyle = new Style({ stroke: new Stroke({ color: '#111', width: 3, lineDash: [8, 6] }) });
const stopStyle = (feature) =>
  new Style({
    image: new Circle({ radius: 10, fill: new Fill({ color: '#111' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
    text: new Text({ text: String(feature.get('stop_order')), fill: new Fill({ color: '#fff' }), font: 'bold 11px sans-serif' }),
  });

// Today's plan, else the next one, else the latest.
function pickPatrol(patrols, today) {
  return patrols.find((p) => p.plan_date === today) || patrols.find((p) => p.plan_date > today) || patrols.at(-1);
}

export async function renderCells(root) {
  const data = await get('/api/me/cells');
  const mapTarget = el('div', { id: 'cells-map', class: 'map' });
  const patrolBox = el('div', { id: 'patrol', class: 'patrol' });
  const alertBox = el('div', { id: 'alerts-box' });
  const reloadAlerts = async () => showAlerts(alertBox, (await get('/api/me/cells')).alerts, reloadAlerts);
  showAlerts(alertBox, data.alerts, reloadAlerts);
  root.replaceChildren(
    el('section', { class: 'cells-view' },
      el('div', { class: 'panel' },
        el('h2', {}, `My cells (${data.cells.length})`),
        el('ul', { id: 'my-cells' }, data.cells.map((c) => el('li', {}, `${c.properties.cell_id} ${c.properties.name || ''}`))),
        alertBox,
        el('h3', {}, `Inspections due (${data.inspections_due.length})`),
        el('table', { id: 'due', class: 'props' },
          el('tr', {}, ['enterprise', 'risk', 'last', 'due', ''].map((h) => el('th', {}, h))),
          data.inspections_due.map((e) =>
            el('tr', { class: e.overdue ? 'overdue' : '' },
              el('td', {}, el('a', { href: dossierHref(e.enterprise_id) }, `${e.name} (${e.enterprise_id})`)), el('td', {}, e.risk_class),
              el('td', {}, e.last_inspected || 'never'), el('td', {}, e.due_date || 'now'),
              el('td', {}, e.overdue ? 'OVERDUE' : `${e.days_left} d`)))),
        el('h3', {}, `Confirmed flags to check (${data.confirmed_flags.length})`),
        el('ul', { id: 'confirmed' }, data.confirmed_flags.map((f) => el('li', {}, `${f.properties.flag_id} ${f.properties.kind} ${f.properties.status} (${f.properties.cell_id})`))),
        patrolBox),
      mapTarget));
  const map = createMap(mapTarget);
  const features = {
    cells: data.cells.map(readFeature),
    enterprises: await loadFeatures('enterprises'),
    outfalls: await loadFeatures('outfalls'),
  };
  showLayers(map, features);
  const flags = new VectorSource({ features: data.confirmed_flags.map(readFeature) });
  map.addLayer(new VectorLayer({ source: flags }));
  const route = new VectorSource();
  map.addLayer(new VectorLayer({ source: route, style: (f) => (f.get('kind') === 'route' ? routeStyle : stopStyle(f)) }));
  window.envgrid = { ...(window.envgrid || {}), cellsMap: map };
  await showPatrol(patrolBox, route, map);
}

async function showPatrol(box, route, map) {
  const { today, patrols } = await get('/api/patrols');
  if (!patrols.length) {
    box.replaceChildren(el('h3', {}, 'Patrol'), el('p', { class: 'muted' }, 'No patrol planned (envgrid patrol plan).'));
    return;
  }
  const picker = el('select', { id: 'patrol-pick' },
    patrols.map((p) => el('option', { value: p.patrol_id }, `${p.plan_date} ${p.cell_id} (${p.stops} stops)`)));
  const stops = el('ol', { id: 'patrol-stops' });
  const download = el('a', { id: 'patrol-gpx', download: '' }, 'Download GPX');
  const title = el('h3', { id: 'patrol-title' });
  box.replaceChildren(title, picker, ' ', download, stops);
  async function show(id) {
    const plan = await get(`/api/patrols/${encodeURIComponent(id)}`);
    title.textContent = `Patrol ${plan.plan_date === today ? 'today' : plan.plan_date}: ${plan.patrol_id}`;
    download.href = `/api/patrols/${encodeURIComponent(id)}.gpx`;
    stops.replaceChildren(...plan.stops.map((s) => el('li', {}, `${(s.properties.eta || '').slice(11, 16)} ${s.properties.object_kind} ${s.properties.object_id}`)));
    route.clear();
    route.addFeature(readFeature(plan.route));
    for (const stop of plan.stops) route.addFeature(readFeature(stop));
    if (plan.stops.length) map.getView().fit(route.getExtent(), { padding: [60, 60, 60, 60], maxZoom: 16 });
    document.body.dataset.patrol = id;
  }
  picker.value = pickPatrol(patrols, today).patrol_id;
  picker.addEventListener('change', () => show(picker.value));
  await show(picker.value);
}
