import { get, post } from './api.js';
import { h, replace, when, ago, toast, severityBadge, pretty, empty, grid } from './dom.js';
import * as live from './live.js';

const STATUSES = ['', 'manual', 'acknowledged', 'escalated'];

/** The live alert feed: newest first, new alerts added as they are raised, changes shown as they are made. */
export async function alertsPage({ can, main }) {
  const q = h('input', { type: 'search', placeholder: 'Search alerts (query string: summary:ssh AND severity:WARNING)', class: 'grow' });
  const status = h('select', {}, STATUSES.map(value => h('option', { value, text: value || 'any status' })));
  const count = h('span', { class: 'muted', id: 'alert-count' });
  const rows = h('tbody', { id: 'alerts' });
  const more = h('button', { type: 'button', class: 'quiet', text: 'Older alerts', hidden: true });
  const fresh = h('span', { class: 'badge new', id: 'fresh', hidden: true });
  let next = null;
  let total = 0;
  let arrived = 0;

  function row(alert) {
    const source = alert.source;
    const actions = h('td', { class: 'actions' });
    if (can('handler') && source.status !== 'acknowledged' && source.status !== 'escalated') {
      actions.append(h('button', {
        type: 'button', class: 'small', text: 'Acknowledge', onclick: async event => {
          event.stopPropagation();
          try {
            await post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`);
          } catch (e) {
            toast(e.message, 'error');
          }
        },
      }));
    }
    return h('tr', { class: 'link', dataset: { id: alert.id }, onclick: () => { location.hash = `#/alerts/${encodeURIComponent(alert.id)}`; } },
      h('td', { title: when(source.utctimestamp), text: ago(source.utctimestamp) }),
      h('td', {}, severityBadge(source.severity)),
      h('td', { text: source.category || '' }),
      h('td', { class: 'summary', text: source.summary || '' }),
      h('td', {}, h('span', { class: `status st-${source.status || 'manual'}`, text: source.status || 'manual' })),
      h('td', { text: source.assignee || '' }),
      actions);
  }

  async function load(append) {
    const page = await get('/api/alerts', { q: q.value, status: status.value, size: 50, after: append ? next : '' });
    if (!append) rows.replaceChildren();
    if (!append && !page.items.length) rows.append(empty(7, q.value || status.value ? 'No alert matches.' : 'No alerts yet: new ones appear here as they are raised.'));
    page.items.forEach(alert => rows.append(row(alert)));
    next = page.next;
    more.hidden = !next;
    total = page.total;
    counted();
  }

  function counted() {
    count.textContent = `${total} alert${total === 1 ? '' : 's'}`;
  }

  const off = live.on('alert', alert => {
    const current = rows.querySelector(`tr[data-id="${CSS.escape(alert.id)}"]`);
    if (current) {
      current.replaceWith(row(alert));
      return;
    }
    if (status.value && status.value !== (alert.source.status || 'manual')) return;
    rows.querySelector('tr.empty')?.remove();
    const added = row(alert);
    added.classList.add('arrived');
    rows.prepend(added);
    arrived += 1;
    total += 1;
    counted();
    fresh.textContent = `${arrived} new`;
    fresh.hidden = false;
  });

  q.addEventListener('keydown', event => { if (event.key === 'Enter') load(false); });
  status.addEventListener('change', () => load(false));
  more.addEventListener('click', () => load(true));
  replace(main,
    h('div', { class: 'toolbar' }, h('h1', { text: 'Alerts' }), fresh, count, h('span', { class: 'grow' })),
    h('div', { class: 'toolbar' }, q, status, h('button', { type: 'button', text: 'Search', onclick: () => load(false) })),
    grid(['Raised', 'Severity', 'Category', 'Summary', 'Status', 'Assignee', ''], rows),
    more);
  await load(false);
  return off;
}

/** One alert: what it says, its events, and what a handler does with it (acknowledge, assign, escalate). */
export async function alertPage({ me, can, main }, id) {
  const path = `/api/alerts/${encodeURIComponent(id)}`;

  async function act(action, body) {
    try {
      const answer = await post(`${path}/${action}`, body);
      if (action === 'escalate') {
        toast(`Escalated: ${body.to} opened`);
        location.hash = `#/${body.to}s/${encodeURIComponent(answer.id)}`;
        return;
      }
      show(answer);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  function show(alert) {
    const source = alert.source;
    const buttons = h('div', { class: 'toolbar' });
    if (can('handler')) {
      if (source.status === 'acknowledged') buttons.append(h('button', { type: 'button', class: 'quiet', text: 'Take acknowledgement back', onclick: () => act('unacknowledge') }));
      else if (source.status !== 'escalated') buttons.append(h('button', { type: 'button', text: 'Acknowledge', onclick: () => act('acknowledge') }));
      if (source.assignee !== me.user) buttons.append(h('button', { type: 'button', class: 'quiet', text: 'Assign to me', onclick: () => act('assign', { assignee: me.user }) }));
      if (source.status !== 'escalated') {
        buttons.append(h('button', { type: 'button', id: 'escalate-incident', class: 'danger', text: 'Escalate to incident', onclick: () => act('escalate', { to: 'incident' }) }));
        buttons.append(h('button', { type: 'button', id: 'escalate-investigation', class: 'quiet', text: 'Escalate to investigation', onclick: () => act('escalate', { to: 'investigation' }) }));
      }
    }
    const escalation = source.escalation
      ? h('p', {}, `Escalated by ${source.escalation.by} ${ago(source.escalation.date)} to `,
        h('a', { href: `#/${source.escalation.kind}s/${encodeURIComponent(source.escalation.id)}`, text: `this ${source.escalation.kind}` }))
      : null;
    const events = (source.events || []).map(event => {
      const doc = event.documentsource || {};
      return h('details', { class: 'event' },
        h('summary', {}, h('span', { class: 'muted', text: when(doc.utctimestamp) }), ' ', doc.summary || event.documentid || ''),
        pretty(doc));
    });
    replace(main,
      h('p', {}, h('a', { href: '#/alerts', text: '← Alerts' })),
      h('div', { class: 'toolbar' }, severityBadge(source.severity), h('h1', { id: 'alert-summary', text: source.summary || id })),
      h('dl', { class: 'facts' },
        fact('Raised', when(source.utctimestamp)), fact('Category', source.category), fact('Status', source.status || 'manual'),
        fact('Assignee', source.assignee), fact('Acknowledged', source.acknowledged ? `${when(source.acknowledged)} by ${source.acknowledgedby}` : ''),
        fact('Tags', (source.tags || []).join(', ')), fact('Rule', source.classname || source.notify_mozdefbot)),
      escalation, buttons,
      h('h2', { text: `Events (${events.length})` }), events.length ? events : h('p', { class: 'muted', text: 'This alert lists no events.' }),
      h('details', {}, h('summary', { text: 'The whole alert' }), pretty(source)));
  }

  show(await get(path));
  return live.on('alert', alert => { if (alert.id === id) show(alert); });
}

function fact(label, value) {
  return value ? [h('dt', { text: label }), h('dd', { text: value })] : null;
}

