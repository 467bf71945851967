import { get, post } from './api.js';
import { h, replace, when, ago, duration, table, severityBadge, toast } from './dom.js';
import { timeBars, termBars } from './chart.js';

/** At most this many Sigma rules are listed at once: a filter narrows the thousands a folder may hold. */
const SIGMA_ROWS = 200;

/** The event plugins in the order they run, the alert rules with how their runs went, and the Sigma rules. */
export async function statusPage({ can, main }) {
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
    rules.refused.length ? [h('h2', { text: 'Rule files refused' }), h('ul', {}, rules.refused.map(file => h('li', { class: 'error', text: `${file.origin}: ${file.reason}` })))] : null,
    sigmaRules(rules.sigma, can));
}

/**
 * The Sigma rules: how many run, the switches administrators set (with who, when and why), and the rules a filter
 * finds, each of which an administrator switches off (with a reason) or on, files untouched.
 */
function sigmaRules(initial, can) {
  const section = h('section', { id: 'sigma' });
  const filter = h('input', { id: 'sigma-filter', type: 'search', class: 'grow', placeholder: 'Filter by title, id, file or logsource' });
  const state = h('select', { id: 'sigma-state' }, ['', 'runs', 'disabled', 'unmapped'].map(value => h('option', { value, text: value || 'any state' })));
  const target = h('input', { id: 'switch-target', class: 'grow', placeholder: 'Rule id, or glob of rule files (windows/builtin/**)' });
  const reason = h('input', { id: 'switch-reason', class: 'grow', placeholder: 'Why (required to switch off)' });
  const error = h('span', { id: 'switch-error', class: 'error', role: 'alert' });
  const listing = h('div', { id: 'sigma-rules' });
  let sigma = initial;

  async function turn(what, enabled) {
    error.textContent = '';
    try {
      const answer = await post('/api/rules/sigma/switches', { target: what, enabled, reason: reason.value });
      toast(`${what}: ${answer.count} rule(s) ${enabled === null ? 'as the configuration says' : enabled ? 'switched on' : 'switched off'}`);
      sigma = (await get('/api/rules')).sigma;
      draw();
    } catch (e) {
      // Refusals say why (no reason given, a target naming no rule): beside the form, not lost in a toast.
      error.textContent = e.message;
    }
  }

  function list() {
    const words = filter.value.trim().toLowerCase();
    const found = sigma.rules.filter(rule => (!state.value || rule.state === state.value)
      && (!words || [rule.title, rule.id, rule.file, rule.logsource].some(text => (text || '').toLowerCase().includes(words))));
    replace(listing,
      h('p', { class: 'muted', text: found.length > SIGMA_ROWS ? `${found.length} rules; the first ${SIGMA_ROWS} shown: filter to narrow` : `${found.length} rules` }),
      table([
        { label: 'Title', value: rule => h('span', { title: rule.id || '', text: rule.title }) },
        { label: 'Level', value: rule => rule.level || '' },
        { label: 'Logsource', value: rule => rule.logsource },
        { label: 'State', value: rule => h('span', { class: `badge ${rule.state === 'runs' ? 'good' : ''}`, text: rule.state }) },
        { label: 'Matches', value: rule => rule.matches },
        { label: 'Alerts', value: rule => rule.alerts },
        { label: 'Throttled', value: rule => rule.throttled },
        { label: 'File', value: rule => h('span', { class: 'muted mono', text: rule.file }) },
        {
          label: '', value: rule => can('admin') && rule.state !== 'unmapped' ? h('button', {
            type: 'button', class: 'small quiet', text: rule.state === 'runs' ? 'Switch off…' : 'Switch on',
            onclick: () => {
              if (rule.state !== 'runs') return turn(rule.id || rule.file, true);
              // Off needs a reason: the rule goes into the form, where the reason is asked for.
              target.value = rule.id || rule.file;
              reason.focus();
            },
          }) : '',
        },
      ], found.slice(0, SIGMA_ROWS), { rowData: rule => ({ sigma: rule.id || rule.file }) }));
  }

  function draw() {
    if (!sigma.running) {
      replace(section, h('h2', { text: 'Sigma rules' }), h('p', { class: 'error', text: sigma.problem }));
      return;
    }
    const counts = {};
    sigma.rules.forEach(rule => { counts[rule.state] = (counts[rule.state] || 0) + 1; });
    replace(section,
      h('h2', { text: `Sigma rules (${counts.runs || 0} run of ${sigma.rules.length})` }),
      h('p', { class: 'muted', text: `From ${sigma.folder}: ${Object.entries(counts).map(([key, count]) => `${count} ${key}`).join(', ')}; ${sigma.refused.length} files refused` }),
      h('h3', { text: `Switches (${sigma.switches.length})` }),
      table([
        { label: 'Target', value: item => h('span', { class: 'mono', text: item.target }) },
        { label: 'Rules', value: item => h('span', { class: `badge ${item.enabled ? 'good' : 'bad'}`, text: item.enabled ? 'on' : 'off' }) },
        { label: 'By', value: item => item.by },
        { label: 'When', value: item => when(item.at) },
        { label: 'Why', value: item => item.reason },
        {
          label: '', value: item => can('admin') ? h('button', { type: 'button', class: 'small quiet', text: 'Remove', onclick: () => turn(item.target, null) }) : '',
        },
      ], sigma.switches, { empty: 'No switch: the rules run as the configuration says.', rowData: item => ({ target: item.target }) }),
      can('admin') ? h('form', {
        id: 'switch-form', class: 'toolbar', onsubmit: event => event.preventDefault(),
      }, target, reason,
      h('button', { type: 'button', id: 'switch-off', text: 'Switch off', onclick: () => turn(target.value, false) }),
      h('button', { type: 'button', id: 'switch-on', class: 'quiet', text: 'Switch on', onclick: () => turn(target.value, true) }), error) : null,
      h('div', { class: 'toolbar' }, filter, state),
      listing,
      sigma.refused.length ? [h('h3', { text: 'Sigma files refused' }), h('ul', {}, sigma.refused.map(file => h('li', { class: 'error', text: `${file.file}:${file.line}: ${file.feature}: ${file.reason}` })))] : null);
    list();
  }

  filter.addEventListener('input', list);
  state.addEventListener('change', list);
  draw();
  return section;
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
