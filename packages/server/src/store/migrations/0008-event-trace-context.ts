/**
 * With tracing on, each event keeps the W3C `traceparent` of the span that produced it (the mutation), so
 * every delivery attempt, in whichever process and however much later, joins that trace. Null otherwise.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('events').addColumn('trace_parent', 'text').execute();
}
