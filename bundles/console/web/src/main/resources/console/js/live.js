// One live stream for the page: alerts and incidents as they change, and who views the incident open here.
const handlers = new Map();
// Who views the incident comes once, as the stream opens: kept for a page that starts listening a moment later.
const latest = new Map();
let source = null;
let viewing = null;

const EVENTS = ['hello', 'alert', 'incident', 'investigation', 'presence'];

export function on(event, handler) {
  if (!handlers.has(event)) handlers.set(event, new Set());
  handlers.get(event).add(handler);
  if (event === 'presence' && latest.has(viewing)) handler(latest.get(viewing));
  return () => handlers.get(event).delete(handler);
}

/** Opens the stream, telling the others that {@code incident} is viewed here (null: none). */
export function connect(incident = null) {
  if (source && viewing === incident && source.readyState !== EventSource.CLOSED) return;
  disconnect();
  viewing = incident;
  source = new EventSource('/api/stream' + (incident ? `?incident=${encodeURIComponent(incident)}` : ''));
  for (const event of EVENTS) {
    source.addEventListener(event, message => {
      const data = JSON.parse(message.data);
      if (event === 'presence') latest.set(data.incident, data);
      handlers.get(event)?.forEach(handler => handler(data));
    });
  }
  source.onopen = () => indicator(true);
  source.onerror = () => indicator(source && source.readyState === EventSource.OPEN);
}

export function disconnect() {
  if (source) source.close();
  latest.clear();
  source = null;
  indicator(false);
}

function indicator(open) {
  const live = document.getElementById('live');
  live.textContent = open ? 'live' : 'offline';
  live.className = open ? 'live on' : 'live off';
}
