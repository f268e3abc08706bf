/**
 * Fault: workers whose clocks disagree. On PostgreSQL the API keeps true time while one worker runs 3 s
 * ahead and another 3 s behind (see support/skewed-clock.ts). The receiver is slower than the events come,
 * so a backlog builds and both workers claim from it (the one behind sees an event as due 3 s late), and it
 * refuses the first deliveries so that retries are scheduled on skewed clocks too. Every acknowledged event
 * arrives exactly once, with no excuse: leases are stamped and run out on the database's clock, so the
 * worker ahead never takes over the other's leases early, though the workers' 6 s disagreement is more than
 * the 5 s lease. The receiver answers well within the 3 s send timeout, so no repeat is a late answer
 * either. The embedded store's processes share one host's clock, so it has no such scenario.
 * The CLI runs from dist: `npm run test:faults` builds first.
 */
import { afterEach, expect, it } from 'vitest';
import type { StoreConfig } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { postgresDialect } from '../support/dialects.js';
import { startFaultReceiver, type FaultReceiver } from './support/fault-receiver.js';
import { Ledger } from './support/ledger.js';
import { MutationLoad, subscribe } from './support/load.js';
import { pause, report, ScenarioProcesses } from './support/scenario.js';
import { skewedClockEnv } from './support/skewed-clock.js';

const SKEW_MS = 3_000;
/** Shorter than the workers' disagreement: leases stamped on their own clocks would run out early. */
const LEASE = '5s';

const processes = new ScenarioProcesses();
let receiver: FaultReceiver | undefined;
let store: Store | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async (context) => {
  await processes.cleanup(context.task.result?.state === 'fail');
  await store?.close();
  await receiver?.close();
  await cleanup?.();
  store = receiver = cleanup = undefined;
});

it('delivers every acknowledged event once with workers 3 s ahead and 3 s behind', async () => {
  const fresh = await postgresDialect.freshConfig();
  cleanup = fresh.cleanup;
  const config = fresh.config as Extract<StoreConfig, { kind: 'postgres' }>;
  const env = { DATABASE_URL: config.url, CAREHOOKS_LEASE: LEASE, CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: '4' };
  // One after the other: a burst of starting processes can starve a busy machine.
  const { url } = await processes.serve(['--role', 'api'], env).ready;
  const ahead = processes.serve(['--role', 'worker'], { ...env, ...skewedClockEnv(SKEW_MS) });
  await ahead.ready;
  const behind = processes.serve(['--role', 'worker'], { ...env, ...skewedClockEnv(-SKEW_MS) });
  await behind.ready;

  store = await openStore(config, { migrate: false });
  const org = await store.db
    .transaction()
    .execute((trx) =>
      createOrganization(trx, { name: 'Skew Clinic', owner: { email: 'owner@example.com' } }),
    );
  const ledger = new Ledger('clock skew between workers (+3 s / -3 s)');
  receiver = await startFaultReceiver(ledger, { acceptDelayMs: 200 });
  receiver.secret = await subscribe(url!, org.apiKey, receiver.url);
  receiver.misbehave = ['reset'];

  const load = new MutationLoad({
    url: () => url,
    apiKey: org.apiKey,
    ledger,
    callers: 8,
    timeoutMs: 10_000,
  });
  await load.acknowledgeMore(100, 30_000);
  while (receiver.misbehaved.reset < 30) await pause(5);
  receiver.misbehave = [];
  await load.acknowledgeMore(100, 30_000);
  await load.stop();
  await ledger.settled(60_000);

  const owners = await store.db
    .selectFrom('deliveries')
    .select((eb) => ['lease_owner', eb.fn.countAll<number>().as('count')])
    .groupBy('lease_owner')
    .execute();
  const by = (pid: number | undefined) =>
    owners.filter((o) => o.lease_owner?.includes(`/${pid}/`)).reduce((sum, o) => sum + Number(o.count), 0);
  console.log(
    `  deliveries last leased by the worker ahead: ${by(ahead.child.pid)}, behind: ${by(behind.child.pid)}; ` +
      `${receiver.misbehaved.reset} attempts refused`,
  );
  // Both took part: the scenario exercised two clocks, not one.
  expect(by(behind.child.pid)).toBeGreaterThan(0);
  expect(by(ahead.child.pid)).toBeGreaterThan(0);
  expect(load.failures()).toEqual([]);
  await report(store, ledger);
  // No repeat at all, not even one the report would excuse as a late answer to a refused attempt.
  expect(ledger.repeatedDeliveries()).toEqual(new Map());
  expect(ledger.figures().duplicated).toBe(0);
});
