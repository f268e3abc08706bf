/**
 * Fault: kill -9 on the embedded store. The single `--role all` process is killed with SIGKILL at random
 * moments under load and started again on the same data folder. Every acknowledged event arrives; only
 * deliveries in flight at the moment of a kill may arrive twice. The CLI runs from dist:
 * `npm run test:faults` builds first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { crash, type CliProcess } from '../engine/helpers.js';
import { startFaultReceiver, type FaultReceiver } from './support/fault-receiver.js';
import { Ledger } from './support/ledger.js';
import { MutationLoad, subscribe } from './support/load.js';
import { inFlightOf, pause, randomMoment, report, ScenarioProcesses } from './support/scenario.js';

const KILLS = 3;

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

it('kill -9 of the single process on the embedded store loses nothing acknowledged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'carehooks-kill-'));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
  let server: CliProcess = processes.serve(['--data', dir], {});
  const ready = await server.ready;
  let url: string | null = ready.url;
  const apiKey = ready.apiKey!;
  const ledger = new Ledger('kill -9 on sqlite (role all)');
  receiver = await startFaultReceiver(ledger);
  receiver.secret = await subscribe(url!, apiKey, receiver.url);
  store = await openStore({ kind: 'sqlite', file: join(dir, 'carehooks.db') }, { migrate: false });

  const load = new MutationLoad({ url: () => url, apiKey, ledger, callers: 8, timeoutMs: 10_000 });
  const inFlightAtKills = new Set<string>();
  await load.acknowledgeMore(50, 30_000);
  for (let i = 0; i < KILLS; i++) {
    await pause(randomMoment());
    url = null;
    await crash(server);
    for (const id of await inFlightOf(store, server.child.pid!)) inFlightAtKills.add(id);
    server = processes.serve(['--data', dir], {});
    url = (await server.ready).url;
    await load.acknowledgeMore(25, 30_000);
  }
  await load.stop();
  await ledger.settled(60_000);
  console.log(
    `  ${KILLS} kills; ${inFlightAtKills.size} deliveries in flight at the kills; ` +
      `${ledger.unacknowledgedDelivered()} unacknowledged mutations committed and delivered`,
  );
  await report(store, ledger, inFlightAtKills);
});
