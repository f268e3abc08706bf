/**
 * PostgreSQL: the times a process writes for others to compare with the database's clock are taken from that
 * clock, so a process whose own clock runs two hours ahead neither delays nor advances a delivery:
 * - an API's new deliveries (the outbox's fan-out and a test send) and resent ones are due at the database's
 *   now;
 * - a worker's hand-back on a clean stop leaves the delivery due at once;
 * - a worker's send slots for `max_per_second` go on the webhook's shared schedule by the database's clock,
 *   so the rate holds with a correct-clock worker sharing the backlog;
 * - a worker's park times and releases for `per_resource` ordering leave the next delivery due at once;
 * - an API's change of a webhook's options makes its parked deliveries due at the database's now.
 * The skewed processes run the built CLI (`npx tsc -b` first) with a shifted wall clock
 * (faults/support/skewed-clock.ts); retry-clock.test.ts covers retries and leases.
 */
import { afterEach, expect, it } from 'vitest';
import { DATABASE_NOW_MS } from '../../src/delivery/database-clock.js';
import { SLOT_HORIZON_MS } from '../../src/delivery/send-rate.js';
import type { Store } from '../../src/store/open-store.js';
import { CREATE_CLIENT, graphql } from '../faults/support/load.js';
import { skewedClockEnv } from '../faults/support/skewed-clock.js';
import { postgresDialect, testSecretKey } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  crash,
  deliveryIdOf,
  emitPatientsCreated,
  eventually,
  insertWebhook,
  spawnServe,
  type CliProcess,
} from './helpers.js';

const HOUR = 3_600_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function databaseNow(store: Store): Promise<number> {
  const row = await store.db.selectNoFrom(DATABASE_NOW_MS.as('now')).executeTakeFirstOrThrow();
  return Number(row.now);
}

/** A receiver and an in-process server on a fresh PostgreSQL database, both closed after the test. */
async function setUp(
  role: 'api' | 'all',
  handler?: Parameters<typeof startReceiver>[0],
): Promise<{ server: TestServer; receiver: Receiver }> {
  const receiver = await startReceiver(handler);
  const server = await startTestServer(postgresDialect, { role, pollIntervalMs: '50ms' });
  cleanups.push(
    () => server.close(),
    () => receiver.close(),
  );
  return { server, receiver };
}

/** `carehooks serve` on the server's database with its clock `skewMs` off; crashed after the test if still up. */
function serveSkewed(server: TestServer, args: string[], skewMs: number, env: Record<string, string> = {}) {
  const { config } = server.runtime.services;
  const child: CliProcess = spawnServe(args, {
    DATABASE_URL: config.databaseUrl!,
    CAREHOOKS_SECRET_KEY: config.secretKey ?? testSecretKey,
    CAREHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    CAREHOOKS_POLL_INTERVAL: '50ms',
    ...env,
    ...(skewMs === 0 ? {} : skewedClockEnv(skewMs)),
  });
  cleanups.unshift(async () => {
    if (child.child.exitCode === null) await crash(child);
  });
  return child;
}

it('makes an API process two hours ahead write its deliveries due at the database clock', async () => {
  const { server, receiver } = await setUp('all');
  const { store } = server.runtime.services;
  const api = serveSkewed(server, ['--role', 'api'], 2 * HOUR);
  const { url } = await api.ready;
  const webhookId = await insertWebhook(store, {
    organizationId: server.org.organizationId,
    url: `${receiver.url}/hook`,
  });

  const before = await databaseNow(store);
  const created = await graphql(url!, server.org.apiKey, CREATE_CLIENT, {
    input: { first_name: 'Ada', last_name: 'Skewed', skipped_email: true },
  });
  expect(created.text).toContain('"id"');
  const sent = await graphql(
    url!,
    server.org.apiKey,
    `
      mutation ($input: sendTestWebhookInput) {
        sendTestWebhook(input: $input) {
          sent
        }
      }
    `,
    { input: { id: String(webhookId) } },
  );
  expect(sent.text).toContain('"sent":true');
  const after = await databaseNow(store);

  // Both paths of the outbox: the fan-out of the mutation's event and the test send's single delivery.
  const deliveries = await store.db
    .selectFrom('deliveries')
    .select(['id', 'next_attempt_at'])
    .where('webhook_id', '=', webhookId)
    .orderBy('id')
    .execute();
  expect(deliveries).toHaveLength(2);
  for (const delivery of deliveries) {
    expect(Number(delivery.next_attempt_at)).toBeGreaterThanOrEqual(before);
    expect(Number(delivery.next_attempt_at)).toBeLessThanOrEqual(after);
  }
  // The in-process worker, on the true clock, sends them.
  await receiver.waitFor(2, 20_000);

  // A resend through the same API makes the delivery due at the database's now too.
  const attempt = await eventually('the first attempt recorded', () =>
    store.db
      .selectFrom('sent_webhooks')
      .select('id')
      .where('delivery_id', '=', deliveries[0]!.id)
      .executeTakeFirst(),
  );
  const resendFrom = await databaseNow(store);
  const resent = await graphql(
    url!,
    server.org.apiKey,
    `
      mutation ($input: resendSentWebhookInput) {
        resendSentWebhook(input: $input) {
          sent
        }
      }
    `,
    { input: { id: String(attempt.id) } },
  );
  expect(resent.text).toContain('"sent":true');
  const resendTo = await databaseNow(store);
  const again = await store.db
    .selectFrom('deliveries')
    .select('next_attempt_at')
    .where('id', '=', deliveries[0]!.id)
    .executeTakeFirstOrThrow();
  expect(Number(again.next_attempt_at)).toBeGreaterThanOrEqual(resendFrom);
  expect(Number(again.next_attempt_at)).toBeLessThanOrEqual(resendTo);
  await receiver.waitFor(3, 20_000);
}, 60_000);

it('hands back a delivery due at once when a worker two hours ahead stops', async () => {
  const { server, receiver } = await setUp('api', () => 'hang');
  const { store } = server.runtime.services;
  const worker = serveSkewed(server, ['--role', 'worker'], 2 * HOUR, { CAREHOOKS_STOP_TIMEOUT: '100ms' });
  await worker.ready;
  await insertWebhook(store, { organizationId: server.org.organizationId, url: `${receiver.url}/hang` });

  await emitPatientsCreated(server.runtime.services, server.org.organizationId, 1);
  await receiver.waitFor(1, 20_000);
  worker.child.kill('SIGTERM');
  expect(await worker.exited, worker.output()).toBe(0);

  const row = await store.db
    .selectFrom('deliveries')
    .select(['state', 'attempts', 'lease_owner', 'next_attempt_at', DATABASE_NOW_MS.as('database_now')])
    .executeTakeFirstOrThrow();
  expect([row.state, row.attempts, row.lease_owner]).toEqual(['pending', 0, null]);
  expect(Number(row.next_attempt_at)).toBeLessThanOrEqual(Number(row.database_now));
}, 60_000);

const LIMIT = 5;

it('keeps max_per_second across a worker two hours ahead and one on the true clock', async () => {
  // Slower than a slot: with one send per webhook in flight, neither worker keeps up with the rate alone.
  const { server, receiver } = await setUp('api', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { status: 200 };
  });
  const { store } = server.runtime.services;
  const organizationId = server.org.organizationId;
  const env = { CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: '1' };
  const ahead = serveSkewed(server, ['--role', 'worker'], 2 * HOUR, env);
  await ahead.ready;
  const webhookId = await insertWebhook(store, { organizationId, url: `${receiver.url}/limited` });
  await store.db.updateTable('webhooks').set({ max_per_second: LIMIT }).where('id', '=', webhookId).execute();

  // The worker ahead alone: the schedule it leaves is within a horizon and a slot of the database's now,
  // not two hours on.
  await emitPatientsCreated(server.runtime.services, organizationId, 3);
  await receiver.waitFor(3, 20_000);
  const schedule = await store.db
    .selectFrom('webhooks')
    .select(['rate_next_slot_at', DATABASE_NOW_MS.as('database_now')])
    .where('id', '=', webhookId)
    .executeTakeFirstOrThrow();
  expect(Number(schedule.rate_next_slot_at) - Number(schedule.database_now)).toBeLessThanOrEqual(
    SLOT_HORIZON_MS + 1000 / LIMIT,
  );

  // Both workers share a backlog: all of it arrives, and any LIMIT + 1 arrivals span a second, less one
  // slot for a late timer (delivery-options-scale-out-postgres.test.ts); a doubled rate would put them
  // half a second apart.
  const onTime = serveSkewed(server, ['--role', 'worker'], 0, env);
  await onTime.ready;
  await emitPatientsCreated(server.runtime.services, organizationId, 15, 4);
  await receiver.waitFor(18, 30_000);
  const owners = await eventually('every delivery recorded', async () => {
    const rows = await store.db
      .selectFrom('deliveries')
      .select(['state', 'lease_owner'])
      .where('webhook_id', '=', webhookId)
      .execute();
    return rows.every((r) => r.state === 'delivered') ? new Set(rows.map((r) => r.lease_owner)) : undefined;
  });
  expect(owners.size).toBe(2);
  const times = receiver.requests.map((r) => r.at).sort((a, b) => a - b);
  expect(times).toHaveLength(18);
  for (let i = 0; i + LIMIT < times.length; i++) {
    expect(times[i + LIMIT]! - times[i]!).toBeGreaterThanOrEqual(1000 - 1000 / LIMIT);
  }
}, 90_000);

it('sends one resource after another with a worker two hours ahead', async () => {
  const { server, receiver } = await setUp('api', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { status: 200 };
  });
  const { store } = server.runtime.services;
  const organizationId = server.org.organizationId;
  const worker = serveSkewed(server, ['--role', 'worker'], 2 * HOUR);
  await worker.ready;
  const webhookId = await insertWebhook(store, { organizationId, url: `${receiver.url}/ordered` });
  await store.db
    .updateTable('webhooks')
    .set({ ordering: 'per_resource' })
    .where('id', '=', webhookId)
    .execute();

  // Two events about one patient: the second waits, parked, for the first to be delivered, then is released
  // due at the database's now. Parked or released by the worker's clock, it would wait two hours.
  await emitPatientsCreated(server.runtime.services, organizationId, 1, 7);
  await emitPatientsCreated(server.runtime.services, organizationId, 1, 7);
  const arrived = await receiver.waitFor(2, 20_000);
  const ids = await store.db
    .selectFrom('deliveries')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .orderBy('id')
    .execute();
  expect(arrived.map(deliveryIdOf)).toEqual(ids.map((row) => String(row.id)));
}, 60_000);

it('makes parked deliveries due at the database clock when an API two hours ahead changes the options', async () => {
  const { server, receiver } = await setUp('api');
  const { store } = server.runtime.services;
  const api = serveSkewed(server, ['--role', 'api'], 2 * HOUR);
  const { url } = await api.ready;
  const webhookId = await insertWebhook(store, {
    organizationId: server.org.organizationId,
    url: `${receiver.url}/limited`,
  });
  // No worker runs: the delivery stays as parked here, an hour out, waiting for a send slot.
  await emitPatientsCreated(server.runtime.services, server.org.organizationId, 1);
  await store.db
    .updateTable('deliveries')
    .set((eb) => ({ parked: 1, next_attempt_at: eb(DATABASE_NOW_MS, '+', HOUR) }))
    .where('webhook_id', '=', webhookId)
    .execute();

  const before = await databaseNow(store);
  const updated = await graphql(
    url!,
    server.org.apiKey,
    `
      mutation ($input: updateWebhookInput) {
        updateWebhook(input: $input) {
          webhook {
            max_per_second
          }
        }
      }
    `,
    { input: { id: String(webhookId), max_per_second: 3 } },
  );
  expect(updated.text).toContain('"max_per_second":3');
  const after = await databaseNow(store);
  const row = await store.db
    .selectFrom('deliveries')
    .select(['parked', 'next_attempt_at'])
    .where('webhook_id', '=', webhookId)
    .executeTakeFirstOrThrow();
  expect(row.parked).toBe(0);
  expect(Number(row.next_attempt_at)).toBeGreaterThanOrEqual(before);
  expect(Number(row.next_attempt_at)).toBeLessThanOrEqual(after);
}, 60_000);
