// The JSON API of the envgrid server (docs/api.md). Every write carries the
// session's CSRF token in X-CSRF-Token.

export const state = { user: null, csrf: null };

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error || response.statusText);
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});

function remember(session) {
  state.user = session;
  state.csrf = session.csrf_token;
  return session;
}

export async function loadSession() {
  try {
    return remember(await get('/api/session'));
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

export async function login(userName, password) {
  return remember(await post('/api/login', { user_name: userName, password }));
}

export async function logout() {
  await post('/api/logout');
  state.user = null;
  state.csrf = null;
}

export const layerUrl = (layer) => `/api/layers/${encodeURIComponent(layer)}`;
