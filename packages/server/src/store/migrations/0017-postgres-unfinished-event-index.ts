/**
 * PostgreSQL: two index entries fewer per delivery sent, on the dispatcher's own statements.
 *
 * - `deliveries_event (event_id)` took an entry for each of a delivery's three row versions (inserted pending,
 *   claimed, finished; no update is HOT, as each changes `state`), yet its one reader, retention, asks only
 *   whether an event still has a delivery pending or in flight. `deliveries_event_unfinished` holds those rows
 *   only, so finishing a delivery adds no entry there.
 * - `sent_webhooks_created (created_at)` took an entry for every attempt and was read only by retention, which
 *   now seeks old attempts per organization in `sent_webhooks_organization (organization_id, created_at)`, as
 *   on SQLite since 0015 (retention.ts).
 *
 * SQLite updates a row in place and writes only the index entries whose columns change; it dropped its own
 * `sent_webhooks_created` in 0015.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  const schema = db.schema;
  await schema
    .createIndex('deliveries_event_unfinished')
    .on('deliveries')
    .column('event_id')
    .where(sql<boolean>`state in ('pending', 'in_flight')`)
    .execute();
  await schema.dropIndex('deliveries_event').execute();
  await schema.dropIndex('sent_webhooks_created').execute();
}
