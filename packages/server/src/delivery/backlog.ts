/**
 * The store-wide delivery backlog, for the metrics a scrape reads: how many deliveries are due and waiting
 * for a worker, and since when the oldest of them has been due. The query walks the partial index of pending
 * rows in due order and stops at `cap` rows, so a scrape costs the same however large the backlog grows.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface Backlog {
  /** Pending deliveries due by `now`, counted up to the cap. */
  due: number;
  /** When the oldest due delivery became due (ms), or null when none is. */
  oldestDueAt: number | null;
}

export async function readBacklog(db: Kysely<Database>, now: number, cap: number): Promise<Backlog> {
  const row = await db
    .selectFrom(
      db
        .selectFrom('deliveries')
        .select('next_attempt_at')
        // A literal, so both dialects see that the partial index on pending rows applies.
        .where('state', '=', sql.lit('pending'))
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(cap)
        .as('due'),
    )
    .select((eb) => [eb.fn.countAll().as('due'), eb.fn.min('due.next_attempt_at').as('oldest')])
    .executeTakeFirst();
  const oldest = row?.oldest;
  return {
    due: Number(row?.due ?? 0),
    oldestDueAt: oldest === null || oldest === undefined ? null : Number(oldest),
  };
}
