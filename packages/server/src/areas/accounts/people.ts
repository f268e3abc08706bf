/**
 * The users that sign in, found by what they present (an email, a one-time token), and the work a signed-in
 * user's own changes run as. These reads cross organizations on purpose: whoever signs in has no
 * organization yet; each answers at most the one user the credential names.
 */
import { randomBytes } from 'node:crypto';
import { organizationScope } from '../../tenants/organizations.js';
import {
  fail,
  typedDb,
  typedTransaction,
  type Reader,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import type { PatientsTables } from '../patients/index.js';

/** Users of this email that have a password, oldest first (an email may exist in several organizations). */
export async function usersWithPassword(reader: Reader, email: string): Promise<StoredRow[]> {
  return (await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .innerJoin('user_credentials', 'user_credentials.user_id', 'users.id')
    .selectAll('users')
    .where('users.email', '=', email.trim().toLowerCase())
    .where('user_credentials.password_hash', 'is not', null)
    .orderBy('users.id')
    .limit(10)
    .execute()) as unknown as StoredRow[];
}

/** The client whose set-password token (`signup_token`, the `set_password_link`) this is. */
export async function clientByToken(reader: Reader, token: string): Promise<StoredRow | undefined> {
  if (token.trim() === '') return undefined;
  return (await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .selectAll()
    .where('signup_token', '=', token.trim())
    .where('user_type', '=', 'patient')
    .executeTakeFirst()) as StoredRow | undefined;
}

export async function userById(reader: Reader, id: number): Promise<StoredRow | undefined> {
  return (await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as StoredRow | undefined;
}

/**
 * Whether the user may sign in: not archived or removed (`active` 0), and a member whose membership is not
 * deactivated.
 */
export async function maySignIn(reader: Reader, user: StoredRow): Promise<boolean> {
  if (Number(user.active ?? 1) === 0) return false;
  if (user.user_type !== 'provider') return true;
  const membership = await reader.db
    .selectFrom('organization_memberships')
    .select('active')
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  return membership === undefined || Number((membership as { active: unknown }).active) === 1;
}

/** The work of a mutation, acting as `user` in the user's organizations (signing in has no caller yet). */
export async function actingAs(work: Work, user: StoredRow): Promise<Work> {
  return {
    ...work,
    caller: { userId: user.id, organizationId: user.organization_id },
    scope: await organizationScope(work.uow, user.organization_id),
  };
}

/** Ends a one-time token once used: the client's set-password link changes. */
export async function renewSignupToken(work: Work, user: StoredRow): Promise<void> {
  await typedTransaction<PatientsTables>(work)
    .updateTable('users')
    .set({ signup_token: randomBytes(16).toString('hex') })
    .where('id', '=', user.id)
    .execute();
}

/** The user as stored now, for the payload. */
export async function reread(work: Work, id: number): Promise<StoredRow> {
  const user = await userById(work, id);
  if (!user) fail('email', 'This account no longer exists');
  return user;
}
