/**
 * A worker killed with SIGKILL mid-delivery: its in-flight deliveries are taken back once it is known dead,
 * not when its leases run out. Leases here last 10 minutes and sends 5, far longer than the test may run,
 * so every delivery that arrives after the crash proves the leases were given back early.
 *
 * - Embedded store: the restarted process sees that the lease owner's process is gone and takes them back.
 * - PostgreSQL: a second worker sees the dead one's heartbeat go stale and takes them back.
 *
 * The receiver holds its answers until the crash, so exactly the per-webhook limit is in flight then. The
 * CLI runs from dist: build with `npx tsc -b` first (`npm test` does).
 */
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../src/events/outbox.js';
import type { StoreConfig } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { postgresDialect, sqliteDialect } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer } from '../support/server.js';
import {
  cliTestbed,
  crash,
  createClinic,
  deliveryIdOf,
  emitPatientsCreated,
  eventually,
  insertWebhook,
  type CliProcess,
} from './helpers.js';

const PER_WEBHOOK = 8;
const env = {
  CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: String(PER_WEBHOOK),
  CAREHOOKS_POLL_INTERVAL: '100ms',
  CAREHOOKS_SEND_TIMEOUT: '5m',
  CAREHOOKS_LEASE: '10m',
  CAREHOOKS_HEARTBEAT_INTERVAL: '200ms',
  CAREHOOKS_HEARTBEAT_MISSES: '3',
};

const testbed = cliTestbed();

/** A receiver that holds every answer while `holding` is set, then answers 200 at once. */
async function startHoldingReceiver() {
  const state = { holding: true };
  const receiver = testbed.keep(await startReceiver(() => (state.holding ? 'hang' : { status: 200 })));
  return { receiver, release: () => (state.holding = false) };
}

/** One organization and one webhook on the store, and `count` events for it committed. */
async function commitEvents(config: StoreConfig, url: string, count: number): Promise<Store> {
  const store = testbed.keep(await openStore(config));
  const org = await createClinic(store, 'Crash Clinic');
  await insertWebhook(store, { organizationId: org.organizationId, url });
  await emitPatientsCreated({ store, outbox: new Outbox() }, org.organizationId, count);
  return store;
}

function spawn(args: string[], extra: Record<string, string> = {}): CliProcess {
  return testbed.spawn(['--allow-private-networks', ...args], { ...env, ...extra });
}

function inFlight(opened: Store) {
  return opened.db
    .selectFrom('deliveries')
    .select(['id', 'lease_owner'])
    .where('state', '=', 'in_flight')
    .orderBy('id')
    .execute();
}

async function allDelivered(opened: Store) {
  return eventually(
    'every delivery to be recorded as delivered',
    async () => {
      const rows = await opened.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
      return rows.every((d) => d.state === 'delivered') ? rows : undefined;
    },
    30_000,
  );
}

/** What the dead worker held went out once more, each as the first counted attempt of the new owner. */
function expectTakenOver(
  receiver: Receiver,
  rows: Awaited<ReturnType<typeof allDelivered>>,
  heldAtCrash: Array<{ id: number }>,
  newOwnerPid: number,
) {
  expect(rows).toHaveLength(PER_WEBHOOK);
  expect(heldAtCrash.map((d) => d.id)).toEqual(rows.map((d) => d.id));
  for (const row of rows) {
    expect(row.attempts).toBe(1);
    expect(row.lease_owner).toMatch(new RegExp(`/${newOwnerPid}/\\d+/[0-9a-f]+$`));
  }
  const ids = receiver.requests.map(deliveryIdOf);
  const expected = rows.map((d) => String(d.id));
  // Held unanswered before the crash, delivered after it: each delivery arrived exactly twice.
  expect(ids.slice(0, PER_WEBHOOK).sort()).toEqual([...expected].sort());
  expect(ids.slice(PER_WEBHOOK).sort()).toEqual([...expected].sort());
}

describe('taking back the deliveries of a dead worker', () => {
  it(
    'on the embedded store, the restarted process takes back its predecessor’s leases at once',
    { timeout: 90_000 },
    async () => {
      const config = await testbed.freshStore(sqliteDialect, 'sqlite');
      const dir = config.file.replace(/\/carehooks\.db$/, '');
      const { receiver, release } = await startHoldingReceiver();

      const first = spawn(['--data', dir]);
      await first.ready;
      const opened = await commitEvents(config, `${receiver.url}/hooks`, PER_WEBHOOK);
      await receiver.waitFor(PER_WEBHOOK, 20_000);
      await crash(first);
      const heldAtCrash = await inFlight(opened);
      expect(heldAtCrash).toHaveLength(PER_WEBHOOK);
      expect(heldAtCrash.every((d) => d.lease_owner!.includes(`/${first.child.pid}/`))).toBe(true);

      release();
      const second = spawn(['--data', dir]);
      await second.ready;
      expectTakenOver(receiver, await allDelivered(opened), heldAtCrash, second.child.pid!);
    },
  );

  it(
    'on PostgreSQL, a second worker takes back a killed worker’s leases once its heartbeat is stale',
    { timeout: 90_000 },
    async () => {
      const config = await testbed.freshStore(postgresDialect, 'postgres');
      const pg = { DATABASE_URL: config.url };
      const { receiver, release } = await startHoldingReceiver();

      // The API migrates the database; the workers start once it has.
      await spawn(['--role', 'api'], pg).ready;
      const doomed = spawn(['--role', 'worker'], pg);
      await doomed.ready;
      const opened = await commitEvents(config, `${receiver.url}/hooks`, PER_WEBHOOK);
      await receiver.waitFor(PER_WEBHOOK, 20_000);
      // The second worker starts with nothing left to claim: all the deliveries are held by the first.
      const survivor = spawn(['--role', 'worker'], pg);
      await survivor.ready;
      const workers = await eventually('both workers to beat', async () => {
        const rows = await opened.db.selectFrom('delivery_workers').select('owner').execute();
        return rows.length === 2 ? rows : undefined;
      });
      expect(workers.map((w) => w.owner.split('/').at(-3)).sort()).toEqual(
        [String(doomed.child.pid), String(survivor.child.pid)].sort(),
      );

      await crash(doomed);
      const heldAtCrash = await inFlight(opened);
      expect(heldAtCrash).toHaveLength(PER_WEBHOOK);
      expect(heldAtCrash.every((d) => d.lease_owner!.includes(`/${doomed.child.pid}/`))).toBe(true);

      release();
      expectTakenOver(receiver, await allDelivered(opened), heldAtCrash, survivor.child.pid!);
      // The dead worker's row went with its leases; the survivor's stays.
      const left = await opened.db.selectFrom('delivery_workers').select('owner').execute();
      expect(left.map((w) => w.owner.split('/').at(-3))).toEqual([String(survivor.child.pid)]);
    },
  );

  it('on PostgreSQL, a worker keeps its heartbeat fresh and removes it when it stops cleanly', async () => {
    const server = await startTestServer(postgresDialect, {
      heartbeatIntervalMs: '50ms',
      stopTimeoutMs: '200ms',
    });
    testbed.keep(server);
    const { db } = server.runtime.services.store;
    const owner = server.runtime.delivery!.workerId;
    const beat = () => db.selectFrom('delivery_workers').selectAll().execute();
    const first = await eventually('a heartbeat', async () => (await beat())[0]);
    expect(first.owner).toBe(owner);
    await eventually('a later heartbeat', async () => (await beat())[0]!.heartbeat_at > first.heartbeat_at);

    await server.runtime.delivery!.stop();
    expect(await beat()).toEqual([]);
  });
});
