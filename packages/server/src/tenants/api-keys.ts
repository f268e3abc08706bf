/**
 * API keys: random, shown once, stored only as a SHA-256 hash. A lookup is by the hash through a unique
 * index, so the time it takes does not depend on how much of a guessed key is right.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

const KEY_PREFIX = 'chk_';

export interface IssuedApiKey {
  id: number;
  /** The only time the key exists in clear. */
  apiKey: string;
}

export interface Principal {
  apiKeyId: number;
  userId: number;
  organizationId: number;
}

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
export async function authenticateApiKey(db: Kysely<Database>, apiKey: string): Promise<Principal | null> {
  if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length > 128) return null;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'organization_id'])
    .where('key_hash', '=', hashApiKey(apiKey))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { apiKeyId: row.id, userId: row.user_id, organizationId: row.organization_id } : null;
}
