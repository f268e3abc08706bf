/**
 * `/metrics` after real deliveries to a real receiver on loopback: the delivery counters and histograms agree
 * with the attempt log, the backlog gauges with the deliveries table, on an `all` process (both dialects), an
 * `api` process, and a `worker` process of the built CLI, which serves `/healthz` and `/metrics` on its port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crash, eventually, spawnServe, type CliProcess } from '../engine/helpers.js';
import { dialects, postgresDialect } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook } from '../webhooks/webhook-fixtures.js';
import { sampleValue, scrape, type Sample } from './prometheus-text.js';

const CREATE_CLIENT = /* GraphQL */ `
  mutation ($input: createClientInput) {
    createClient(input: $input) {
      user {
        id
      }
      messages {
        field
        message
      }
    }
  }
`;

const ATTEMPTS = 'carehooks_delivery_attempts_total';
const ATTEMPT_SECONDS = 'carehooks_delivery_attempt_duration_seconds';

let server: TestServer | undefined;
let receiver: Receiver | undefined;
let worker: CliProcess | undefined;
afterEach(async () => {
  if (worker) await crash(worker);
  await server?.close();
  await receiver?.close();
  server = receiver = worker = undefined;
});

/** A receiver that answers by path: /ok 200, /fail 500, /busy 503. */
async function statusReceiver(): Promise<Receiver> {
  return startReceiver((req) => {
    const path = req.url ?? '';
    return { status: path.startsWith('/ok') ? 200 : path.startsWith('/busy') ? 503 : 500 };
  });
}

async function createClients(target: TestServer, count: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await target.graphql<{ createClient: { messages: unknown[] | null } }>(CREATE_CLIENT, {
      input: { first_name: 'Metric', last_name: `${tag}${i}`, email: `${tag}${i}@example.com` },
    });
    expect(response.errors).toBeUndefined();
  }
}

/** Attempts in the attempt log, by outcome as the metrics name them. */
async function loggedAttempts(target: TestServer): Promise<number> {
  const row = await target.runtime.services.store.db
    .selectFrom('sent_webhooks')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(dialects)('metrics of an `all` process on $name', (dialect) => {
  it('counts attempts by event type and outcome, their latency, claims and turns', async () => {
    receiver = await statusReceiver();
    // A failed attempt of a retrying webhook is retried an hour later: it stays a `retry`.
    server = await startTestServer(dialect, { retrySchedule: '1h' });
    const target = server;
    const clients = 3;
    await createWebhook(target, {
      url: `${receiver.url}/ok`,
      webhook_events: [{ event_type: 'patient.created' }],
    });
    await createWebhook(target, {
      url: `${receiver.url}/fail`,
      should_retry: false,
      webhook_events: [{ event_type: 'patient.created' }],
    });
    await createWebhook(target, {
      url: `${receiver.url}/busy`,
      webhook_events: [{ event_type: 'patient.created' }],
    });
    await createClients(target, clients, `all-${dialect.name}-`);

    await receiver.waitFor(3 * clients);
    const attempts = (samples: Sample[], outcome: string) =>
      sampleValue(samples, ATTEMPTS, { event_type: 'patient.created', outcome }) ?? 0;
    const samples = await eventually('the metrics to count every attempt', async () => {
      const current = await scrape(target.url);
      const total = ['delivered', 'failed', 'retry'].reduce((sum, o) => sum + attempts(current, o), 0);
      return total === 3 * clients ? current : undefined;
    });

    expect(await loggedAttempts(target)).toBe(3 * clients);
    expect(attempts(samples, 'delivered')).toBe(clients);
    expect(attempts(samples, 'failed')).toBe(clients);
    expect(attempts(samples, 'retry')).toBe(clients);
    for (const outcome of ['delivered', 'failed', 'retry']) {
      expect(sampleValue(samples, `${ATTEMPT_SECONDS}_count`, { outcome })).toBe(clients);
      expect(sampleValue(samples, `${ATTEMPT_SECONDS}_bucket`, { outcome, le: '+Inf' })).toBe(clients);
    }
    expect(sampleValue(samples, 'carehooks_delivery_claimed_total')).toBe(3 * clients);
    expect(sampleValue(samples, 'carehooks_dispatcher_turns_total', { result: 'ok' })).toBeGreaterThan(0);
    expect(sampleValue(samples, 'carehooks_dispatcher_turns_total', { result: 'error' })).toBe(0);
    expect(sampleValue(samples, 'carehooks_delivery_sends_in_flight')).toBe(0);
    // The retries are due in an hour: nothing waits for a worker now.
    expect(sampleValue(samples, 'carehooks_deliveries_pending')).toBe(0);
    expect(sampleValue(samples, 'carehooks_deliveries_pending_oldest_seconds')).toBe(0);
    // The webhooks' ids and URLs appear in no label.
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes(receiver!.url)))).toBe(false);
    // The test's own GraphQL calls: three webhooks and the clients.
    expect(
      sampleValue(samples, 'carehooks_http_requests_total', {
        method: 'POST',
        route: '/graphql',
        status: '200',
      }),
    ).toBe(3 + clients);
    // Tracing is off: no event keeps a trace context.
    const traced = await target.runtime.services.store.db
      .selectFrom('events')
      .select('id')
      .where('trace_parent', 'is not', null)
      .execute();
    expect(traced).toEqual([]);
  });
});

describe('metrics of an `api` process and a `worker` process on postgres', () => {
  it(
    'shows the backlog on the API and the deliveries on the worker’s own port',
    { timeout: 60_000 },
    async () => {
      receiver = await statusReceiver();
      server = await startTestServer(postgresDialect, { role: 'api' });
      const target = server;
      const clients = 3;
      await createWebhook(target, {
        url: `${receiver.url}/ok`,
        webhook_events: [{ event_type: 'patient.created' }],
      });
      await createClients(target, clients, 'split-');

      // No worker yet: the deliveries wait. Made due a minute ago, the oldest has waited at least that long.
      const db = target.runtime.services.store.db;
      await db
        .updateTable('deliveries')
        .set({ next_attempt_at: Date.now() - 60_000 })
        .execute();
      const waiting = await eventually('the backlog gauge', async () => {
        const current = await scrape(target.url);
        return sampleValue(current, 'carehooks_deliveries_pending') === clients ? current : undefined;
      });
      const oldest = sampleValue(waiting, 'carehooks_deliveries_pending_oldest_seconds')!;
      expect(oldest).toBeGreaterThanOrEqual(60);
      expect(oldest).toBeLessThan(3600);
      expect(sampleValue(waiting, ATTEMPTS, { outcome: 'delivered' })).toBeUndefined();

      worker = spawnServe(['--role', 'worker', '--allow-private-networks'], {
        DATABASE_URL: target.runtime.services.config.databaseUrl!,
        CAREHOOKS_POLL_INTERVAL: '200ms',
      });
      const ready = await worker.ready;
      expect(ready.url).toBeNull();
      const statusUrl = ready.statusUrl!;
      expect(statusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${statusUrl}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', store: 'postgres', role: 'worker' });

      await receiver.waitFor(clients);
      const delivered = await eventually('the worker to count its deliveries', async () => {
        const current = await scrape(statusUrl);
        return sampleValue(current, ATTEMPTS, { outcome: 'delivered' }) === clients ? current : undefined;
      });
      expect(
        sampleValue(delivered, ATTEMPTS, {
          event_type: 'patient.created',
          outcome: 'delivered',
        }),
      ).toBe(clients);
      expect(sampleValue(delivered, `${ATTEMPT_SECONDS}_count`, { outcome: 'delivered' })).toBe(clients);
      expect(sampleValue(delivered, 'carehooks_delivery_claimed_total')).toBe(clients);
      expect(await loggedAttempts(target)).toBe(clients);
      // The worker serves nothing else on its port.
      expect((await fetch(`${statusUrl}/graphql`, { method: 'POST' })).status).toBe(404);

      await eventually('the backlog to drain', async () => {
        const current = await scrape(target.url);
        return sampleValue(current, 'carehooks_deliveries_pending') === 0;
      });
    },
  );
});
