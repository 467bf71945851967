// Elements are built, never parsed from strings: a field of an event is always text, so nothing in a log line runs.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return isNaN(date) ? String(iso) : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function ago(iso) {
  const seconds = Math.round((Date.now() - new Date(iso)) / 1000);
  if (isNaN(seconds)) return '';
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

export function toast(message, kind = 'info') {
  const item = h('div', { class: `toast ${kind}`, text: message });
  document.getElementById('toasts').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

export function table(columns, rows, options = {}) {
  const body = h('tbody', {}, rows.map(row => {
    const tr = h('tr', { class: options.rowClass?.(row), dataset: options.rowData?.(row), onclick: options.onRow ? () => options.onRow(row) : null },
      columns.map(column => h('td', { class: column.class }, column.value(row))));
    if (options.onRow) tr.classList.add('link');
    return tr;
  }));
  if (!rows.length) body.append(empty(columns.length, options.empty || 'None.'));
  return grid(columns.map(column => column.label), body, options.class);
}

/** A table of the console's look: a header row of {@code labels} over {@code body} (a tbody, kept by pages that update it). */
export function grid(labels, body, className = 'grid') {
  return h('table', { class: className }, h('thead', {}, h('tr', {}, labels.map(label => h('th', { text: label })))), body);
}

/** The one row of a table with nothing in it, saying so. */
export function empty(columns, text) {
  return h('tr', { class: 'empty' }, h('td', { colspan: columns, class: 'muted', text }));
}

export function severityBadge(severity) {
  const label = (severity || 'INFO').toUpperCase();
  return h('span', { class: `badge sev-${label.toLowerCase()}`, text: label });
}

export function field(label, input) {
  return h('label', { class: 'field' }, h('span', { text: label }), input);
}

/** A short, readable rendering of a JSON value. */
export function pretty(value) {
  return h('pre', { class: 'json', text: JSON.stringify(value, null, 2) });
}
