/** bench/report.html: throughput bars (each beside its baseline) and the latency distribution, as inline SVG. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('./report.html', import.meta.url));
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function bars(title, items, unit) {
  const max = Math.max(...items.map((i) => i.value), 1);
  const rowH = 26;
  const h = items.length * rowH + 30;
  const rows = items
    .map((item, n) => {
      const y = 24 + n * rowH;
      const w = Math.max(1, (item.value / max) * 460);
      return `<text x="0" y="${y + 15}" font-size="12">${esc(item.label)}</text>
<rect x="230" y="${y}" width="${w}" height="18" fill="${item.baseline ? '#9aa5b1' : '#2f6fdf'}"/>
<text x="${236 + w}" y="${y + 14}" font-size="12">${Math.round(item.value)} ${unit}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="820" height="${h}" font-family="sans-serif">
<text x="0" y="14" font-weight="bold">${esc(title)}</text>${rows}</svg>`;
}

function latencyChart(latencies, p50, p99) {
  if (latencies.length === 0) return '<p>No latency samples.</p>';
  const max = latencies[latencies.length - 1];
  const W = 760;
  const H = 220;
  const pts = latencies
    .map((v, i) => `${40 + (v / max) * W},${H - 20 - ((i + 1) / latencies.length) * (H - 40)}`)
    .join(' ');
  const mark = (v, label) =>
    `<line x1="${40 + (v / max) * W}" x2="${40 + (v / max) * W}" y1="20" y2="${H - 20}" stroke="#d33" stroke-dasharray="4"/>
<text x="${44 + (v / max) * W}" y="32" font-size="11" fill="#d33">${label} ${v.toFixed(1)} ms</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W + 60}" height="${H + 10}" font-family="sans-serif">
<text x="0" y="14" font-weight="bold">Commit-to-delivery latency, cumulative (x: 0 – ${max.toFixed(1)} ms)</text>
<polyline fill="none" stroke="#2f6fdf" stroke-width="2" points="${pts}"/>
<line x1="40" x2="${40 + W}" y1="${H - 20}" y2="${H - 20}" stroke="#333"/>
${mark(p50, 'p50')}${mark(p99, 'p99')}</svg>`;
}

/** Writes the report and returns its path. */
export function writeReport(r, json) {
  const html = `<!doctype html><meta charset="utf-8"><title>carehooks bench (${esc(json.store)})</title>
<body style="font-family:sans-serif;max-width:900px">
<h1>carehooks bench: ${esc(json.store)}, ${esc(new Date().toISOString())}</h1>
<p>Grey bars are the baseline each figure is measured against in the same run.</p>
${bars(
  'Delivery throughput (deliveries/s)',
  [
    { label: 'wire: undici → receiver', value: r.wire.rps, baseline: true },
    { label: 'dispatch: engine', value: r.dispatch.rps },
    ...(r.peer ? [{ label: 'peer: graphile-worker, batched', value: r.peer.rps, baseline: true }] : []),
    { label: 'dispatch: ordered per resource', value: r.orderedDispatch.rps },
    { label: 'isolation: 10 healthy', value: r.isolationHealthy.rps, baseline: true },
    { label: 'isolation: 9 healthy + 1 hung', value: r.isolationHung.rps },
    { label: `backlog: ${r.backlogSmall.expected} pending`, value: r.backlogSmall.rps, baseline: true },
    { label: `backlog: ${r.backlogLarge.expected} pending`, value: r.backlogLarge.rps },
  ],
  '/s',
)}
${bars(
  'GraphQL mutations/s',
  [
    { label: 'fsync: single-row commits', value: r.fsyncRps, baseline: true },
    { label: 'no webhook', value: r.e2e.offRps, baseline: true },
    { label: 'one webhook subscribed', value: r.e2e.onRps },
    { label: 'saturated, webhook on', value: r.saturated.rps },
  ],
  '/s',
)}
<p>Saturated: ${Math.round(r.saturated.events)} events created, ${(100 * r.saturated.keepup).toFixed(1)}% delivered by
the moment the load stopped; answer → arrival p50 ${r.saturated.lagP50.toFixed(1)} ms, p99
${r.saturated.lagP99.toFixed(1)} ms.</p>
${latencyChart(r.e2e.latencies, r.e2e.p50, r.e2e.p99)}
<p>Latency: receiver arrival − mutation request start, createClient at ${Math.round(r.e2e.rate)}/s
(half the saturated rate with a webhook).</p>
<pre>${esc(JSON.stringify(json, null, 2))}</pre></body>`;
  writeFileSync(FILE, html);
  return FILE;
}
