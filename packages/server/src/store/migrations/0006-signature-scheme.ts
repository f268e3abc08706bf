/**
 * Each webhook chooses how its deliveries are signed. Existing webhooks, and every webhook created without
 * saying, keep Healthie's scheme; the check keeps any other value out whichever process writes the row.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('signature_scheme', 'text', (c) =>
      c
        .notNull()
        .defaultTo('healthie')
        .check(sql`signature_scheme in ('healthie', 'standard_webhooks')`),
    )
    .execute();
}
