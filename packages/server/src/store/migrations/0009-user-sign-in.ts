/**
 * Users who sign in (signIn / signUp): a password hash per user (with its failed attempts and lock), kept
 * apart from `users` so that no read of user records ever carries it, and sign-in sessions, stored like API
 * keys as a hash of the token.
 */
import type { Kysely } from 'kysely';
import { bigint, withId, type DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const schema = db.schema;
  await schema
    .createTable('user_credentials')
    .addColumn('user_id', bigint, (c) => c.primaryKey().references('users.id'))
    .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('password_hash', 'text')
    .addColumn('mfa_type', 'text')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await withId(dialect, schema.createTable('user_sessions'))
    .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('verification_code_hash', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('last_used_at', bigint)
    .addColumn('revoked_at', bigint)
    .execute();
  await schema.createIndex('user_sessions_user').on('user_sessions').column('user_id').execute();
}
