// Charts over uPlot (a WebJar served by the console itself).

/** Bars of counts over time: buckets [{key: ISO date, count}]. */
export function timeBars(container, buckets, { label = 'events', height = 160 } = {}) {
  container.replaceChildren();
  if (!window.uPlot || !buckets?.length) return null;
  const xs = buckets.map(bucket => new Date(bucket.key).getTime() / 1000);
  const ys = buckets.map(bucket => bucket.count);
  const width = Math.max(container.clientWidth, 320);
  return new window.uPlot({
    width, height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (plot, min, max) => [0, Math.max(1, max)] } },
    axes: [{ stroke: '#56657a' }, { stroke: '#56657a', size: 50 }],
    series: [{}, { label, fill: 'rgba(18, 85, 155, 0.55)', stroke: '#12559b', paths: window.uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }],
  }, [xs, ys], container);
}

/** Horizontal bars for terms: [{key, count}], each clickable when {@code onPick} is given. */
export function termBars(buckets, onPick) {
  const max = Math.max(1, ...buckets.map(bucket => bucket.count));
  const list = document.createElement('ul');
  list.className = 'terms';
  for (const bucket of buckets) {
    const item = document.createElement('li');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round((bucket.count / max) * 100)}%`;
    const key = document.createElement(onPick ? 'button' : 'span');
    key.className = onPick ? 'term link' : 'term';
    key.textContent = bucket.key;
    if (onPick) {
      key.type = 'button';
      key.addEventListener('click', () => onPick(bucket.key));
    }
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = bucket.perSecond !== undefined ? `${bucket.count} (${bucket.perSecond.toFixed(2)}/s)` : bucket.count;
    item.append(bar, key, count);
    list.append(item);
  }
  return list;
}
