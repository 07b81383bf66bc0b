// The project's background map (GET /api/basemap), under every map's layers
// when the project has one set (`envgrid basemap`); none by default, so that
// no request leaves the machine.
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import { get } from './api.js';

let answer = null; // one request per page load

export async function addBasemap(map) {
  answer ??= get('/api/basemap').catch(() => ({ basemap: null }));
  const { basemap } = await answer;
  if (!basemap) return null;
  const layer = new TileLayer({
    source: new XYZ({ url: basemap.url, maxZoom: basemap.max_zoom, attributions: basemap.attribution || undefined }),
    zIndex: -1, // under the orthomosaics and the vector layers, whenever it arrives
  });
  layer.set('name', 'basemap');
  map.getLayers().insertAt(0, layer);
  return layer;
}
