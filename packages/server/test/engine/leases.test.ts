/**
 * Ownership of deliveries: two workers on one store never both send a delivery, an expired lease makes a
 * delivery claimable again, and a stopping worker hands back what it could not finish. The second worker
 * runs the built CLI (`npx tsc -b` first).
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/app/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { dialects } from '../support/dialects.js';
import { startReceiver } from '../support/receiver.js';
import { startTestServer } from '../support/server.js';
import {
  crash,
  deliveryIdOf,
  emitPatientsCreated,
  eventually,
  insertWebhook,
  spawnServe,
} from './helpers.js';

const FAST: Partial<Record<keyof ServerConfig, unknown>> = {
  pollIntervalMs: '50ms',
  connectTimeoutMs: '1s',
  sendTimeoutMs: '2s',
  leaseMs: '5s',
  stopTimeoutMs: '200ms',
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

describe.each(dialects)('delivery leases on $name', (dialect) => {
  it(
    'lets two worker processes share one store without both sending any delivery',
    { timeout: 60_000 },
    async () => {
      const receiver = await startReceiver(async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { status: 200 };
      });
      // Limits held at 2 (no growth for fast answers), so that neither process can take every delivery.
      const limits = { maxInFlightPerWebhook: 2, maxInFlightPerWebhookBurst: 2 };
      const server = await startTestServer(dialect, { ...FAST, ...limits });
      const { config, store } = server.runtime.services;
      // A second process, as in production: two SQLite connections in one thread would block each other.
      const second = spawnServe(
        [
          '--role',
          'worker',
          '--allow-private-networks',
          ...(config.databaseUrl ? [] : ['--data', config.dataDir]),
        ],
        {
          DATABASE_URL: config.databaseUrl ?? '',
          CAREHOOKS_POLL_INTERVAL: '50ms',
          CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: '2',
          CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST: '2',
        },
      );
      cleanups.push(
        () => crash(second),
        () => server.close(),
        () => receiver.close(),
      );
      await second.ready;
      const organizationId = server.org.organizationId;
      await insertWebhook(store, { organizationId, url: `${receiver.url}/a` });
      await insertWebhook(store, { organizationId, url: `${receiver.url}/b` });
      for (let batch = 0; batch < 6; batch++)
        await emitPatientsCreated(server.runtime.services, organizationId, 50);

      await receiver.waitFor(600, 20_000);
      const rows = await eventually('all deliveries recorded', async () => {
        const all = await store.db.selectFrom('deliveries').select(['id', 'state', 'lease_owner']).execute();
        return all.every((d) => d.state === 'delivered') ? all : undefined;
      });
      expect(rows).toHaveLength(600);
      const ids = receiver.requests.map(deliveryIdOf);
      expect(ids).toHaveLength(600);
      expect(new Set(ids).size).toBe(600);
      const owners = new Set(rows.map((d) => d.lease_owner));
      expect(owners.size).toBe(2);
      expect(owners).toContain(server.runtime.delivery!.workerId);
    },
  );

  it('claims a delivery again once its lease has expired, and leaves live leases alone', async () => {
    const receiver = await startReceiver();
    const server = await startTestServer(dialect, FAST);
    cleanups.push(
      () => server.close(),
      () => receiver.close(),
    );
    const { store } = server.runtime.services;
    await insertWebhook(store, { organizationId: server.org.organizationId, url: `${receiver.url}/x` });
    // Park both deliveries under another worker's leases before this one can claim them.
    await server.runtime.delivery!.stop();
    await emitPatientsCreated(server.runtime.services, server.org.organizationId, 2);
    const now = Date.now();
    const [dead, alive] = await store.db.selectFrom('deliveries').select('id').orderBy('id').execute();
    const lease = (id: number, until: number) =>
      store.db
        .updateTable('deliveries')
        .set({ state: 'in_flight', lease_owner: 'gone-worker', lease_until: until, attempts: 1 })
        .where('id', '=', id)
        .execute();
    await lease(dead!.id, now - 1);
    await lease(alive!.id, now + 3_600_000);

    const worker = await startRuntime(
      { ...server.runtime.services.config, role: 'worker' },
      { logger: pino({ level: 'silent' }) },
    );
    cleanups.unshift(() => worker.stop());
    await receiver.waitFor(1);
    const rows = await eventually('the expired one delivered', async () => {
      const all = await store.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
      return all[0]?.state === 'delivered' ? all : undefined;
    });
    // The lost attempt left no outcome, so it is not counted: this send is attempt 1.
    expect(rows[0]).toMatchObject({
      state: 'delivered',
      attempts: 1,
      lease_owner: worker.delivery!.workerId,
    });
    expect(rows[1]).toMatchObject({ state: 'in_flight', lease_owner: 'gone-worker' });
    expect(receiver.requests.map(deliveryIdOf)).toEqual([String(dead!.id)]);
  });

  it('hands unfinished deliveries back to pending when stopping', async () => {
    const receiver = await startReceiver(() => 'hang');
    const server = await startTestServer(dialect, FAST);
    cleanups.push(
      () => server.close(),
      () => receiver.close(),
    );
    const { store } = server.runtime.services;
    await insertWebhook(store, { organizationId: server.org.organizationId, url: `${receiver.url}/slow` });
    await emitPatientsCreated(server.runtime.services, server.org.organizationId, 3);
    await receiver.waitFor(3);

    await server.runtime.delivery!.stop();
    const rows = await store.db.selectFrom('deliveries').selectAll().execute();
    expect(rows.map((d) => [d.state, d.attempts, d.lease_owner, d.lease_until])).toEqual([
      ['pending', 0, null, null],
      ['pending', 0, null, null],
      ['pending', 0, null, null],
    ]);
    expect(await store.db.selectFrom('sent_webhooks').select('id').execute()).toEqual([]);
  });
});
