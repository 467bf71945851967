// The REST API as the console uses it: the session cookie goes by itself; every change carries the CSRF token.
let csrf = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function session(token, signedOut) {
  csrf = token;
  if (signedOut) onSignedOut = signedOut;
}

export function query(parameters) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.append(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function api(method, path, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrf) init.headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'Vigil does not answer (network error): ' + e.message);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401 && !path.startsWith('/api/session')) onSignedOut();
  if (!response.ok) throw new ApiError(response.status, json?.error || text || response.statusText, json);
  return json;
}

export const get = (path, parameters = {}) => api('GET', path + query(parameters));
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body, version) => api('PATCH', path, body, { 'If-Match': `"${version}"` });
