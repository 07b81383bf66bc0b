// The project's layers on an OpenLayers map: the project's basemap when one
// is set (basemap.js; none by default, no request leaves localhost), cells, rivers, sections, enterprises,
// outfalls and flags loaded from the server as GeoJSON in EPSG:4490.
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import XYZ from 'ol/source/XYZ.js';
import { transformExtent } from 'ol/proj.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { createEmpty, extend, isEmpty } from 'ol/extent.js';
import { MAP_PROJECTION, STORE_PROJECTION } from './projection.js';
import { get, layerUrl } from './api.js';
import { addBasemap } from './basemap.js';

const format = new GeoJSON({ dataProjection: STORE_PROJECTION, featureProjection: MAP_PROJECTION });

const point = (color, radius = 5) =>
  new Style({
    image: new Circle({ radius, fill: new Fill({ color }), stroke: new Stroke({ color: '#222', width: 1 }) }),
  });

const flagColors = { new: '#e6194b', accepted: '#f58231', rejected: '#9e9e9e', field_check: '#911eb4' };

// Workload of a cell: its enterprises plus its open flags; colour from pale to dark.
function cellStyle(workloadByCell) {
  return (feature) => {
    // The townships and county above the cells share the store's cells layer:
    // drawn as borders only (no fill, no label), so the cells under them stay
    // visible and clickable.
    const level = feature.get('level');
    if (level && level !== 'cell') {
      return new Style({ stroke: new Stroke({ color: '#08306b', width: level === 'township' ? 3 : 4 }) });
    }
    const load = workloadByCell.get(feature.get('cell_id')) || 0;
    const shade = Math.min(load, 10) / 10;
    return new Style({
      fill: new Fill({ color: `rgba(33, 113, 181, ${0.08 + 0.5 * shade})` }),
      stroke: new Stroke({ color: '#08306b', width: 1.5 }),
      text: new Text({ text: feature.get('name') || feature.get('cell_id') || '', font: '12px sans-serif' }),
    });
  };
}

const styles = {
  reaches: new Style({ stroke: new Stroke({ color: '#1f78b4', width: 2 }) }),
  sections: point('#33a02c', 6),
  enterprises: point('#ffcc00', 5),
  outfalls: (f) => point(Number(f.get('registered')) === 1 ? '#1b9e77' : '#d95f02', 4),
  flags: (f) =>
    new Style({
      stroke: new Stroke({ color: flagColors[f.get('status')] || '#e6194b', width: 2 }),
      fill: new Fill({ color: 'rgba(230, 25, 75, 0.15)' }),
    }),
  patrols: point('#000000', 3),
};

export const LAYER_ORDER = ['cells', 'reaches', 'sections', 'enterprises', 'outfalls', 'flags'];

// Loads a layer; a 403 (the role may not read it) gives an empty layer.
export async function loadFeatures(name) {
  try {
    return format.readFeatures(await get(layerUrl(name)));
  } catch (error) {
    if (error.status === 403 || error.status === 404) return [];
    throw error;
  }
}

export function workload(enterprises, flags) {
  const byCell = new globalThis.Map();
  for (const f of [...enterprises, ...flags.filter((x) => x.get('status') !== 'rejected')]) {
    const cell = f.get('cell_id');
    byCell.set(cell, (byCell.get(cell) || 0) + 1);
  }
  return byCell;
}

export function createMap(target) {
  const map = new Map({
    target,
    layers: [],
    view: new View({ projection: MAP_PROJECTION, center: [0, 0], zoom: 2 }),
  });
  addBasemap(map);
  return map;
}

// Adds the layers (by name -> features) in drawing order and fits the view to them.
export function showLayers(map, featuresByLayer) {
  const byCell = workload(featuresByLayer.enterprises || [], featuresByLayer.flags || []);
  const extent = createEmpty();
  for (const name of LAYER_ORDER) {
    const features = featuresByLayer[name];
    if (!features) continue;
    const source = new VectorSource({ features });
    const layer = new VectorLayer({ source, style: name === 'cells' ? cellStyle(byCell) : styles[name] });
    layer.set('name', name);
    map.addLayer(layer);
    if (features.length) extend(extent, source.getExtent());
  }
  if (!isEmpty(extent)) map.getView().fit(extent, { padding: [30, 30, 30, 30], maxZoom: 17 });
  return byCell;
}

export function readFeature(geojson) {
  return format.readFeature(geojson);
}

// The project's orthomosaics (GET /api/rasters) as XYZ tile layers under the
// vector layers, each shown from its min_zoom (coarser tiles would be blank).
export async function addRasterLayers(map) {
  let rasters = [];
  try {
    rasters = (await get('/api/rasters')).rasters;
  } catch (error) {
    if (error.status !== 403 && error.status !== 404) throw error;
  }
  const layers = rasters.map((raster) => {
    const layer = new TileLayer({
      source: new XYZ({ url: raster.tiles, maxZoom: raster.max_zoom, crossOrigin: null }),
      extent: transformExtent(raster.bbox, STORE_PROJECTION, MAP_PROJECTION),
      minZoom: Math.max(0, raster.min_zoom - 0.5),
    });
    layer.set('name', `raster:${raster.raster_id}`);
    layer.set('raster', raster);
    map.getLayers().insertAt(0, layer);
    return layer;
  });
  return layers;
}
