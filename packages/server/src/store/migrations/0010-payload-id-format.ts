/**
 * Each webhook chooses how ids appear in its payloads: `string` (the reference's form, the default for
 * existing webhooks and every webhook created without saying) or `number`. The outbox keeps one body per
 * event in the string form; the number form is derived at send time, and each attempt records the form it
 * was sent in, so the attempt log shows the bytes sent even after the webhook's setting changes.
 *
 * The attempt log's column has no CHECK: its value is copied from the webhook's, which has one, and a new
 * constraint would make both dialects scan the whole log to validate it while the table is locked.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('payload_id_format', 'text', (c) =>
      c
        .notNull()
        .defaultTo('string')
        .check(sql`payload_id_format in ('string', 'number')`),
    )
    .execute();
  await db.schema
    .alterTable('sent_webhooks')
    .addColumn('payload_id_format', 'text', (c) => c.notNull().defaultTo('string'))
    .execute();
}
