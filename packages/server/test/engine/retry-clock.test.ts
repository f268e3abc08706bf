/**
 * PostgreSQL: a retry comes due on the database's clock. A worker whose clock runs two hours ahead records
 * a failed attempt whose retry (schedule: one hour) is due one hour from the database's now, not from its
 * own, and it does not take that retry early, though by its own clock the hour has long passed. The worker
 * runs the built CLI (`npx tsc -b` first) with a shifted wall clock (faults/support/skewed-clock.ts).
 */
import { afterEach, expect, it } from 'vitest';
import { DATABASE_NOW_MS } from '../../src/delivery/database-clock.js';
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
} from './helpers.js';

const HOUR = 3_600_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

it('schedules and claims retries on the database clock when the worker clock is two hours ahead', async () => {
  const receiver: Receiver = await startReceiver((req) => ({ status: req.url === '/ok' ? 200 : 500 }));
  const server: TestServer = await startTestServer(postgresDialect, { role: 'api' });
  cleanups.push(
    () => server.close(),
    () => receiver.close(),
  );
  const { store, config } = server.runtime.services;
  const worker = spawnServe(['--role', 'worker'], {
    DATABASE_URL: config.databaseUrl!,
    CAREHOOKS_SECRET_KEY: config.secretKey ?? testSecretKey,
    CAREHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    CAREHOOKS_POLL_INTERVAL: '50ms',
    CAREHOOKS_RETRY_SCHEDULE: '1h',
    ...skewedClockEnv(2 * HOUR),
  });
  cleanups.unshift(() => crash(worker));
  await worker.ready;
  const organizationId = server.org.organizationId;
  const failing = await insertWebhook(store, { organizationId, url: `${receiver.url}/fail` });
  await insertWebhook(store, { organizationId, url: `${receiver.url}/ok` });

  await emitPatientsCreated(server.runtime.services, organizationId, 1);
  const first = await eventually('the first attempt recorded', () =>
    store.db
      .selectFrom('deliveries')
      .select(['id', 'state', 'attempts', 'next_attempt_at', DATABASE_NOW_MS.as('database_now')])
      .where('webhook_id', '=', failing)
      .where('attempts', '>=', 1)
      .where('state', '!=', 'in_flight')
      .executeTakeFirst(),
  );
  // Taken again at once, it would already be failed: the schedule has one retry.
  expect([first.state, first.attempts]).toEqual(['pending', 1]);
  const wait = Number(first.next_attempt_at) - Number(first.database_now);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(HOUR);

  // Two more events, each delivered to the other webhook in a later turn: the retry was not due in either.
  for (const resourceId of [2, 3]) {
    await emitPatientsCreated(server.runtime.services, organizationId, 1, resourceId);
    await eventually(
      `event ${resourceId} delivered`,
      () => receiver.requests.filter((r) => r.path === '/ok').length >= resourceId,
    );
  }
  const retried = receiver.requests.filter((r) => deliveryIdOf(r) === String(first.id));
  expect(retried).toHaveLength(1);
  const row = await store.db
    .selectFrom('deliveries')
    .select(['state', 'attempts'])
    .where('id', '=', first.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ state: 'pending', attempts: 1 });
}, 60_000);
