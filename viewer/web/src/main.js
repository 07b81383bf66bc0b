// The envgrid viewer: hash routes #/login, #/map, #/queue, #/cells, #/trace,
// #/field and #/field/TASK_ID (the phone page), #/enterprise/ID/dossier.
import 'ol/ol.css';
import './style.css';
import './projection.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import { loadSession, logout, state } from './api.js';
import { renderLogin } from './views/login.js';
import { renderMap } from './views/map.js';
import { renderQueue } from './views/queue.js';
import { renderCells } from './views/cells.js';
import { renderTrace } from './views/trace.js';
import { renderField } from './views/field.js';
import { renderDossier } from './views/dossier.js';
import { toast } from './ui.js';
import './offline.js';

const root = document.getElementById('app');
const views = { map: renderMap, queue: renderQueue, cells: renderCells, trace: renderTrace, field: renderField, enterprise: renderDossier };
// The view and its parameter: #/field/K000001 -> ['field', 'K000001'].
const hashView = () => {
  const [view, ...rest] = location.hash.replace('#/', '').split('/');
  return [view, decodeURIComponent(rest.join('/'))];
};
let leaveHandlers = [];

// For the browser tests (tests/e2e): the maps and OpenLayers' own WGS 84 transforms.
window.envgrid = { toLonLat, fromLonLat };

function defaultView() {
  const role = state.user?.role;
  // A grid manager on a phone goes to the field page.
  if (role === 'grid_manager') return window.matchMedia('(max-width: 700px)').matches ? 'field' : 'cells';
  if (role === 'analyst') return 'queue';
  if (role === 'investigator') return 'trace';
  return 'map';
}

function showBar() {
  const bar = document.getElementById('bar');
  bar.hidden = !state.user;
  if (!state.user) return;
  document.getElementById('who').textContent = `${state.user.user_name} (${state.user.role})`;
  const [view] = hashView();
  for (const link of bar.querySelectorAll('nav a')) {
    link.classList.toggle('active', link.dataset.view === view);
    link.hidden = (link.dataset.view === 'cells' && !['grid_manager', 'admin'].includes(state.user.role)) ||
      (link.dataset.view === 'queue' && state.user.role === 'investigator') ||
      (link.dataset.view === 'trace' && state.user.role === 'grid_manager');
  }
}

async function route() {
  for (const leave of leaveHandlers) leave();
  leaveHandlers = [];
  if (!state.user) await loadSession();
  const [view, param] = hashView();
  if (!state.user) {
    showBar();
    renderLogin(root, {
      onLoggedIn: () => {
        // Changing the hash routes by itself (hashchange); route only when it does not change.
        const target = `#/${defaultView()}`;
        if (location.hash === target) route();
        else location.hash = target;
      },
    });
    return;
  }
  if (!views[view]) {
    location.hash = `#/${defaultView()}`;
    return;
  }
  showBar();
  document.body.dataset.view = view;
  try {
    await views[view](root, { onLeave: (f) => leaveHandlers.push(f), param });
    document.body.dataset.ready = view;
  } catch (error) {
    toast(error.message, 'error');
    if (error.status === 401) {
      state.user = null;
      route();
    }
  }
}

document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  location.hash = '#/login';
  route();
});
window.addEventListener('hashchange', route);
route();
