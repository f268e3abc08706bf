/**
 * At-least-once across a crash, on the embedded store: the real CLI delivers 1,000 committed events to a
 * loopback receiver, is killed with SIGKILL mid-stream, and is started again on the same data folder.
 * Every delivery must arrive, and only sends that were in flight at the crash may arrive twice.
 *
 * The events are committed by this test process through the same Outbox and unit of work a mutation uses
 * (SQLite in WAL mode takes a second writer), which is the durable state an acknowledged mutation leaves.
 * The CLI runs from dist: build with `npx tsc -b` first (`npm test` does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createOrganization } from '../../src/tenants/organizations.js';
import { Outbox } from '../../src/events/outbox.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import {
  crash,
  deliveryIdOf,
  emitPatientsCreated,
  eventually,
  insertWebhook,
  spawnServe,
  type CliProcess,
} from './helpers.js';

const EVENTS = 1000;
const PER_WEBHOOK = 8;
/** A fast receiver's limit grows from PER_WEBHOOK up to this (webhook-limits.ts). */
const BURST = 12;
const env = {
  CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: String(PER_WEBHOOK),
  CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST: String(BURST),
  CAREHOOKS_MAX_IN_FLIGHT: '16',
  CAREHOOKS_POLL_INTERVAL: '100ms',
  CAREHOOKS_CONNECT_TIMEOUT: '500ms',
  CAREHOOKS_SEND_TIMEOUT: '1s',
  CAREHOOKS_LEASE: '3s',
};

let processes: CliProcess[] = [];
let receiver: Receiver | undefined;
let store: Store | undefined;
let dir: string | undefined;
afterEach(async () => {
  for (const process of processes) await crash(process);
  processes = [];
  await store?.close();
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = receiver = dir = undefined;
});

it(
  'delivers every committed event after a kill -9, repeating only what was in flight',
  { timeout: 120_000 },
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'carehooks-crash-'));
    receiver = await startReceiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { status: 200 };
    });
    const serve = () => {
      const child = spawnServe(['--data', dir!, '--allow-private-networks'], env);
      processes.push(child);
      return child;
    };

    const first = serve();
    await first.ready;
    store = await openStore({ kind: 'sqlite', file: join(dir, 'carehooks.db') });
    const org = await store.db
      .transaction()
      .execute((trx) =>
        createOrganization(trx, { name: 'Crash Clinic', owner: { email: 'owner@example.com' } }),
      );
    await insertWebhook(store, { organizationId: org.organizationId, url: `${receiver.url}/hooks` });
    const services = { store, outbox: new Outbox() };
    for (let first = 1; first <= EVENTS; first += 100) {
      await emitPatientsCreated(services, org.organizationId, 100, first);
    }

    await receiver.waitFor(EVENTS / 5, 30_000);
    await crash(first);
    const inFlightAtCrash = await store.db
      .selectFrom('deliveries')
      .select('id')
      .where('state', '=', 'in_flight')
      .execute();
    const receivedBeforeRestart = receiver.requests.length;
    expect(receivedBeforeRestart).toBeLessThan(EVENTS);
    // Killed while delivering: some deliveries were leased, never more than the webhook's grown limit.
    expect(inFlightAtCrash.length).toBeGreaterThan(0);
    expect(inFlightAtCrash.length).toBeLessThanOrEqual(BURST);

    const second = serve();
    await second.ready;
    await eventually(
      'every delivery to be recorded as delivered',
      async () => {
        const left = await store!.db
          .selectFrom('deliveries')
          .select('id')
          .where('state', '<>', 'delivered')
          .execute();
        return left.length === 0;
      },
      30_000,
    );

    const ids = receiver.requests.map(deliveryIdOf);
    const distinct = new Set(ids);
    expect(distinct.size).toBe(EVENTS);
    const resources = new Set(
      receiver.requests.map(
        (r) => (JSON.parse(r.body.toString('utf8')) as { resource_id: string }).resource_id,
      ),
    );
    expect(resources.size).toBe(EVENTS);
    // Only deliveries leased by the dead process can have gone out twice.
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    const leased = new Set(inFlightAtCrash.map((d) => String(d.id)));
    expect(repeated.every((id) => leased.has(id))).toBe(true);
    expect(ids.length - EVENTS).toBeLessThanOrEqual(inFlightAtCrash.length);
  },
);
