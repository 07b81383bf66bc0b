// The viewer's service worker (served as /sw.js, scope /): keeps the phone
// page usable without a network (docs/viewer.md, "Offline").
// - The app shell (index.html and the hashed files under /assets/) is cached
//   at install and whenever it is fetched; /assets/ files are served from the
//   cache first (their names change with their content), index.html from the
//   network first.
// - The field user's answers (/api/session, /api/tasks, each task and its
//   photo thumbnails) are fetched from the network first and kept; without a
//   network the kept answer is served. The page asks for its task list and
//   tasks to be kept ahead ("warm"), so a task never opened is there too.
// - Writes are never cached nor answered here: the page's outbox
//   (src/field/outbox.js) keeps them and sends them when the network returns.
// - Logging in or out drops the kept answers: they belong to one user.
// Nothing here reaches beyond this origin.
const SHELL = 'envgrid-shell-v1';
const ANSWERS = 'envgrid-answers-v1';

const kept = (path) => path === '/api/session' || path === '/api/tasks' || path.startsWith('/api/tasks/');

async function cacheShell() {
  const cache = await caches.open(SHELL);
  const index = await fetch('/', { cache: 'no-cache' });
  if (!index.ok) return;
  const html = await index.clone().text();
  await cache.put('/', index);
  const assets = [...new Set(html.match(/\/assets\/[^"'\s>]+/g) || [])];
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (![SHELL, ANSWERS].includes(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

// Network first; a success is kept, a failure falls back to what was kept.
async function networkFirst(request, cacheName, key = request) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key, { ignoreVary: true });
    if (cached) return cached;
    if (cacheName === SHELL) throw error;
    return new Response(JSON.stringify({ error: 'offline, and this was not kept on the phone' }),
      { status: 503, headers: { 'Content-Type': 'application/json' } });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (url.pathname === '/api/login' || url.pathname === '/api/logout') event.waitUntil(caches.delete(ANSWERS));
    return;
  }
  if (request.mode === 'navigate' || url.pathname === '/' || url.pathname === '/index.html') {
    event.respondWith(networkFirst(request, SHELL, '/'));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (kept(url.pathname)) {
    event.respondWith(networkFirst(request, ANSWERS));
  }
});

// {warm: [paths]} from the page: fetch and keep these answers now; the reply
// (on the message's port) counts what was kept and names what was not.
self.addEventListener('message', (event) => {
  const paths = (event.data?.warm || []).filter(kept);
  event.waitUntil((async () => {
    const cache = await caches.open(ANSWERS);
    let count = 0;
    const failed = [];
    for (const path of paths) {
      try {
        const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (response.ok) {
          await cache.put(path, response);
          count += 1;
        } else {
          failed.push(`${path} ${response.status}`);
        }
      } catch {
        break; // offline: keep what is there
      }
    }
    event.ports[0]?.postMessage({ kept: count, failed });
  })());
});
