// A sample project for the browser tests, made with the envgrid program
// itself: `envgrid init`, `envgrid import` of small GeoJSON files written
// here, `envgrid user add`. Two cells side by side near 113.1E 23.05N.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const square = (lon, lat, size) => [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]];
const collection = (features) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (properties, geometry) => ({ type: 'Feature', properties, geometry });

export const CELLS = {
  C1: { lon: [113.0, 113.1], lat: [23.0, 23.1] },
  C2: { lon: [113.1, 113.2], lat: [23.0, 23.1] },
};

export const PASSWORDS = { a1: 'password-a1', gm1: 'password-gm1', admin: 'password-admin' };

export function makeProject(envgrid, dir) {
  const project = join(dir, 'project.gpkg');
  const run = (...args) => execFileSync(envgrid, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  run('init', project);
  const layers = {
    cells: Object.entries(CELLS).map(([id, c], i) =>
      feature({ cell_id: id, level: 'cell', name: `Cell ${id}`, manager: i === 0 ? 'gm1' : 'gm2' },
        { type: 'MultiPolygon', coordinates: [square(c.lon[0], c.lat[0], 0.1)] })),
    enterprises: [
      feature({ enterprise_id: 'E1', name: 'Dye works', risk_class: 'key', last_inspected: '2020-01-01', cell_id: 'C1' }, { type: 'Point', coordinates: [113.05, 23.05] }),
      feature({ enterprise_id: 'E2', name: 'Tannery', risk_class: 'ordinary', cell_id: 'C2' }, { type: 'Point', coordinates: [113.15, 23.05] }),
    ],
    outfalls: [
      feature({ outfall_id: 'O1', enterprise_id: 'E1', registered: 1, cell_id: 'C1' }, { type: 'Point', coordinates: [113.051, 23.051] }),
      feature({ outfall_id: 'O2', enterprise_id: 'E2', registered: 0, cell_id: 'C2' }, { type: 'Point', coordinates: [113.151, 23.051] }),
    ],
    flags: [
      ['F1', 'construction', 'C1', 0.9, 113.052], ['F2', 'outfall', 'C1', 0.8, 113.06],
      ['F3', 'construction', 'C2', 0.7, 113.152], ['F4', 'outfall', 'C2', 0.6, 113.16],
    ].map(([id, kind, cell, score, lon]) =>
      feature({ flag_id: id, kind, score, status: 'new', source: 'e2e', cell_id: cell, created_at: '2026-11-01T08:00:00Z' },
        { type: 'Polygon', coordinates: square(lon, 23.052, 0.0005) })),
  };
  for (const [layer, features] of Object.entries(layers)) {
    const file = join(dir, `${layer}.geojson`);
    writeFileSync(file, collection(features));
    // GDAL's GeoJSON reader would turn '2020-01-01' into a Date field; keep the text.
    run('--config', 'OGR_GEOJSON_DATE_AS_STRING', 'YES', 'import', project, '--layer', layer, file);
  }
  const add = (user, role) =>
    execFileSync(envgrid, ['user', 'add', project, user, '--role', role, '--password-stdin'], { input: `${PASSWORDS[user]}\n` });
  add('admin', 'admin');
  add('a1', 'analyst');
  add('gm1', 'grid_manager');
  return project;
}
