/**
 * `npm run bench [-- --quick] [-- --postgres] [-- --json] [-- --profile]`: the delivery engine against its
 * limits. The server, the receiver and this driver each run in their own process, all on 127.0.0.1.
 * Every figure stands beside a baseline measured in the same run; see bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Pool } from 'undici';
import { DELIVERY_ID_HEADER } from '../packages/server/dist/core/wire/index.js';
import { shapeEvent } from '../packages/server/dist/events/outbox.js';
import { signDelivery } from '../packages/server/dist/delivery/signature.js';
import { version } from '../packages/server/dist/version.js';
import { loadPeerJobs, startPeerWorker } from './peer-graphile.js';
import { freshDatabase, startPostgres } from './postgres.js';
import { startReceiver, startServer } from './processes.js';
import { writeReport } from './report.js';
import { addWebhooks, bulkLoad, emitEvents, prepareStore } from './store.js';

const flags = new Set(process.argv.slice(2));
const quick = flags.has('--quick');
const asJson = flags.has('--json');
const profileDir = flags.has('--profile')
  ? fileURLToPath(new URL('../.tmp/bench-profiles', import.meta.url))
  : undefined;

/**
 * Engine defaults: 256 sends in flight in all, and per webhook 16 at first, growing to 64 while it answers
 * 2xx fast (the bench's receiver always does).
 */
const MAX_IN_FLIGHT = 256;
const PER_WEBHOOK_BURST = 64;

/** The sends the engine keeps in flight to `webhooks` fast webhooks: what the wire and the peer get too. */
const engineConcurrency = (webhooks) => Math.min(MAX_IN_FLIGHT, webhooks * PER_WEBHOOK_BURST);
const sizes = quick
  ? {
      events: 1500,
      fanOut: 4,
      e2eSeconds: 2,
      e2eConcurrency: 16,
      latencySeconds: 2,
      saturatedSeconds: 5,
      fsyncSeconds: 1,
      isolationEvents: 600,
      backlogSmall: 1250,
      backlogLarge: 25_000,
      backlogWindow: 5000,
    }
  : {
      events: 10_000,
      fanOut: 4,
      e2eSeconds: 8,
      e2eConcurrency: 16,
      latencySeconds: 8,
      saturatedSeconds: 30,
      fsyncSeconds: 3,
      isolationEvents: 3000,
      backlogSmall: 2500,
      backlogLarge: 250_000,
      backlogWindow: 40_000,
    };
const WAIT_MS = quick ? 60_000 : 300_000;
/**
 * The dispatch phases' events cycle over this many resources, interleaved, so that per-resource ordering has
 * queues to keep (each resource gets events / 100 of them); the unordered engine ignores resource ids.
 */
const DISPATCH_RESOURCES = 100;
/** A drain phase that has not finished by then is reported as it stands. */
const PHASE_CAP_MS = quick ? 15_000 : 90_000;

const log = (...parts) => {
  if (!asJson) console.error(...parts);
};
const ratePerSecond = (count, fromMs, toMs) => (count <= 1 ? 0 : (count - 1) / ((toMs - fromMs) / 1000));
const epochNow = () => performance.timeOrigin + performance.now();
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

let pgServer = null;
const tempDirs = [];
async function newTarget(phase) {
  if (pgServer) return { kind: 'postgres', url: await freshDatabase(pgServer.url, `bench_${phase}`) };
  const dataDir = mkdtempSync(join(tmpdir(), `carehooks-bench-${phase}-`));
  tempDirs.push(dataDir);
  return { kind: 'sqlite', dataDir };
}

/**
 * Prepares a store (webhooks at `paths` of the receiver, with `webhookOptions`, then `load(store, org)`),
 * then serves it.
 */
async function serveStore(phase, receiver, paths, load, webhookOptions = {}) {
  const target = await newTarget(phase);
  const { store, org } = await prepareStore(target);
  await addWebhooks(
    store,
    org.organizationId,
    paths.map((p) => receiver.url + p),
    webhookOptions,
  );
  if (load) await load(store, org);
  await store.close();
  const server = await startServer(target, { profileDir: profileDir && join(profileDir, phase) });
  return { server, org };
}

/** Engine throughput on a preloaded store: deliveries/s between the first and the `expected`-th answered. */
async function drain(phase, receiver, paths, load, expected, window = expected, webhookOptions = {}) {
  await receiver.reset();
  const done = receiver.until(window, WAIT_MS).catch(() => null);
  const { server } = await serveStore(phase, receiver, paths, load, webhookOptions);
  try {
    const r = await Promise.race([done, new Promise((resolve) => setTimeout(resolve, PHASE_CAP_MS))]);
    if (r) {
      // Let the sampler pass the window's end before reading the CPU time spent inside it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return {
        rps: ratePerSecond(window, r.firstAt, r.reachedAt),
        cpuUsPerDelivery: (server.cpuMsBetween(r.firstAt, r.reachedAt) * 1000) / (window - 1),
        peakRssMb: server.peakRssMb(),
        expected,
      };
    }
    // Stalled: report the rate so far rather than wait for ever.
    const s = await receiver.stats();
    log(`  ${phase}: only ${s.total} of ${window} answered after ${PHASE_CAP_MS / 1000} s`);
    return {
      rps: ratePerSecond(s.total, s.firstAt ?? s.at, s.at),
      peakRssMb: server.peakRssMb(),
      expected,
      stalled: true,
    };
  } finally {
    await server.stop();
  }
}

/**
 * 2b. With --postgres, the peer: graphile-worker (batched) sending dispatch's deliveries, one job each, from a
 * fresh database on the same PostgreSQL server to the same receiver paths (peer-graphile.js).
 */
async function peerDispatch(receiver, paths, events) {
  const url = await freshDatabase(pgServer.url, 'bench_peer');
  await loadPeerJobs(
    url,
    paths.map((p) => receiver.url + p),
    events,
  );
  const total = events * paths.length;
  await receiver.reset();
  const done = receiver.until(total, WAIT_MS).catch(() => null);
  const worker = await startPeerWorker(url, engineConcurrency(paths.length));
  try {
    const r = await Promise.race([done, new Promise((resolve) => setTimeout(resolve, PHASE_CAP_MS))]);
    if (!r) {
      const s = await receiver.stats();
      log(`  peer: only ${s.total} of ${total} answered after ${PHASE_CAP_MS / 1000} s`);
      return { rps: ratePerSecond(s.total, s.firstAt ?? s.at, s.at), stalled: true };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      rps: ratePerSecond(total, r.firstAt, r.reachedAt),
      cpuUsPerDelivery: (worker.cpuMsBetween(r.firstAt, r.reachedAt) * 1000) / (total - 1),
    };
  } finally {
    await worker.stop();
  }
}

const webhookPaths = (n) => Array.from({ length: n }, (_, i) => `/w${i}`);

/**
 * 1. The same signed POSTs from undici straight to the receiver, at the engine's concurrency. Returns the
 * rate and this process's CPU µs per request (what the bare client costs, beside the engine's per delivery).
 */
async function wire(receiver, total, paths) {
  const concurrency = engineConcurrency(paths.length);
  const pool = new Pool(receiver.url, { connections: concurrency, pipelining: 1 });
  const secret = 'bench-secret';
  const requests = paths.map((path) => {
    const body = Buffer.from(
      shapeEvent({ organizationId: 1, eventType: 'patient.created', resourceId: 1234567 }).body,
    );
    const headers = {
      'User-Agent': `carehooks/${version}`,
      ...signDelivery({ url: new URL(receiver.url + path), body, secret }),
    };
    return { path, body, headers };
  });
  await receiver.reset();
  const done = receiver.until(total, WAIT_MS);
  const cpuBefore = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const { path, body, headers } = requests[i % requests.length];
        const res = await pool.request({
          path,
          method: 'POST',
          body,
          headers: { ...headers, [DELIVERY_ID_HEADER]: String(i) },
        });
        await res.body.dump();
      }
    }),
  );
  const { user, system } = process.cpuUsage(cpuBefore);
  const r = await done;
  await pool.close();
  return { rps: ratePerSecond(total, r.firstAt, r.reachedAt), cpuUsPerRequest: (user + system) / total };
}

const CREATE_CLIENT = `mutation($input: createClientInput) {
  createClient(input: $input) { user { id first_name email } messages { field message } }
}`;
const UPDATE_CLIENT = `mutation($input: updateClientInput) {
  updateClient(input: $input) { user { id first_name } messages { field message } }
}`;

function graphqlClient(url, apiKey, connections) {
  const endpoint = new URL(url);
  const pool = new Pool(endpoint.origin, { connections });
  let n = 0;
  return {
    /** Resolves with the new client's id once the answer is in. */
    async createClient() {
      const i = ++n;
      const data = await call(CREATE_CLIENT, {
        input: {
          first_name: 'Ada',
          last_name: `Bench${i}`,
          email: `ada${i}.${process.pid}@example.com`,
          dob: '1990-12-10',
        },
      });
      return data.createClient.user.id;
    },
    async updateClient(id) {
      await call(UPDATE_CLIENT, { input: { id, first_name: `Renamed${++n}` } });
    },
    close: () => pool.close(),
  };
  async function call(query, variables) {
    const res = await pool.request({
      path: endpoint.pathname,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${apiKey}`,
        authorizationsource: 'API',
      },
      body: JSON.stringify({ query, variables }),
    });
    const json = await res.body.json();
    const field = json.data && Object.values(json.data)[0];
    if (json.errors || !field || field.messages?.length) {
      throw new Error(`mutation failed (${res.statusCode}): ${JSON.stringify(json).slice(0, 500)}`);
    }
    return json.data;
  }
}

/**
 * Closed loop: `concurrency` callers, three createClient to one updateClient, after a second of warm-up.
 * Returns mutations/s, the events created (warm-up included) and the server's CPU µs per mutation.
 * `onCreated(id, ackedAt)` sees each new client as its answer arrives.
 */
async function mutationLoad(client, server, seconds, concurrency, onCreated = () => {}) {
  const created = [];
  let count = 0;
  let events = 0;
  const op = async () => {
    if (created.length > 0 && count % 4 === 3) await client.updateClient(created[count % created.length]);
    else {
      const id = await client.createClient();
      onCreated(id, epochNow());
      created.push(id);
    }
    count++;
    events++;
  };
  const run = async (ms) => {
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) await op();
      }),
    );
  };
  await run(1000); // warm-up: JIT, connections, statement caches
  count = 0;
  const cpuBefore = server.cpuMs();
  const started = performance.now();
  await run(seconds * 1000);
  const rps = count / ((performance.now() - started) / 1000);
  return { rps, events, cpuUsPerMutation: ((server.cpuMs() - cpuBefore) * 1000) / count };
}

/** 3. Mutations/s with and without a subscribed webhook, then commit-to-delivery latency at half that rate. */
async function endToEnd(receiver) {
  const off = await serveStore('e2e_off', receiver, [], null);
  let offRps;
  let cpuUsPerMutation;
  try {
    const client = graphqlClient(off.server.url, off.org.apiKey, sizes.e2eConcurrency);
    ({ rps: offRps, cpuUsPerMutation } = await mutationLoad(
      client,
      off.server,
      sizes.e2eSeconds,
      sizes.e2eConcurrency,
    ));
    await client.close();
  } finally {
    await off.server.stop();
  }
  await receiver.reset();
  const on = await serveStore('e2e_on', receiver, ['/e2e'], null);
  try {
    const client = graphqlClient(on.server.url, on.org.apiKey, sizes.e2eConcurrency);
    const { rps: onRps, events } = await mutationLoad(
      client,
      on.server,
      sizes.e2eSeconds,
      sizes.e2eConcurrency,
    );
    await receiver.until(events, WAIT_MS); // the throughput run's deliveries are out before latency starts
    const latency = await latencyAt(client, receiver, onRps / 2, sizes.latencySeconds);
    await client.close();
    return { offRps, onRps, cpuUsPerMutation, ...latency, peakRssMb: on.server.peakRssMb() };
  } finally {
    await on.server.stop();
  }
}

/** Open loop at `rate` createClient/s; latency = receiver arrival − mutation request start. */
async function latencyAt(client, receiver, rate, seconds) {
  await receiver.reset(true);
  const startedById = new Map();
  const inflight = [];
  const total = Math.max(1, Math.round(rate * seconds));
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const startedAt = performance.timeOrigin + performance.now();
    inflight.push(client.createClient().then((id) => startedById.set(id, startedAt)));
  }
  await Promise.all(inflight);
  await receiver.until(total, WAIT_MS);
  const { arrivals } = await receiver.arrivals();
  const latencies = arrivals
    .filter(([id]) => startedById.has(id))
    .map(([id, at]) => at - startedById.get(id))
    .sort((a, b) => a - b);
  return { rate, latencies, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/**
 * 4. The API saturated for `seconds` with the webhook on: how many of the events created had arrived when the
 * load stopped (`keepup`), and each createClient's delivery lag, receiver arrival − mutation answer.
 */
async function saturated(receiver) {
  await receiver.reset(true);
  const { server, org } = await serveStore('saturated', receiver, ['/saturated'], null);
  try {
    const client = graphqlClient(server.url, org.apiKey, sizes.e2eConcurrency);
    const ackedAt = new Map();
    const { rps, events } = await mutationLoad(
      client,
      server,
      sizes.saturatedSeconds,
      sizes.e2eConcurrency,
      (id, at) => ackedAt.set(id, at),
    );
    const arrivedAtStop = (await receiver.stats()).total;
    await client.close();
    await receiver.until(events, WAIT_MS);
    const { arrivals } = await receiver.arrivals();
    const lags = arrivals
      .filter(([id]) => ackedAt.has(id))
      .map(([id, at]) => at - ackedAt.get(id))
      .sort((a, b) => a - b);
    return {
      rps,
      events,
      keepup: arrivedAtStop / events,
      lagP50: percentile(lags, 0.5),
      lagP99: percentile(lags, 0.99),
    };
  } finally {
    await server.stop();
  }
}

/**
 * The disk's limit for a store that commits every change alone: single-row inserts (an event body each), each
 * its own transaction, with synchronous=FULL in a store's folder; on PostgreSQL, autocommitted inserts.
 */
async function fsyncRate(seconds) {
  const body = shapeEvent({ organizationId: 1, eventType: 'patient.created', resourceId: 1234567 }).body;
  const target = await newTarget('fsync');
  let count = 0;
  let started;
  if (target.kind === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query('create table fsync_probe (id bigserial primary key, body text not null)');
      started = performance.now();
      for (const end = started + seconds * 1000; performance.now() < end; count++) {
        await client.query('insert into fsync_probe (body) values ($1)', [body]);
      }
    } finally {
      await client.end();
    }
  } else {
    const db = new SQLite(join(target.dataDir, 'fsync.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('create table fsync_probe (id integer primary key, body text not null)');
      const insert = db.prepare('insert into fsync_probe (body) values (?)');
      started = performance.now();
      for (const end = started + seconds * 1000; performance.now() < end; count++) insert.run(body);
    } finally {
      db.close();
    }
  }
  return count / ((performance.now() - started) / 1000);
}

async function main() {
  if (flags.has('--postgres')) pgServer = await startPostgres();
  const store = pgServer ? 'postgres' : 'sqlite';
  const receiver = await startReceiver();
  const results = {};
  try {
    const paths = webhookPaths(sizes.fanOut);
    const deliveries = sizes.events * sizes.fanOut;
    log(`[${store}${quick ? ', quick' : ''}] wire: ${deliveries} POSTs`);
    results.wire = await wire(receiver, deliveries, paths);
    log(`dispatch: ${sizes.events} events × ${sizes.fanOut} webhooks`);
    const dispatchLoad = (s, org) => emitEvents(s, org.organizationId, sizes.events, 500, DISPATCH_RESOURCES);
    results.dispatch = await drain('dispatch', receiver, paths, dispatchLoad, deliveries);
    if (pgServer) {
      log(`peer: graphile-worker (batched), the same ${deliveries} deliveries`);
      results.peer = await peerDispatch(receiver, paths, sizes.events);
    }
    log(
      `ordered dispatch: the same events, webhooks ordering per resource (${DISPATCH_RESOURCES} resources)`,
    );
    results.orderedDispatch = await drain(
      'dispatch_ordered',
      receiver,
      paths,
      dispatchLoad,
      deliveries,
      deliveries,
      { ordering: 'per_resource' },
    );
    log('fsync: single-row commits');
    results.fsyncRps = await fsyncRate(sizes.fsyncSeconds);
    log('end to end');
    results.e2e = await endToEnd(receiver);
    log(`saturated: ${sizes.saturatedSeconds} s of mutations at full speed, webhook on`);
    results.saturated = await saturated(receiver);
    log(`isolation: ${sizes.isolationEvents} events × 10 webhooks`);
    const healthy = webhookPaths(10);
    const isoLoad = (s, org) => emitEvents(s, org.organizationId, sizes.isolationEvents);
    results.isolationHealthy = await drain('iso_all', receiver, healthy, isoLoad, sizes.isolationEvents * 10);
    results.isolationHung = await drain(
      'iso_hung',
      receiver,
      [...healthy.slice(0, 9), '/hang'],
      isoLoad,
      sizes.isolationEvents * 9,
    );
    const backlogPaths = webhookPaths(4);
    for (const [key, events] of [
      ['backlogSmall', sizes.backlogSmall],
      ['backlogLarge', sizes.backlogLarge],
    ]) {
      const total = events * 4;
      log(`backlog: ${total} pending`);
      results[key] = await drain(
        `backlog_${total}`,
        receiver,
        backlogPaths,
        (s, org) => bulkLoad(s, org.organizationId, events),
        total,
        Math.min(total, sizes.backlogWindow),
      );
    }
  } finally {
    receiver.stop();
    await pgServer?.stop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
  return summarise(results, store);
}

function summarise(r, store) {
  const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
  const json = {
    wire_rps: round(r.wire.rps, 0),
    dispatch_rps: round(r.dispatch.rps, 0),
    dispatch_ratio: round(r.dispatch.rps / r.wire.rps, 3),
    ordered_dispatch_rps: round(r.orderedDispatch.rps, 0),
    ordered_dispatch_ratio: round(r.orderedDispatch.rps / r.dispatch.rps, 3),
    e2e_on_rps: round(r.e2e.onRps, 0),
    e2e_off_rps: round(r.e2e.offRps, 0),
    e2e_ratio: round(r.e2e.onRps / r.e2e.offRps, 3),
    latency_p50_ms: round(r.e2e.p50, 1),
    latency_p99_ms: round(r.e2e.p99, 1),
    fsync_rps: round(r.fsyncRps, 0),
    mutation_fsync_ratio: round(r.e2e.onRps / r.fsyncRps, 3),
    keepup_ratio: round(r.saturated.keepup, 3),
    saturated_lag_p50_ms: round(r.saturated.lagP50, 1),
    saturated_lag_p99_ms: round(r.saturated.lagP99, 1),
    cpu_us_per_mutation: round(r.e2e.cpuUsPerMutation, 0),
    cpu_us_per_delivery: round(r.dispatch.cpuUsPerDelivery, 0),
    wire_cpu_us_per_request: round(r.wire.cpuUsPerRequest, 0),
    peer_rps: r.peer ? round(r.peer.rps, 0) : null,
    peer_ratio: r.peer ? round(r.dispatch.rps / r.peer.rps, 3) : null,
    peer_cpu_us_per_delivery: r.peer ? round(r.peer.cpuUsPerDelivery, 0) : null,
    isolation_ratio: round(r.isolationHung.rps / r.isolationHealthy.rps, 3),
    backlog_ratio: round(r.backlogLarge.rps / r.backlogSmall.rps, 3),
    peak_rss_mb: round(r.backlogLarge.peakRssMb, 0),
    store,
  };
  const targets =
    store === 'sqlite'
      ? {
          dispatch_ratio: 0.6,
          e2e_ratio: 0.85,
          latency_p99_ms: -50,
          mutation_fsync_ratio: 0.75,
          keepup_ratio: 0.98,
          saturated_lag_p99_ms: -500,
          isolation_ratio: 0.9,
          backlog_ratio: 0.8,
          peak_rss_mb: -300,
        }
      : { dispatch_ratio: 0.4, peer_ratio: 1.0, e2e_ratio: 0.8, keepup_ratio: 0.98 };
  const verdict = (key) => {
    const t = targets[key];
    if (t === undefined || json[key] === null) return '';
    return (t < 0 ? json[key] <= -t : json[key] >= t)
      ? `ok (${t < 0 ? '≤' : '≥'} ${Math.abs(t)})`
      : `MISSED (${t < 0 ? '≤' : '≥'} ${Math.abs(t)})`;
  };
  const rows = [
    ['wire (undici → receiver)', `${json.wire_rps} req/s`, 'the limit', ''],
    [
      'dispatch',
      `${json.dispatch_rps} deliveries/s`,
      `ratio to wire ${json.dispatch_ratio}`,
      verdict('dispatch_ratio'),
    ],
    ...(r.peer
      ? [
          [
            'peer: graphile-worker, batched',
            `${json.peer_rps} deliveries/s`,
            `dispatch ÷ peer ${json.peer_ratio}; peer ${json.peer_cpu_us_per_delivery} µs/delivery`,
            verdict('peer_ratio'),
          ],
        ]
      : []),
    [
      'dispatch, ordered per resource',
      `${json.ordered_dispatch_rps} deliveries/s`,
      `ratio to unordered dispatch ${json.ordered_dispatch_ratio}`,
      '',
    ],
    [
      'e2e, webhook on',
      `${json.e2e_on_rps} mutations/s`,
      `off: ${json.e2e_off_rps}/s, ratio ${json.e2e_ratio}`,
      verdict('e2e_ratio'),
    ],
    [
      `latency @ ${round(r.e2e.rate, 0)}/s`,
      `p50 ${json.latency_p50_ms} ms`,
      `p99 ${json.latency_p99_ms} ms (from request start)`,
      verdict('latency_p99_ms'),
    ],
    [
      'fsync (single-row commits)',
      `${json.fsync_rps} commits/s`,
      `mutations/s with webhook ÷ this: ${json.mutation_fsync_ratio}`,
      verdict('mutation_fsync_ratio'),
    ],
    [
      `saturated ${sizes.saturatedSeconds} s, webhook on`,
      `${round(r.saturated.rps, 0)} mutations/s`,
      `arrived by the load's end: ${json.keepup_ratio} of events`,
      verdict('keepup_ratio'),
    ],
    [
      'saturated: answer → arrival',
      `p50 ${json.saturated_lag_p50_ms} ms`,
      `p99 ${json.saturated_lag_p99_ms} ms`,
      verdict('saturated_lag_p99_ms'),
    ],
    [
      'server CPU',
      `${json.cpu_us_per_mutation} µs/mutation`,
      `${json.cpu_us_per_delivery} µs/delivery (e2e without webhook; dispatch)`,
      `wire client: ${json.wire_cpu_us_per_request} µs/request`,
    ],
    [
      'isolation, 1 of 10 hung',
      `${round(r.isolationHung.rps, 0)} healthy/s`,
      `all healthy: ${round(r.isolationHealthy.rps, 0)}/s, ratio ${json.isolation_ratio}`,
      verdict('isolation_ratio'),
    ],
    [
      `backlog, ${r.backlogLarge.expected} pending`,
      `${round(r.backlogLarge.rps, 0)} deliveries/s`,
      `${r.backlogSmall.expected} pending: ${round(r.backlogSmall.rps, 0)}/s, ratio ${json.backlog_ratio}`,
      verdict('backlog_ratio'),
    ],
    ['server peak RSS (backlog drain)', `${json.peak_rss_mb} MB`, '', verdict('peak_rss_mb')],
  ];
  const report = writeReport(r, json);
  if (asJson) {
    console.log(JSON.stringify(json));
  } else {
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
    console.log(`\ncarehooks bench, ${store}${quick ? ' (quick)' : ''}\n`);
    for (const row of rows)
      console.log(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  '));
    console.log(`\nchart: ${report}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
