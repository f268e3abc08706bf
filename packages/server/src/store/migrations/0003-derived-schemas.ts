/**
 * The history of derived schema steps (see ./derived-schema.ts): one row per applied version of a step,
 * named by the step and the fingerprint of the definitions it applied.
 */
import type { Kysely } from 'kysely';
import { bigint, type DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('derived_schemas')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('applied_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('derived_schemas_pk', ['name', 'fingerprint'])
    .execute();
}
