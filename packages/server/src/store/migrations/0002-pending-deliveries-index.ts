/**
 * The claim walks due pending deliveries oldest first: a partial index in exactly that order keeps each
 * claim to the rows it takes, however large the backlog or however many rows are in flight or finished.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
}
