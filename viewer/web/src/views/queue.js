// The review queue, built for speed: one flag at a time; keys A accept,
// R reject, F field check, N next, P previous, C comment. Each decision is
// saved at once (POST /api/flags/{id}/review) and the queue moves on.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { createMap, loadFeatures, readFeature, showLayers } from '../layers.js';
import { get, post } from '../api.js';
import { el, propertyTable, toast } from '../ui.js';
import { showChips, toggleSideBySide } from '../chips.js';

const KEY_TO_STATUS = { a: 'accepted', r: 'rejected', f: 'field_check' };
const PAGE = 500;

export async function renderQueue(root, { onLeave }) {
  const filters = { status: '', kind: '', cell: '', min_score: '' };
  let items = [];
  let total = 0;
  let index = 0;

  const progress = el('span', { id: 'progress', class: 'progress' });
  const card = el('div', { id: 'flag-card', class: 'panel' });
  const history = el('div', { id: 'flag-history' });
  const comment = el('textarea', { id: 'comment', rows: 2, placeholder: 'comment (C), saved with the next decision' });
  const mapTarget = el('div', { id: 'queue-map', class: 'map small' });
  const chipBox = el('div', { id: 'chips', class: 'chips panel' });
  const filterBar = el(
    'form',
    { id: 'filters', class: 'filters', onsubmit: (e) => { e.preventDefault(); reload(); } },
    el('label', {}, 'status ', el('select', { name: 'status' }, ['', 'new', 'accepted', 'rejected', 'field_check'].map((s) => el('option', { value: s }, s || 'any')))),
    el('label', {}, 'kind ', el('input', { name: 'kind', size: 10 })),
    el('label', {}, 'cell ', el('input', { name: 'cell', size: 10 })),
    el('label', {}, 'min score ', el('input', { name: 'min_score', size: 4 })),
    el('button', { type: 'submit' }, 'Filter'),
  );
  root.replaceChildren(
    el('section', { class: 'queue-view' },
      el('div', { class: 'queue-head' }, filterBar, progress),
      el('p', { class: 'keys' }, 'A accept · R reject · F field check · N next · P previous · C comment · S swipe / side by side'),
      el('div', { class: 'queue-body' }, el('div', { class: 'queue-left' }, card, comment, history), chipBox, mapTarget)));

  const map = createMap(mapTarget);
  const context = {};
  for (const name of ['cells', 'enterprises', 'outfalls']) context[name] = await loadFeatures(name);
  showLayers(map, context);
  const flagSource = new VectorSource();
  map.addLayer(new VectorLayer({ source: flagSource }));
  window.envgrid = { ...(window.envgrid || {}), queueMap: map };

  async function reload() {
    for (const key of Object.keys(filters)) filters[key] = filterBar.elements[key].value.trim();
    const query = new URLSearchParams({ limit: PAGE, offset: 0 });
    for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
    const page = await get(`/api/flags?${query}`);
    items = page.items;
    total = page.total;
    index = Math.min(index, Math.max(items.length - 1, 0));
    await show();
  }

  async function show() {
    progress.textContent = items.length ? `${index + 1} of ${total}` : `0 of ${total}`;
    if (!items.length) {
      card.replaceChildren(el('p', {}, 'No flags match.'));
      history.replaceChildren();
      flagSource.clear();
      chipBox.replaceChildren();
      return;
    }
    const flag = items[index];
    const p = flag.properties;
    card.replaceChildren(el('div', {},
      el('h2', {}, `${p.flag_id} `, el('span', { id: 'flag-status', class: `status ${p.status}` }, p.status)),
      p.conflict ? el('p', { id: 'conflict', class: 'conflict' }, 'Conflict: analysts decided differently; the latest decision counts.') : null,
      propertyTable({ kind: p.kind, score: p.score, cell_id: p.cell_id, area_m2: p.area_m2, source: p.source, created_at: p.created_at }),
    ));
    flagSource.clear();
    if (flag.geometry) {
      const feature = readFeature(flag);
      flagSource.addFeature(feature);
      map.getView().fit(feature.getGeometry().getExtent(), { padding: [80, 80, 80, 80], maxZoom: 18 });
    }
    const [reviews] = await Promise.all([
      get(`/api/flags/${encodeURIComponent(p.flag_id)}/reviews`),
      showChips(chipBox, p.flag_id),
    ]);
    history.replaceChildren(
      el('h4', {}, `Decisions (${reviews.reviews.length})`),
      el('ul', {}, reviews.reviews.map((r) => el('li', {}, `${r.decided_at} ${r.user_name}: ${r.old_status} → ${r.new_status}${r.comment ? ` “${r.comment}”` : ''}`))),
    );
  }

  async function decide(status) {
    if (!items.length) return;
    const flag = items[index];
    try {
      const result = await post(`/api/flags/${encodeURIComponent(flag.properties.flag_id)}/review`, {
        status,
        comment: comment.value.trim(),
      });
      flag.properties.status = result.status;
      flag.properties.conflict = result.conflict;
      comment.value = '';
      toast(`${flag.properties.flag_id}: ${status} saved`, 'ok');
      if (index < items.length - 1) index += 1;
      await show();
    } catch (error) {
      toast(`not saved: ${error.message}`, 'error');
    }
  }

  async function move(step) {
    const next = index + step;
    if (next < 0 || next >= items.length) return;
    index = next;
    await show();
  }

  function onKey(event) {
    // A listener of a queue no longer shown must not decide anything. Keys
    // typed into a text box are text; the chips' swipe slider leaves them to the queue.
    if (!root.contains(card)) {
      document.removeEventListener('keydown', onKey);
      return;
    }
    if (event.target.closest && event.target.closest('input:not([type=range]), textarea, select')) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (KEY_TO_STATUS[key]) decide(KEY_TO_STATUS[key]);
    else if (key === 'n') move(1);
    else if (key === 'p') move(-1);
    else if (key === 'c') comment.focus();
    else if (key === 's') {
      toggleSideBySide();
      if (items.length) showChips(chipBox, items[index].properties.flag_id);
    }
    else return;
    event.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  onLeave(() => document.removeEventListener('keydown', onKey));
  await reload();
}
