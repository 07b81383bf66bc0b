// A sample project for the browser tests, made with the envgrid program
// itself: `envgrid init`, `envgrid import` of small GeoJSON files written
// here, `envgrid user add`. Two cells side by side near 113.1E 23.05N.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const square = (lon, lat, size) => [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]];
const collection = (features) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (properties, geometry) => ({ type: 'Feature', properties, geometry });

export const CELLS = {
  C1: { lon: [113.0, 113.1], lat: [23.0, 23.1] },
  C2: { lon: [113.1, 113.2], lat: [23.0, 23.1] },
};

// The repository's outfall template and real drone photo (data/drone, BSD-2-Clause, see its SOURCE.md).
export const TEMPLATE = fileURLToPath(new URL('../../../../data/templates/outfall_check.json', import.meta.url));
export const DRONE_JPEG = fileURLToPath(new URL('../../../../data/drone/DJI_0018.JPG', import.meta.url));
// The phone stands by E3 (Print shop): its task K000002 comes first.
export const PHONE_AT = { longitude: 113.0302, latitude: 23.0701 };

export const PASSWORDS = { a1: 'password-a1', gm1: 'password-gm1', admin: 'password-admin', inv1: 'password-inv1' };

// The orthomosaic over C1: west half red, east half blue (ORTHO.split).
export const ORTHO = { lon: [113.0, 113.1], lat: [23.0, 23.1], size: 200, split: 113.05, west: [200, 30, 30], east: [30, 30, 200] };
// Today as the server sees it (UTC), for the patrol plans.
export const TODAY = new Date().toISOString().slice(0, 10);

// An RGB PNG of width x height whose pixel colours come from colour(col, row).
function png(width, height, colour) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let row = 0; row < height; ++row) {
    rows.push(Buffer.from([0]));
    for (let col = 0; col < width; ++col) rows.push(Buffer.from(colour(col, row)));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

// Chips of F1 as imagery changes writes them (OUT.chips/ with index.csv), and
// the orthomosaic as a PNG georeferenced by its .aux.xml (EPSG:4490).
function writeImagery(dir) {
  const chips = join(dir, 'chips');
  mkdirSync(chips);
  writeFileSync(join(chips, 'F1-before.png'), png(256, 192, (c, r) => ((c >> 5) + (r >> 5)) % 2 ? [90, 120, 60] : [70, 100, 50]));
  writeFileSync(join(chips, 'F1-after.png'), png(256, 192, (c, r) => (c > 96 && c < 160 && r > 64 && r < 128 ? [230, 230, 230] : [80, 110, 55])));
  writeFileSync(join(chips, 'index.csv'), 'flag_id,view,file\nF1,before,F1-before.png\nF1,after,F1-after.png\n');
  const ortho = join(dir, 'ortho.png');
  const step = (ORTHO.lon[1] - ORTHO.lon[0]) / ORTHO.size;
  writeFileSync(ortho, png(ORTHO.size, ORTHO.size, (c) => (ORTHO.lon[0] + (c + 0.5) * step < ORTHO.split ? ORTHO.west : ORTHO.east)));
  writeFileSync(`${ortho}.aux.xml`, `<PAMDataset><SRS>EPSG:4490</SRS><GeoTransform>${ORTHO.lon[0]}, ${step}, 0, ${ORTHO.lat[1]}, 0, -${step}</GeoTransform></PAMDataset>`);
  return { chips, ortho };
}

// A river through C1 flowing south (r1 -> r2 -> r3): U upstream, X downstream,
// the unregistered outfall O3 on r2 between them.
const REACHES = [['r1', [[113.02, 23.09], [113.02, 23.06]]], ['r2', [[113.02, 23.06], [113.02, 23.03]]], ['r3', [[113.02, 23.03], [113.02, 23.01]]]];

// HJ 212 Appendix A CRC of a data segment (the vectors of issue #15 pass).
function hj212Crc(segment) {
  let reg = 0xffff;
  for (const byte of Buffer.from(segment, 'ascii')) {
    reg = (reg >> 8) ^ byte;
    for (let bit = 0; bit < 8; ++bit) reg = reg & 1 ? (reg >> 1) ^ 0xa001 : reg >> 1;
  }
  return reg.toString(16).toUpperCase().padStart(4, '0');
}

// Three hourly COD averages of O1's device over its limit, two days ago
// (DataTime in China Standard Time, UTC+8).
export const ALERT = { mn: 'E2EMN0000000001', outfall: 'O1', parameter: 'COD' };
function packetLog() {
  const start = Date.now() - 2 * 86400e3;
  return [150, 165, 180].map((value, hour) => {
    const stamp = new Date(start - (start % 3600e3) + (hour + 8) * 3600e3).toISOString().replace(/\D/g, '').slice(0, 14);
    const segment = `QN=${stamp}000;ST=32;CN=2061;PW=123456;MN=${ALERT.mn};Flag=4;CP=&&DataTime=${stamp};w01018-Avg=${value},w01018-Flag=N&&`;
    return `##${String(segment.length).padStart(4, '0')}${segment}${hj212Crc(segment)}\r\n`;
  }).join('');
}

// An alert on O1 (C1), through the monitor verbs: bind, limits, ingest, audit.
function raiseAlert(run, project, dir) {
  run('monitor', 'bind', project, ALERT.mn, ALERT.outfall);
  const limits = join(dir, 'limits.csv');
  writeFileSync(limits, 'outfall_id,parameter,statistic,limit_value,unit,source\nO1,COD,avg,100,mg/L,e2e permit\n');
  run('import', project, '--layer', 'limits', limits);
  const packets = join(dir, 'packets.log');
  writeFileSync(packets, packetLog());
  run('monitor', 'ingest', project, packets);
  run('monitor', 'audit', project);
}

export function makeProject(envgrid, dir) {
  const project = join(dir, 'project.gpkg');
  // Exit 1 is "done, with data problems reported" (a skipped row, a warning).
  const run = (...args) => {
    try {
      return execFileSync(envgrid, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    } catch (error) {
      if (error.status !== 1) throw error;
      return error.stdout;
    }
  };
  run('init', project);
  const layers = {
    cells: Object.entries(CELLS).map(([id, c], i) =>
      feature({ cell_id: id, level: 'cell', name: `Cell ${id}`, manager: i === 0 ? 'gm1' : 'gm2' },
        { type: 'MultiPolygon', coordinates: [square(c.lon[0], c.lat[0], 0.1)] })),
    enterprises: [
      feature({ enterprise_id: 'E1', name: 'Dye works', risk_class: 'key', last_inspected: '2020-01-01', cell_id: 'C1' }, { type: 'Point', coordinates: [113.05, 23.05] }),
      feature({ enterprise_id: 'E3', name: 'Print shop', risk_class: 'ordinary', cell_id: 'C1' }, { type: 'Point', coordinates: [113.03, 23.07] }),
      feature({ enterprise_id: 'E2', name: 'Tannery', risk_class: 'ordinary', cell_id: 'C2' }, { type: 'Point', coordinates: [113.15, 23.05] }),
    ],
    outfalls: [
      feature({ outfall_id: 'O1', enterprise_id: 'E1', registered: 1, cell_id: 'C1' }, { type: 'Point', coordinates: [113.051, 23.051] }),
      feature({ outfall_id: 'O2', enterprise_id: 'E2', registered: 0, cell_id: 'C2' }, { type: 'Point', coordinates: [113.151, 23.051] }),
      feature({ outfall_id: 'O3', registered: 0, cell_id: 'C1' }, { type: 'Point', coordinates: [113.0202, 23.045] }),
    ],
    sections: [
      feature({ section_id: 'X', name: 'town', target_class: 3 }, { type: 'Point', coordinates: [113.0203, 23.02] }),
      feature({ section_id: 'U', name: 'upstream', target_class: 3 }, { type: 'Point', coordinates: [113.0203, 23.08] }),
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
  const readings = join(dir, 'readings.csv');
  writeFileSync(readings, 'section_id,taken_at,parameter,value,unit\nX,2024-05-10T12:00:00,NH3-N,3.0,mg/L\nU,2024-05-10T10:00:00,NH3-N,0.3,mg/L\n');
  run('import', project, '--layer', 'readings', readings);
  const reaches = join(dir, 'reaches.geojson');
  writeFileSync(reaches, collection(REACHES.map(([rid, line]) => feature({ rid }, { type: 'LineString', coordinates: line }))));
  run('hydro', 'build', '--reaches', reaches, '--id-field', 'rid', '-o', project);
  run('hydro', 'snap', project);
  const { chips, ortho } = writeImagery(dir);
  run('imagery', 'publish', project, '--chips', chips, '--ortho', ortho, '--raster-id', 'e2e-ortho', '--name', 'red west, blue east');
  for (const cell of ['C1', 'C2']) run('patrol', 'plan', project, '--cell', cell, '--date', TODAY);
  raiseAlert(run, project, dir);
  const add = (user, role) =>
    execFileSync(envgrid, ['user', 'add', project, user, '--role', role, '--password-stdin'], { input: `${PASSWORDS[user]}\n` });
  add('admin', 'admin');
  add('a1', 'analyst');
  add('gm1', 'grid_manager');
  add('inv1', 'investigator');
  // Field tasks (the phone page): a complaint check of each enterprise with
  // the outfall template, dispatched to the cell's manager (gm1 in C1).
  run('task', 'templates', 'import', project, TEMPLATE, '--user', 'admin');
  run('task', 'create', project, '--enterprise', 'E1', 'E3', 'E2', '--kind', 'complaint', '--template', 'outfall_check', '--user', 'admin');
  run('task', 'dispatch', project, 'K000001', 'K000002', 'K000003', '--user', 'admin');
  return project;
}
