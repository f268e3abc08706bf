/**
 * The bench's webhook receiver, run in its own process (forked by run.js, talking over IPC): a minimal
 * node:http server on 127.0.0.1 that reads each body and answers 200. Paths under /hang never get an answer.
 * It counts arrivals per path and, when asked, records when each `patient.created` event arrived.
 */
import { createServer } from 'node:http';

const counts = new Map();
let recording = false;
let arrivals = [];
let total = 0;
let firstAt = null;
/** Parent requests waiting for the answered count to reach a target. */
let waiters = [];
const hung = new Set();

const now = () => performance.timeOrigin + performance.now();

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const at = now();
    const path = req.url ?? '/';
    if (path.startsWith('/hang')) {
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }
    counts.set(path, (counts.get(path) ?? 0) + 1);
    total++;
    firstAt ??= at;
    if (waiters.length > 0) settle(at);
    if (recording) {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (event.event_type === 'patient.created') arrivals.push([event.resource_id, at]);
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
});
function settle(at) {
  const due = waiters.filter((w) => total >= w.target);
  if (due.length === 0) return;
  waiters = waiters.filter((w) => total < w.target);
  for (const w of due) process.send({ id: w.id, total, firstAt, reachedAt: at });
}

server.keepAliveTimeout = 60_000;

process.on('message', (message) => {
  switch (message.cmd) {
    case 'stats':
      process.send({ id: message.id, total, firstAt, counts: Object.fromEntries(counts), at: now() });
      break;
    case 'until':
      waiters.push({ id: message.id, target: message.target });
      settle(now());
      break;
    case 'reset':
      counts.clear();
      total = 0;
      firstAt = null;
      for (const w of waiters) process.send({ id: w.id, error: 'reset' });
      waiters = [];
      arrivals = [];
      recording = Boolean(message.record);
      for (const res of hung) res.destroy();
      process.send({ id: message.id });
      break;
    case 'arrivals':
      process.send({ id: message.id, arrivals });
      break;
    default:
      process.send({ id: message.id, error: `unknown command ${message.cmd}` });
  }
});

server.listen(0, '127.0.0.1', () => process.send({ ready: server.address().port }));
