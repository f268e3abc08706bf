/**
 * Creating or updating a client checks that no other user of its organization has the email. Without this
 * index the check reads every user of the organization, so each such mutation costs more as clients accrue.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createIndex('users_organization_email')
    .on('users')
    .columns(['organization_id', 'email'])
    .execute();
}
