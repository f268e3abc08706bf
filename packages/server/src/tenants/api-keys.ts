/**
 * API keys: random, shown once, stored only as a SHA-256 hash. A lookup is by the hash through a unique
 * index, so the time it takes does not depend on how much of a guessed key is right.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { runFixedShape, type StatementTarget } from '../store/fixed-shape-statements.js';
import type { Database } from '../store/schema.js';
import type { SessionState } from './sessions.js';

const KEY_PREFIX = 'chk_';

export interface IssuedApiKey {
  id: number;
  /** The only time the key exists in clear. */
  apiKey: string;
}

/** Who a request acts as: an API key's owner, a signed-in user (a session), or nobody yet. */
export interface Principal {
  /** The API key presented; null for a sign-in session or no credential. */
  apiKeyId: number | null;
  userId: number;
  organizationId: number;
  /** The sign-in session presented (signIn / signUp), instead of an API key. */
  session?: { id: number; state: SessionState; userType: 'provider' | 'patient' };
  /** No credential: only the public mutations (signIn, signUp) may run. */
  anonymous?: boolean;
}

/** The principal of a request without a credential. */
export const ANONYMOUS: Principal = { apiKeyId: null, userId: 0, organizationId: 0, anonymous: true };

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export async function issueApiKey(
  db: Kysely<Database>,
  owner: { organizationId: number; userId: number; name?: string | null },
  now = Date.now(),
): Promise<IssuedApiKey> {
  const apiKey = generateApiKey();
  const row = await db
    .insertInto('api_keys')
    .values({
      organization_id: owner.organizationId,
      user_id: owner.userId,
      key_hash: hashApiKey(apiKey),
      key_prefix: apiKey.slice(0, KEY_PREFIX.length + 6),
      name: owner.name ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, apiKey };
}

/** Resolves a presented key to its owner, or null for an unknown or revoked key. */
export async function authenticateApiKey(store: StatementTarget, apiKey: string): Promise<Principal | null> {
  if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length > 128) return null;
  const keyHash = hashApiKey(apiKey);
  const db = store.db as Kysely<Database>;
  const { rows } = await runFixedShape(
    store,
    'authenticateApiKey',
    [keyHash],
    () =>
      db
        .selectFrom('api_keys')
        .select(['id', 'user_id', 'organization_id'])
        .where('key_hash', '=', keyHash)
        .where('revoked_at', 'is', null),
    { namedOnPostgres: true },
  );
  const row = rows[0];
  return row ? { apiKeyId: row.id, userId: row.user_id, organizationId: row.organization_id } : null;
}

/** Revokes every live key of a user (a member removed from the organization loses API access at once). */
export async function revokeUserApiKeys(
  db: Kysely<Database>,
  userId: number,
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
