// The field users' load on `envgrid serve` (bench/field_load_bench.sh runs it):
// USERS grid managers at once, each logging in, then ROUNDS times listing
// their tasks (GET /api/tasks), fetching the static index.html (the floor:
// HTTP without the store) and uploading a distinct photo of PHOTO's size to
// one of their tasks. With --kill-after-photos N the server is killed with
// SIGKILL once N photos were answered (uploads are then in flight) and
// started again at once; the users go on as the
// phone's outbox does: what got no answer is sent again (backing off from
// 100 ms) until answered. Afterwards the store is read: every photo answered
// 2xx must be stored exactly once, with its whole bytes.
// Usage: node field_load.mjs ENVGRID PROJECT PHOTOS_DIR PHOTO USERS ROUNDS [--kill-after-photos N]
// Prints one JSON object.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [envgrid, project, photosDir, photoFile, usersArg, roundsArg, ...rest] = process.argv.slice(2);
const users = Number(usersArg);
const rounds = Number(roundsArg);
const killAfter = rest[0] === '--kill-after-photos' ? Number(rest[1]) : null;
const photo = readFileSync(photoFile);
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server = null;
let port = 0;
const cpu = { server_s: 0 };

// Starts the server (on the same port after a kill) and waits for its URL.
function start() {
  const args = ['serve', project, '--port', String(port), '--photos', photosDir];
  server = spawn(envgrid, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const child = server;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/at http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) {
        port = Number(match[1]);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`envgrid serve exited with ${code}: ${out}`)));
  });
}

// The server's CPU seconds so far (utime + stime of /proc/PID/stat).
function serverCpu() {
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const url = (path) => `http://127.0.0.1:${port}${path}`;

// fetch, again and again while the server is down or restarting (the outbox).
async function persist(path, options = {}) {
  let delay = 100;
  for (let attempt = 1; ; ++attempt) {
    const began = performance.now();
    try {
      const response = await fetch(url(path), options);
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status >= 500) throw new Error(`${response.status}`);
      return { response, body, ms: performance.now() - began, attempt };
    } catch {
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }
}

const timings = { login: [], list: [], index: [], upload: [] };
const acknowledged = new Map(); // sha -> photo_id
let resent = 0; // photos sent again after the kill
let resentKept = 0; // of those, already stored before the kill (answer lost)

async function fieldUser(n) {
  const name = `gm${n}`;
  let session = null;
  const login = async () => {
    const { response, body, ms } = await persist('/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_name: name, password: `password-${name}` }),
    });
    if (!response.ok) throw new Error(`${name}: login ${response.status} ${body}`);
    timings.login.push(ms);
    session = { cookie: response.headers.get('set-cookie').split(';')[0], csrf: JSON.parse(body).csrf_token };
  };
  await login();
  for (let round = 0; round < rounds; ++round) {
    const list = await persist('/api/tasks', { headers: { Cookie: session.cookie } });
    if (list.response.status === 401) { await login(); --round; continue; }
    if (!list.response.ok) throw new Error(`${name}: tasks ${list.response.status}`);
    timings.list.push(list.ms);
    const tasks = JSON.parse(list.body).tasks;
    timings.index.push((await persist('/index.html')).ms);
    const bytes = Buffer.concat([photo, Buffer.from(`${name}-${round}`)]);
    const task = tasks[round % tasks.length].task_id;
    for (;;) {
      const sent = await persist(`/api/tasks/${task}/photos`, {
        method: 'POST', body: bytes,
        headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': 'image/jpeg' },
      });
      if (sent.response.status === 401) { await login(); continue; }
      if (!sent.response.ok) throw new Error(`${name}: photo ${sent.response.status} ${sent.body}`);
      if (sent.attempt === 1) timings.upload.push(sent.ms);
      else resent += 1;
      if (sent.attempt > 1 && !JSON.parse(sent.body).added) resentKept += 1;
      acknowledged.set(sha(bytes), JSON.parse(sent.body).photo_id);
      break;
    }
  }
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : null;
};
const summary = (values) => ({ n: values.length, p50_ms: quantile(values, 0.5), p99_ms: quantile(values, 0.99) });

// Every acknowledged photo: one row, its file the bytes of its SHA-256; files
// under a final name whose bytes are not those of the name: half-written.
function checkStore() {
  const rows = execFileSync('sqlite3', ['-separator', '\t', project, 'SELECT sha256, file FROM task_photos'])
    .toString().trim().split('\n').filter(Boolean).map((line) => line.split('\t'));
  const count = new Map();
  let wrongBytes = 0;
  for (const [hash, file] of rows) {
    count.set(hash, (count.get(hash) || 0) + 1);
    if (!existsSync(file) || sha(readFileSync(file)) !== hash) wrongBytes += 1;
  }
  let lost = 0, twice = 0;
  for (const hash of acknowledged.keys()) {
    if (!count.has(hash)) lost += 1;
    else if (count.get(hash) > 1) twice += 1;
  }
  let halfWritten = 0, files = 0;
  for (const task of readdirSync(photosDir)) {
    for (const file of readdirSync(join(photosDir, task))) {
      if (!/^K\d+-[0-9a-f]{12}\.jpg$/.test(file)) continue;
      files += 1;
      if (!file.endsWith(`-${sha(readFileSync(join(photosDir, task, file))).slice(0, 12)}.jpg`)) halfWritten += 1;
    }
  }
  return { rows: rows.length, acknowledged: acknowledged.size, lost, stored_twice: twice, wrong_bytes: wrongBytes, photo_files: files, half_written: halfWritten };
}

await start();
const began = performance.now();
const cpuStart = process.cpuUsage();
let killedAt = null;
const killer = killAfter === null ? null : (async () => {
  while (acknowledged.size < killAfter) await sleep(20);
  cpu.server_s += serverCpu();
  server.removeAllListeners('exit');
  server.kill('SIGKILL');
  killedAt = acknowledged.size;
  await new Promise((r) => server.once('exit', r));
  await start();
})();
await Promise.all([...Array(users).keys()].map((n) => fieldUser(n)));
if (killer) await killer;
const wall = (performance.now() - began) / 1000;
cpu.server_s += serverCpu();
await new Promise((r) => { server.removeAllListeners('exit'); server.once('exit', r); server.kill('SIGTERM'); });
const client = process.cpuUsage(cpuStart);
console.log(JSON.stringify({
  users, rounds, photo_bytes: photo.length, wall_s: wall,
  server_cpu_s: cpu.server_s, client_cpu_s: (client.user + client.system) / 1e6,
  login: summary(timings.login), list: summary(timings.list), index: summary(timings.index), upload: summary(timings.upload),
  killed_after_acknowledged: killedAt, resent, resent_already_stored: resentKept, store: checkStore(),
}));
