import { get } from './api.js';
import { h, replace, when, ago, duration, table, severityBadge } from './dom.js';
import { timeBars, termBars } from './chart.js';

/** The event plugins in the order they run, and the alert rules with how their runs went. */
export async function statusPage({ main }) {
  const [plugins, rules] = await Promise.all([get('/plugins'), get('/api/rules')]);
  replace(main,
    h('h1', { text: 'Plugins and rules' }),
    h('h2', { text: `Event plugins (${plugins.length}), in the order they run` }),
    table([
      { label: 'Priority', value: p => p.priority },
      { label: 'Name', value: p => h('span', { title: p.description || '', text: p.name }) },
      { label: 'Registration', value: p => (p.registration || []).join(', ') },
      { label: 'Bundle', value: p => p.origin || '' },
      { label: 'State', value: p => (p.inactive ? h('span', { class: 'badge bad', title: p.inactive, text: 'inactive' }) : h('span', { class: 'badge good', text: 'active' })) },
      { label: 'Why inactive', value: p => p.inactive || '' },
    ], plugins, { class: 'grid', rowData: p => ({ plugin: p.name }) }),
    h('h2', { text: `Alert rules (${rules.rules.length})` }),
    rules.running ? null : h('p', { class: 'error', text: rules.problem }),
    table([
      { label: 'Rule', value: r => h('span', { title: r.classname, text: r.name }) },
      { label: 'State', value: r => (r.enabled ? h('span', { class: 'badge good', text: 'scheduled' }) : h('span', { class: 'badge', text: 'disabled' })) },
      { label: 'Schedule', value: r => r.schedule },
      { label: 'Window', value: r => r.window },
      { label: 'Last run', value: r => (r.lastRun ? h('span', { title: when(r.lastRun), text: ago(r.lastRun) }) : '—') },
      { label: 'Runs', value: r => r.runs },
      { label: 'Alerts', value: r => r.alerts },
      { label: 'Failures', value: r => (r.failures ? h('span', { class: 'badge bad', text: r.failures }) : 0) },
      { label: 'Last run ms', value: r => r.lastRunMillis },
      { label: 'Last error', value: r => r.lastError || '' },
      { label: 'Origin', value: r => h('span', { class: 'muted', text: r.origin }) },
    ], rules.rules, { rowData: r => ({ rule: r.name }) }),
    rules.refused.length ? [h('h2', { text: 'Rule files refused' }), h('ul', {}, rules.refused.map(file => h('li', { class: 'error', text: `${file.origin}: ${file.reason}` })))] : null);
}

/** Health: Elasticsearch, the routes (inputs and outputs), the broker; rates and the SOC's numbers as charts. */
export async function healthPage({ main }) {
  const [health, metrics] = await Promise.all([get('/api/health'), get('/api/metrics', { window: '1h' })]);
  const chart = h('div', { class: 'chart', id: 'rate-chart' });
  const es = health.elasticsearch;
  replace(main,
    h('div', { class: 'toolbar' }, h('h1', { text: 'Health' }),
      h('span', { id: 'healthy', class: `badge ${health.healthy ? 'good' : 'bad'}`, text: health.healthy ? 'healthy' : 'needs attention' })),
    h('div', { class: 'cards' },
      card('Elasticsearch', h('span', { class: `badge es-${es.status}`, text: es.status }),
        es.problem ? h('p', { class: 'error', text: es.problem }) : h('p', { class: 'muted', text: `${es.cluster}: ${es.nodes} node(s), ${es.activeShards} shards, ${es.unassignedShards} unassigned` })),
      health.checks.map(check => card(check.name, h('span', { class: `badge ${check.healthy ? 'good' : 'bad'}`, text: check.healthy ? 'up' : 'down' }),
        check.problem ? h('p', { class: 'error', text: check.problem }) : null)),
      card('Events, last hour', h('span', { class: 'big', text: metrics.events.total }), h('p', { class: 'muted', text: `${metrics.events.perSecond.toFixed(2)} events/s` })),
      card('Alerts, last 24 h', h('span', { class: 'big', text: metrics.alerts.total })),
      card('Open incidents', h('span', { class: 'big', text: metrics.incidents.open })),
      card('Time to acknowledge', h('span', { class: 'big', text: duration(metrics.timeToAcknowledge.medianSeconds) }),
        h('p', { class: 'muted', text: `median; p90 ${duration(metrics.timeToAcknowledge.p90Seconds)} (${metrics.timeToAcknowledge.count} alerts)` })),
      card('Time to close', h('span', { class: 'big', text: duration(metrics.timeToClose.medianSeconds) }),
        h('p', { class: 'muted', text: `median; p90 ${duration(metrics.timeToClose.p90Seconds)} (${metrics.timeToClose.count} incidents)` }))),
    h('h2', { text: 'Events over the last hour' }), chart,
    h('div', { class: 'split three' },
      h('section', {}, h('h3', { text: 'By category' }), termBars(metrics.events.byCategory)),
      h('section', {}, h('h3', { text: 'By source' }), termBars(metrics.events.bySource)),
      h('section', {}, h('h3', { text: 'Alerts by severity' }), h('ul', { class: 'severities' }, metrics.alerts.bySeverity.map(bucket => h('li', {}, severityBadge(bucket.key), ` ${bucket.count}`))),
        h('h3', { text: 'Open incidents by phase' }), termBars(metrics.incidents.byPhase))),
    h('h2', { text: 'Routes' }),
    table([
      { label: 'Route', value: r => r.id },
      { label: 'State', value: r => h('span', { class: `badge ${{ Started: 'good', Stopped: '' }[r.status] ?? 'bad'}`, text: r.status }) },
      { label: 'Up for', value: r => duration(r.uptimeMillis / 1000) },
      { label: 'From', value: r => h('span', { class: 'mono', text: r.from }) },
    ], health.routes, { rowData: r => ({ route: r.id }) }));
  timeBars(chart, metrics.events.histogram, { label: 'events' });
}

function card(title, ...body) {
  return h('section', { class: 'card' }, h('h3', { text: title }), body);
}
