import { get, post, patch, ApiError } from './api.js';
import { h, replace, when, ago, toast, field, empty, grid } from './dom.js';
import * as live from './live.js';

const PHASES = ['Identification', 'Containment', 'Eradication', 'Recovery', 'Lessons Learned', 'Closed'];
const DATES = [['dateOpened', 'Opened'], ['dateDiscovered', 'Discovered'], ['dateVerified', 'Verified'], ['dateMitigated', 'Mitigated'],
  ['dateContained', 'Contained'], ['dateClosed', 'Closed']];
const LISTS = [['notes', 'Notes'], ['theories', 'Theories'], ['evidence', 'Evidence'], ['indicators', 'Indicators'], ['mitigations', 'Mitigations'],
  ['lessons', 'Lessons'], ['references', 'References']];

/** Incidents or investigations: newest first, changes by others shown as they are saved; handlers open new ones. */
export async function incidentsPage({ can, main }, kind) {
  const base = `/api/${kind}s`;
  const q = h('input', { type: 'search', class: 'grow', placeholder: `Search ${kind}s` });
  const phase = h('select', {}, h('option', { value: '', text: 'any phase' }), PHASES.map(value => h('option', { value, text: value })));
  const rows = h('tbody', { id: 'incidents' });

  function row(incident) {
    const source = incident.source;
    return h('tr', { class: 'link', dataset: { id: incident.id }, onclick: () => { location.hash = `#/${kind}s/${encodeURIComponent(incident.id)}`; } },
      h('td', { title: when(source.dateOpened), text: ago(source.dateOpened) }),
      h('td', { class: 'summary', text: source.summary }),
      h('td', {}, h('span', { class: `phase ph-${(source.phase || '').replace(/\s/g, '-').toLowerCase()}`, text: source.phase })),
      h('td', { text: source.assignee || '' }), h('td', { text: source.creator || '' }), h('td', { text: (source.tags || []).join(', ') }));
  }

  async function load() {
    const page = await get(base, { q: q.value, phase: phase.value, size: 100 });
    replace(rows, page.items.length ? page.items.map(row) : empty(6, q.value || phase.value ? `No ${kind} matches.` : `No ${kind}s yet.`));
  }

  const summary = h('input', { name: 'summary', class: 'grow', placeholder: `Summary of the new ${kind}`, required: true });
  const open = can('handler') ? h('form', {
    class: 'toolbar', onsubmit: async event => {
      event.preventDefault();
      try {
        const made = await post(base, { summary: summary.value });
        location.hash = `#/${kind}s/${encodeURIComponent(made.id)}`;
      } catch (e) {
        toast(e.message, 'error');
      }
    },
  }, summary, h('button', { type: 'submit', text: `Open ${kind}` })) : null;

  q.addEventListener('keydown', event => { if (event.key === 'Enter') load(); });
  phase.addEventListener('change', load);
  replace(main, h('h1', { text: kind === 'incident' ? 'Incidents' : 'Investigations' }), open,
    h('div', { class: 'toolbar' }, q, phase, h('button', { type: 'button', text: 'Search', onclick: load })),
    grid(['Opened', 'Summary', 'Phase', 'Assignee', 'Creator', 'VERIS'], rows));
  await load();
  return live.on(kind, incident => {
    const current = rows.querySelector(`tr[data-id="${CSS.escape(incident.id)}"]`);
    if (current) current.replaceWith(row(incident));
    else if (!phase.value && !q.value) {
      rows.querySelector('tr.empty')?.remove();
      rows.prepend(row(incident));
    }
  });
}

/**
 * One incident, worked on together. Another handler's save arrives within a second: fields this handler has not
 * touched take the new values at once, the form moves to the new version, and a field typed here that the other
 * changed too is a conflict, shown field by field beside theirs for this handler to choose. A save that raced an unseen
 * one gets the API's 409 and is handled the same way. Nothing is overwritten unseen, nothing typed is lost.
 */
export async function incidentPage({ me, can, main }, kind, id) {
  live.connect(id);
  const path = `/api/${kind}s/${encodeURIComponent(id)}`;
  const taxonomy = get('/api/veris/taxonomy').then(answer => answer.tags).catch(() => []);
  const editable = can('handler');
  let base = await get(path);
  // The version before the latest, to say what the latest changed.
  let previous = base;

  const inputs = {
    summary: h('input', { name: 'summary', id: 'f-summary', disabled: !editable }),
    description: h('textarea', { name: 'description', id: 'f-description', rows: 4, disabled: !editable }),
    phase: h('select', { name: 'phase', id: 'f-phase', disabled: !editable }, PHASES.map(value => h('option', { value, text: value }))),
    assignee: h('input', { name: 'assignee', id: 'f-assignee', disabled: !editable }),
  };
  for (const [name] of DATES) inputs[name] = h('input', { type: 'datetime-local', name, id: `f-${name}`, step: 1, disabled: !editable });
  let tags = [];

  const presence = h('div', { class: 'presence', id: 'presence' });
  const notice = h('div', { class: 'notice', id: 'notice', hidden: true });
  const conflict = h('div', { class: 'conflict', id: 'conflict', hidden: true });
  const tagBox = h('div', { class: 'chips', id: 'tags' });
  const tagSearch = h('input', { type: 'search', id: 'veris-search', placeholder: 'Find a VERIS tag (e.g. phishing)', disabled: !editable });
  const tagChoices = h('ul', { class: 'choices', id: 'veris-choices' });
  // Made once, so a note being typed in one is not lost when another handler's change redraws the entries.
  const sections = Object.fromEntries(LISTS.map(([list]) => [list, { heading: h('h3'), entries: h('ul') }]));
  const lists = h('div', { class: 'lists' }, LISTS.map(([list, label]) => h('section', { class: 'list', dataset: { list } },
    sections[list].heading, sections[list].entries, editable ? addForm(list, label) : null)));
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });
  const title = h('h1', { id: 'incident-title' });
  const saved = h('span', { class: 'muted', id: 'saved' });
  const save = h('button', { type: 'submit', id: 'save', text: 'Save', disabled: !editable });

  const value = (source, name) => {
    if (name === 'tags') return JSON.stringify(source.tags || []);
    const raw = source[name];
    if (DATES.some(([date]) => date === name)) return raw ? local(raw) : '';
    return raw ?? (name === 'phase' ? PHASES[0] : '');
  };
  const formValue = name => {
    if (name === 'tags') return JSON.stringify(tags);
    const typed = inputs[name].value;
    // A datetime-local input drops ":00" seconds from what it was given: the same time, not a change.
    return inputs[name].type === 'datetime-local' && typed.length === 16 ? `${typed}:00` : typed;
  };
  const names = [...Object.keys(inputs), 'tags'];
  const touched = () => names.filter(name => formValue(name) !== value(base.source, name));

  function fill(source, only) {
    for (const name of Object.keys(inputs)) if (!only || only.includes(name)) inputs[name].value = value(source, name);
    if (!only || only.includes('tags')) {
      tags = [...(source.tags || [])];
      drawTags();
    }
  }

  function drawTags() {
    replace(tagBox, tags.length ? tags.map(tag => h('span', { class: 'chip' }, tag,
      editable ? h('button', { type: 'button', class: 'x', title: 'Remove', text: '×', onclick: () => { tags = tags.filter(t => t !== tag); drawTags(); } }) : null))
      : h('span', { class: 'muted', text: 'No VERIS tags yet' }));
  }

  async function drawChoices() {
    const words = tagSearch.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return tagChoices.replaceChildren();
    const found = (await taxonomy).filter(tag => !tags.includes(tag) && words.every(word => tag.toLowerCase().includes(word))).slice(0, 12);
    replace(tagChoices, found.length ? found.map(tag => h('li', {}, h('button', {
      type: 'button', class: 'link', text: tag, onclick: () => { tags.push(tag); drawTags(); tagSearch.value = ''; tagChoices.replaceChildren(); },
    }))) : h('li', { class: 'muted', text: 'No tag matches' }));
  }

  function drawDocument(doc) {
    const source = doc.source;
    title.textContent = source.summary;
    saved.textContent = `version ${doc.version} · changed ${ago(source.dateModified || source.dateOpened)}${source.modifiedBy ? ` by ${source.modifiedBy}` : ''}`;
    for (const [list, label] of LISTS) {
      const entries = source[list] || [];
      sections[list].heading.textContent = `${label} (${entries.length})`;
      replace(sections[list].entries, entries.map(entry => h('li', {}, h('span', { class: 'text', text: entry.text }),
        h('span', { class: 'muted', text: ` — ${entry.author || ''}, ${when(entry.date)}` }))));
    }
    drawTimeline(source);
  }

  function addForm(list, label) {
    const text = h('input', { name: 'text', class: 'grow', placeholder: `Add to ${label.toLowerCase()}`, required: true });
    return h('form', {
      class: 'toolbar', onsubmit: async event => {
        event.preventDefault();
        try {
          arrived(await post(`${path}/${list}`, { text: text.value }), true);
          text.value = '';
        } catch (e) {
          toast(e.message, 'error');
        }
      },
    }, text, h('button', { type: 'submit', class: 'small', text: 'Add' }));
  }

  function drawTimeline(source) {
    const items = DATES.filter(([name]) => source[name]).map(([name, label]) => ({ date: source[name], text: label, kind: 'date' }));
    for (const [list, label] of LISTS) {
      for (const entry of source[list] || []) items.push({ date: entry.date, text: `${label.replace(/s$/, '')}: ${entry.text}`, by: entry.author, kind: list });
    }
    items.sort((a, b) => new Date(a.date) - new Date(b.date));
    replace(timeline, items.map(item => h('li', { class: `tl-${item.kind}` }, h('time', { text: when(item.date) }), h('span', { text: item.text }),
      item.by ? h('span', { class: 'muted', text: ` (${item.by})` }) : null)));
  }

  /**
   * A newer version, from the live feed or from this page's own append: the form moves to it, keeping what was typed
   * here; a field typed here that the other handler changed too is a conflict, shown at once.
   */
  function arrived(doc, own) {
    if (doc.id !== id || doc.version === base.version) return;
    const clashes = rebase(doc);
    if (clashes.length) {
      notice.hidden = true;
      return showConflict(clashes, doc);
    }
    // One's own save can come back through the stream before its answer does: no news to oneself.
    if (!own && doc.source.modifiedBy !== me.user) {
      const changed = names.filter(name => value(doc.source, name) !== value(previous.source, name));
      if (changed.length) showNotice(`${doc.source.modifiedBy || 'Someone'} changed ${changed.join(', ')} just now.`);
    }
  }

  /** Moves the form to {@code doc}: untouched fields take its values; answers the touched ones it changed otherwise. */
  function rebase(doc) {
    const mine = touched();
    const changedThere = names.filter(name => value(doc.source, name) !== value(base.source, name));
    const clashes = mine.filter(name => changedThere.includes(name) && formValue(name) !== value(doc.source, name));
    fill(doc.source, changedThere.filter(name => !mine.includes(name)));
    previous = base;
    base = doc;
    drawDocument(doc);
    return clashes;
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = false;
  }

  function changes(fields) {
    const body = {};
    for (const name of fields) {
      if (name === 'tags') body.tags = tags;
      else if (DATES.some(([date]) => date === name)) body[name] = inputs[name].value ? new Date(inputs[name].value).toISOString() : null;
      else body[name] = inputs[name].value;
    }
    return body;
  }

  async function submit() {
    const mine = touched();
    if (!mine.length) return toast('Nothing changed');
    try {
      const doc = await patch(path, changes(mine), base.version);
      previous = base;
      base = doc;
      fill(doc.source);
      drawDocument(doc);
      conflict.hidden = true;
      notice.hidden = true;
      toast('Saved');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409 && e.body?.current)) return toast(e.message, 'error');
      // Saved by someone else in between, unseen here: only the fields both changed need a choice.
      const clashes = rebase(e.body.current);
      if (clashes.length) return showConflict(clashes, e.body.current);
      return submit();
    }
  }

  /** Fields both handlers changed, theirs (saved) beside mine (typed here, not saved), and the choice of which stays. */
  function showConflict(clashes, current) {
    const rows = clashes.map(name => h('tr', {}, h('th', { text: name }),
      h('td', { class: 'theirs', text: display(current.source, name) }), h('td', { class: 'mine', text: name === 'tags' ? tags.join(', ') : inputs[name].value })));
    replace(conflict,
      h('h3', { text: `${current.source.modifiedBy || 'Another handler'} changed what you are editing` }),
      h('p', { text: 'Both of you changed these fields. Nothing was overwritten: choose what stays.' }),
      grid(['Field', 'Theirs (saved)', 'Yours (not saved)'], h('tbody', {}, rows)),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', id: 'keep-mine', text: 'Save mine over theirs', onclick: () => submit() }),
        h('button', { type: 'button', id: 'take-theirs', class: 'quiet', text: 'Take theirs', onclick: () => { fill(base.source, clashes); conflict.hidden = true; } })));
    conflict.hidden = false;
  }

  function display(source, name) {
    if (name === 'tags') return (source.tags || []).join(', ');
    return DATES.some(([date]) => date === name) ? when(source[name]) : source[name] ?? '';
  }

  const form = h('form', {
    class: 'incident', onsubmit: event => {
      event.preventDefault();
      submit();
    },
  },
  field('Summary', inputs.summary), field('Description', inputs.description),
  h('div', { class: 'row' }, field('Phase', inputs.phase), field('Assignee', inputs.assignee)),
  h('fieldset', {}, h('legend', { text: 'Dates' }), h('div', { class: 'dates' }, DATES.map(([name, label]) => field(label, inputs[name])))),
  h('fieldset', { class: 'veris' }, h('legend', { text: 'VERIS' }), tagBox, tagSearch, tagChoices),
  h('div', { class: 'toolbar' }, save, saved));

  tagSearch.addEventListener('input', drawChoices);
  const alerts = (base.source.alerts || []).map(alert => h('li', {}, h('a', { href: `#/alerts/${encodeURIComponent(alert)}`, text: alert })));
  replace(main,
    h('p', {}, h('a', { href: `#/${kind}s`, text: `← ${kind === 'incident' ? 'Incidents' : 'Investigations'}` })),
    h('div', { class: 'toolbar' }, title, h('span', { class: 'grow' }), presence),
    notice, conflict,
    h('div', { class: 'split' }, h('div', {}, form, lists), h('aside', {},
      h('h2', { text: 'Timeline' }), timeline,
      h('h2', { text: 'Alerts' }), alerts.length ? h('ul', {}, alerts) : h('p', { class: 'muted', text: 'None linked' }),
      h('p', { class: 'muted', text: `Opened by ${base.source.creator || 'unknown'}` }))));
  fill(base.source);
  drawDocument(base);
  replace(presence, h('span', { class: 'muted', text: 'Only you are here' }));

  const offs = [
    live.on(kind, doc => arrived(doc, false)),
    live.on('presence', data => {
      if (data.incident !== id) return;
      const others = data.viewers.filter(name => name !== me.user);
      replace(presence, others.length
        ? [h('span', { class: 'muted', text: 'Also here: ' }), others.map(name => h('span', { class: 'viewer', text: name }))]
        : h('span', { class: 'muted', text: 'Only you are here' }));
    }),
  ];
  return () => {
    offs.forEach(off => off());
    };
}

/** An ISO date as a datetime-local input wants it: the browser's local time, to the second. */
function local(iso) {
  const date = new Date(iso);
  if (isNaN(date)) return '';
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
