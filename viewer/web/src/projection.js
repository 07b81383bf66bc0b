// CGCS2000 (EPSG:4490), the store's CRS, registered with proj4 so that
// OpenLayers can transform store coordinates (lon, lat) to the map's Web
// Mercator. CGCS2000 differs from WGS 84 by centimetres: its ellipsoid is GRS80.
import proj4 from 'proj4';
import { register } from 'ol/proj/proj4.js';
import { get as getProjection } from 'ol/proj.js';

proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs +type=crs');
register(proj4);

export const STORE_PROJECTION = 'EPSG:4490';
export const MAP_PROJECTION = 'EPSG:3857';

const cgcs2000 = getProjection(STORE_PROJECTION);
cgcs2000.setExtent([73, 3, 136, 54]);
