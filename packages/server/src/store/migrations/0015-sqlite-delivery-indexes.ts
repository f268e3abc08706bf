/**
 * SQLite: fewer index entries written per delivery. A delivery is written three times (inserted pending,
 * claimed, finished), and `deliveries_due (state, next_attempt_at)` and `deliveries_webhook_due (webhook_id,
 * state, next_attempt_at)` lead with or hold `state`, so the claim and the finish each moved an entry in both:
 * with `deliveries_pending`, 13 index writes per delivery. Partial indexes, each holding the rows of one
 * question, take 8:
 *
 * - `deliveries_webhook_pending`: a webhook's pending rows in due order, for the claim's seek per webhook
 *   (claim.ts) and cancelling a webhook's pending deliveries; written on insert and claim only.
 * - `deliveries_in_flight_lease`: the rows in flight by lease, for leases running out and dead workers'
 *   leases; written on claim and finish only, and no larger than the workers' sends.
 * - `deliveries_finished`: finished rows by when they finished, for retention (written once per delivery).
 * - `deliveries_unsuccessful`: failed and cancelled rows by webhook and time, for recoverWebhook; written only
 *   when a delivery fails or is cancelled.
 *
 * A predicate over several states is an OR of equalities: written `state in (...)`, SQLite evaluated the list
 * on every write of a delivery, which cost more (1 µs per claim or finish) than the index entries saved.
 * Queries name those states the same way, in literals (retention.ts, delivery-recovery.ts), as SQLite uses a
 * partial index only when the query's condition holds its predicate (or one state of it); a single state may be
 * bound as a parameter (SQLite prepares the statement again for the value bound).
 *
 * Measured with a turn-by-turn bench of the delivery turn's statements on this schema (124 deliveries a turn,
 * CPU time, 3 alternating runs): claim 5.1-5.5 -> 3.9-4.3 µs and marking delivered 2.5-2.6 -> 1.5 µs per
 * delivery; the turn's statements 17.2-18.3 -> 14.9-15.4 µs. Migration 0012 found partial indexes slower on
 * SQLite when two (one an IN list) replaced `deliveries_due` alone; here five index writes per delivery go.
 *
 * The attempt log loses `sent_webhooks_created (created_at)`, written by every attempt's insert and read only
 * by retention, which seeks old rows per organization in `sent_webhooks_organization` instead (retention.ts).
 *
 * SQLite only: PostgreSQL's indexes were reshaped for its own writes in 0012.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialect.js';

/** The new indexes on deliveries: name, columns, and the states whose rows each holds. */
const INDEXES: ReadonlyArray<{ name: string; columns: string[]; where: RawBuilder<boolean> }> = [
  {
    name: 'deliveries_webhook_pending',
    columns: ['webhook_id', 'next_attempt_at'],
    where: sql`state = 'pending'`,
  },
  { name: 'deliveries_in_flight_lease', columns: ['lease_until'], where: sql`state = 'in_flight'` },
  {
    name: 'deliveries_finished',
    columns: ['updated_at'],
    where: sql`state = 'delivered' or state = 'failed' or state = 'cancelled'`,
  },
  {
    name: 'deliveries_unsuccessful',
    columns: ['webhook_id', 'updated_at'],
    where: sql`state = 'failed' or state = 'cancelled'`,
  },
];

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const { name, columns, where } of INDEXES) {
    await db.schema.createIndex(name).on('deliveries').columns(columns).where(where).execute();
  }
  await db.schema.dropIndex('deliveries_due').execute();
  await db.schema.dropIndex('deliveries_webhook_due').execute();
  await db.schema.dropIndex('sent_webhooks_created').execute();
}
