// What the phone could not send yet: starting a task, its submission and its
// photos, kept in IndexedDB and sent again when the network returns (the
// `online` event, the next page load, which the service worker serves
// offline too (public/sw.js), and retries backing off from 5 s to 5 minutes).
// The server keeps each arrival once (a start of a started task, a submission
// equal to the stored result and the same photo bytes are answered as done),
// so a send whose answer was lost may be repeated safely; each entry also
// carries its own idempotency key.
import { ApiError, state } from '../api.js';

const DB = 'envgrid-outbox';
const STORE = 'entries';
let sending = null;
const listeners = new Set();

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, body) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = body(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result.result ?? result);
    tx.onerror = () => reject(tx.error);
  });
}

export const pending = () => run('readonly', (s) => s.getAll());
const remove = (key) => run('readwrite', (s) => s.delete(key));

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const changed = async () => {
  const entries = await pending();
  for (const listener of listeners) listener(entries);
};

// One entry: {key, task_id, kind: 'start'|'submit'|'photo', body (object or Blob), lon, lat}.
export async function enqueue(entry) {
  // randomUUID needs a secure context (HTTPS or localhost), as geolocation does.
  const key = entry.key || crypto.randomUUID?.() || `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await run('readwrite', (s) => s.put({ ...entry, key, tries: 0, queued_at: new Date().toISOString() }));
  await changed();
  return key;
}

async function sendOne(entry) {
  const headers = { 'X-CSRF-Token': state.csrf, 'Idempotency-Key': entry.key };
  let body = entry.body;
  const path = `/api/tasks/${encodeURIComponent(entry.task_id)}/${entry.kind === 'photo' ? 'photos' : entry.kind}`;
  if (entry.kind === 'photo') {
    if (entry.lon !== undefined && entry.lon !== null) {
      headers['X-Device-Lon'] = String(entry.lon);
      headers['X-Device-Lat'] = String(entry.lat);
    }
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(body);
  }
  const response = await fetch(path, { method: 'POST', headers, body, credentials: 'same-origin' });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error || response.statusText);
  return data;
}

// Sends what is waiting, oldest first. A refusal by the server (4xx other
// than 401/408/429) is final: the entry is dropped and reported; a network
// failure or a 5xx keeps it for the next try.
export function flush(report = () => {}) {
  if (sending) return sending;
  sending = (async () => {
    const entries = (await pending()).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
    for (const entry of entries) {
      try {
        const answer = await sendOne(entry);
        await remove(entry.key);
        report(entry, answer, null);
      } catch (error) {
        const final = error instanceof ApiError && error.status >= 400 && error.status < 500 &&
          ![401, 408, 429].includes(error.status);
        if (final) {
          await remove(entry.key);
          report(entry, null, error);
        } else {
          await run('readwrite', (s) => s.put({ ...entry, tries: entry.tries + 1 }));
          break; // offline or the server is down: the rest waits too
        }
      }
    }
    await changed();
  })().finally(() => {
    sending = null;
  });
  return sending;
}

let timer = null;
const FIRST_DELAY = 5000;
let delay = FIRST_DELAY;
let reporter = () => {};

// Sends what waits now; while entries stay, tries again on a timer that
// backs off from 5 s to 5 minutes (a server busy for a moment, or no network).
export async function sendNow() {
  await flush(reporter).catch(() => {});
  const left = await pending();
  clearTimeout(timer);
  if (left.length) {
    timer = setTimeout(sendNow, delay);
    delay = Math.min(delay * 2, 300000);
  } else {
    delay = FIRST_DELAY;
  }
  return left.length;
}

// Starts the retries: at once, and whenever the browser says it is online.
export function startRetries(report) {
  reporter = report;
  window.addEventListener('online', () => {
    delay = FIRST_DELAY;
    sendNow();
  });
  sendNow();
}
