/**
 * `signIn`: a user proves who they are and gets a credential for acting as themself.
 *
 * - `email` + `password`: the password is checked against its bcrypt hash before the unit of work opens (an
 *   unknown email costs the same time as a wrong password, and both get the same answer). Ten wrong
 *   passwords in a row lock signing in as that user for 15 minutes (counted at once, outside the unit).
 * - `reset_token` + `password`: a client's set-password link (`set_password_link`'s token) sets the password
 *   and signs in; the link then stops working.
 * - `token`: a live session token signs in again: a new session, the old one ended.
 * The answer is a session `token` (24 hours) used as `Authorization: Basic <token>`; or, with
 * `generate_api_token` (organization members only), an `api_key` that replaces the member's other keys
 * unless `allow_multiple_api_keys`. With two-factor sign-in on (toggle2Fa), the answer is instead
 * `blocked_by_2fa: true` (`EMAIL`) and a token that only runs validateVerificationToken with the emailed code.
 * `timezone` sets the user's timezone (`patient.updated` / `organization_member.updated` when it changes).
 * Archived clients and removed or deactivated members cannot sign in. `username` is refused (carehooks
 * users sign in by email), as are namespaces other than Healthie's default.
 */
import { z } from 'zod';
import { issueApiKey, revokeUserApiKeys } from '../../tenants/api-keys.js';
import {
  checkPassword,
  clearFailedSignIns,
  hashedPassword,
  hashGivenPassword,
  recordFailedSignIn,
  signInLocked,
  storePasswordHash,
} from '../../tenants/passwords.js';
import { authenticateSession, issueSession, revokeSession } from '../../tenants/sessions.js';
import {
  fail,
  parseInput,
  typedTransaction,
  updateRecord,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { OrganizationMember } from '../organization/index.js';
import { User, type PatientsTables } from '../patients/index.js';
import {
  actingAs,
  clientByToken,
  maySignIn,
  renewSignupToken,
  reread,
  userById,
  usersWithPassword,
} from './people.js';
import { needsSecondFactor, startVerification } from './two-factor.js';

const WRONG = 'Email or password is not right';

/** Where the step before the unit of work leaves the user it signed in, and how; no client input can. */
const SIGNED_IN = Symbol('signed-in user');

interface SignedIn {
  userId: number;
  /** The session a `token` sign-in replaces. */
  replaces?: number;
  /** A `reset_token` sign-in: the password it set. */
  reset?: boolean;
}

const signInInput = z.object({
  email: z.string({ error: 'Email must be text' }).nullish(),
  password: z.string({ error: 'Password must be text' }).nullish(),
  username: z
    .string()
    .nullish()
    .refine((name) => name == null || name === '', { error: 'carehooks users sign in with their email' }),
  namespace: z
    .string()
    .nullish()
    .refine((space) => space == null || space === 'healthie', {
      error: 'carehooks has one sign-in namespace: healthie',
    }),
  reset_token: z.string().nullish(),
  token: z.string().nullish(),
  timezone: z.string().trim().max(255).nullish(),
  generate_api_token: z.boolean().nullish(),
  allow_multiple_api_keys: z.boolean().nullish(),
});

type SignInInput = z.infer<typeof signInInput>;

async function byPassword(reader: Reader, given: SignInInput): Promise<SignedIn> {
  if (!given.email || !given.password) fail('email', 'Email and password are required');
  const now = Date.now();
  const candidates = await usersWithPassword(reader, given.email);
  for (const user of candidates)
    if (await signInLocked(reader.db, user.id, now))
      fail('email', 'Too many wrong passwords for this email: try again in 15 minutes');
  const matching: StoredRow[] = [];
  // One comparison even for an unknown email, so the answer takes as long.
  if (candidates.length === 0) await checkPassword(reader.db, null, given.password);
  for (const user of candidates) {
    if (await checkPassword(reader.db, user.id, given.password)) matching.push(user);
    else await recordFailedSignIn(reader.db, user.id, now);
  }
  if (matching.length === 0) fail('password', WRONG);
  if (matching.length > 1)
    fail(
      'email',
      'This email and password sign in to more than one organization; ask the practice to change one',
    );
  await clearFailedSignIns(reader.db, matching[0]!.id);
  return { userId: matching[0]!.id };
}

async function byResetToken(reader: Reader, input: Record<string, unknown>, token: string) {
  const client = await clientByToken(reader, token);
  if (!client) fail('reset_token', 'This link is not valid any more');
  if (!input.password) fail('password', 'Password is required to set one');
  return { userId: client.id, reset: true, input: await hashGivenPassword(reader, input) };
}

async function bySession(reader: Reader, token: string): Promise<SignedIn> {
  const session = await authenticateSession(reader.db, token);
  if (!session || session.state !== 'active')
    fail('token', 'This token is not a live session: sign in again');
  return { userId: session.userId, replaces: session.sessionId };
}

/** Before the unit of work: who is signing in (the slow password checks and hashing happen here). */
async function identify(reader: Reader, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const given = parseInput(signInInput, input);
  if (given.reset_token) {
    const { input: hashed, ...signedIn } = await byResetToken(reader, input, given.reset_token);
    return { ...hashed, [SIGNED_IN]: signedIn };
  }
  const signedIn = given.token ? await bySession(reader, given.token) : await byPassword(reader, given);
  return { ...input, [SIGNED_IN]: signedIn };
}

/** `timezone`: the user's own, as a change of their record. */
async function setTimezone(work: Work, user: StoredRow, timezone: string | null | undefined): Promise<void> {
  if (!timezone) return;
  const own = await actingAs(work, user);
  const resource = user.user_type === 'patient' ? User : OrganizationMember;
  await updateRecord(own, resource, user, { timezone });
}

async function credential(work: Work, user: StoredRow, given: SignInInput) {
  if (given.generate_api_token === true) {
    if (user.user_type !== 'provider') fail('generate_api_token', 'API keys are for organization members');
    if (given.allow_multiple_api_keys !== true) await revokeUserApiKeys(work.uow.db, user.id, work.uow.now);
    const owner = { organizationId: user.organization_id, userId: user.id, name: 'signIn' };
    const key = await issueApiKey(work.uow.db, owner, work.uow.now);
    return { api_key: key.apiKey, token: null };
  }
  const session = await issueSession(work.uow.db, user, work.uow.now);
  return { api_key: null, token: session.token };
}

export const signIn: SpecialMutation = {
  name: 'signIn',
  input: 'signInInput',
  inputFields: {
    allow_multiple_api_keys: 'Boolean',
    email: 'String',
    generate_api_token: 'Boolean',
    namespace: 'String',
    password: 'String',
    reset_token: 'String',
    timezone: 'String',
    token: 'String',
    username: 'String',
  },
  payload: 'signInPayload',
  returns: {
    api_key: 'String',
    blocked_by_2fa: 'Boolean',
    blocked_by_2fa_type: 'MfaType',
    token: 'String',
    user: 'User',
  },
  beforeUnit: identify,
  async run(work, input) {
    const given = parseInput(signInInput, input);
    const signedIn = (input as Record<symbol, unknown>)[SIGNED_IN] as SignedIn | undefined;
    // Only `identify` sets it; a run without it is a bug, not a client's mistake.
    if (!signedIn) throw new Error('signIn ran without its identification step');
    const user = await userById(work, signedIn.userId);
    if (!user || !(await maySignIn(work, user))) fail('email', 'This account cannot sign in');
    if (signedIn.reset) {
      await storePasswordHash(work.uow.db, user, hashedPassword(input)!, work.uow.now);
      await renewSignupToken(work, user);
      await typedTransaction<PatientsTables>(work)
        .updateTable('users')
        .set({ password_set_at: new Date(work.uow.now).toISOString() })
        .where('id', '=', user.id)
        .execute();
    }
    if (signedIn.replaces !== undefined) await revokeSession(work.uow.db, signedIn.replaces, work.uow.now);
    await setTimezone(work, user, given.timezone);
    if (await needsSecondFactor(work, user.id)) {
      if (given.generate_api_token === true)
        fail('generate_api_token', 'With two-factor sign-in, sign in for a session first');
      const pending = await startVerification(await actingAs(work, user), user);
      return {
        token: pending.token,
        api_key: null,
        blocked_by_2fa: true,
        blocked_by_2fa_type: 'EMAIL',
        user: null,
      };
    }
    const issued = await credential(work, user, given);
    return { ...issued, blocked_by_2fa: false, blocked_by_2fa_type: null, user: await reread(work, user.id) };
  },
};
