import { get } from './api.js';
import { h, replace, when, table, pretty, field, toast } from './dom.js';

const RANGES = ['1h', '24h', '7d', '30d', '365d'];

/** The audit trail, for administrators: who signed in (or failed to) and what was changed, done or refused, from where. */
export async function auditPage({ main, can }) {
  if (!can('admin')) {
    replace(main, h('h1', { text: 'Audit trail' }), h('p', { class: 'muted', text: 'Only administrators read the audit trail.' }));
    return;
  }
  const user = h('input', { type: 'search', id: 'audit-user', placeholder: 'user' });
  const action = h('input', { type: 'search', id: 'audit-action', class: 'grow', placeholder: 'action: sign-in, POST /api/alerts/{id}/acknowledge, …' });
  const outcome = h('select', { id: 'audit-outcome' }, ['', 'success', 'failure'].map(value => h('option', { value, text: value || 'any outcome' })));
  const range = h('select', { id: 'audit-range' }, RANGES.map(value => h('option', { value, text: `last ${value}`, selected: value === '7d' })));
  const total = h('span', { class: 'muted', id: 'audit-total' });
  const rows = h('div', { id: 'audit' });
  const more = h('button', { type: 'button', class: 'quiet', text: 'More records', hidden: true });
  let next = null;

  const columns = [
    { label: 'When', value: record => when(record.source.timestamp) },
    { label: 'User', value: record => record.source.user },
    { label: 'Role', value: record => record.source.role || '—' },
    { label: 'From', value: record => record.source.address },
    { label: 'Action', value: record => record.source.action },
    { label: 'Target', value: record => Object.values(record.source.target || {}).join(' ') },
    { label: 'Outcome', class: 'outcome', value: record => h('span', { class: `badge ${record.source.outcome === 'success' ? 'good' : 'bad'}`, text: `${record.source.outcome} ${record.source.status}` }) },
    { label: 'Detail', value: record => record.source.reason || (record.source.details ? h('details', {}, h('summary', { text: 'sent' }), pretty(record.source.details)) : '') },
  ];

  async function search(after) {
    const parameters = { from: `now-${range.value}`, size: 100, after: after || '' };
    if (user.value) parameters.user = user.value;
    if (action.value) parameters.action = action.value;
    if (outcome.value) parameters.outcome = outcome.value;
    try {
      const page = await get('/api/audit', parameters);
      if (!after) {
        rows.replaceChildren();
        total.textContent = `${page.total} record${page.total === 1 ? '' : 's'}`;
      }
      rows.append(table(columns, page.items, { class: 'grid audit', empty: 'No record in this range.' }));
      next = page.next;
      more.hidden = !next;
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  for (const input of [user, action]) input.addEventListener('keydown', event => { if (event.key === 'Enter') search(); });
  for (const select of [outcome, range]) select.addEventListener('change', () => search());
  more.addEventListener('click', () => search(next));
  replace(main,
    h('div', { class: 'toolbar' }, h('h1', { text: 'Audit trail' }), total),
    h('p', { class: 'muted', text: 'Sign-ins, sign-outs and every change asked of Vigil, done or refused. Records are only ever added.' }),
    h('div', { class: 'toolbar' }, field('User', user), field('Action', action), outcome, range,
      h('button', { type: 'button', id: 'audit-search', text: 'Search', onclick: () => search() })),
    rows, more);
  await search();
}
