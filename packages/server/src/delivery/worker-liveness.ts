/**
 * Taking back at once the deliveries of a delivery worker known dead, instead of waiting out its leases.
 *
 * - Embedded store: every process using the file runs on this host, so a lease owner whose process is gone
 *   (worker-identity.ts) is dead. Checked when the worker starts, which is when a crashed one is restarted,
 *   and then at each interval.
 * - PostgreSQL: workers may run anywhere, so each one writes a heartbeat to `delivery_workers` every
 *   interval, stamped with the database's clock (the workers' clocks may disagree). A worker whose heartbeat
 *   is older than `misses` intervals is dead: its row goes and its leases are given back.
 *
 * A worker judges the others only once its own heartbeats have gone through for that long: after the
 * database was unreachable (or the host was suspended), every heartbeat is stale, and the others need as
 * long to catch up.
 * A worker stopping cleanly gives back whatever it still holds and removes its row.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Store } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import { DATABASE_NOW_MS } from './database-clock.js';
import { leaseOwners, releaseLeasesOf } from './leases.js';
import { isKnownDead } from './worker-identity.js';

export interface LivenessOptions {
  store: Store;
  owner: string;
  intervalMs: number;
  /** Heartbeat intervals without a heartbeat after which a PostgreSQL worker is dead. */
  misses: number;
  logger: Logger;
  /** Deliveries were given back: time to claim them. */
  onReleased(): void;
}

export interface WorkerLiveness {
  /** Call once the dispatcher has stopped: ends the heartbeats, gives back what is left, leaves. */
  stop(): Promise<void>;
}

export function watchWorkerLiveness(options: LivenessOptions): WorkerLiveness {
  const { store, owner, intervalMs, misses, logger } = options;
  const deadAfterMs = intervalMs * misses;
  /**
   * Since when this worker's own heartbeats have gone through without a gap as long as `deadAfterMs` (a
   * failure, or the process paused or suspended). Wall-clock times: a monotonic clock stops in a suspend.
   */
  let healthySince: number | null = null;
  let lastBeatAt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function heartbeat(db: Kysely<Database>): Promise<boolean> {
    try {
      await db
        .insertInto('delivery_workers')
        .values({ owner, started_at: DATABASE_NOW_MS, heartbeat_at: DATABASE_NOW_MS })
        .onConflict((oc) => oc.column('owner').doUpdateSet({ heartbeat_at: DATABASE_NOW_MS }))
        .execute();
      const at = Date.now();
      if (healthySince === null || at - lastBeatAt > deadAfterMs) healthySince = at;
      lastBeatAt = at;
      return true;
    } catch (error) {
      healthySince = null;
      logger.warn({ err: error, workerId: owner }, 'delivery worker heartbeat failed; will try again');
      return false;
    }
  }

  /** The dead workers' rows and their leases go in one transaction, so no lease outlives its owner's row. */
  async function releaseStaleWorkers(db: Kysely<Database>, now: number): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const dead = await trx
        .deleteFrom('delivery_workers')
        .where('heartbeat_at', '<', sql<number>`${DATABASE_NOW_MS} - ${deadAfterMs}`)
        .where('owner', '<>', owner)
        .returning('owner')
        .execute();
      return releaseLeasesOf(
        trx,
        dead.map((row) => row.owner),
        now,
      );
    });
  }

  async function releaseDeadProcesses(db: Kysely<Database>, now: number): Promise<number> {
    const dead = (await leaseOwners(db)).filter((other) => other !== owner && isKnownDead(other));
    return releaseLeasesOf(db, dead, now);
  }

  async function check(): Promise<void> {
    const { db, dialect } = store;
    let released = 0;
    if (dialect === 'sqlite') {
      released = await releaseDeadProcesses(db, Date.now());
    } else if ((await heartbeat(db)) && Date.now() - healthySince! >= deadAfterMs) {
      released = await releaseStaleWorkers(db, Date.now());
    }
    if (released > 0) {
      logger.info({ released, workerId: owner }, 'took back the deliveries of a dead delivery worker');
      options.onReleased();
    }
  }

  let checking: Promise<void> = Promise.resolve();
  const tick = () => {
    checking = check()
      .catch((error: unknown) => {
        logger.warn({ err: error, workerId: owner }, 'could not look for dead delivery workers');
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await checking;
      const now = Date.now();
      try {
        await store.db.transaction().execute(async (trx) => {
          await releaseLeasesOf(trx, [owner], now);
          if (store.dialect === 'postgres') {
            await trx.deleteFrom('delivery_workers').where('owner', '=', owner).execute();
          }
        });
      } catch (error) {
        // Its heartbeat goes stale and another worker takes back what it held.
        logger.error({ err: error, workerId: owner }, 'could not leave the delivery workers cleanly');
      }
    },
  };
}
