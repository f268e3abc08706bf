/**
 * `signUp`: a client makes their account and is signed in (`token`, as signIn's).
 *
 * - With `invite_code` (the token of the client's set-password link, which a practice sends when it adds
 *   the client): the client the practice created takes a password and the details given (`patient.updated`
 *   for the fields that change); the code then stops working. This needs no credential.
 * - With `dietitian_id` (or neither, the caller), by a practice (an API key or a member's session): a new
 *   client of that provider, as createClient makes one (`patient.created`). Without a credential this is
 *   refused: a provider's id is no secret, and anyone could otherwise add clients to any practice.
 * A `password` (8 to 72 bytes) is required and kept as a bcrypt hash. Only clients sign up: new practices
 * are made by a carehooks operator (`carehooks admin create-org`), so `role` other than `patient` and the
 * provider sign-up details are refused, as is Healthie's own tracking (`conversion_details`, `first_url`,
 * `ps_partner_key`, `ps_xid`). `nextRequiredStep`, `initialMessage` and `whitelabelSetting` are null:
 * carehooks has no onboarding steps or white-label brands.
 */
import { z } from 'zod';
import {
  hashedPassword,
  hashGivenPassword,
  hasPassword,
  storePasswordHash,
} from '../../tenants/passwords.js';
import { issueSession } from '../../tenants/sessions.js';
import {
  createRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  typedTransaction,
  updateRecord,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, type PatientsTables } from '../patients/index.js';
import { actingAs, clientByToken, renewSignupToken, reread } from './people.js';

const REFUSED: Record<string, string> = {
  provider_type: 'Only clients sign up; practices are made by a carehooks operator',
  exploring_healthie_reason: 'Only clients sign up; practices are made by a carehooks operator',
  conversion_details: 'carehooks keeps no sign-up tracking',
  first_url: 'carehooks keeps no sign-up tracking',
  ps_partner_key: 'carehooks keeps no sign-up tracking',
  ps_xid: 'carehooks keeps no sign-up tracking',
};

const signUpInput = z.object({
  role: z
    .string()
    .nullish()
    .refine((role) => role == null || role === '' || role === 'patient', {
      error: 'Only clients sign up (role patient); practices are made by a carehooks operator',
    }),
  email: z.string({ error: 'Email is required' }).trim().min(1, { error: 'Email is required' }),
  password: z.string({ error: 'Password is required' }),
  invite_code: z.string().nullish(),
  dietitian_id: z.string().nullish(),
});

const PROFILE = ['first_name', 'last_name', 'legal_name', 'phone_number', 'timezone'] as const;

/** Before the unit of work: the refusals that need no record, and the password's hash. */
async function checkAndHash(
  reader: Reader,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  for (const [name, message] of Object.entries(REFUSED))
    if (input[name] !== undefined && input[name] !== null && input[name] !== '') fail(name, message);
  parseInput(signUpInput, input);
  return hashGivenPassword(reader, input);
}

function profileOf(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    PROFILE.filter((name) => input[name] !== undefined).map((name) => [name, input[name]]),
  );
}

/** The client a practice created, taking up its invitation. */
async function acceptInvitation(
  work: Work,
  code: string,
  input: Record<string, unknown>,
): Promise<StoredRow> {
  const client = await clientByToken(work, code);
  const visible = client && (work.caller.anonymous || work.scope.includes(client.organization_id));
  if (!client || !visible) fail('invite_code', 'This invite code is not valid');
  if (await hasPassword(work.uow.db, client.id))
    fail('invite_code', 'This invitation was already used: sign in instead');
  const email = String(input.email).trim().toLowerCase();
  if (client.email != null && client.email !== email)
    fail('email', 'Sign up with the email address the practice invited');
  const own = await actingAs(work, client);
  const change = await updateRecord(own, User, client, { ...profileOf(input), email });
  await renewSignupToken(work, client);
  return change.row;
}

/** A new client of the provider, by a practice (an API key or a member's session). */
async function newClient(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  if (work.caller.anonymous)
    fail(
      'dietitian_id',
      'Sign up with the invite code your practice sent (a new client by provider id needs a credential of the practice)',
    );
  const raw = input.dietitian_id;
  const providerId = raw === undefined || raw === null || raw === '' ? work.caller.userId : parseId(raw);
  const provider = providerId === null ? undefined : await findRow(work, User, providerId);
  if (!provider || provider.user_type !== 'provider')
    fail('dietitian_id', `Provider ${String(raw)} was not found`);
  const clients = work.registry.get(User.name);
  const spec = clients.mutations.create!;
  return createRecord(
    work,
    clients,
    { ...profileOf(input), email: input.email, dietitian_id: provider.id },
    spec,
  );
}

export const signUp: SpecialMutation = {
  name: 'signUp',
  input: 'signUpInput',
  inputFields: {
    conversion_details: 'String',
    dietitian_id: 'String',
    email: 'String',
    exploring_healthie_reason: 'String',
    first_name: 'String',
    first_url: 'String',
    invite_code: 'String',
    last_name: 'String',
    legal_name: 'String',
    password: 'String',
    phone_number: 'String',
    provider_type: 'String',
    ps_partner_key: 'String',
    ps_xid: 'String',
    role: 'String',
    timezone: 'String',
  },
  payload: 'signUpPayload',
  returns: {
    initialMessage: 'String',
    nextRequiredStep: 'String',
    token: 'String',
    user: 'User',
    whitelabelSetting: 'WhitelabelSetting',
  },
  beforeUnit: checkAndHash,
  async run(work, input) {
    const given = parseInput(signUpInput, input);
    const client = given.invite_code
      ? await acceptInvitation(work, given.invite_code, input)
      : await newClient(work, input);
    await storePasswordHash(work.uow.db, client, hashedPassword(input)!, work.uow.now);
    await typedTransaction<PatientsTables>(work)
      .updateTable('users')
      .set({ password_set_at: new Date(work.uow.now).toISOString() })
      .where('id', '=', client.id)
      .execute();
    const session = await issueSession(work.uow.db, client, work.uow.now);
    return {
      token: session.token,
      user: await reread(work, client.id),
      nextRequiredStep: null,
      initialMessage: null,
      whitelabelSetting: null,
    };
  },
};
