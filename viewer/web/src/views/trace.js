// The investigator's view: pick a section, a time and a parameter, run the
// source trace (POST /api/traces), and read the traced reaches, the sections
// where it stopped and the ranked suspects with every score term.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { createMap, loadFeatures, readFeature, showLayers } from '../layers.js';
import { get, post } from '../api.js';
import { el, toast } from '../ui.js';

const PARAMETERS = ['NH3N', 'COD', 'CODMn', 'BOD5', 'TP', 'TN', 'DO'];

const tracedStyle = new Style({ stroke: new Stroke({ color: '#e31a1c', width: 5 }) });
const stopStyle = new Style({
  image: new Circle({ radius: 8, fill: new Fill({ color: '#33a02c' }), stroke: new Stroke({ color: '#000', width: 2 }) }),
});
const suspectStyle = (feature) =>
  new Style({
    image: new Circle({ radius: 9, fill: new Fill({ color: '#6a3d9a' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
    text: new Text({ text: String(feature.get('rank')), fill: new Fill({ color: '#fff' }), font: 'bold 11px sans-serif' }),
  });

// A stored trace keeps only the points of each term, and the readings of
// the online term as terms.online_evidence; a fresh one has every reason.
function termsCell(properties) {
  const stored = properties.terms || {};
  const reasons = { online: stored.online_evidence, ...(properties.reasons || {}) };
  const terms = Object.entries(stored).filter(([, points]) => typeof points === 'number');
  return el('ul', { class: 'terms' },
    terms.map(([name, points]) => el('li', {}, `${name} ${Number(points).toFixed(2)}${reasons[name] ? ` — ${reasons[name]}` : ''}`)));
}

function suspectsTable(suspects) {
  return el('table', { id: 'suspects', class: 'props suspects' },
    el('tr', {}, ['#', 'suspect', 'score', 'km / h', 'score terms'].map((h) => el('th', {}, h))),
    suspects.map((s) => {
      const p = s.properties;
      return el('tr', {},
        el('td', {}, p.rank), el('td', {}, `${p.kind} ${p.object_id}`), el('td', {}, Number(p.score).toFixed(2)),
        el('td', {}, `${(p.flow_distance_m / 1000).toFixed(1)} / ${Number(p.travel_time_h).toFixed(1)}`),
        el('td', {}, termsCell(p)));
    }));
}

export async function renderTrace(root) {
  const sections = await loadFeatures('sections');
  const form = el('form', { id: 'trace-form', class: 'trace-form' },
    el('label', {}, 'section', el('select', { name: 'section_id' },
      sections.map((f) => f.get('section_id')).sort().map((id) => el('option', { value: id }, id)))),
    el('label', {}, 'time (ISO 8601)', el('input', { name: 'at', size: 24, value: '2025-07-14T09:30:00+08:00' })),
    el('label', {}, 'parameter', el('select', { name: 'parameter' }, PARAMETERS.map((p) => el('option', { value: p }, p)))),
    el('label', {}, 'window h', el('input', { name: 'window_hours', size: 4, value: '72' })),
    el('button', { type: 'submit', id: 'run-trace' }, 'Run trace'));
  const history = el('select', { id: 'trace-history' });
  const result = el('div', { id: 'trace-result' }, el('p', { class: 'muted' }, 'Run a trace, or pick an earlier one.'));
  const mapTarget = el('div', { id: 'trace-map', class: 'map' });
  root.replaceChildren(el('section', { class: 'trace-view' },
    el('div', { class: 'panel' }, el('h2', {}, 'Source trace'), form,
      el('p', {}, el('label', {}, 'earlier traces ', history)), result),
    mapTarget));

  const map = createMap(mapTarget);
  const context = {};
  for (const name of ['reaches', 'sections', 'enterprises', 'outfalls']) context[name] = name === 'sections' ? sections : await loadFeatures(name);
  showLayers(map, context);
  const traced = new VectorSource();
  const stops = new VectorSource();
  const suspects = new VectorSource();
  map.addLayer(new VectorLayer({ source: traced, style: tracedStyle }));
  map.addLayer(new VectorLayer({ source: stops, style: stopStyle }));
  map.addLayer(new VectorLayer({ source: suspects, style: suspectStyle }));
  window.envgrid = { ...(window.envgrid || {}), traceMap: map };

  function show(answer) {
    const t = answer.trace.properties;
    const stopList = t.stop_sections || [];
    traced.clear();
    stops.clear();
    suspects.clear();
    const reaches = readFeature(answer.trace);
    if (reaches.getGeometry()) traced.addFeature(reaches);
    for (const stop of stopList) {
      const section = sections.find((f) => f.get('section_id') === stop.section_id);
      if (section) stops.addFeature(section.clone());
    }
    for (const s of answer.suspects) if (s.geometry) suspects.addFeature(readFeature(s));
    if (reaches.getGeometry()) map.getView().fit(reaches.getGeometry().getExtent(), { padding: [40, 40, 40, 40], maxZoom: 16 });
    result.replaceChildren(
      el('h3', { id: 'trace-title' }, `${t.trace_id}: ${t.section_id} ${t.parameter} at ${t.at}`),
      el('p', { id: 'trace-reaches' }, `${t.reach_count} reaches traced upstream (red on the map).`),
      el('h4', {}, `Stopped at (${stopList.length})`),
      el('ul', { id: 'trace-stops' }, stopList.length
        ? stopList.map((s) => el('li', {}, `${s.section_id} on ${s.reach_id}, compliant ${Number(s.travel_time_h).toFixed(1)} h upstream`))
        : el('li', {}, 'no compliant upstream section: traced to the headwaters')),
      el('h4', {}, `Suspects (${answer.suspects.length}), best first`),
      suspectsTable(answer.suspects));
    document.body.dataset.trace = t.trace_id;
  }

  async function loadHistory(selected) {
    const { traces } = await get('/api/traces');
    history.replaceChildren(el('option', { value: '' }, `— ${traces.length} —`),
      traces.map((t) => el('option', { value: t.trace_id }, `${t.trace_id} ${t.section_id} ${t.parameter} ${t.at}`)));
    if (selected) history.value = selected;
  }

  history.addEventListener('change', async () => {
    if (history.value) show(await get(`/api/traces/${encodeURIComponent(history.value)}`));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const answer = await post('/api/traces', { ...values, window_hours: Number(values.window_hours) });
      show(answer);
      await loadHistory(answer.trace.properties.trace_id);
      toast(`trace ${answer.trace.properties.trace_id}: ${answer.suspects.length} suspects`, 'ok');
    } catch (error) {
      toast(`trace failed: ${error.message}`, 'error');
      result.replaceChildren(el('p', { id: 'trace-error', class: 'error' }, error.message));
    } finally {
      button.disabled = false;
    }
  });
  await loadHistory();
}
