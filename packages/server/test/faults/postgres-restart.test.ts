/**
 * Fault: PostgreSQL restarted under load. An API process and a worker process share the scenario's own
 * PostgreSQL server, which is stopped while createClient calls keep coming and started again a few seconds
 * later. While it is down every call is answered at once with a clear error (never a hang, never the
 * driver's words); once it is back the same processes acknowledge mutations again on their own, and every
 * acknowledged event reaches the receiver exactly once.
 * The CLI runs from dist: `npm run test:faults` builds first.
 */
import { afterEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { startFaultReceiver, type FaultReceiver } from './support/fault-receiver.js';
import { Ledger } from './support/ledger.js';
import { MutationLoad, subscribe, unclearError } from './support/load.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { pause, report, ScenarioProcesses } from './support/scenario.js';

const OUTAGE_MS = 3_000;

const processes = new ScenarioProcesses();
let postgres: PrivatePostgres | undefined;
let receiver: FaultReceiver | undefined;
let store: Store | undefined;
afterEach(async (context) => {
  await processes.cleanup(context.task.result?.state === 'fail');
  await store?.close();
  await receiver?.close();
  await postgres?.destroy();
  store = receiver = postgres = undefined;
});

it('answers clear errors while PostgreSQL is down, recovers alone, and loses nothing', async () => {
  postgres = await startPrivatePostgres();
  const spawn = (role: string) => processes.serve(['--role', role], { DATABASE_URL: postgres!.url });
  // Both migrate on start, which is safe from several processes at once.
  const worker = spawn('worker');
  const [{ url }] = await Promise.all([spawn('api').ready, worker.ready]);

  store = await openStore({ kind: 'postgres', url: postgres.url }, { migrate: false });
  const org = await store.db
    .transaction()
    .execute((trx) =>
      createOrganization(trx, { name: 'Restart Clinic', owner: { email: 'owner@example.com' } }),
    );
  const ledger = new Ledger('postgres restarted mid-load');
  receiver = await startFaultReceiver(ledger);
  receiver.secret = await subscribe(url!, org.apiKey, receiver.url);

  const load = new MutationLoad({
    url: () => url,
    apiKey: org.apiKey,
    ledger,
    callers: 8,
    timeoutMs: 10_000,
  });
  await load.acknowledgeMore(100, 30_000);

  await postgres.stop('immediate');
  const downAt = Date.now();
  await pause(OUTAGE_MS);
  expect((await fetch(`${url!}/healthz`)).status, '/healthz while PostgreSQL is down').toBe(503);
  const whileDown = load.failures(downAt);
  await postgres.start();
  const upAt = Date.now();

  // Back on their own: no process was restarted.
  await load.acknowledgeMore(100, 30_000);
  expect((await fetch(`${url!}/healthz`)).status, '/healthz once PostgreSQL is back').toBe(200);
  await load.stop();
  await ledger.settled(30_000);

  const failures = load.failures();
  const statuses = [...new Set(whileDown.map((a) => a.status))].join(', ');
  const slowest = Math.max(...whileDown.map((a) => a.ms));
  const firstBack = load.answers.find((a) => a.outcome === 'acknowledged' && a.at >= upAt)?.at ?? upAt;
  console.log(
    `  while down: ${whileDown.length} calls refused (HTTP ${statuses}, slowest answer ${slowest} ms); ` +
      `first acknowledgement ${Math.max(0, firstBack - upAt)} ms after the restart; ` +
      `${ledger.unacknowledgedDelivered()} unacknowledged mutations committed and delivered`,
  );
  expect(whileDown.length, 'calls answered while PostgreSQL was down').toBeGreaterThan(0);
  expect(failures.map(unclearError).filter((problem) => problem !== null)).toEqual([]);
  expect(whileDown.every((a) => a.status === 503)).toBe(true);
  expect(receiver.rejected).toBe(0);
  // The worker said that the store was down once, as a one-line warning, not with a stack on every retry.
  const logged = worker.output().split('\n');
  expect(logged.filter((line) => line.includes('delivery turn failed'))).toEqual([]);
  const paused = logged.filter((line) => line.includes('delivery paused'));
  expect(paused).toHaveLength(1);
  expect(paused[0]).toContain('"level":40');
  expect(paused[0]).not.toContain('"stack"');
  await report(store, ledger);
});
