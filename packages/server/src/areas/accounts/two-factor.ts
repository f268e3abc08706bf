/**
 * Two-factor sign-in by email. `toggle2Fa` turns it on or off for a user (the caller, or a client of the
 * caller's organizations); while it is on, signIn answers `blocked_by_2fa` with a token that can only run
 * `validateVerificationToken`, and emails a six-digit code (good for ten minutes). The right code turns that
 * same token into a signed-in session; five wrong ones end it.
 */
import { z } from 'zod';
import { issueSession, verificationCode, verifySession, type IssuedSession } from '../../tenants/sessions.js';
import {
  fail,
  findRow,
  parseId,
  parseInput,
  typedDb,
  typedTransaction,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { queueEmail } from '../messaging/index.js';
import { User, type PatientsTables } from '../patients/index.js';
import { userById } from './people.js';

/** Whether signing in as the user also needs an emailed code. */
export async function needsSecondFactor(reader: Reader, userId: number): Promise<boolean> {
  const row = await typedDb<PatientsTables>(reader)
    .selectFrom('user_credentials')
    .select('mfa_type')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.mfa_type === 'EMAIL';
}

/** A session waiting for the code, and the email that carries the code. */
export async function startVerification(work: Work, user: StoredRow): Promise<IssuedSession> {
  const code = verificationCode();
  const session = await issueSession(work.uow.db, user, work.uow.now, { code });
  await queueEmail(
    work,
    user,
    {
      subject: 'Your sign-in code',
      body: `Your code is ${code}. It works once, for ten minutes. If you did not try to sign in, change your password.`,
      notificationType: 'sign_in_code',
    },
    'email',
  );
  return session;
}

/**
 * Checks the code before the unit of work opens: a wrong code is counted at once (a refusal rolls the unit
 * back, which would forget it).
 */
async function checkCode(reader: Reader, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const session = reader.caller.session;
  if (session?.state !== 'verifying')
    fail('verification_code', 'No sign-in is waiting for a code: sign in first');
  const { verification_code: code } = parseInput(
    z.object({ verification_code: z.string({ error: 'Verification code is required' }).trim().min(1) }),
    input,
  );
  const outcome = await verifySession(reader.db, session.id, code, Date.now());
  if (outcome === 'wrong_code') fail('verification_code', 'The code is not right');
  if (outcome === 'ended') fail('verification_code', 'This sign-in has ended: sign in again');
  return input;
}

export const validateVerificationToken: SpecialMutation = {
  name: 'validateVerificationToken',
  input: 'validateVerificationTokenInput',
  inputFields: { verification_code: 'String' },
  payload: 'validateVerificationTokenPayload',
  returns: { user: 'User' },
  beforeUnit: checkCode,
  async run(work) {
    return { user: (await userById(work, work.caller.userId)) ?? null };
  },
};

const toggleInput = z.object({
  enable: z.enum(['true', 'false'], { error: 'Enable must be "true" or "false"' }),
});

export const toggle2Fa: SpecialMutation = {
  name: 'toggle2Fa',
  input: 'Toggle2FaInput',
  inputFields: { enable: 'String!', id: 'ID!' },
  payload: 'Toggle2FaPayload',
  returns: { success_string: 'String' },
  async run(work, input) {
    const { enable } = parseInput(toggleInput, input);
    const id = parseId(input.id);
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user || (user.user_type !== 'patient' && user.id !== work.caller.userId))
      fail('id', `User ${String(input.id)} was not found`);
    const on = enable === 'true';
    if (on && (typeof user.email !== 'string' || user.email === ''))
      fail('id', 'Two-factor sign-in sends a code by email; this user has no email address');
    const db = typedTransaction<PatientsTables>(work);
    const mfa = on ? 'EMAIL' : null;
    const updated = await db
      .updateTable('user_credentials')
      .set({ mfa_type: mfa, updated_at: work.uow.now })
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await db
        .insertInto('user_credentials')
        .values({
          user_id: user.id,
          organization_id: user.organization_id,
          password_hash: null,
          mfa_type: mfa,
          created_at: work.uow.now,
          updated_at: work.uow.now,
        })
        .execute();
    }
    return { success_string: on ? 'Two-factor sign-in is on' : 'Two-factor sign-in is off' };
  },
};
