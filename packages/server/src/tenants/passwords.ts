/**
 * Passwords of users who sign in: bcrypt hashes (cost 10, OWASP's floor for bcrypt), in `user_credentials`,
 * never beside the user's other data. Checking a password for an unknown user still runs one bcrypt comparison, so the time an
 * answer takes does not tell whether the email exists.
 */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Kysely } from 'kysely';
import { fail } from '../core/field-errors.js';
import type { Database } from '../store/schema.js';

const COST = 10;
/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 8;

/** A hash compared against when there is no user, to keep the timing even; made on first use. */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= bcrypt.hash(randomBytes(32).toString('base64url'), COST));

/** Why a password cannot be used, or null when it can. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES)
    return `Password must be at most ${MAX_PASSWORD_BYTES} bytes`;
  return null;
}

/** The hash to store; slow by design, so run it before a unit of work opens (registry `beforeUnit`). */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/**
 * Where a mutation's `beforeUnit` step leaves the hash of the password it was given, for the unit of work to
 * store. A symbol: no client input can carry it.
 */
export const HASHED_PASSWORD = Symbol('hashed password');

export async function storePasswordHash(
  db: Kysely<Database>,
  user: { id: number; organization_id: number },
  hash: string,
  now: number,
): Promise<void> {
  const updated = await db
    .updateTable('user_credentials')
    .set({ password_hash: hash, updated_at: now })
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('user_credentials')
    .values({
      user_id: user.id,
      organization_id: user.organization_id,
      password_hash: hash,
      mfa_type: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Whether `password` is the user's; false for a user without one (after the same amount of work). */
export async function checkPassword(
  db: Kysely<Database>,
  userId: number | null,
  password: string,
): Promise<boolean> {
  const row =
    userId === null
      ? undefined
      : await db
          .selectFrom('user_credentials')
          .select('password_hash')
          .where('user_id', '=', userId)
          .executeTakeFirst();
  const hash = row?.password_hash ?? null;
  const matches = await bcrypt.compare(password, hash ?? (await decoy()));
  return hash !== null && matches;
}

export async function hasPassword(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('user_credentials')
    .select('password_hash')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.password_hash != null;
}

/**
 * A `beforeUnit` step for a mutation with a `password` input: a usable password is hashed (the hash left
 * under `HASHED_PASSWORD`); an unusable one is refused with a message naming the field.
 */
export async function hashGivenPassword(
  _reader: unknown,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const password = input.password;
  if (password === undefined || password === null) return input;
  if (typeof password !== 'string') fail('password', 'Password must be text');
  const problem = passwordProblem(password);
  if (problem) fail('password', problem);
  return { ...input, [HASHED_PASSWORD]: await hashPassword(password) };
}

/** The hash a `beforeUnit` step left in the input, if any. */
export function hashedPassword(input: Record<string | symbol, unknown>): string | undefined {
  const hash = input[HASHED_PASSWORD];
  return typeof hash === 'string' ? hash : undefined;
}

/** Wrong passwords in a row that lock signing in as a user, and for how long. */
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_LOCK_MS = 15 * 60 * 1000;

/** Whether signing in as the user is locked (too many wrong passwords lately). */
export async function signInLocked(db: Kysely<Database>, userId: number, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('user_credentials')
    .select('locked_until')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.locked_until != null && Number(row.locked_until) > now;
}

/**
 * Counts a wrong password for the user; the last one allowed locks signing in for `SIGN_IN_LOCK_MS`. It is
 * written at once, outside any unit of work: refusing the sign-in must not forget it.
 */
export async function recordFailedSignIn(db: Kysely<Database>, userId: number, now: number): Promise<void> {
  const row = await db
    .selectFrom('user_credentials')
    .select('failed_sign_ins')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const failures = Number(row?.failed_sign_ins ?? 0) + 1;
  const locks = failures >= MAX_FAILED_SIGN_INS;
  await db
    .updateTable('user_credentials')
    .set(locks ? { failed_sign_ins: 0, locked_until: now + SIGN_IN_LOCK_MS } : { failed_sign_ins: failures })
    .where('user_id', '=', userId)
    .execute();
}

/** A right password clears the count of wrong ones. */
export async function clearFailedSignIns(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .updateTable('user_credentials')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('user_id', '=', userId)
    .execute();
}
