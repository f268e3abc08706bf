/** What every fault scenario shares: its server processes, their settings, and cleaning up after them. */
import type { Store } from '../../../src/store/open-store.js';
import { crash, spawnServe, type CliProcess } from '../../engine/helpers.js';
import type { Ledger } from './ledger.js';

/**
 * Delivery settings that keep a scenario short: quick polling, and a retry schedule long enough (40 retries,
 * 250 ms apart) that no delivery runs out of attempts while a fault lasts. The send timeout leaves the
 * receiver, which shares its process with the load driver on a busy machine, time to answer.
 */
export const QUICK_DELIVERY: Record<string, string> = {
  CAREHOOKS_POLL_INTERVAL: '200ms',
  CAREHOOKS_CONNECT_TIMEOUT: '1s',
  CAREHOOKS_SEND_TIMEOUT: '3s',
  CAREHOOKS_LEASE: '8s',
  CAREHOOKS_RETRY_SCHEDULE: Array<string>(40).fill('250ms').join(','),
};

export class ScenarioProcesses {
  private readonly all: CliProcess[] = [];

  /** Starts `carehooks serve` from dist with these arguments and settings (on top of QUICK_DELIVERY). */
  serve(args: string[], env: Record<string, string>): CliProcess {
    const child = spawnServe([...args, '--allow-private-networks'], { ...QUICK_DELIVERY, ...env });
    this.all.push(child);
    return child;
  }

  /** kill -9 of every process still running; their output is printed when the scenario failed. */
  async cleanup(failed: boolean): Promise<void> {
    const all = this.all.splice(0);
    if (failed) for (const process of all) console.log(`--- pid ${process.child.pid}:\n${process.output()}`);
    for (const process of all) await crash(process);
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Deliveries the receiver accepted more often than the server saw them through: each extra acceptance
 * matches an attempt the server recorded as failed (timed out, connection lost) because the 200 reached it
 * too late. A receiver slowed by a busy machine answers so; at-least-once delivery must send those again.
 */
async function answeredLate(store: Store, ledger: Ledger): Promise<Set<string>> {
  const repeated = ledger.repeatedDeliveries();
  if (repeated.size === 0) return new Set();
  const failed = await store.db
    .selectFrom('sent_webhooks')
    .select((eb) => ['delivery_id', eb.fn.countAll<number>().as('count')])
    .where('delivery_id', 'in', [...repeated.keys()].map(Number))
    .where('error', 'is not', null)
    .groupBy('delivery_id')
    .execute();
  const late = new Set<string>();
  for (const row of failed) {
    const id = String(row.delivery_id);
    if (repeated.get(id)! - 1 <= Number(row.count)) late.add(id);
  }
  return late;
}

/**
 * Ends a scenario: prints its figures and checks them (ledger.report). A delivery repeated without an
 * excuse is first explained from the store (its row and attempt log beside when it arrived).
 */
export async function report(
  store: Store,
  ledger: Ledger,
  inFlightAtKills: ReadonlySet<string> = new Set(),
): Promise<void> {
  const excuses = { inFlightAtKills, answeredLate: await answeredLate(store, ledger) };
  const ids = ledger.unexpectedRepeats(excuses).map(Number);
  if (ids.length > 0) {
    const rows = await store.db.selectFrom('deliveries').selectAll().where('id', 'in', ids).execute();
    const attempts = await store.db
      .selectFrom('sent_webhooks')
      .select([
        'delivery_id',
        'attempt',
        'http_response_status',
        'error',
        'error_detail',
        'duration_ms',
        'created_at',
      ])
      .where('delivery_id', 'in', ids)
      .orderBy('id')
      .execute();
    for (const id of ids) {
      console.log(
        `repeated delivery ${id}: accepted at ${JSON.stringify(ledger.acceptedAt.get(String(id)))}\n` +
          `  row ${JSON.stringify(rows.find((r) => r.id === id))}\n` +
          `  attempts ${JSON.stringify(attempts.filter((a) => a.delivery_id === id))}`,
      );
    }
  }
  ledger.report(excuses);
}

/** A random moment 0.3 to 1.5 s away. */
export function randomMoment(): number {
  return 300 + Math.floor(Math.random() * 1200);
}

/** Deliveries a killed process held in flight: the only ones allowed to arrive twice for its kill. */
export async function inFlightOf(store: Store, pid: number): Promise<string[]> {
  const rows = await store.db
    .selectFrom('deliveries')
    .select('id')
    .where('state', '=', 'in_flight')
    .where('lease_owner', 'like', `%/${pid}/%`)
    .execute();
  return rows.map((row) => String(row.id));
}
