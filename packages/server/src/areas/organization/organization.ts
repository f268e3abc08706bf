/**
 * Organization mutations whose payloads are not one record. `createOrganization` records the profile
 * (`OrganizationInfo`) of the caller's organization; carehooks tenants are created by an operator, so
 * `create_as_suborganization` is refused, and so are the inputs only a new sub-organization uses (its
 * owner's `email`, `first_name`, `last_name`, `password`; `sub_org_settings`); `send_invite_email` only
 * matters with an owner's email, as at Healthie. `updateOrganization` edits an organization's profile (its
 * primary one when no id is given; `_destroy` removes it). Both keep `organization_email` (read back as
 * `Organization.organization_email`) and the profile's `location` (./locations.ts).
 *
 * `updateOrganizationMember` edits a provider of the organization (`organization_member.updated`), with
 * their avatar, state licenses and appointment locations (./members.ts). `createOrganizationMembership`
 * adds one: the provider user, then the membership (`organization_membership.created`); a `password` is
 * not kept (carehooks has no staff sign-in) but marks the member's password as set, `send_invite_email`
 * (default true) records that the invitation was queued (none is sent), and `professions` /
 * `specialties` are the member's.
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  emitFor,
  fail,
  findRow,
  insertRow,
  label,
  parseId,
  parseInput,
  requireRow,
  typedDb,
  typedTransaction,
  updateRecord,
  updateRow,
  validateInput,
  within,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { orgLocation } from './locations.js';
import { applyTemplate } from './permission-templates.js';
import { avatarType, editAppointmentLocations, editStateLicenses, replaceList } from './members.js';
import {
  OrganizationInfo,
  OrganizationMember,
  OrganizationMembership,
  OrganizationSetting,
  type OrganizationTables,
} from './resources.js';

type InputItem = Record<string, unknown>;

/** A nested input object (`organization_info`). */
const item = z.record(z.string(), z.unknown());

const SUB_ORGANIZATION_ONLY = ['email', 'first_name', 'last_name', 'password', 'sub_org_settings'] as const;

const subOrganizationOnly = (name: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined || value === null || value === '', {
      error: `${label(name)} is only used with create_as_suborganization (sub-organizations are created by a carehooks operator)`,
    });

/** createOrganization's input: a sub-organization is refused before the profile is looked at. */
const createOrganizationInput = z
  .looseObject({
    create_as_suborganization: z
      .boolean()
      .nullish()
      .refine((sub) => sub !== true, { error: 'Sub-organizations are created by a carehooks operator' }),
    ...Object.fromEntries(SUB_ORGANIZATION_ONLY.map((name) => [name, subOrganizationOnly(name)])),
  })
  .pipe(
    z.looseObject({
      organization_info: z.record(z.string(), z.unknown(), { error: 'Organization info is required' }),
    }),
  );

const updateOrganizationInput = z.object({ organization_info: item.nullish() });

/** Checked after the organization is, so an organization outside the key is answered first. */
const createOrganizationMembershipInput = z.object({
  email: z
    .string({ error: 'Email is required' })
    .refine((email) => email.trim() !== '', { error: 'Email is required' }),
});

/** `organization_email`: the organization's email, kept in its settings (null clears it). */
async function setOrganizationEmail(work: Work, organizationId: number, raw: unknown): Promise<void> {
  if (raw === undefined) return;
  const { values } = await validateInput(work, OrganizationSetting, { organization_email: raw }, 'create');
  const current = (await typedTransaction<OrganizationTables>(work)
    .selectFrom('organization_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst()) as StoredRow | undefined;
  if (current) await updateRow(work, OrganizationSetting, current, values);
  else await insertRow(work, OrganizationSetting, values, organizationId);
}

async function organizationRow(work: Work, organizationId: number): Promise<unknown> {
  return typedTransaction<OrganizationTables>(work)
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', organizationId)
    .executeTakeFirst();
}

async function currentUser(work: Work): Promise<unknown> {
  return typedTransaction<OrganizationTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', work.caller.userId)
    .executeTakeFirst();
}

/** An organization the caller may act on: its own when `raw` is empty. */
function organizationIn(work: Work, raw: unknown, field: string): number {
  if (raw === undefined || raw === null || raw === '') return work.caller.organizationId;
  const id = parseId(raw);
  if (id === null || !work.scope.includes(id)) fail(field, `Organization ${String(raw)} was not found`);
  return id;
}

function infoFields(info: InputItem): InputItem {
  const { id: _id, _destroy: _destroyed, location: _location, ...fields } = info;
  return fields;
}

export const createOrganization: SpecialMutation = {
  name: 'createOrganization',
  input: 'createOrganizationInput',
  inputFields: {
    create_as_suborganization: 'Boolean',
    email: 'String',
    first_name: 'String',
    last_name: 'String',
    organization_email: 'String',
    organization_info: 'PrimaryOrganizationInfoInput',
    password: 'String',
    send_invite_email: 'Boolean',
    sub_org_settings: 'SubOrganizationInfoInput',
  },
  payload: 'createOrganizationPayload',
  returns: { currentUser: 'User', organization: 'Organization' },
  async run(work, input) {
    const { organization_info: info } = parseInput(createOrganizationInput, input);
    await setOrganizationEmail(work, work.caller.organizationId, input.organization_email);
    await within('organization_info', () =>
      createRecord(work, OrganizationInfo, infoFields(info), {
        before: async (_work, values) => {
          const location = await orgLocation(work, undefined, info.location, work.caller.organizationId);
          if (location !== undefined) values.location_id = location;
        },
      }),
    );
    return {
      currentUser: await currentUser(work),
      organization: await organizationRow(work, work.caller.organizationId),
    };
  },
};

/** `Organization.organization_info`: the organization's primary profile, else its first. */
export async function primaryOrganizationInfo(row: StoredRow, reader: Reader): Promise<unknown> {
  if (!reader.scope.includes(row.id)) return null;
  return (await primaryInfo(reader, row.id)) ?? null;
}

async function primaryInfo(reader: Reader, organizationId: number): Promise<StoredRow | undefined> {
  return (await typedDb<OrganizationTables>(reader)
    .selectFrom('organization_infos')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('primary', 'desc')
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}

/** Writes the profile's `location` and stores the link when it is new. */
const locationHook = (organizationId: number, info: InputItem, current?: StoredRow) => ({
  before: async (work: Work, values: Record<string, unknown>) => {
    const location = await orgLocation(work, current, info.location, organizationId);
    if (location !== undefined) values.location_id = location;
  },
});

async function applyInfo(work: Work, organizationId: number, info: InputItem): Promise<StoredRow> {
  const fields = infoFields(info);
  if (info.id !== undefined && info.id !== null && info.id !== '') {
    const id = parseId(info.id);
    const row = id === null ? undefined : await findRow(work, OrganizationInfo, id);
    if (!row || row.organization_id !== organizationId)
      fail('id', `OrganizationInfo ${String(info.id)} was not found`);
    if (info._destroy === true) return deleteRecord(work, OrganizationInfo, row);
    return (await updateRecord(work, OrganizationInfo, row, fields, locationHook(organizationId, info, row)))
      .row;
  }
  const primary = await primaryInfo(work, organizationId);
  if (primary)
    return (
      await updateRecord(work, OrganizationInfo, primary, fields, locationHook(organizationId, info, primary))
    ).row;
  const { values } = await validateInput(work, OrganizationInfo, fields, 'create');
  await locationHook(organizationId, info).before(work, values);
  const row = await insertRow(work, OrganizationInfo, values, organizationId);
  await emitFor(work, OrganizationInfo, 'created', row);
  return row;
}

export const updateOrganization: SpecialMutation = {
  name: 'updateOrganization',
  input: 'updateOrganizationInput',
  inputFields: { id: 'ID', organization_email: 'String', organization_info: 'PrimaryOrganizationInfoInput' },
  payload: 'updateOrganizationPayload',
  returns: { organization: 'Organization', updated_organization_info: 'OrganizationInfo' },
  async run(work, input) {
    const organizationId = organizationIn(work, input.id, 'id');
    const { organization_info: info } = parseInput(updateOrganizationInput, input);
    await setOrganizationEmail(work, organizationId, input.organization_email);
    const updated = info
      ? await within('organization_info', () => applyInfo(work, organizationId, info))
      : null;
    return { organization: await organizationRow(work, organizationId), updated_organization_info: updated };
  },
};

const memberFields = {
  additional_record_identifier: 'String',
  email: 'String',
  first_name: 'String',
  last_name: 'String',
  metadata: 'String',
  npi: 'String',
  phone_number: 'String',
  qualifications: 'String',
  record_identifier: 'String',
  scheduling_priority: 'String',
  timezone: 'String',
};

export const updateOrganizationMember: SpecialMutation = {
  name: 'updateOrganizationMember',
  input: 'updateOrganizationMemberInput',
  inputFields: {
    id: 'ID',
    ...memberFields,
    avatar: 'Upload',
    avatar_string: 'String',
    provider_appointment_locations: '[ProviderAppointmentLocationsInput]',
    state_licenses: '[StateLicensesInput]',
  },
  payload: 'updateOrganizationMemberPayload',
  returns: { user: 'User' },
  async run(work, input) {
    const member = await requireRow(work, OrganizationMember, input.id ?? work.caller.userId);
    const change = await updateRecord(work, OrganizationMember, member, input, {
      before: async (_work, values) => {
        const avatar = avatarType(input);
        if (avatar !== undefined) values.avatar_content_type = avatar;
      },
    });
    await editStateLicenses(work, change.row, input.state_licenses);
    await editAppointmentLocations(work, change.row, input.provider_appointment_locations);
    return { user: change.row };
  },
};

export const createOrganizationMembership: SpecialMutation = {
  name: 'createOrganizationMembership',
  input: 'createOrganizationMembershipInput',
  inputFields: {
    email: 'String',
    first_name: 'String',
    last_name: 'String',
    org_role: 'String',
    organization_id: 'ID',
    password: 'String',
    permission_template_id: 'ID',
    professions: '[ProfessionsInput]',
    send_invite_email: 'Boolean',
    specialties: '[SpecialtiesInput]',
    timezone: 'String',
    title: 'String',
  },
  payload: 'createOrganizationMembershipPayload',
  returns: { currentUser: 'User', organizationMembership: 'OrganizationMembership' },
  async run(work, input) {
    const organizationId = organizationIn(work, input.organization_id, 'organization_id');
    const { email } = parseInput(createOrganizationMembershipInput, input);
    const profile = {
      email,
      first_name: input.first_name,
      last_name: input.last_name,
      timezone: input.timezone,
    };
    const { values } = await validateInput(work, OrganizationMember, profile, 'create');
    const taken = await typedTransaction<OrganizationTables>(work)
      .selectFrom('users')
      .select('id')
      .where('email', '=', values.email as string)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (taken) fail('email', 'Email has already been taken');
    const now = new Date(work.uow.now).toISOString();
    if (typeof input.password === 'string' && input.password !== '') values.password_set_at = now;
    if (input.send_invite_email !== false) values.welcome_email_sent_at = now;
    // Adding a provider is the membership's event; the user row itself emits nothing.
    const user = await insertRow(work, OrganizationMember, values, organizationId);
    await replaceList(work, 'professions', user, input.professions);
    await replaceList(work, 'specialties', user, input.specialties);
    const membership = await createRecord(
      work,
      OrganizationMembership,
      {
        user_id: user.id,
        org_role: input.org_role,
        title: input.title,
        permission_template_id: input.permission_template_id,
      },
      {
        before: async (_work, membershipValues) => {
          if (membershipValues.permission_template_id != null) {
            membershipValues.permission_template_applied_at = now;
            await applyTemplate(work, membershipValues, {}, membershipValues.permission_template_id);
          }
        },
      },
    );
    return { currentUser: await currentUser(work), organizationMembership: membership };
  },
};
