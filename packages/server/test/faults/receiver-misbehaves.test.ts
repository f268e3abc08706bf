/**
 * Fault: a receiver that misbehaves. While createClient calls come in, the receiver answers each delivery
 * in turn by resetting the connection, truncating its answer, trickling it past the send timeout,
 * redirecting, answering bytes that are not HTTP, or answering 200 only after the timeout. None of these
 * is a delivery: each is retried. Once the receiver behaves, every acknowledged event arrives, and none
 * twice (the receiver never accepted one that the server then counted as failed).
 * The CLI runs from dist: `npm run test:faults` builds first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { MISBEHAVIOURS, startFaultReceiver, type FaultReceiver } from './support/fault-receiver.js';
import { Ledger } from './support/ledger.js';
import { MutationLoad, subscribe } from './support/load.js';
import { pause, report, ScenarioProcesses } from './support/scenario.js';

/** Trickling and late answers each hold a send until its timeout: a short one keeps the scenario short. */
const QUICK_TIMEOUTS = { CAREHOOKS_SEND_TIMEOUT: '1s', CAREHOOKS_LEASE: '5s' };

const processes = new ScenarioProcesses();
let receiver: FaultReceiver | undefined;
let store: Store | undefined;
let dir: string | undefined;
afterEach(async (context) => {
  await processes.cleanup(context.task.result?.state === 'fail');
  await store?.close();
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = receiver = dir = undefined;
});

it('retries every misbehaving answer and delivers each acknowledged event once the receiver behaves', async () => {
  dir = mkdtempSync(join(tmpdir(), 'carehooks-receiver-fault-'));
  const ledger = new Ledger('receiver misbehaves');
  // A late 200 comes half a second after the 1 s send timeout has given up on it.
  receiver = await startFaultReceiver(ledger);
  const { url, apiKey } = await processes.serve(['--data', dir], QUICK_TIMEOUTS).ready;
  receiver.secret = await subscribe(url!, apiKey!, receiver.url);
  receiver.misbehave = MISBEHAVIOURS;

  const load = new MutationLoad({ url: () => url, apiKey: apiKey!, ledger, callers: 4, timeoutMs: 10_000 });
  await load.acknowledgeMore(150, 30_000);
  const deadline = Date.now() + 20_000;
  while (MISBEHAVIOURS.some((how) => receiver!.misbehaved[how] < 5)) {
    if (Date.now() > deadline)
      throw new Error(`some misbehaviours never ran: ${JSON.stringify(receiver.misbehaved)}`);
    await pause(20);
  }
  await load.stop();
  expect(ledger.figures().delivered, 'nothing counts as delivered while the receiver misbehaves').toBe(0);

  receiver.misbehave = [];
  await ledger.settled(30_000);
  console.log(`  misbehaved answers: ${JSON.stringify(receiver.misbehaved)}`);
  expect(receiver.rejected).toBe(0);
  expect(load.failures()).toEqual([]);
  store = await openStore({ kind: 'sqlite', file: join(dir, 'carehooks.db') }, { migrate: false });
  await report(store, ledger);
});
