/**
 * While some webhooks are at their in-flight limit, the claim on SQLite seeks each other webhook's due
 * deliveries instead of walking everyone's in due order, which stepped over every due row of the webhooks left
 * out (claim.ts). `(webhook_id, state, next_attempt_at)` replaces `(webhook_id, state)`: the queries that used
 * the old index still find their prefix in it, and the claim finds a webhook's pending rows in due order,
 * ties by id (SQLite ends every index entry with the rowid, the id). Widened rather than added, it keeps the
 * index writes per delivery as they were.
 *
 * SQLite only: PostgreSQL's claim locks its candidates in one walk of the due order (SKIP LOCKED) and never
 * seeks per webhook, so there the wider index would only cost a rebuild of a large table's index.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.schema.dropIndex('deliveries_webhook').execute();
  await db.schema
    .createIndex('deliveries_webhook_due')
    .on('deliveries')
    .columns(['webhook_id', 'state', 'next_attempt_at'])
    .execute();
}
