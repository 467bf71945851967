import { get, post } from './api.js';
import { h, replace, when, toast, table } from './dom.js';

const DURATIONS = ['12hr', '1d', '2d', '3d', '1w', '30d'];

/** The watch list and the two block lists: what is on them until when, and handlers add and remove entries. */
export async function listsPage({ can, main }) {
  const watch = h('section', { id: 'watchlist' });
  const ip = h('section', { id: 'blocklist-ip' });
  const fqdn = h('section', { id: 'blocklist-fqdn' });

  async function drawWatch() {
    const items = await get('/getwatchlist');
    replace(watch, h('h2', { text: `Watch list (${items.length})` }),
      can('handler') ? adder('watchcontent', 'Term to watch for (user, host, address…)', '/watchitem', drawWatch) : null,
      table([
        { label: 'Term', value: item => item.watchcontent },
        { label: 'Added', value: item => when(item.dateAdded) },
        { label: 'Expires', value: item => when(item.dateExpiring) },
        { label: 'By', value: item => item.creator || '' },
        { label: 'Comment', value: item => item.comment || '' },
      ], items));
  }

  async function drawBlocked(section, kind, label, field, path) {
    const entries = await get(`/api/blocklist/${kind}`);
    replace(section, h('h2', { text: `${label} (${entries.length})` }),
      can('handler') ? adder(field, kind === 'ip' ? 'Address or network to block (203.0.113.7, 198.51.100.0/24)' : 'Domain name to block', path,
        () => drawBlocked(section, kind, label, field, path)) : null,
      table([
        { label: kind === 'ip' ? 'Address' : 'Domain', value: entry => entry.value, class: 'mono' },
        { label: 'Added', value: entry => when(entry.dateAdded) },
        { label: 'Expires', value: entry => when(entry.dateExpiring) },
        { label: 'By', value: entry => entry.creator || '' },
        { label: 'Reference', value: entry => entry.reference || '' },
        { label: 'Comment', value: entry => entry.comment || '' },
        {
          label: '', value: entry => can('handler') ? h('button', {
            type: 'button', class: 'small quiet', text: 'Unblock', onclick: async () => {
              try {
                await post(`/api/blocklist/${kind}/unblock`, { value: entry.value });
                toast(`${entry.value} unblocked`);
                drawBlocked(section, kind, label, field, path);
              } catch (e) {
                toast(e.message, 'error');
              }
            },
          }) : '',
        },
      ], entries));
  }

  function adder(field, placeholder, path, then) {
    const value = h('input', { name: field, class: 'grow', placeholder, required: true });
    const duration = h('select', { name: 'duration' }, DURATIONS.map(d => h('option', { value: d, text: d, selected: d === '1d' })));
    const comment = h('input', { name: 'comment', placeholder: 'Why (comment)' });
    const error = h('span', { class: 'error', role: 'alert' });
    return h('form', {
      class: 'toolbar', onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        try {
          await post(path, { [field]: value.value, duration: duration.value, comment: comment.value });
          toast(`${value.value} added`);
          then();
        } catch (e) {
          // Refusals say why (a private address, an allowed network): shown beside the form, not lost in a toast.
          error.textContent = e.message;
        }
      },
    }, value, duration, comment, h('button', { type: 'submit', text: 'Add' }), error);
  }

  replace(main, h('h1', { text: 'Watch and block lists' }), watch, ip, fqdn);
  await Promise.all([drawWatch(), drawBlocked(ip, 'ip', 'Blocked addresses', 'ipaddress', '/blockip'),
    drawBlocked(fqdn, 'fqdn', 'Blocked domains', 'fqdn', '/blockfqdn')]);
}
