/**
 * The peer baseline for `--postgres`: graphile-worker, the job queue a Node developer would reach for, in its
 * batched configuration (a local queue of locked jobs, batched completion), delivering the same bodies,
 * signed the same way (the server's own signDelivery), to the same receiver, from the same PostgreSQL server.
 * One job per delivery, loaded before the worker starts, as the dispatch phase loads carehooks' deliveries.
 *
 * run.js loads the jobs (`loadPeerJobs`) into a fresh database, then starts the worker in its own process (this
 * file, with `--worker`), so its rate and CPU time are measured like the server's.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import { DELIVERY_ID_HEADER } from '../packages/server/dist/core/wire/index.js';
import { shapeEvent } from '../packages/server/dist/events/outbox.js';
import { signDelivery } from '../packages/server/dist/delivery/signature.js';
import { version } from '../packages/server/dist/version.js';
import { trackUsage } from './processes.js';

const SELF = fileURLToPath(import.meta.url);
/** Batching: jobs locked and fetched per query, and completions written together (worker's performance docs). */
const LOCAL_QUEUE = 500;
const JOBS_PER_INSERT = 5000;

const quiet = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`peer: ${message}`);
});

/** Loads `events` × `urls` jobs into `databaseUrl`; each job carries its URL, body and secret. */
export async function loadPeerJobs(databaseUrl, urls, events) {
  const utils = await makeWorkerUtils({ connectionString: databaseUrl, logger: quiet });
  try {
    await utils.migrate();
    const secrets = urls.map(() => randomBytes(16).toString('hex'));
    const specs = [];
    for (let i = 0; i < events; i++) {
      const { body } = shapeEvent({
        organizationId: 1,
        eventType: 'patient.created',
        resourceId: 1_000_000 + i,
      });
      urls.forEach((url, w) =>
        specs.push({
          identifier: 'deliver',
          payload: { id: i * urls.length + w, url, body, secret: secrets[w] },
        }),
      );
    }
    for (let start = 0; start < specs.length; start += JOBS_PER_INSERT) {
      await utils.addJobs(specs.slice(start, start + JOBS_PER_INSERT));
    }
  } finally {
    await utils.release();
  }
}

/**
 * Starts the worker process on `databaseUrl`, with `concurrency` jobs at once (the engine's sends in flight);
 * resolves once it runs: pid, usage (processes.js), stop.
 */
export function startPeerWorker(databaseUrl, concurrency) {
  const child = spawn(process.execPath, [SELF, '--worker'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PEER_DATABASE_URL: databaseUrl,
      PEER_CONCURRENCY: String(concurrency),
      NODE_NO_WARNINGS: '1',
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Sampled from the start: with the jobs already queued, the first sends may precede 'peer ready'.
  const usage = trackUsage(child.pid);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      if (!String(chunk).includes('peer ready')) return;
      resolve({
        pid: child.pid,
        ...usage,
        async stop() {
          usage.stopSampling();
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
    void exited.then((code) => {
      usage.stopSampling();
      reject(new Error(`peer worker exited (${code}) before it ran`));
    });
  });
}

/** The worker process: a task that signs and POSTs its job, failing (so retried) on anything but a 2xx. */
async function workerMain() {
  const concurrency = Number(process.env.PEER_CONCURRENCY);
  const agent = new Agent({ connections: concurrency, pipelining: 1 });
  const userAgent = `carehooks/${version}`;
  const runner = await run({
    connectionString: process.env.PEER_DATABASE_URL,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    // Warnings and errors only: per-job info lines would cost the peer CPU the engine does not spend.
    logger: quiet,
    preset: {
      worker: {
        localQueue: { size: LOCAL_QUEUE },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
        // Its own advice: a pool smaller than the concurrency is warned about as "non-optimal".
        maxPoolSize: concurrency,
      },
    },
    taskList: {
      async deliver({ id, url, body, secret }) {
        const bytes = Buffer.from(body);
        const target = new URL(url);
        const res = await agent.request({
          origin: target.origin,
          path: target.pathname,
          method: 'POST',
          body: bytes,
          headers: {
            'User-Agent': userAgent,
            ...signDelivery({ url: target, body: bytes, secret }),
            [DELIVERY_ID_HEADER]: String(id),
          },
        });
        await res.body.dump();
        if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}`);
      },
    },
  });
  process.once('SIGTERM', () => {
    void runner.stop().finally(() => agent.close().finally(() => process.exit(0)));
  });
  process.stdout.write('peer ready\n');
  await runner.promise;
}

if (process.argv.includes('--worker')) {
  workerMain().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
