// The grid manager view: my cells on the map, inspections due and overdue,
// confirmed flags to check in the field.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { createMap, loadFeatures, readFeature, showLayers } from '../layers.js';
import { get } from '../api.js';
import { el } from '../ui.js';

export async function renderCells(root) {
  const data = await get('/api/me/cells');
  const mapTarget = el('div', { id: 'cells-map', class: 'map' });
  root.replaceChildren(
    el('section', { class: 'cells-view' },
      el('div', { class: 'panel' },
        el('h2', {}, `My cells (${data.cells.length})`),
        el('ul', { id: 'my-cells' }, data.cells.map((c) => el('li', {}, `${c.properties.cell_id} ${c.properties.name || ''}`))),
        el('h3', {}, `Inspections due (${data.inspections_due.length})`),
        el('table', { id: 'due', class: 'props' },
          el('tr', {}, ['enterprise', 'risk', 'last', 'due', ''].map((h) => el('th', {}, h))),
          data.inspections_due.map((e) =>
            el('tr', { class: e.overdue ? 'overdue' : '' },
              el('td', {}, `${e.name} (${e.enterprise_id})`), el('td', {}, e.risk_class),
              el('td', {}, e.last_inspected || 'never'), el('td', {}, e.due_date || 'now'),
              el('td', {}, e.overdue ? 'OVERDUE' : `${e.days_left} d`)))),
        el('h3', {}, `Confirmed flags to check (${data.confirmed_flags.length})`),
        el('ul', { id: 'confirmed' }, data.confirmed_flags.map((f) => el('li', {}, `${f.properties.flag_id} ${f.properties.kind} ${f.properties.status} (${f.properties.cell_id})`)))),
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
  window.envgrid = { ...(window.envgrid || {}), cellsMap: map };
}
