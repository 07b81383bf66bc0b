// The envgrid viewer: hash routes #/login, #/map, #/queue, #/cells, #/trace.
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
import { toast } from './ui.js';

const root = document.getElementById('app');
const views = { map: renderMap, queue: renderQueue, cells: renderCells, trace: renderTrace };
let leaveHandlers = [];

// For the browser tests (tests/e2e): the maps and OpenLayers' own WGS 84 transforms.
window.envgrid = { toLonLat, fromLonLat };

function defaultView() {
  const role = state.user?.role;
  if (role === 'grid_manager') return 'cells';
  if (role === 'analyst') return 'queue';
  if (role === 'investigator') return 'trace';
  return 'map';
}

function showBar() {
  const bar = document.getElementById('bar');
  bar.hidden = !state.user;
  if (!state.user) return;
  document.getElementById('who').textContent = `${state.user.user_name} (${state.user.role})`;
  const view = location.hash.replace('#/', '');
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
  const view = location.hash.replace('#/', '');
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
    await views[view](root, { onLeave: (f) => leaveHandlers.push(f) });
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
