// The map view: every layer the role may read; click anything for details,
// an enterprise for its dossier (一厂一档).
import { addRasterLayers, createMap, loadFeatures, LAYER_ORDER, showLayers } from '../layers.js';
import { get } from '../api.js';
import { el, propertyTable } from '../ui.js';
import { dossierHref } from './dossier.js';

function dossierPanel(dossier) {
  const e = dossier.enterprise.properties;
  return el(
    'div',
    { class: 'dossier' },
    el('h3', {}, `${e.name} (${e.enterprise_id})`),
    el('a', { id: 'dossier-link', href: dossierHref(e.enterprise_id) }, 'Dossier (一厂一档) ›'),
    propertyTable(e),
    el('h4', {}, 'Inspection'),
    el('p', {}, `last ${dossier.inspection.last_inspected || 'never'}, due ${dossier.inspection.due_date || 'now'}`),
    el('h4', {}, `Outfalls (${dossier.outfalls.length})`),
    el('ul', {}, dossier.outfalls.map((o) => el('li', {}, `${o.properties.outfall_id} ${o.properties.name || ''} ${Number(o.properties.registered) === 1 ? 'registered' : 'UNREGISTERED'}`))),
    el('h4', {}, `Flags nearby (${dossier.flags_nearby.length})`),
    el('ul', {}, dossier.flags_nearby.map((f) => el('li', {}, `${f.properties.flag_id} ${f.properties.kind} ${f.properties.status}`))),
    el('h4', {}, `Reviews (${dossier.reviews.length})`),
    el('ul', {}, dossier.reviews.map((r) => el('li', {}, `${r.decided_at} ${r.user_name}: ${r.old_status} → ${r.new_status} ${r.comment}`))),
  );
}

export async function renderMap(root) {
  const details = el('aside', { id: 'details', class: 'panel' }, el('p', {}, 'Click a feature for its details.'));
  const target = el('div', { id: 'map', class: 'map' });
  root.replaceChildren(el('section', { class: 'map-view' }, target, details));
  const map = createMap(target);
  const features = {};
  await Promise.all(LAYER_ORDER.map(async (name) => (features[name] = await loadFeatures(name))));
  showLayers(map, features);
  const rasters = await addRasterLayers(map);
  window.envgrid = { ...(window.envgrid || {}), map, rasters };

  map.on('singleclick', async (event) => {
    const hits = [];
    map.forEachFeatureAtPixel(event.pixel, (feature, layer) => hits.push([layer?.get('name'), feature]));
    if (!hits.length) {
      const raster = rasters.find((layer) => layer.getVisible() && layer.getData?.(event.pixel));
      if (raster) details.replaceChildren(el('h3', {}, 'orthomosaic'), propertyTable(raster.get('raster')));
    }
    if (!hits.length) return;
    const [name, feature] = hits[0];
    const properties = { layer: name, ...feature.getProperties() };
    delete properties.geometry;
    details.replaceChildren(el('h3', {}, name), propertyTable(properties));
    if (name === 'enterprises') {
      const dossier = await get(`/api/enterprises/${encodeURIComponent(feature.get('enterprise_id'))}`);
      details.replaceChildren(dossierPanel(dossier));
    }
  });
  return map;
}
