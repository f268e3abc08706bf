/**
 * Fault: the embedded store runs out of room. A loop-mounted tiny filesystem needs privileges the test
 * machines lack, so the store is capped instead (CAREHOOKS_SQLITE_MAX_BYTES, SQLite's max_page_count), which
 * fails writes with the same SQLITE_FULL. A `--role all` process takes createClient calls until the store is
 * full: mutations then fail at once with a clear 503 (STORE_FULL), nothing is half written (every stored
 * client has its event and delivery), and once the history the retention job would delete is gone, the same
 * process acknowledges mutations again and every acknowledged event reaches the receiver.
 * The CLI runs from dist: `npm run test:faults` builds first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { deleteExpiredHistory } from '../../src/delivery/retention.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { crash } from '../engine/helpers.js';
import { startFaultReceiver, type FaultReceiver } from './support/fault-receiver.js';
import { Ledger } from './support/ledger.js';
import { MutationLoad, subscribe, unclearError } from './support/load.js';
import { pause, report, ScenarioProcesses } from './support/scenario.js';

/** Room left above the migrated store: a few hundred mutations with their events, deliveries and log. */
const ROOM_BYTES = 256 * 1024;

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

function storeBytes(file: string): number {
  const db = new SQLite(file, { readonly: true });
  try {
    return (
      (db.pragma('page_count', { simple: true }) as number) *
      (db.pragma('page_size', { simple: true }) as number)
    );
  } finally {
    db.close();
  }
}

it('fails mutations cleanly when the store is full, half-writes nothing, and resumes when room returns', async () => {
  dir = mkdtempSync(join(tmpdir(), 'carehooks-full-'));
  const file = join(dir, 'carehooks.db');
  const serve = (env: Record<string, string> = {}) => processes.serve(['--data', dir!], env);
  const ledger = new Ledger('sqlite disk full');
  receiver = await startFaultReceiver(ledger);

  // A first start migrates the store and makes the local organization; the cap is set above that.
  const first = serve();
  const { url: firstUrl, apiKey } = await first.ready;
  receiver.secret = await subscribe(firstUrl!, apiKey!, receiver.url);
  await crash(first);
  const capped = serve({ CAREHOOKS_SQLITE_MAX_BYTES: String(storeBytes(file) + ROOM_BYTES) });
  const { url } = await capped.ready;

  const options = { url: () => url, apiKey: apiKey!, ledger, callers: 8, timeoutMs: 10_000 };
  const filling = new MutationLoad(options);
  const deadline = Date.now() + 60_000;
  while (filling.failures().length < 50) {
    if (Date.now() > deadline) throw new Error(`the store never filled: ${ledger.line()}`);
    await pause(20);
  }
  // Stopped, so that what is stored is read at rest (a small row may still fit on a page now and then).
  await filling.stop();
  const ackedWhenFull = ledger.acknowledged.size;

  // Nothing half written: each stored client has its one event and delivery, each acknowledged one is stored.
  store = await openStore({ kind: 'sqlite', file }, { migrate: false });
  const clients = await store.db
    .selectFrom('users')
    .select('id')
    .where('user_type', '=', 'patient')
    .execute();
  const events = await store.db
    .selectFrom('events')
    .leftJoin('deliveries', 'deliveries.event_id', 'events.id')
    .select(['events.resource_id', 'deliveries.id as delivery_id'])
    .where('events.event_type', '=', 'patient.created')
    .execute();
  const stored = new Set(clients.map((c) => String(c.id)));
  for (const id of ledger.acknowledged)
    expect(stored.has(id), `acknowledged client ${id} is stored`).toBe(true);
  expect(events.map((e) => String(e.resource_id)).sort()).toEqual([...stored].sort());
  expect(events.every((e) => e.delivery_id !== null)).toBe(true);

  // Room returns as the retention job would make it; the same process goes on by itself.
  const freed = await deleteExpiredHistory(store, Date.now());
  const resumed = new MutationLoad(options);
  await resumed.acknowledgeMore(100, 30_000);
  await resumed.stop();
  await ledger.settled(30_000);

  const failures = [...filling.failures(), ...resumed.failures()];
  expect(failures.map(unclearError).filter((problem) => problem !== null)).toEqual([]);
  const codes = failures.map(
    (a) =>
      (JSON.parse(a.text) as { errors: Array<{ extensions?: { code?: string } }> }).errors[0]?.extensions
        ?.code,
  );
  console.log(
    `  ${ackedWhenFull} acknowledged before the store filled; ${failures.length} calls refused while full ` +
      `(${[...new Set(codes)].join(', ')}); retention freed ${freed.deliveries} deliveries, ${freed.events} events, ` +
      `${freed.sentWebhooks} log rows`,
  );
  expect(failures.every((a) => a.status === 503)).toBe(true);
  expect(codes).toContain('STORE_FULL');
  expect(receiver.rejected).toBe(0);
  await report(store, ledger);
});
