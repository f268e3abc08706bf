/**
 * `updateUser`: the caller's own record, or a client of the caller's organizations (other members are
 * changed with updateOrganizationMembership / updateOrganizationMember).
 *
 * - A client is changed exactly as updateClient changes it (the same inputs, nested records and checks):
 *   `patient.updated` with the changed fields.
 * - The caller, a member, changes their own details (`first_name`, `last_name`, `email`, `phone_number`,
 *   `timezone`, `qualifications`): `organization_member.updated`; inputs that only describe clients are
 *   refused.
 * - Either may set a password (`password`, with `password_confirmation` when given; changing one's own
 *   password needs `current_password`), hashed before the unit of work opens; the interface flags
 *   (`dismissed_*`, `*_seen`, `consented_to_labs`), stored without an event (they are screen state, not
 *   the person's record); and an avatar (its content type).
 * - Inputs for things carehooks does not have (Healthie staff impersonation, push devices, product news,
 *   mobile apps, lab ordering, care-plan activation here) are refused with a message when given.
 */
import { z } from 'zod';
import {
  checkPassword,
  HASHED_PASSWORD,
  hashedPassword,
  hashGivenPassword,
  hasPassword,
  storePasswordHash,
} from '../../tenants/passwords.js';
import {
  fail,
  findRow,
  label,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { OnboardingFlow, User, type PatientsTables } from '../patients/index.js';
import { avatarType } from './members.js';
import { OrganizationMember } from './resources.js';

/** What carehooks does not have, with the message a client gets when it asks for it. */
const REFUSED: Record<string, string> = {
  active_care_plan_id: 'Activate a care plan with toggleCarePlanStatusForSpecificUser',
  card_type_label: 'Cards are described by the payment processor; their label cannot be set',
  human_id: 'Signing in as another user is not supported',
  pretend_to_be: 'Signing in as another user is not supported',
  name: 'Set first_name and last_name',
  product_update_articles: 'carehooks publishes no product news',
  resend_welcome_to_dietitian: 'carehooks sends no welcome emails to providers',
  send_get_mobile_app_email: 'carehooks has no mobile app',
  seen_welcome: 'carehooks shows no welcome screens',
  seen_onboarding_complete_page: 'carehooks shows no onboarding pages',
  submit_labs_immediately: 'Lab orders are not submitted by carehooks',
  uniq_push_id: 'carehooks sends no push notifications',
};

const UI_FLAGS = [
  'assign_tasks_seen',
  'blast_seen',
  'consented_to_labs',
  'dismissed_calendar_prompt',
  'dismissed_charting_note_addendum_warning',
  'dismissed_fullscript',
  'dismissed_insurance_eligibility_warning',
  'dismissed_products_tab',
] as const;

/** updateUser's inputs that are not updateClient's (handled here, not passed on). */
const OWN_INPUTS = [
  ...Object.keys(REFUSED),
  ...UI_FLAGS,
  'avatar',
  'avatar_string',
  'current_password',
  'password_confirmation',
  'default_onboarding_flow_id',
  'qualifications',
];

const MEMBER_FIELDS = ['first_name', 'last_name', 'email', 'phone_number', 'timezone', 'qualifications'];

const given = (value: unknown) => value !== undefined && value !== null;

const passwordChecks = z.object({
  password: z.string().nullish(),
  password_confirmation: z.string({ error: 'Password confirmation must be text' }).nullish(),
  current_password: z.string({ error: 'Current password must be text' }).nullish(),
});

/** The user the input names (the caller when it names none), as far as a read outside the unit can tell. */
async function targetId(reader: Reader, input: Record<string, unknown>): Promise<number | null> {
  if (!given(input.id) || input.id === '') return reader.caller.userId;
  return parseId(input.id);
}

/**
 * Before the unit of work: the password checks and its hash (bcrypt is slow, and would hold the store's
 * writer). The target is read again, and checked, inside the unit.
 */
async function checkAndHash(
  reader: Reader,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const checks = parseInput(passwordChecks, input);
  if (!given(checks.password)) {
    if (given(checks.current_password) || given(checks.password_confirmation))
      fail('password', 'Password is required with current_password or password_confirmation');
    return input;
  }
  if (given(checks.password_confirmation) && checks.password_confirmation !== checks.password)
    fail('password_confirmation', 'Password confirmation does not match the password');
  const id = await targetId(reader, input);
  if (id === reader.caller.userId && (await hasPassword(reader.db, id))) {
    if (!given(checks.current_password)) fail('current_password', 'Current password is required');
    if (!(await checkPassword(reader.db, id, checks.current_password!)))
      fail('current_password', 'Current password is not right');
  }
  return hashGivenPassword(reader, input);
}

function refuseUnsupported(input: Record<string, unknown>): void {
  for (const [name, message] of Object.entries(REFUSED)) if (given(input[name])) fail(name, message);
  const policies = Array.isArray(input.policies) ? (input.policies as unknown[]) : [];
  policies.forEach((policy, i) => {
    if (!policy || typeof policy !== 'object') return;
    const item = policy as Record<string, unknown>;
    if (given(item.onboarding_item_id))
      fail(`policies.${i}.onboarding_item_id`, 'Onboarding items are completed with their own mutations');
    for (const side of ['insurance_card_front', 'insurance_card_back'])
      if (given(item[side])) fail(`policies.${i}.${side}`, 'Upload the card image with createDocument');
  });
}

/** The stored interface flags and avatar type the input sets. */
function screenState(input: Record<string, unknown>): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const name of UI_FLAGS) {
    const value = input[name];
    if (!given(value)) continue;
    if (typeof value !== 'boolean') fail(name, `${label(name)} must be true or false`);
    state[name] = value ? 1 : 0;
  }
  const avatar = avatarType(input);
  if (avatar !== undefined) state.avatar_content_type = avatar;
  return state;
}

/** A client: the same change as updateClient's, with the hooks bound to it. */
async function updateClientRecord(work: Work, client: StoredRow, input: Record<string, unknown>) {
  const clients = work.registry.get(User.name);
  const spec = clients.mutations.update!;
  const passed: Record<string | symbol, unknown> = Object.fromEntries(
    Object.entries(input).filter(([name]) => !OWN_INPUTS.includes(name)),
  );
  // The hash travels with the input: updateClient's hooks store it.
  if (hashedPassword(input) !== undefined) passed[HASHED_PASSWORD] = hashedPassword(input);
  passed.id = client.id;
  // Healthie's updateUser types it `Int`; the client's record keeps it as text, as updateClient takes it.
  if (typeof input.secondary_ethnicity_code === 'number')
    passed.secondary_ethnicity_code = String(input.secondary_ethnicity_code);
  const flow = input.default_onboarding_flow_id;
  return updateRecord(work, clients, client, passed, {
    ...spec,
    before: async (w, values, prepared) => {
      await spec.before?.(w, values, prepared);
      if (flow !== undefined && flow !== null)
        await requireRow(w, OnboardingFlow, flow, 'default_onboarding_flow_id');
      if (flow !== undefined) values.default_onboarding_flow_id = flow === null ? null : String(flow);
    },
  });
}

/** The caller, a member: their own details only. */
async function updateSelf(work: Work, member: StoredRow, input: Record<string, unknown>) {
  for (const name of Object.keys(input)) {
    if (name === 'id' || name === 'password' || MEMBER_FIELDS.includes(name) || OWN_INPUTS.includes(name))
      continue;
    if (given(input[name])) fail(name, `${label(name)} is only for clients`);
  }
  if (given(input.default_onboarding_flow_id))
    fail('default_onboarding_flow_id', 'Default onboarding flow id is only for clients');
  const fields = Object.fromEntries(MEMBER_FIELDS.filter((name) => name in input).map((n) => [n, input[n]]));
  return updateRecord(work, OrganizationMember, member, fields);
}

export const updateUser: SpecialMutation = {
  name: 'updateUser',
  input: 'updateUserInput',
  inputFields: {
    active_care_plan_id: 'ID',
    assign_tasks_seen: 'Boolean',
    avatar: 'Upload',
    avatar_string: 'String',
    blast_seen: 'Boolean',
    card_type_label: 'String',
    consented_to_labs: 'Boolean',
    current_email: 'String',
    current_password: 'String',
    default_onboarding_flow_id: 'ID',
    dismissed_calendar_prompt: 'Boolean',
    dismissed_charting_note_addendum_warning: 'Boolean',
    dismissed_fullscript: 'Boolean',
    dismissed_insurance_eligibility_warning: 'Boolean',
    dismissed_products_tab: 'Boolean',
    dob: 'String',
    email: 'String',
    first_name: 'String',
    gender: 'String',
    gender_identity: 'String',
    gender_identity_code: 'String',
    human_id: 'ID',
    id: 'ID',
    last_name: 'String',
    legal_name: 'String',
    locations: '[ClientLocationInput]',
    name: 'String',
    password: 'String',
    password_confirmation: 'String',
    phone_number: 'String',
    policies: '[UserPolicyInput]',
    preferred_language_code: 'String',
    pretend_to_be: 'String',
    primary_ethnicity_code: 'String',
    primary_race_code: 'String',
    product_update_articles: 'Int',
    pronouns: 'String',
    qualifications: 'String',
    resend_welcome_to_dietitian: 'Boolean',
    secondary_ethnicity_code: 'Int',
    secondary_race_code: 'String',
    seen_onboarding_complete_page: 'Boolean',
    seen_welcome: 'Boolean',
    send_get_mobile_app_email: 'Boolean',
    sex: 'String',
    sexual_orientation_code: 'String',
    sexual_orientation_other: 'String',
    skipped_email: 'Boolean',
    submit_labs_immediately: 'Boolean',
    timezone: 'String',
    token: 'String',
    uniq_push_id: 'String',
  },
  payload: 'updateUserPayload',
  returns: { user: 'User' },
  beforeUnit: checkAndHash,
  async run(work, input) {
    refuseUnsupported(input);
    const id = await targetId(work, input);
    const target = id === null ? undefined : await findRow(work, User, id);
    if (!target) fail('id', `User ${String(input.id)} was not found`);
    const isCaller = target.id === work.caller.userId;
    if (target.user_type !== 'patient' && !isCaller)
      fail('id', 'Other organization members are changed with updateOrganizationMembership');
    // A client changing their own record does not choose their onboarding (the practice does).
    if (isCaller && target.user_type === 'patient' && given(input.default_onboarding_flow_id))
      fail('default_onboarding_flow_id', 'The practice sets the onboarding flow');
    const state = screenState(input);
    const change =
      target.user_type === 'patient'
        ? await updateClientRecord(work, target, input)
        : await updateSelf(work, target, input);
    const db = typedTransaction<PatientsTables>(work);
    if (Object.keys(state).length > 0)
      await db.updateTable('users').set(state).where('id', '=', target.id).execute();
    const hash = hashedPassword(input);
    if (hash !== undefined && target.user_type !== 'patient') {
      // A client's password is stored by updateClient's hooks; a member's here.
      await storePasswordHash(work.uow.db, target, hash, work.uow.now);
      const now = new Date(work.uow.now).toISOString();
      await db.updateTable('users').set({ password_set_at: now }).where('id', '=', target.id).execute();
    }
    const user = await db.selectFrom('users').selectAll().where('id', '=', change.row.id).executeTakeFirst();
    return { user };
  },
};
