// The alerts of My cells: each open or acknowledged exceedance alert whose
// audience holds one of the user's cells, its history (who, when, note) and
// the acknowledge / close buttons (POST /api/alerts/status, a note required).
import { post } from '../api.js';
import { el, toast } from '../ui.js';

function alertItem(alert, onChange) {
  const note = el('input', { type: 'text', class: 'alert-note', placeholder: 'note (required)', maxlength: '2000' });
  const change = async (status) => {
    if (!note.value.trim()) {
      toast('A note is required', 'error');
      return;
    }
    try {
      await post('/api/alerts/status', { alert_id: alert.alert_id, status, note: note.value.trim() });
      toast(`Alert ${status}`);
      await onChange();
    } catch (error) {
      toast(error.message, 'error');
    }
  };
  const buttons = [];
  if (alert.status === 'open') buttons.push(el('button', { type: 'button', class: 'alert-ack', onclick: () => change('acknowledged') }, 'Acknowledge'));
  buttons.push(el('button', { type: 'button', class: 'alert-close', onclick: () => change('closed') }, 'Close'));
  return el('li', { class: `alert level${alert.level}`, 'data-alert-id': alert.alert_id, 'data-status': alert.status },
    el('strong', {}, `L${alert.level} ${alert.parameter} at ${alert.outfall_id}`),
    ` (${alert.cell_id}) ${alert.exceedance_count} exceedances, max ${alert.max_value} ${alert.unit} over ${alert.limit_value}; `,
    `${alert.first_at} – ${alert.last_at}; `, el('span', { class: 'alert-status' }, alert.status),
    el('ul', { class: 'alert-events' }, alert.events.map((e) =>
      el('li', {}, `${e.at} ${e.user_name}: ${e.old_status || 'raised'} → ${e.new_status}${e.note ? ` — ${e.note}` : ''}`))),
    note, ...buttons);
}

// Fills box with the alerts; onChange reloads them after a change.
export function showAlerts(box, alerts, onChange) {
  box.replaceChildren(
    el('h3', {}, `Alerts (${alerts.length})`),
    alerts.length
      ? el('ul', { id: 'alerts' }, alerts.map((a) => alertItem(a, onChange)))
      : el('p', { class: 'muted' }, 'No open alerts.'));
}
