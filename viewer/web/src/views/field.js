// The phone page (#/field, #/field/TASK_ID): a field user's tasks nearest
// first, one task with its target's history, a small map, a link that opens
// navigation, the template form and photos from the camera; what cannot be
// sent now waits in the outbox (field/outbox.js). The office closes or
// returns a submitted task here too. Made for one hand on a 390 px screen.
// Without a network the service worker (public/sw.js) serves the page, the
// task list and the tasks; what the user does waits in the outbox.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import { fromLonLat } from 'ol/proj.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { createMap } from '../layers.js';
import { get, post, state } from '../api.js';
import { el, toast } from '../ui.js';
import { enqueue, onChange, pending, sendNow, startRetries } from '../field/outbox.js';
import { answersOf, templateForm } from '../field/form.js';
import { dossierHref } from './dossier.js';
import { keepForOffline } from '../offline.js';
import { navigationLinks } from '../field/navigate.js';

let retriesStarted = false;
let here = null; // {lon, lat} of the phone, when the browser gave it

function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve((here = { lon: p.coords.longitude, lat: p.coords.latitude })),
      () => resolve(here),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  });
}

// Metres between two lon/lat points (haversine on a 6371 km sphere: enough to order a list).
function metres(a, b) {
  const rad = Math.PI / 180;
  const dlat = (b.lat - a.lat) * rad;
  const dlon = (b.lon - a.lon) * rad;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(h));
}
const distanceText = (m) => (m === null || m === undefined ? '' : m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);

function startOutbox() {
  if (retriesStarted) return;
  retriesStarted = true;
  startRetries((entry, answer, error) => {
    if (error) toast(`${entry.task_id}: ${error.message}`, 'error');
    else if (entry.kind === 'submit') toast(`${entry.task_id} submitted`, 'ok');
    // Sent later than it was made: show the task as it now is (a photo only
    // refreshes the photos, so that a half-filled form is kept).
    if (error || location.hash !== `#/field/${encodeURIComponent(entry.task_id)}`) return;
    if (entry.kind === 'photo') refreshPhotos(entry.task_id);
    else if (entry.kind === 'submit') window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

function outboxLine() {
  const line = el('p', { id: 'outbox', class: 'outbox', hidden: '' });
  const show = (entries) => {
    line.hidden = entries.length === 0;
    line.textContent = `${entries.length} waiting to be sent (no network)`;
    document.body.dataset.outbox = String(entries.length);
  };
  pending().then(show);
  return { line, stop: onChange(show) };
}

async function renderList(root, onLeave) {
  const [{ tasks }, me] = await Promise.all([get('/api/tasks'), position()]);
  for (const t of tasks) t.distance = me && t.lon !== null ? metres(me, t) : null;
  tasks.sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || a.task_id.localeCompare(b.task_id));
  const { line, stop } = outboxLine();
  onLeave(stop);
  root.replaceChildren(el('section', { class: 'field' },
    el('h2', {}, `My tasks (${tasks.length})`),
    me ? null : el('p', { class: 'muted' }, 'No position: tasks in id order.'),
    line,
    el('ul', { id: 'field-tasks', class: 'field-list' }, tasks.map((t) =>
      el('li', {},
        el('a', { href: `#/field/${encodeURIComponent(t.task_id)}`, 'data-task': t.task_id },
          el('strong', {}, t.target_name || t.target_id),
          el('span', { class: 'dist' }, distanceText(t.distance)),
          el('small', {}, `${t.task_id} · ${t.kind} · ${t.state}${t.due ? ` · due ${t.due}` : ''}`)))))));
  // Keep the list and every task on the phone for later without a network.
  if (navigator.onLine) {
    const paths = ['/api/session', '/api/tasks', ...tasks.slice(0, 100).map((t) => `/api/tasks/${encodeURIComponent(t.task_id)}`)];
    keepForOffline(paths).then((count) => { document.body.dataset.kept = String(count); });
  }
}

function smallMap(target, task) {
  const map = createMap(target);
  const points = new VectorSource();
  const dot = (color) => new Style({ image: new Circle({ radius: 8, fill: new Fill({ color }), stroke: new Stroke({ color: '#fff', width: 2 }) }) });
  if (task.lon !== null) {
    const f = new Feature(new Point(fromLonLat([task.lon, task.lat])));
    f.setStyle(dot('#d62728'));
    points.addFeature(f);
  }
  if (here) {
    const f = new Feature(new Point(fromLonLat([here.lon, here.lat])));
    f.setStyle(dot('#1f77b4'));
    points.addFeature(f);
  }
  map.addLayer(new VectorLayer({ source: points }));
  if (points.getFeatures().length) map.getView().fit(points.getExtent(), { padding: [30, 30, 30, 30], maxZoom: 16 });
  return map;
}

function historyBox(history) {
  const e = history.enterprise?.properties;
  return el('details', { class: 'history', open: '' },
    el('summary', {}, 'History'),
    e ? el('p', {}, `${e.name || e.enterprise_id}: permit ${e.permit_no || 'none'}, risk ${e.risk_class || '?'}, last inspected ${e.last_inspected || 'never'}`) : null,
    history.enterprise_id ? el('a', { id: 'task-dossier', href: dossierHref(history.enterprise_id) }, 'Dossier (一厂一档) ›') : null,
    el('p', { id: 'task-alerts' }, `Alerts: ${(history.alerts ?? []).map((a) => `${a.parameter} level ${a.level} ${a.status} (${a.first_at.slice(0, 10)}, max ${a.max_value} ${a.unit})`).join('; ') || 'none'}`),
    el('p', { id: 'task-online' }, `Online data: ${(history.online ?? []).map((o) => `${o.parameter} ${o.statistic} ${o.valid}/${o.values} valid, ${o.min ?? '—'}–${o.max ?? '—'} ${o.unit}, last ${o.last_at.slice(0, 16)}`).join('; ') || 'none'}`),
    el('p', {}, `Earlier tasks (${history.earlier_tasks.length})`),
    el('ul', { id: 'earlier' }, history.earlier_tasks.map((t) =>
      el('li', {}, `${t.updated_at.slice(0, 10)} ${t.kind} ${t.state}`, findingsOf(t.result)))),
    el('p', {}, `Flags within 500 m: ${history.flags_nearby.map((f) => `${f.properties.flag_id} (${f.properties.status})`).join(', ') || 'none'}`));
}

// The failed checks and the findings of a filled template, for the history.
function findingsOf(result) {
  if (!result?.items) return '';
  const notes = result.items
    .filter((i) => (i.type === 'check' && i.result === 'fail') || (i.type === 'finding' && i.finding))
    .map((i) => (i.type === 'finding' ? i.finding : `✗ ${i.text}${i.note ? ` (${i.note})` : ''}`));
  return notes.length ? `: ${notes.join('; ')}` : '';
}

let waitingUrls = []; // object URLs of the photos shown from the outbox

// The server's photos, then those still on the phone (shown from the outbox).
function photoStrip(photos, waiting) {
  for (const url of waitingUrls) URL.revokeObjectURL(url);
  waitingUrls = waiting.map((entry) => URL.createObjectURL(entry.body));
  return el('div', { id: 'photos', class: 'photos' }, photos.map((p) =>
    el('figure', {}, el('img', { src: p.thumbnail, alt: p.photo_id }),
      el('figcaption', {}, `${p.taken_at.slice(0, 16)} ${p.position_source} ${p.distance_m === null ? '' : distanceText(p.distance_m)}`))),
  waitingUrls.map((url) => el('figure', { class: 'waiting' }, el('img', { src: url, alt: 'waiting' }),
    el('figcaption', {}, 'on the phone, not sent yet'))));
}

const waitingFor = async (taskId) => (await pending()).filter((e) => e.task_id === taskId);

let photoRefreshes = 0;

async function refreshPhotos(taskId) {
  if (!document.getElementById('photos')) return;
  const asked = ++photoRefreshes;
  let photos = [];
  try {
    ({ photos } = await get(`/api/tasks/${encodeURIComponent(taskId)}`));
  } catch {
    // no answer at all (no service worker either): only what waits on the phone
  }
  const waiting = (await waitingFor(taskId)).filter((e) => e.kind === 'photo');
  // Refreshes overlap (one per photo sent, one after the batch) and their
  // answers may come back in any order: only the last one asked is shown,
  // in the strip as it is now (an earlier answer may have replaced it).
  const strip = document.getElementById('photos');
  if (strip && asked === photoRefreshes) strip.replaceWith(photoStrip(photos, waiting));
}

async function renderTask(root, taskId, onLeave) {
  const [data] = await Promise.all([get(`/api/tasks/${encodeURIComponent(taskId)}`), position()]);
  const { task } = data;
  // What waits in the outbox counts as done on the phone: a task started
  // offline shows its form.
  const waiting = await waitingFor(taskId);
  const serverState = task.state;
  if (waiting.some((e) => e.kind === 'start') && ['dispatched', 'returned'].includes(task.state)) task.state = 'in_progress';
  const mine = task.team.includes(state.user.user_name) || state.user.role === 'admin';
  const office = ['admin', 'analyst'].includes(state.user.role);
  const { line, stop } = outboxLine();
  onLeave(stop);
  const reload = () => renderTask(root, taskId, onLeave);
  const mapBox = el('div', { id: 'field-map', class: 'field-map' });
  const nav = navigationLinks(task);
  const actions = el('div', { class: 'field-actions' });
  if (mine && ['dispatched', 'returned'].includes(task.state)) {
    actions.append(el('button', { id: 'start', type: 'button', onclick: async () => {
      await enqueue({ task_id: taskId, kind: 'start', body: {} });
      await sendNow();
      reload();
    } }, 'Start'));
  }
  let form = null;
  if (mine && task.state === 'in_progress' && data.template) {
    form = templateForm(data.template);
    const camera = el('input', { id: 'camera', type: 'file', accept: 'image/*', capture: 'environment', multiple: '' });
    camera.addEventListener('change', async () => {
      for (const file of camera.files) {
        await enqueue({ task_id: taskId, kind: 'photo', body: file, lon: here?.lon ?? null, lat: here?.lat ?? null });
      }
      camera.value = '';
      await sendNow();
      await refreshPhotos(taskId);
    });
    actions.append(el('label', { class: 'button camera' }, 'Add photo', camera),
      el('button', { id: 'submit', type: 'button', onclick: async () => {
        const answers = answersOf(data.template, form);
        if (answers.error) return toast(answers.error, 'error');
        const body = { template_id: data.template.template_id, answers: answers.answers };
        window.envgrid = { ...(window.envgrid || {}), lastSubmit: body }; // for the browser tests
        await enqueue({ task_id: taskId, kind: 'submit', body });
        if ((await sendNow()) > 0) toast('Kept on the phone; sent when the network returns', 'info');
        else reload();
      } }, 'Submit'));
  }
  if (office && task.state === 'submitted') {
    const note = el('textarea', { id: 'review-note', rows: 2, placeholder: 'note (required)' });
    const review = (verb) => async () => {
      if (!note.value.trim()) return toast('A note is required', 'error');
      await post(`/api/tasks/${encodeURIComponent(taskId)}/${verb}`, { note: note.value.trim() });
      reload();
    };
    actions.append(note, el('button', { id: 'close', type: 'button', onclick: review('close') }, 'Close'),
      el('button', { id: 'return', type: 'button', onclick: review('return') }, 'Return'));
  }
  root.replaceChildren(el('section', { class: 'field' },
    el('a', { href: '#/field', class: 'back' }, '‹ My tasks'),
    el('h2', {}, task.target_name || task.target_id),
    el('p', { id: 'task-state', 'data-state': task.state }, `${task.task_id} · ${task.kind} · ${task.state}${task.state !== serverState ? ' (on the phone)' : ''}${task.due ? ` · due ${task.due}` : ''}`),
    line,
    mapBox, nav,
    historyBox(data.history),
    task.result ? el('p', { class: 'muted' }, `Submitted${findingsOf(task.result)}`) : null,
    form,
    photoStrip(data.photos, waiting.filter((e) => e.kind === 'photo')),
    actions,
    el('details', { class: 'history' }, el('summary', {}, `Trail (${data.events.length})`),
      el('ul', { id: 'trail' }, data.events.map((e) => el('li', {}, `${e.at} ${e.user_name}@${e.host} ${e.action}${e.note ? `: ${e.note}` : ''}`))))));
  smallMap(mapBox, task);
  // The state the server last gave (offline: as kept by the service worker).
  document.body.dataset.task = `${task.task_id}:${serverState}`;
}

export async function renderField(root, { onLeave, param }) {
  startOutbox();
  if (param) await renderTask(root, param, onLeave);
  else await renderList(root, onLeave);
}
