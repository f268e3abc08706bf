/**
 * Giving claimed deliveries back: leases that ran out (their worker died or stalled) and, on shutdown, the
 * deliveries this worker could not finish. Their attempt is not counted, as its outcome was never recorded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export async function releaseExpiredLeases(db: Kysely<Database>, now: number): Promise<number> {
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
    .where('lease_until', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

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
      next_attempt_at: now,
      updated_at: now,
    }))
    .where('id', 'in', deliveryIds)
    .where('state', '=', 'in_flight')
    .where('lease_owner', '=', owner)
    .execute();
}
