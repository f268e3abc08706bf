/**
 * Giving claimed deliveries back: leases that ran out (their worker died or stalled), leases of workers
 * known dead (worker-liveness.ts) and, on shutdown, the deliveries this worker could not finish. Their
 * attempt is not counted, as its outcome was never recorded.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { DATABASE_NOW_MS } from './database-clock.js';

/**
 * Leases run out by the clock that stamped them (claim.ts): the database's on PostgreSQL, so a worker whose
 * clock runs ahead does not take over deliveries still being sent elsewhere; `now` on SQLite (one host). The
 * state is a literal, which a generic plan (claim-planner.ts) can match to `deliveries_in_flight`.
 */
export async function releaseExpiredLeases(
  db: Kysely<Database>,
  dialect: DialectName,
  now: number,
): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set((eb) => ({
      state: 'pending',
      lease_owner: null,
      lease_until: null,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('state', '=', sql.lit('in_flight'))
    .where('lease_until', '<=', dialect === 'postgres' ? DATABASE_NOW_MS : now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * On a clean stop, the deliveries this worker could not finish. They keep the due time they were claimed at,
 * which had passed: due again at once, on any clock (a stamp of this worker's own clock would delay them by
 * as much as it runs ahead of the one the claims compare with, the database's on PostgreSQL).
 */
export async function releaseLeases(
  db: Kysely<Database>,
  owner: string,
  deliveryIds: readonly number[],
  now: number,
): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('deliveries')
    .set((eb) => ({
      state: 'pending',
      lease_owner: null,
      lease_until: null,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('id', 'in', deliveryIds)
    .where('state', '=', 'in_flight')
    .where('lease_owner', '=', owner)
    .execute();
}

/** Everyone holding an in-flight delivery now. */
export async function leaseOwners(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select('lease_owner')
    .distinct()
    .where('state', '=', 'in_flight')
    .execute();
  return rows.flatMap((row) => (row.lease_owner === null ? [] : [row.lease_owner]));
}

/** Every in-flight delivery of these owners, at once; they stay due when they were (no new delay). */
export async function releaseLeasesOf(
  db: Kysely<Database>,
  owners: readonly string[],
  now: number,
): Promise<number> {
  if (owners.length === 0) return 0;
  const result = await db
    .updateTable('deliveries')
    .set((eb) => ({
      state: 'pending',
      lease_owner: null,
      lease_until: null,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('state', '=', 'in_flight')
    .where('lease_owner', 'in', owners)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
