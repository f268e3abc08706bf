/**
 * Fault: kill -9 on PostgreSQL. An API process and two worker processes share a database; under load, each
 * kind is killed with SIGKILL at a random moment (in random order, a random worker) and started again.
 * Every acknowledged event arrives; only deliveries in flight in a killed worker at the moment it died may
 * arrive twice. Mutations cut short by a kill were never acknowledged, so whether they committed or not,
 * nothing acknowledged is missing. The CLI runs from dist: `npm run test:faults` builds first.
 */
import { afterEach, it } from 'vitest';
import type { StoreConfig } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { crash } from '../engine/helpers.js';
import { postgresDialect } from '../support/dialects.js';
import { startFaultReceiver, type FaultReceiver } from './support/fault-receiver.js';
import { Ledger } from './support/ledger.js';
import { MutationLoad, subscribe } from './support/load.js';
import { inFlightOf, pause, randomMoment, report, ScenarioProcesses } from './support/scenario.js';

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

it('kill -9 of API and worker processes on PostgreSQL loses nothing acknowledged', async () => {
  const fresh = await postgresDialect.freshConfig();
  cleanup = fresh.cleanup;
  const config = fresh.config as Extract<StoreConfig, { kind: 'postgres' }>;
  const env = { DATABASE_URL: config.url };
  const start = (role: 'api' | 'worker') => processes.serve(['--role', role], env);

  // One after the other: a burst of starting processes can starve a busy machine.
  let api = start('api');
  let apiUrl: string | null = (await api.ready).url;
  const workers = [start('worker')];
  await workers[0]!.ready;
  workers.push(start('worker'));
  await workers[1]!.ready;

  store = await openStore(config, { migrate: false });
  const org = await store.db
    .transaction()
    .execute((trx) =>
      createOrganization(trx, { name: 'Kill Clinic', owner: { email: 'owner@example.com' } }),
    );
  const ledger = new Ledger('kill -9 on postgres (api + 2 workers)');
  receiver = await startFaultReceiver(ledger);
  receiver.secret = await subscribe(apiUrl!, org.apiKey, receiver.url);

  const load = new MutationLoad({
    url: () => apiUrl,
    apiKey: org.apiKey,
    ledger,
    callers: 8,
    timeoutMs: 10_000,
  });
  const inFlightAtKills = new Set<string>();
  const killed: string[] = [];
  await load.acknowledgeMore(50, 30_000);
  const startedAt = Date.now();
  // The API once and a worker twice, in random order.
  const kinds = ['api', 'worker', 'worker'].sort(() => Math.random() - 0.5);
  for (const kind of kinds) {
    await pause(randomMoment());
    const victim = kind === 'api' ? 0 : 1 + Math.floor(Math.random() * 2);
    killed.push(
      `${victim === 0 ? 'api' : `worker ${victim}`} at +${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    if (victim === 0) {
      apiUrl = null;
      await crash(api);
      api = start('api');
      apiUrl = (await api.ready).url;
    } else {
      const worker = workers[victim - 1]!;
      await crash(worker);
      for (const id of await inFlightOf(store, worker.child.pid!)) inFlightAtKills.add(id);
      workers[victim - 1] = start('worker');
      await workers[victim - 1]!.ready;
    }
    await load.acknowledgeMore(25, 30_000);
  }
  await load.stop();
  await ledger.settled(60_000);
  console.log(
    `  killed in turn: ${killed.join(', ')}; ${inFlightAtKills.size} deliveries in flight at the kills; ` +
      `${ledger.unacknowledgedDelivered()} unacknowledged mutations committed and delivered`,
  );
  await report(store, ledger, inFlightAtKills);
});
