/**
 * Per-webhook delivery options: `ordering` (per_resource sends one delivery per resource at a time, in commit
 * order) and `max_per_second` (a send rate shared by all workers). Existing webhooks keep neither.
 *
 * - `webhooks.rate_next_slot_at`: the rate limit's shared schedule, when the next send may start (fractional
 *   milliseconds, so rates above 1,000/s keep their spacing). Null until the first limited send.
 * - `deliveries.ordering_key`: `<resource_id_type>:<resource_id>` on deliveries to a per_resource webhook,
 *   null on all others, so the unordered path neither stores nor indexes it.
 * - `deliveries.parked`: 1 while the claim has moved `next_attempt_at` later because the delivery waits for its
 *   resource's turn or its send slot, not for a retry; such a delivery may be made due again early.
 * - The ordering index answers "is anything of this resource in flight, or pending before this one?" with two
 *   seeks, whatever the history of the resource.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('ordering', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`ordering in ('none', 'per_resource')`),
    )
    .execute();
  await db.schema
    .alterTable('webhooks')
    .addColumn('max_per_second', 'integer', (c) => c.check(sql`max_per_second > 0`))
    .execute();
  await db.schema
    .alterTable('webhooks')
    .addColumn('rate_next_slot_at', dialect === 'postgres' ? 'double precision' : 'real')
    .execute();
  await db.schema.alterTable('deliveries').addColumn('ordering_key', 'text').execute();
  await db.schema
    .alterTable('deliveries')
    .addColumn('parked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('deliveries_ordering')
    .on('deliveries')
    .columns(['webhook_id', 'ordering_key', 'state', 'id'])
    .where(sql.ref('ordering_key'), 'is not', null)
    .execute();
}
