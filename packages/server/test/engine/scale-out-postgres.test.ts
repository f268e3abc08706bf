/**
 * Scale-out on PostgreSQL with real processes: one `--role api` and two `--role worker` children of the
 * CLI share a database. In normal operation every delivery is made exactly once, and both workers take
 * part; when one worker is killed with SIGKILL mid-stream, the other finishes its deliveries.
 * The CLI runs from dist: build with `npx tsc -b` first (`npm test` does).
 */
import { expect, it } from 'vitest';
import { Outbox } from '../../src/events/outbox.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresDialect } from '../support/dialects.js';
import { startReceiver } from '../support/receiver.js';
import {
  cliTestbed,
  crash,
  createClinic,
  deliveryIdOf,
  emitPatientsCreated,
  eventually,
  insertWebhook,
} from './helpers.js';

const PER_WEBHOOK = 8;
/** A fast receiver's limit grows from PER_WEBHOOK up to this (webhook-limits.ts). */
const BURST = 12;
const WEBHOOKS = 2;
const EVENTS_PER_ROUND = 500;

const testbed = cliTestbed();

it(
  'shares deliveries between two worker processes exactly once, and survives losing one',
  { timeout: 120_000 },
  async () => {
    const config = await testbed.freshStore(postgresDialect, 'postgres');
    const env = {
      DATABASE_URL: config.url,
      CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: String(PER_WEBHOOK),
      CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST: String(BURST),
      CAREHOOKS_POLL_INTERVAL: '200ms',
      CAREHOOKS_CONNECT_TIMEOUT: '500ms',
      CAREHOOKS_SEND_TIMEOUT: '1s',
      CAREHOOKS_LEASE: '3s',
    };
    const receiver = testbed.keep(
      await startReceiver(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { status: 200 };
      }),
    );
    const spawn = (args: string[]) => testbed.spawn(args, env);

    // The API migrates the database; the workers start once it has.
    const api = spawn(['--role', 'api']);
    expect((await api.ready).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const workers = [spawn(['--role', 'worker', '--allow-private-networks'])];
    workers.push(spawn(['--role', 'worker', '--allow-private-networks']));
    for (const worker of workers) expect((await worker.ready).url).toBeNull();

    const store = testbed.keep(await openStore(config));
    const org = await createClinic(store, 'Scale Clinic');
    for (let i = 0; i < WEBHOOKS; i++) {
      await insertWebhook(store, { organizationId: org.organizationId, url: `${receiver.url}/hooks/${i}` });
    }
    const services = { store, outbox: new Outbox() };
    const emitRound = async (round: number) => {
      for (let offset = 0; offset < EVENTS_PER_ROUND; offset += 100) {
        await emitPatientsCreated(services, org.organizationId, 100, round * EVENTS_PER_ROUND + offset + 1);
      }
    };
    const allDelivered = (expected: number) =>
      eventually(
        `${expected} deliveries recorded as delivered`,
        async () => {
          const rows = await store.db
            .selectFrom('deliveries')
            .select(['id', 'state', 'lease_owner'])
            .execute();
          return rows.length === expected && rows.every((d) => d.state === 'delivered') ? rows : undefined;
        },
        60_000,
      );

    // Normal operation: exactly once, shared by both workers.
    await emitRound(0);
    const firstRound = await allDelivered(EVENTS_PER_ROUND * WEBHOOKS);
    const ids = receiver.requests.map(deliveryIdOf);
    expect(ids).toHaveLength(EVENTS_PER_ROUND * WEBHOOKS);
    expect(new Set(ids).size).toBe(EVENTS_PER_ROUND * WEBHOOKS);
    const owners = new Set(firstRound.map((d) => d.lease_owner));
    expect(owners.size).toBe(2);
    for (const worker of workers) {
      expect([...owners].some((owner) => owner?.includes(`/${worker.child.pid}/`))).toBe(true);
    }

    // Losing a worker mid-stream: nothing is lost, only its in-flight sends may repeat.
    const before = receiver.requests.length;
    await emitRound(1);
    await receiver.waitFor(before + EVENTS_PER_ROUND / 2, 30_000);
    const victim = workers[0]!;
    await crash(victim);
    const orphaned = await store.db
      .selectFrom('deliveries')
      .select('id')
      .where('state', '=', 'in_flight')
      .where('lease_owner', 'like', `%/${victim.child.pid}/%`)
      .execute();
    expect(orphaned.length).toBeGreaterThan(0);
    expect(orphaned.length).toBeLessThanOrEqual(BURST * WEBHOOKS);

    await allDelivered(2 * EVENTS_PER_ROUND * WEBHOOKS);
    const all = receiver.requests.map(deliveryIdOf);
    expect(new Set(all).size).toBe(2 * EVENTS_PER_ROUND * WEBHOOKS);
    const repeated = all.filter((id, index) => all.indexOf(id) !== index);
    const leased = new Set(orphaned.map((d) => String(d.id)));
    expect(repeated.every((id) => leased.has(id))).toBe(true);
    expect(all.length - 2 * EVENTS_PER_ROUND * WEBHOOKS).toBeLessThanOrEqual(orphaned.length);
  },
);
