import { get } from './api.js';
import { h, replace, when, pretty, toast } from './dom.js';
import { timeBars, termBars } from './chart.js';

const RANGES = { '15m': '30s', '1h': '1m', '24h': '30m', '7d': '3h', '30d': '12h' };
const FACETS = ['category', 'source', 'hostname', 'tags', 'processname'];

/** Event search: a query string, a time range, filters picked from the facets, a histogram, pages of events. */
export async function eventsPage({ main }) {
  const q = h('input', { type: 'search', id: 'event-q', class: 'grow', placeholder: 'Query string: details.sourceipaddress:203.0.113.7 AND NOT category:syslog' });
  const range = h('select', { id: 'event-range' }, Object.keys(RANGES).map(value => h('option', { value, text: `last ${value}`, selected: value === '24h' })));
  const filters = new Map();
  const chips = h('div', { class: 'chips' });
  const chart = h('div', { class: 'chart', id: 'event-histogram' });
  const facets = h('div', { class: 'facets' });
  const total = h('span', { class: 'muted', id: 'event-total' });
  const rows = h('div', { id: 'events' });
  const more = h('button', { type: 'button', class: 'quiet', text: 'More events', hidden: true });
  let next = null;

  function parameters(after) {
    const parameters = { q: q.value, from: `now-${range.value}`, size: 50, after };
    filters.forEach((value, name) => { parameters[name] = value; });
    if (!after) {
      parameters.histogram = RANGES[range.value];
      parameters.facets = FACETS.join(',');
    }
    return parameters;
  }

  function drawChips() {
    replace(chips, [...filters].map(([name, value]) => h('span', { class: 'chip' }, `${name}: ${value}`,
      h('button', { type: 'button', class: 'x', title: 'Remove filter', text: '×', onclick: () => { filters.delete(name); search(); } }))));
  }

  function eventRow(event) {
    const source = event.source;
    return h('details', { class: 'event' },
      h('summary', {}, h('span', { class: 'muted', text: when(source.utctimestamp) }), ' ', h('span', { class: 'badge', text: source.category || 'event' }), ' ',
        source.hostname ? h('span', { class: 'muted', text: source.hostname }) : null, ' ', source.summary || ''),
      h('p', { class: 'muted', text: `${event.index} / ${event.id}` }), pretty(source));
  }

  async function search(after) {
    try {
      const page = await get('/api/events', parameters(after || ''));
      if (!after) {
        rows.replaceChildren();
        total.textContent = `${page.total} event${page.total === 1 ? '' : 's'}`;
        timeBars(chart, page.aggregations?.histogram);
        replace(facets, FACETS.filter(name => page.aggregations?.[name]?.length).map(name => h('section', { class: 'facet' },
          h('h3', { text: name }), termBars(page.aggregations[name], value => { filters.set(name, value); search(); }))));
      }
      page.items.forEach(event => rows.append(eventRow(event)));
      next = page.next;
      more.hidden = !next;
      drawChips();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  q.addEventListener('keydown', event => { if (event.key === 'Enter') search(); });
  range.addEventListener('change', () => search());
  more.addEventListener('click', () => search(next));
  replace(main,
    h('div', { class: 'toolbar' }, h('h1', { text: 'Events' }), total),
    h('div', { class: 'toolbar' }, q, range, h('button', { type: 'button', id: 'event-search', text: 'Search', onclick: () => search() })),
    chips, chart,
    h('div', { class: 'split' }, h('div', { class: 'results' }, rows, more), facets));
  await search();
}
