/**
 * Sign-in sessions (signIn / signUp): a random token shown once, stored as a SHA-256 hash and looked up
 * through a unique index, like an API key, but for one user and for a limited time. A session is
 * `active`, or `verifying` while it waits for the second factor (a code emailed to the user, checked by
 * validateVerificationToken), which allows nothing else. Sessions end when they expire, when revoked (a
 * new API key replacing sessions, the member removed), or after too many wrong codes.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserSessionTable } from '../store/schema.js';

export const SESSION_PREFIX = 'chs_';
/** How long a signed-in session lasts. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
/** How long the emailed code of a `verifying` session is good for. */
export const VERIFICATION_TTL_MS = 10 * 60 * 1000;
/** Wrong codes a `verifying` session survives; the next one ends it. */
export const MAX_VERIFICATION_FAILURES = 5;

export type SessionState = UserSessionTable['state'];

export interface IssuedSession {
  id: number;
  /** The only time the token exists in clear. */
  token: string;
  expiresAt: number;
}

export interface SessionPrincipal {
  sessionId: number;
  userId: number;
  organizationId: number;
  state: SessionState;
  userType: 'provider' | 'patient';
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

export async function issueSession(
  db: Kysely<Database>,
  user: { id: number; organization_id: number },
  now: number,
  verification?: { code: string },
): Promise<IssuedSession> {
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = now + (verification ? VERIFICATION_TTL_MS : SESSION_TTL_MS);
  const row = await db
    .insertInto('user_sessions')
    .values({
      organization_id: user.organization_id,
      user_id: user.id,
      token_hash: sha256(token),
      token_prefix: token.slice(0, SESSION_PREFIX.length + 6),
      state: verification ? 'verifying' : 'active',
      verification_code_hash: verification ? sha256(verification.code) : null,
      expires_at: expiresAt,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

/** A six-digit code for the second factor. */
export function verificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Resolves a presented token to its live session and user, or null (unknown, expired or revoked). */
export async function authenticateSession(
  db: Kysely<Database>,
  token: string,
  now = Date.now(),
): Promise<SessionPrincipal | null> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 128) return null;
  const row = await db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .select([
      'user_sessions.id',
      'user_sessions.user_id',
      'user_sessions.organization_id',
      'user_sessions.state',
      'user_sessions.expires_at',
      'users.user_type',
    ])
    .where('user_sessions.token_hash', '=', sha256(token))
    .where('user_sessions.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= now) return null;
  return {
    sessionId: Number(row.id),
    userId: Number(row.user_id),
    organizationId: Number(row.organization_id),
    state: row.state,
    userType: row.user_type,
  };
}

export type VerificationOutcome = 'verified' | 'wrong_code' | 'ended';

/**
 * Checks the emailed code of a `verifying` session: right, the session becomes `active` for a full
 * session's time; wrong, the failure is counted, and the last allowed failure ends the session.
 */
export async function verifySession(
  db: Kysely<Database>,
  sessionId: number,
  code: string,
  now: number,
): Promise<VerificationOutcome> {
  const session = await db
    .selectFrom('user_sessions')
    .select(['verification_code_hash', 'failed_attempts', 'state', 'expires_at', 'revoked_at'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session || session.state !== 'verifying' || session.revoked_at !== null) return 'ended';
  if (Number(session.expires_at) <= now) return 'ended';
  const expected = Buffer.from(session.verification_code_hash ?? '', 'hex');
  const given = Buffer.from(sha256(code.trim()), 'hex');
  if (expected.length === given.length && timingSafeEqual(expected, given)) {
    await db
      .updateTable('user_sessions')
      .set({
        state: 'active',
        verification_code_hash: null,
        expires_at: now + SESSION_TTL_MS,
        last_used_at: now,
      })
      .where('id', '=', sessionId)
      .execute();
    return 'verified';
  }
  const failures = Number(session.failed_attempts) + 1;
  await db
    .updateTable('user_sessions')
    .set({ failed_attempts: failures, ...(failures >= MAX_VERIFICATION_FAILURES ? { revoked_at: now } : {}) })
    .where('id', '=', sessionId)
    .execute();
  return failures >= MAX_VERIFICATION_FAILURES ? 'ended' : 'wrong_code';
}

export async function revokeSession(db: Kysely<Database>, sessionId: number, now: number): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of a user (a removed member, a password changed by someone else). */
export async function revokeUserSessions(db: Kysely<Database>, userId: number, now: number): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
