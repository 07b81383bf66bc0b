// The dossier of one enterprise (一厂一档), #/enterprise/ID/dossier: its
// registration, permit and limits, outfalls and monitors, every task with its
// filled template and photos, alerts, online data, flags and reviews near it,
// and the traces where it was a suspect. Print gives a clean A4 page (the
// print rules of style.css); Export downloads the same file as one HTML
// document made by the server, photos inlined.
import { get } from '../api.js';
import { el } from '../ui.js';

export const dossierHref = (id) => `#/enterprise/${encodeURIComponent(id)}/dossier`;

function table(rows, keys, id) {
  if (!rows?.length) return el('p', { class: 'muted' }, 'none');
  return el('table', { class: 'props dossier-table', id },
    el('tr', {}, keys.map((k) => el('th', {}, k))),
    rows.map((r) => el('tr', {}, keys.map((k) => el('td', {}, (r.properties ?? r)[k] ?? '')))));
}

function section(title, rows, keys, id) {
  const head = el('h3', {}, `${title} (${rows?.length ?? 0})`);
  if (rows === null) return [head, el('p', { class: 'muted' }, 'not shown to your role')];
  return [head, table(rows, keys, id)];
}

function answerOf(item) {
  if (item.type === 'check') return item.result;
  if (item.type === 'measure') return item.value === null ? '—' : `${item.value} ${item.unit || ''}`;
  return item.finding;
}

function taskBlock(t) {
  const items = t.result?.items ?? [];
  return el('article', { class: 'dossier-task', 'data-task': t.task_id, 'data-state': t.state },
    el('h4', {}, `${t.task_id} · ${t.kind} · ${t.state}`, el('a', { class: 'no-print', href: `#/field/${encodeURIComponent(t.task_id)}` }, ' open')),
    el('p', {}, `target ${t.target_kind} ${t.target_id} · team ${t.team.join(', ')} · due ${t.due || '—'}`),
    items.length ? el('ol', { class: 'result' }, items.map((i) =>
      el('li', {}, `${i.text}: `, el('strong', {}, answerOf(i) ?? ''), i.note ? ` (${i.note})` : ''))) : el('p', { class: 'muted' }, 'no result yet'),
    el('ul', { class: 'trail' }, t.events.map((e) => el('li', {}, `${e.at} ${e.user_name}@${e.host} ${e.action}${e.note ? `: ${e.note}` : ''}`))),
    el('div', { class: 'photos' }, t.photos.map((p) =>
      el('figure', {}, el('img', { src: p.thumbnail, alt: p.photo_id }), el('figcaption', {}, `${p.taken_at.slice(0, 16)} ${p.position_source}`)))));
}

export async function renderDossier(root, { param }) {
  const id = param.replace(/\/dossier$/, '');
  const d = await get(`/api/enterprises/${encodeURIComponent(id)}/dossier`);
  const e = d.enterprise.properties;
  const exportHref = `/api/enterprises/${encodeURIComponent(id)}/dossier?format=html`;
  root.replaceChildren(el('article', { class: 'dossier-page', id: 'dossier' },
    el('div', { class: 'dossier-actions no-print' },
      el('button', { id: 'print', class: 'button', type: 'button', onclick: () => window.print() }, 'Print'),
      el('a', { id: 'export', class: 'button', href: exportHref, download: `dossier-${id}.html` }, 'Export HTML')),
    el('h2', {}, `${e.name || ''} `, el('small', {}, e.enterprise_id)),
    el('p', { class: 'muted' }, `一厂一档 · ${d.generated_at}`),
    el('h3', {}, 'Registration and permit'),
    table([e], ['enterprise_id', 'name', 'industry', 'risk_class', 'permit_no', 'cell_id', 'last_inspected'], 'registration'),
    el('p', {}, `next inspection due ${d.inspection.due_date || 'now'}`),
    section('Discharge limits', d.limits, ['outfall_id', 'parameter', 'statistic', 'limit_value', 'unit', 'source'], 'limits'),
    section('Outfalls', d.outfalls, ['outfall_id', 'name', 'registered'], 'outfalls'),
    section('Monitors', d.monitors, ['mn', 'outfall_id', 'kind'], 'monitors'),
    el('h3', {}, `Tasks (${d.tasks?.length ?? 0})`),
    d.tasks === null ? el('p', { class: 'muted' }, 'not shown to your role') : el('div', { id: 'dossier-tasks' }, d.tasks.map(taskBlock)),
    section('Alerts', d.alerts, ['alert_id', 'level', 'status', 'first_at', 'last_at', 'exceedance_count', 'max_value', 'limit_value', 'unit'], 'alerts'),
    section('Online data', d.online, ['outfall_id', 'mn', 'parameter', 'statistic', 'unit', 'values', 'valid', 'first_at', 'last_at', 'min', 'max', 'mean'], 'online'),
    section('Flags within 500 m', d.flags_nearby, ['flag_id', 'kind', 'status', 'cell_id'], 'flags'),
    section('Reviews', d.reviews, ['flag_id', 'decided_at', 'user_name', 'new_status', 'comment'], 'reviews'),
    section('Traces where it was a suspect', d.traces, ['trace_id', 'created_at', 'section_id', 'parameter', 'rank', 'object_id', 'score'], 'traces')));
  document.title = `${e.name || id} — dossier`;
}
