/**
 * PostgreSQL: the lookups of a webhook's deliveries by state get partial indexes, so that claiming and
 * finishing a delivery add no entry for them. `deliveries_webhook (webhook_id, state)` took one for each of a
 * delivery's three row versions (inserted pending, claimed, finished; no update is HOT, as each changes
 * `state`), yet every query that used it names one or two states:
 *
 * - `deliveries_webhook_pending`: pending rows, for the claim's test of whether the webhooks it may take from
 *   have any due (in due order), cancelling a disabled or deleted webhook's backlog, and applying a change of
 *   options to it. One entry per delivery, at its insert (and one per retry).
 * - `deliveries_webhook_unsuccessful`: failed and cancelled rows by when they ended, for `recoverWebhook`.
 * - Rows in flight are found by webhook in `deliveries_in_flight` (0012), which now also serves changing a
 *   webhook's ordering (its pending and in-flight rows, named as two states so each finds its index).
 *
 * PostgreSQL only: SQLite updates a row in place and writes only the index entries whose columns change; its
 * indexes by webhook and state are reshaped for that in 0015.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  const schema = db.schema;
  await schema
    .createIndex('deliveries_webhook_pending')
    .on('deliveries')
    .columns(['webhook_id', 'next_attempt_at', 'id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await schema
    .createIndex('deliveries_webhook_unsuccessful')
    .on('deliveries')
    .columns(['webhook_id', 'updated_at'])
    .where(sql<boolean>`state in ('failed', 'cancelled')`)
    .execute();
  await schema.dropIndex('deliveries_webhook').execute();
}
