import { api, get, post, session, ApiError } from './js/api.js';
import { h, replace, toast } from './js/dom.js';
import * as live from './js/live.js';
import { alertsPage, alertPage } from './js/alerts.js';
import { auditPage } from './js/audit.js';
import { eventsPage } from './js/events.js';
import { incidentsPage, incidentPage } from './js/incidents.js';
import { listsPage } from './js/lists.js';
import { statusPage, healthPage } from './js/status.js';

const ROUTES = [
  [/^#\/alerts$/, 'alerts', alertsPage],
  [/^#\/alerts\/([^/]+)$/, 'alerts', alertPage],
  [/^#\/events$/, 'events', eventsPage],
  [/^#\/(incident|investigation)s$/, 1, incidentsPage],
  [/^#\/(incident|investigation)s\/([^/]+)$/, 1, incidentPage],
  [/^#\/lists$/, 'lists', listsPage],
  [/^#\/status$/, 'status', statusPage],
  [/^#\/health$/, 'health', healthPage],
  [/^#\/audit$/, 'audit', auditPage],
];

const main = document.getElementById('page');
let me = null;
let leave = null;

async function start() {
  document.getElementById('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', render);
  try {
    signedIn(await get('/api/session'));
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signInPage(e.status === 403 ? e.message : null);
    return replace(main, h('p', { class: 'error', text: e.message }));
  }
  render();
}

function signedIn(who) {
  me = { user: who.user, role: who.role };
  session(who.csrf, () => signInPage('Your session has ended: sign in again.'));
  document.getElementById('bar').hidden = false;
  replace(document.getElementById('who'), h('span', { class: 'user', text: me.user }), ' ', h('span', { class: 'badge role', text: me.role }));
  // The audit trail is read by administrators only: others are not shown the way to a page that would refuse them.
  document.querySelector('#nav a[data-page="audit"]').hidden = me.role !== 'admin';
}

function render() {
  if (!me) return;
  if (leave) leave();
  leave = null;
  const hash = location.hash || '#/alerts';
  for (const [pattern, page, show] of ROUTES) {
    const match = hash.match(pattern);
    if (!match) continue;
    const name = typeof page === 'number' ? `${match[page]}s` : page;
    for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.page === name);
    replace(main, h('p', { class: 'muted', text: 'Loading…' }));
    // Every page keeps the stream open (new alerts, the indicator); an incident's page opens its own, with presence.
    if (show !== incidentPage) live.connect();
    const context = { me, can: role => rank(me.role) >= rank(role), main };
    Promise.resolve(show(context, ...match.slice(1).map(decodeURIComponent)))
      .then(cleanup => { leave = cleanup || null; })
      .catch(e => replace(main, h('p', { class: 'error', text: e instanceof ApiError ? `${e.status}: ${e.message}` : String(e) })));
    return;
  }
  location.hash = '#/alerts';
}

function rank(role) {
  return ['viewer', 'handler', 'admin'].indexOf(role);
}

async function signInPage(reason) {
  me = null;
  if (leave) leave();
  leave = null;
  live.disconnect();
  document.getElementById('bar').hidden = true;
  let methods = { password: true, oidc: false };
  try {
    methods = await get('/api/session/methods');
  } catch {
    // The password form still works without knowing.
  }
  const user = h('input', { name: 'user', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'error', role: 'alert', text: reason || '' });
  const form = h('form', {
    class: 'signin', onsubmit: async event => {
      event.preventDefault();
      try {
        signedIn(await post('/api/session', { user: user.value, password: password.value }));
        render();
      } catch (e) {
        message.textContent = e.message;
        password.value = '';
      }
    },
  },
  h('h1', { text: 'Vigil' }),
  h('p', { class: 'muted', text: 'Sign in to the incident console' }),
  h('label', { class: 'field' }, h('span', { text: 'User' }), user),
  h('label', { class: 'field' }, h('span', { text: 'Password' }), password),
  message,
  h('button', { type: 'submit', id: 'signin', text: 'Sign in' }),
  methods.oidc ? h('a', { class: 'button quiet', id: 'oidc', href: `/api/session/oidc?return=${encodeURIComponent('/ui/' + (location.hash || '#/alerts'))}`, text: 'Sign in with your organisation (OpenID Connect)' }) : null);
  replace(main, form);
}

async function signOut() {
  try {
    await api('DELETE', '/api/session');
  } catch (e) {
    toast(e.message, 'error');
  }
  signInPage('Signed out.');
}

start();
