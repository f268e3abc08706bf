/** Organization area: the organization's profile, staff members and memberships, feature toggles. */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { issueApiKey } from '../../../src/tenants/api-keys.js';
import { createAppointment, createPatient, uniqueEmail } from './fixtures.js';
import { createPermissionTemplate } from './account-records.js';

const infoFields = 'id name npi primary';
const createOrganization = `mutation($input: createOrganizationInput) {
  createOrganization(input: $input) {
    organization { id organization_info { ${infoFields} } } currentUser { id } messages { field message }
  }
}`;
const updateOrganization = `mutation($input: updateOrganizationInput) {
  updateOrganization(input: $input) {
    organization { id } updated_organization_info { ${infoFields} } messages { field message }
  }
}`;
const deleteOrganizationInfo = `mutation($input: deleteOrganizationInfoInput) {
  deleteOrganizationInfo(input: $input) { organizationInfo { id } messages { field message } }
}`;
const updateOrganizationMember = `mutation($input: updateOrganizationMemberInput) {
  updateOrganizationMember(input: $input) { user { id first_name email } messages { field message } }
}`;
const membershipFields = 'id org_role title can_see_billing active user { id email }';
const createOrganizationMembership = `mutation($input: createOrganizationMembershipInput) {
  createOrganizationMembership(input: $input) {
    organizationMembership { ${membershipFields} } currentUser { id } messages { field message }
  }
}`;
const updateOrganizationMembership = `mutation($input: updateOrganizationMembershipInput) {
  updateOrganizationMembership(input: $input) { organizationMembership { ${membershipFields} } messages { field message } }
}`;
const toggleFields = 'id user_id care_plan_id user_group_id can_view_forms show_food';
const deleteOrganizationMembership = `mutation($input: deleteOrganizationMembershipInput) {
  deleteOrganizationMembership(input: $input) { organizationMembership { id user_id } messages { field message } }
}`;
const updateUserDoc = `mutation($input: updateUserInput) {
  updateUser(input: $input) {
    user { id first_name last_name dob qualifications dismissed_fullscript dimissed_calendar_prompt has_created_password }
    messages { field message }
  }
}`;
const createFeatureToggle = `mutation($input: createFeatureToggleInput) {
  createFeatureToggle(input: $input) { feature_toggle { ${toggleFields} } messages { field message } }
}`;
const updateFeatureToggle = `mutation($input: updateFeatureToggleInput) {
  updateFeatureToggle(input: $input) { feature_toggle { ${toggleFields} } messages { field message } }
}`;
const deleteFeatureToggle = `mutation($input: deleteFeatureToggleInput) {
  deleteFeatureToggle(input: $input) { feature_toggle { id } messages { field message } }
}`;

/** Another organization, outside the test key's scope. */
async function otherOrganization(api: CaseApi, name: string) {
  const org = await api.server.createOrg(name);
  return { org: String(org.organizationId), key: org.apiKey };
}

/** A new profile of the key's organization (createOrganization adds one; primary ones are listed first). */
async function profile(api: CaseApi, info: Record<string, unknown>, key?: string): Promise<string> {
  const result = await api.server.graphql(
    `mutation($input: createOrganizationInput) {
      createOrganization(input: $input) { organization { id } messages { field message } }
    }`,
    { input: { organization_info: { primary: false, ...info } } },
    key,
  );
  if (result.errors || (result.data as Data).createOrganization.messages)
    throw new Error(JSON.stringify(result));
  const rows = await api.server.runtime.services.store.db
    .withTables<{ organization_infos: { id: number; organization_id: number } }>()
    .selectFrom('organization_infos')
    .select('id')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return String(rows.id);
}

async function member(api: CaseApi, input: Record<string, unknown> = {}) {
  const data = await api.gql<Data>(createOrganizationMembership, {
    input: {
      email: uniqueEmail('staff'),
      first_name: 'Sam',
      last_name: 'Staff',
      org_role: 'Standard',
      ...input,
    },
  });
  const membership = data.createOrganizationMembership.organizationMembership;
  return { membership: membership.id as string, member: membership.user.id as string };
}

/** An API key of the member (the tests stand in for `carehooks admin`). */
async function memberApiKey(api: CaseApi, id: string): Promise<string> {
  const { organizationId } = api.server.org;
  return (await issueApiKey(api.server.runtime.services.store.db, { organizationId, userId: Number(id) }))
    .apiKey;
}

async function toggle(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<Data>(createFeatureToggle, { input });
  return data.createFeatureToggle.feature_toggle.id as string;
}

const readOrganization = `query { organization {
  id created_at owner_id parent_organization_id can_have_suborgs organization_email npi tax_id phone_number
  location { city state } organization_infos { id } organization_infos_count num_users org_roles state_licenses
  providers { id } providers_count only_active_providers { id } only_active_support { id } only_active_support_count
  organization_memberships { id } organization_memberships_count only_active_organization_memberships { id }
  suborganizations { id } rupa_health_members { id } zus_builder_id onboarding_flow_id
} }`;

const readMember = `query($id: ID) { user(id: $id) {
  id first_name email state_licenses { id state full_state_name } professions { profession profession_category }
  specialties { specialty specialty_category } provider_appointment_locations { id appointment_location_id location }
} }`;

/** The member's `users` row as stored (columns no query answers for staff). */
async function memberRow(api: CaseApi, id: string) {
  return api.server.runtime.services.store.db
    .withTables<{ users: Record<string, unknown> & { id: number } }>()
    .selectFrom('users')
    .selectAll()
    .where('id', '=', Number(id))
    .executeTakeFirstOrThrow();
}

export const organizationMutations: MutationCase[] = [
  {
    mutation: 'createOrganization',
    title: "records the caller's organization profile",
    document: createOrganization,
    variables: () => ({
      input: {
        organization_info: {
          name: 'Main Street Clinic',
          npi: '1112223333',
          primary: true,
          location: { city: 'X' },
        },
      },
    }),
    events: (_ids, data) => [ev('organization_info.created', data.organization.organization_info.id)],
    check: ({ org, provider }, data) => {
      expect(data.organization.id).toBe(org);
      expect(data.currentUser).toEqual({ id: provider });
      expect(data.organization.organization_info).toMatchObject({
        name: 'Main Street Clinic',
        npi: '1112223333',
      });
    },
  },
  {
    mutation: 'updateOrganization',
    title: 'edits a profile named by id',
    setup: async (api) => ({ info: await profile(api, { name: 'Old Name', npi: '1' }) }),
    document: updateOrganization,
    variables: ({ info }) => ({ input: { organization_info: { id: info, name: 'New Name', npi: '1' } } }),
    events: ({ info }) => [ev('organization_info.updated', info!, {}, ['name'])],
    check: ({ org }, data) => {
      expect(data.organization.id).toBe(org);
      expect(data.updated_organization_info.name).toBe('New Name');
    },
  },
  {
    mutation: 'updateOrganization',
    title: '_destroy removes a profile',
    setup: async (api) => ({ info: await profile(api, { name: 'Branch' }) }),
    document: updateOrganization,
    variables: ({ info }) => ({ input: { organization_info: { id: info, _destroy: true } } }),
    events: ({ info }) => [ev('organization_info.deleted', info!)],
  },
  {
    mutation: 'deleteOrganizationInfo',
    title: 'removes a profile',
    setup: async (api) => ({ info: await profile(api, { name: 'Satellite' }) }),
    document: deleteOrganizationInfo,
    variables: ({ info }) => ({ input: { id: info } }),
    events: ({ info }) => [ev('organization_info.deleted', info!)],
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'edits a provider of the organization',
    setup: (api) => member(api),
    document: updateOrganizationMember,
    variables: ({ member: id }) => ({
      input: { id, first_name: 'Samantha', npi: '9998887777', last_name: 'Staff', state_licenses: [] },
    }),
    events: ({ member: id }) => [ev('organization_member.updated', id!, {}, ['first_name', 'npi'])],
    check: (_ids, data) => expect(data.user.first_name).toBe('Samantha'),
  },
  {
    mutation: 'createOrganizationMembership',
    title: 'adds a provider: the user, then the membership',
    document: createOrganizationMembership,
    variables: () => ({
      input: {
        email: uniqueEmail('newstaff'),
        first_name: 'New',
        last_name: 'Staff',
        title: 'RD',
        org_role: 'Admin',
      },
    }),
    events: (_ids, data) => [ev('organization_membership.created', data.organizationMembership.id)],
    check: ({ provider }, data) => {
      expect(data.currentUser).toEqual({ id: provider });
      expect(data.organizationMembership).toMatchObject({ title: 'RD', org_role: 'Admin', active: true });
    },
  },
  {
    mutation: 'updateOrganizationMembership',
    title: 'changes permissions',
    setup: (api) => member(api),
    document: updateOrganizationMembership,
    variables: ({ membership }) => ({
      input: { id: membership, can_see_billing: true, org_role: 'Standard', selected_tags_filter: ['vip'] },
    }),
    events: ({ membership }) => [
      ev('organization_membership.updated', membership!, {}, ['selected_tags_filter', 'can_see_billing']),
    ],
  },
  {
    mutation: 'createFeatureToggle',
    title: 'sets up a toggle for a user; the other scopes are null',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createFeatureToggle,
    variables: ({ patient }) => ({ input: { user_id: patient, can_view_forms: true, custom_metrics: [] } }),
    events: ({ patient }, data) => [
      ev('feature_toggle.created', data.feature_toggle.id, {
        care_plan_id: null,
        user_id: patient!,
        user_group_id: null,
      }),
    ],
    check: (_ids, data) =>
      expect(data.feature_toggle).toMatchObject({ can_view_forms: true, show_food: false }),
  },
  {
    mutation: 'createFeatureToggle',
    title: 'a toggle for a group and a care plan',
    document: createFeatureToggle,
    variables: () => ({ input: { user_group_id: '15000', care_plan_id: '23000', show_food: true } }),
    events: (_ids, data) => [
      ev('feature_toggle.created', data.feature_toggle.id, {
        care_plan_id: '23000',
        user_id: null,
        user_group_id: '15000',
      }),
    ],
  },
  {
    mutation: 'updateFeatureToggle',
    title: 'flips a toggle',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, toggle: await toggle(api, { user_id: patient }) };
    },
    document: updateFeatureToggle,
    variables: ({ toggle: id }) => ({ input: { id, show_food: true, can_view_forms: false } }),
    events: ({ toggle: id, patient }) => [
      ev('feature_toggle.updated', id!, { care_plan_id: null, user_id: patient!, user_group_id: null }, [
        'show_food',
      ]),
    ],
  },
  {
    mutation: 'deleteFeatureToggle',
    title: 'removes a toggle',
    setup: async (api) => ({ toggle: await toggle(api, { user_group_id: '77' }) }),
    document: deleteFeatureToggle,
    variables: ({ toggle: id }) => ({ input: { id } }),
    events: ({ toggle: id }) => [
      ev('feature_toggle.deleted', id!, { care_plan_id: null, user_id: null, user_group_id: '77' }),
    ],
  },
  {
    mutation: 'createOrganization',
    title: "keeps the organization's email and the profile's address (no location event)",
    setup: async (api) => {
      const other = await api.server.createOrg(`org-fields-${uniqueEmail('org')}`);
      return { otherKey: other.apiKey, otherOrg: String(other.organizationId), owner: String(other.userId) };
    },
    document: createOrganization,
    variables: () => ({
      input: {
        organization_email: 'Front.Desk@Example.com',
        organization_info: {
          name: 'Lakeside Clinic',
          npi: '1231231234',
          tax_id: '11-2223333',
          phone_number: '555-0199',
          primary: true,
          location: { line1: '2 Lake Rd', city: 'Lakeside', state: 'MI', zip: '49116' },
        },
      },
    }),
    // The organization answers its first primary profile, an earlier row's: the new id is checked below.
    events: () => [ev('organization_info.created', expect.stringMatching(/^\d+$/))],
    check: async ({ otherKey, otherOrg, owner }, _data, api, bodies) => {
      const latest = await api.server.runtime.services.store.db
        .withTables<{ organization_infos: { id: number; location_id: number | null } }>()
        .selectFrom('organization_infos')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(bodies[0]!.resource_id).toBe(String(latest.id));
      expect(latest.location_id).toEqual(expect.any(Number));
      await api.gql(
        createOrganization,
        {
          input: {
            organization_email: 'hello@lakeside.example.com',
            organization_info: {
              name: 'Lakeside',
              npi: '999',
              primary: true,
              location: { city: 'Lakeside' },
            },
          },
        },
        otherKey,
      );
      const read = await api.gql<Data>(readOrganization, {}, otherKey);
      expect(read.organization).toMatchObject({
        id: otherOrg,
        created_at: expect.any(String),
        owner_id: owner,
        parent_organization_id: null,
        can_have_suborgs: true,
        organization_email: 'hello@lakeside.example.com',
        npi: '999',
        location: { city: 'Lakeside', state: null },
        organization_infos_count: 1,
        num_users: '1',
        org_roles: ['Standard', 'Support'],
        state_licenses: [],
        providers: [{ id: owner }],
        providers_count: 1,
        only_active_providers: [{ id: owner }],
        only_active_support: [],
        only_active_support_count: 0,
        organization_memberships: [],
        organization_memberships_count: 0,
        suborganizations: [],
        rupa_health_members: [],
        zus_builder_id: null,
        onboarding_flow_id: null,
      });
    },
  },
  {
    mutation: 'updateOrganization',
    title: "adds an address to a profile (location_id changes) and sets the organization's email",
    setup: async (api) => ({ info: await profile(api, { name: 'No Address Yet' }) }),
    document: updateOrganization,
    variables: ({ info }) => ({
      input: {
        organization_email: 'billing@example.com',
        organization_info: { id: info, location: { city: 'Dover' } },
      },
    }),
    events: ({ info }) => [ev('organization_info.updated', info!, {}, ['location_id'])],
    check: async ({ info }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { organizationInfo(id: $id) { location { city } created_at } organization { organization_email } }',
        { id: info },
      );
      expect(read.organizationInfo).toEqual({ location: { city: 'Dover' }, created_at: expect.any(String) });
      expect(read.organization.organization_email).toBe('billing@example.com');
    },
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'adds state licenses and appointment locations, describes the avatar',
    setup: (api) => member(api),
    document: updateOrganizationMember,
    variables: ({ member: id }) => ({
      input: {
        id,
        avatar_string: 'data:image/jpeg;base64,/9j/4AAQ',
        state_licenses: [{ state: 'ca' }, { state: 'NY' }],
        provider_appointment_locations: [{ appointment_location_id: '41' }],
      },
    }),
    events: ({ member: id }) => [ev('organization_member.updated', id!, {}, ['avatar_content_type'])],
    check: async ({ member: id }, _data, api) => {
      const read = await api.gql<Data>(readMember, { id });
      expect(read.user).toMatchObject({
        state_licenses: [
          { state: 'CA', full_state_name: 'California' },
          { state: 'NY', full_state_name: 'New York' },
        ],
        provider_appointment_locations: [{ appointment_location_id: '41', location: null }],
      });
      expect((await memberRow(api, id!)).avatar_content_type).toBe('image/jpeg');
    },
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'edits and removes state licenses by id (no member change, no event)',
    setup: async (api) => {
      const ids = await member(api);
      await api.gql(updateOrganizationMember, {
        input: { id: ids.member, state_licenses: [{ state: 'TX' }, { state: 'WA' }] },
      });
      const read = await api.gql<Data>(readMember, { id: ids.member });
      const [texas, washington] = read.user.state_licenses as Data[];
      return { ...ids, texas: texas!.id, washington: washington!.id };
    },
    document: updateOrganizationMember,
    variables: ({ member: id, texas, washington }) => ({
      input: {
        id,
        state_licenses: [
          { id: texas, state: 'OR' },
          { id: washington, _destroy: true },
        ],
      },
    }),
    events: () => [],
    check: async ({ member: id, texas }, _data, api) =>
      expect((await api.gql<Data>(readMember, { id })).user.state_licenses).toEqual([
        { id: texas, state: 'OR', full_state_name: 'Oregon' },
      ]),
  },
  {
    mutation: 'createOrganizationMembership',
    title: 'a password marks it set, no invitation asked, professions, specialties and a template kept',
    setup: async (api) => ({ template: await createPermissionTemplate(api) }),
    document: createOrganizationMembership,
    variables: ({ template }) => ({
      input: {
        email: uniqueEmail('credentialed'),
        first_name: 'Cred',
        last_name: 'Entialed',
        password: 'correct horse battery staple',
        send_invite_email: false,
        permission_template_id: template,
        professions: [{ profession: 'Dietitian', profession_category: 'Nutrition' }],
        specialties: [{ specialty: 'Diabetes', specialty_category: 'Endocrine' }],
      },
    }),
    events: (_ids, data) => [ev('organization_membership.created', data.organizationMembership.id)],
    check: async ({ template }, data, api) => {
      const id = data.organizationMembership.user.id as string;
      const row = await memberRow(api, id);
      expect(row.password_set_at).toEqual(expect.any(String));
      expect(row.welcome_email_sent_at).toBeNull();
      expect(JSON.stringify(row)).not.toContain('correct horse');
      const read = await api.gql<Data>(readMember, { id });
      expect(read.user).toMatchObject({
        professions: [{ profession: 'Dietitian', profession_category: 'Nutrition' }],
        specialties: [{ specialty: 'Diabetes', specialty_category: 'Endocrine' }],
      });
      const membership = await api.gql<Data>(
        'query($id: ID) { organizationMembership(id: $id) { permission_template_id permission_template_applied_at } }',
        { id: data.organizationMembership.id },
      );
      expect(membership.organizationMembership).toEqual({
        permission_template_id: template,
        permission_template_applied_at: expect.any(String),
      });
    },
  },
  {
    mutation: 'createOrganizationMembership',
    title: 'the invitation is queued by default',
    document: createOrganizationMembership,
    variables: () => ({ input: { email: uniqueEmail('invited'), org_role: 'Support' } }),
    events: (_ids, data) => [ev('organization_membership.created', data.organizationMembership.id)],
    check: async (_ids, data, api) => {
      const row = await memberRow(api, data.organizationMembership.user.id);
      expect(row.welcome_email_sent_at).toEqual(expect.any(String));
      expect(row.password_set_at).toBeNull();
    },
  },
  {
    mutation: 'updateOrganizationMembership',
    title: "edits the member's details through the membership: two events, membership first",
    setup: (api) => member(api),
    document: updateOrganizationMembership,
    variables: ({ membership }) => ({
      input: {
        id: membership,
        title: 'Lead RD',
        first_name: 'Samira',
        timezone: 'America/Chicago',
        professions: [{ profession: 'Coach', profession_category: 'Wellness' }],
      },
    }),
    events: ({ membership, member: id }) => [
      ev('organization_membership.updated', membership!, {}, ['title']),
      ev('organization_member.updated', id!, {}, ['first_name', 'timezone']),
    ],
    check: async ({ member: id }, _data, api) =>
      expect((await api.gql<Data>(readMember, { id })).user).toMatchObject({
        first_name: 'Samira',
        professions: [{ profession: 'Coach', profession_category: 'Wellness' }],
      }),
  },
  {
    mutation: 'updateOrganizationMembership',
    title: "deactivating hands the member's clients and upcoming appointments to another provider",
    setup: async (api) => {
      const leaving = await member(api);
      const staying = await member(api);
      const client = await createPatient(api, { dietitian_id: leaving.member });
      const appointment = await createAppointment(api, {
        user_id: client,
        other_party_id: leaving.member,
        datetime: '2031-06-01 10:00:00 -0400',
      });
      const past = await createAppointment(api, {
        user_id: client,
        other_party_id: leaving.member,
        datetime: '2020-06-01 10:00:00 -0400',
      });
      return { ...leaving, receiver: staying.member, client, appointment, past };
    },
    document: updateOrganizationMembership,
    variables: ({ membership, receiver }) => ({
      input: {
        id: membership,
        active: false,
        provider_to_receive_clients: receiver,
        action_for_appointments: 'transfer',
      },
    }),
    events: ({ membership, client, appointment, org }) => [
      ev('organization_membership.updated', membership!, {}, ['active']),
      ev('patient.updated', client!, {}, ['dietitian_id']),
      ev('appointment.updated', appointment!, { resource_organization_id: org! }, ['other_party_id']),
    ],
    check: async ({ appointment, past, receiver, member: leaving }, _data, api) => {
      const read = await api.gql<Data>(
        `query($a: ID, $b: ID) { upcoming: appointment(id: $a) { provider { id } } past: appointment(id: $b) { provider { id } } }`,
        { a: appointment, b: past },
      );
      expect(read).toEqual({ upcoming: { provider: { id: receiver } }, past: { provider: { id: leaving } } });
    },
  },
  {
    mutation: 'createFeatureToggle',
    title: 'with custom metrics and an override of one (no events of their own)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const base = await toggle(api, {
        user_id: patient,
        custom_metrics: [{ name: 'Steps', show: true, track: true }],
      });
      const read = await api.gql<Data>(
        'query($id: ID) { featureToggle(id: $id) { custom_metrics { id } } }',
        {
          id: base,
        },
      );
      return { patient, base, metric: read.featureToggle.custom_metrics[0].id };
    },
    document: createFeatureToggle,
    variables: ({ patient, metric }) => ({
      input: {
        user_id: patient,
        show_weight_metric: true,
        show_food: true,
        custom_metrics: [
          { name: 'Sleep hours', show: true, show_client: true },
          { name: 'Hidden', show: false },
        ],
        custom_metric_overrides: [{ custom_metric_id: metric, show: true, show_client: false }],
      },
    }),
    events: ({ patient }, data) => [
      ev('feature_toggle.created', data.feature_toggle.id, {
        care_plan_id: null,
        user_id: patient!,
        user_group_id: null,
      }),
    ],
    check: async ({ patient, metric, base }, data, api) => {
      const editing = await api.gql<Data>(
        `query($id: ID, $user: ID) {
          byId: featureToggleForEditing(id: $id) { id }
          byUser: featureToggleForEditing(user_id: $user) { id }
          none: featureToggleForEditing(care_plan_id: "424242") { id }
          ofUser: featureToggle(user_id: $user) { id }
        }`,
        { id: data.feature_toggle.id, user: patient },
      );
      expect(editing).toEqual({
        byId: { id: data.feature_toggle.id },
        byUser: { id: base },
        none: null,
        ofUser: { id: base },
      });
      const read = await api.gql<Data>(
        `query($id: ID) { featureToggle(id: $id) {
          custom_metrics { name show show_client track should_show user_id feature_toggle_id }
          initial_custom_metric_overrides { custom_metric_id name show show_client track user_id form_id custom_metric { id } }
          metric_categories returned_custom_metrics has_any_entry_types has_ccda uses_feature_toggle_from_care_plan
          default_water_intake date_range_preference food_categories show_sleep allow_dexcom_sync created_at
        } }`,
        { id: data.feature_toggle.id },
      );
      expect(read.featureToggle).toEqual({
        custom_metrics: [
          {
            name: 'Sleep hours',
            show: true,
            show_client: true,
            track: false,
            should_show: true,
            user_id: Number(patient),
            feature_toggle_id: Number(data.feature_toggle.id),
          },
          {
            name: 'Hidden',
            show: false,
            show_client: false,
            track: false,
            should_show: false,
            user_id: Number(patient),
            feature_toggle_id: Number(data.feature_toggle.id),
          },
        ],
        initial_custom_metric_overrides: [
          {
            custom_metric_id: metric,
            name: 'Steps',
            show: true,
            show_client: false,
            track: true,
            user_id: Number(patient),
            form_id: null,
            custom_metric: { id: metric },
          },
        ],
        metric_categories: ['Weight', 'Sleep hours'],
        returned_custom_metrics: ['Sleep hours'],
        has_any_entry_types: true,
        has_ccda: false,
        uses_feature_toggle_from_care_plan: false,
        default_water_intake: '8',
        date_range_preference: 'week',
        food_categories: ['Breakfast', 'Lunch', 'Dinner', 'Snack'],
        show_sleep: false,
        allow_dexcom_sync: false,
        created_at: expect.any(String),
      });
    },
  },
  {
    mutation: 'updateFeatureToggle',
    title: 'edits one custom metric and removes another (no stored toggle change, no event)',
    setup: async (api) => {
      const id = await toggle(api, { user_group_id: '88', custom_metrics: [{ name: 'A' }, { name: 'B' }] });
      const read = await api.gql<Data>(
        'query($id: ID) { featureToggle(id: $id) { custom_metrics { id } } }',
        { id },
      );
      const [a, b] = read.featureToggle.custom_metrics as Data[];
      return { toggle: id, a: a!.id, b: b!.id };
    },
    document: updateFeatureToggle,
    variables: ({ toggle: id, a, b }) => ({
      input: {
        id,
        custom_metrics: [
          { id: a, name: 'A renamed', track: true },
          { id: b, _destroy: true },
        ],
      },
    }),
    events: () => [],
    check: async ({ toggle: id }, _data, api) =>
      expect(
        (
          await api.gql<Data>('query($id: ID) { featureToggle(id: $id) { custom_metrics { name track } } }', {
            id,
          })
        ).featureToggle.custom_metrics,
      ).toEqual([{ name: 'A renamed', track: true }]),
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'organizationMembers, organizationMemberships and stateLicenses find the member',
    setup: async (api) => ({
      ...(await member(api, { last_name: `Zz${uniqueEmail('x').replace(/\W/g, '')}` })),
    }),
    document: updateOrganizationMember,
    variables: ({ member: id }) => ({ input: { id, state_licenses: [{ state: 'VT' }] } }),
    events: () => [],
    check: async ({ member: id, membership }, _data, api) => {
      const row = await memberRow(api, id!);
      const read = await api.gql<Data>(
        `query($keywords: String, $ids: [ID], $member: ID) {
          organizationMembers(keywords: $keywords) { id }
          organizationMembersCount(keywords: $keywords)
          licensed: organizationMembers(keywords: $keywords, licensed_in_state: "VT") { id }
          unlicensed: organizationMembersCount(keywords: $keywords, licensed_in_state: "ME")
          organizationMemberships(user_ids: $ids) { id user { id } cursor }
          stateLicenses(provider_id: $member) { state }
          organizationMembership(user_id: $member) { id }
        }`,
        { keywords: String(row.last_name), ids: [id], member: id },
      );
      expect(read).toEqual({
        organizationMembers: [{ id }],
        organizationMembersCount: 1,
        licensed: [{ id }],
        unlicensed: 0,
        organizationMemberships: [{ id: membership, user: { id }, cursor: expect.any(String) }],
        stateLicenses: [{ state: 'VT' }],
        organizationMembership: { id: membership },
      });
      const ordered = await api.gql<Data>(
        `query { first: organizationMembers(order_by: LAST_NAME_DESC, page_size: 1) { last_name }
          byRole: organizationMemberships(order_by: TYPE_ASC) { org_role } }`,
      );
      expect(ordered.first).toHaveLength(1);
      const roles = (ordered.byRole as Data[]).map((m) => m.org_role ?? '');
      expect(roles).toEqual([...roles].sort());
    },
  },
  {
    mutation: 'deleteOrganizationMembership',
    title:
      "removes a member: not listed as staff any more, and the member's API key stops working (no event)",
    setup: async (api) => {
      const added = await member(api, { last_name: 'Leaving' });
      return { ...added, memberKey: await memberApiKey(api, added.member) };
    },
    document: deleteOrganizationMembership,
    variables: ({ membership }) => ({ input: { id: membership } }),
    events: () => [],
    check: async ({ membership, member: removed, memberKey }, data, api) => {
      expect(data.organizationMembership).toEqual({ id: membership, user_id: removed });
      const staff = await api.gql<Data>(
        `query($id: ID) { organizationMembership(id: $id) { id }
          organizationMembers(keywords: "Leaving") { id } organization { providers { id } } }`,
        { id: membership },
      );
      expect(staff.organizationMembership).toBeNull();
      expect(staff.organizationMembers.map((u: Data) => u.id)).not.toContain(removed);
      expect(staff.organization.providers.map((u: Data) => u.id)).not.toContain(removed);
      expect((await api.server.graphql('{ currentUser { id } }', {}, memberKey)).status).toBe(401);
      // A member cannot remove their own membership.
      const staying = await member(api);
      const own = await api.server.graphql(
        deleteOrganizationMembership,
        { input: { id: staying.membership } },
        await memberApiKey(api, staying.member),
      );
      expect((own.data as Data).deleteOrganizationMembership.messages).toEqual([
        { field: 'id', message: 'You cannot remove your own membership' },
      ]);
    },
  },
  {
    mutation: 'updateUser',
    title: 'on a client: changed as updateClient changes it (patient.updated); interface flags fire nothing',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: updateUserDoc,
    variables: ({ patient }) => ({
      input: {
        id: patient,
        first_name: 'Renamed',
        dob: '1990-04-05',
        dismissed_fullscript: true,
        dismissed_calendar_prompt: true,
      },
    }),
    events: ({ patient }) => [ev('patient.updated', patient!, {}, ['first_name', 'dob'])],
    check: ({ patient }, data) =>
      expect(data.user).toMatchObject({
        id: patient,
        first_name: 'Renamed',
        dob: '1990-04-05',
        dismissed_fullscript: true,
        dimissed_calendar_prompt: true,
      }),
  },
  {
    mutation: 'updateUser',
    title: "sets a client's password (kept as a hash; not a patient field, so no event)",
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: updateUserDoc,
    variables: ({ patient }) => ({
      input: {
        id: patient,
        password: 'correct horse battery',
        password_confirmation: 'correct horse battery',
      },
    }),
    events: () => [],
    check: async ({ patient }, data, api) => {
      expect(data.user.has_created_password).toBe(true);
      const stored = await api.server.runtime.services.store.db
        .selectFrom('user_credentials')
        .select('password_hash')
        .where('user_id', '=', Number(patient))
        .executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$2[aby]\$10\$/);
      expect(stored.password_hash).not.toContain('horse');
    },
  },
  {
    mutation: 'updateUser',
    title:
      'on the caller, a member: their own details (organization_member.updated); a password needs the current one',
    setup: async (api) => {
      const added = await member(api, { first_name: 'Mia' });
      return { ...added, key: await memberApiKey(api, added.member) };
    },
    document: updateUserDoc,
    // The test key's owner changes their own record.
    variables: () => ({ input: { qualifications: 'RD, LDN', timezone: 'America/Chicago' } }),
    events: ({ provider }) => [
      ev('organization_member.updated', provider!, {}, ['timezone', 'qualifications']),
    ],
    check: async ({ provider, member: id, key }, data, api) => {
      expect(data.user).toMatchObject({ id: provider, qualifications: 'RD, LDN' });
      // A member with the own key: a first password needs no current one, a second one does.
      const run = async (input: Record<string, unknown>) =>
        (await api.server.graphql(updateUserDoc, { input }, key)).data as Data;
      expect((await run({ first_name: 'Mira', password: 'first password!' })).updateUser.user).toMatchObject({
        id,
        first_name: 'Mira',
        has_created_password: true,
      });
      expect(
        (await run({ password: 'second password', current_password: 'not it at all' })).updateUser.messages,
      ).toEqual([{ field: 'current_password', message: 'Current password is not right' }]);
      expect((await run({ password: 'second password' })).updateUser.messages).toEqual([
        { field: 'current_password', message: 'Current password is required' },
      ]);
      expect(
        (await run({ password: 'second password', current_password: 'first password!' })).updateUser.messages,
      ).toBeNull();
    },
  },
];

export const organizationInvalid: InvalidCase[] = [
  {
    mutation: 'createOrganization',
    title: 'a profile without a name',
    document: createOrganization,
    variables: () => ({ input: { organization_info: { npi: '1' } } }),
    field: 'organization_info.name',
  },
  {
    mutation: 'createOrganization',
    title: 'a sub-organization (tenants are created by an operator)',
    document: createOrganization,
    variables: () => ({ input: { create_as_suborganization: true, organization_info: { name: 'Sub' } } }),
    field: 'create_as_suborganization',
  },
  {
    mutation: 'updateOrganization',
    title: 'an organization outside the key',
    setup: async (api) => ({ other: (await otherOrganization(api, 'Elsewhere')).org }),
    document: updateOrganization,
    variables: ({ other }) => ({ input: { id: other, organization_info: { name: 'Mine now' } } }),
    field: 'id',
  },
  {
    mutation: 'deleteOrganizationInfo',
    title: "another organization's profile",
    setup: async (api) => {
      const other = await otherOrganization(api, 'Other practice');
      return { info: await profile(api, { name: 'Theirs' }, other.key) };
    },
    document: deleteOrganizationInfo,
    variables: ({ info }) => ({ input: { id: info } }),
    field: 'id',
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'a patient is not a member',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: updateOrganizationMember,
    variables: ({ patient }) => ({ input: { id: patient, first_name: 'X' } }),
    field: 'id',
  },
  {
    mutation: 'createOrganizationMembership',
    title: 'no email',
    document: createOrganizationMembership,
    variables: () => ({ input: { first_name: 'No', last_name: 'Mail' } }),
    field: 'email',
  },
  {
    mutation: 'createOrganizationMembership',
    title: 'an email a member already has',
    setup: async (api) => {
      const email = uniqueEmail('dup');
      await member(api, { email });
      return { email };
    },
    document: createOrganizationMembership,
    variables: ({ email }) => ({ input: { email } }),
    field: 'email',
  },
  {
    mutation: 'updateOrganizationMembership',
    title: "another organization's membership",
    setup: async (api) => {
      const other = await otherOrganization(api, 'Their staff');
      const result = await api.server.graphql(
        createOrganizationMembership,
        { input: { email: uniqueEmail('theirs') } },
        other.key,
      );
      return { membership: (result.data as Data).createOrganizationMembership.organizationMembership.id };
    },
    document: updateOrganizationMembership,
    variables: ({ membership }) => ({ input: { id: membership, can_see_billing: true } }),
    field: 'id',
  },
  {
    mutation: 'createOrganization',
    title: "a new owner's email (only for a sub-organization)",
    document: createOrganization,
    variables: () => ({ input: { email: 'owner@example.com', organization_info: { name: 'Mine' } } }),
    field: 'email',
  },
  {
    mutation: 'updateOrganization',
    title: 'an organization email that is not one',
    document: updateOrganization,
    variables: () => ({ input: { organization_email: 'front desk' } }),
    field: 'organization_email',
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'a license in no state',
    setup: (api) => member(api),
    document: updateOrganizationMember,
    variables: ({ member: id }) => ({ input: { id, state_licenses: [{ state: 'XX' }] } }),
    field: 'state_licenses.0.state',
  },
  {
    mutation: 'updateOrganizationMember',
    title: 'an avatar that is not a data URL',
    setup: (api) => member(api),
    document: updateOrganizationMember,
    variables: ({ member: id }) => ({ input: { id, avatar_string: 'me.png' } }),
    field: 'avatar_string',
  },
  {
    mutation: 'createOrganizationMembership',
    title: 'a profession without a category',
    document: createOrganizationMembership,
    variables: () => ({ input: { email: uniqueEmail('noprof'), professions: [{ profession: 'RD' }] } }),
    field: 'professions.0.profession_category',
  },
  {
    mutation: 'updateOrganizationMembership',
    title: 'handing clients over without deactivating',
    setup: (api) => member(api),
    document: updateOrganizationMembership,
    variables: ({ membership, provider }) => ({
      input: { id: membership, provider_to_receive_clients: provider },
    }),
    field: 'provider_to_receive_clients',
  },
  {
    mutation: 'updateOrganizationMembership',
    title: 'an unknown action for appointments',
    setup: (api) => member(api),
    document: updateOrganizationMembership,
    variables: ({ membership }) => ({
      input: { id: membership, active: false, action_for_appointments: 'archive' },
    }),
    field: 'action_for_appointments',
  },
  {
    mutation: 'updateOrganizationMembership',
    title: 'an email another member has',
    setup: async (api) => {
      const email = uniqueEmail('taken');
      await member(api, { email });
      return { ...(await member(api)), email };
    },
    document: updateOrganizationMembership,
    variables: ({ membership, email }) => ({ input: { id: membership, email } }),
    field: 'email',
  },
  {
    mutation: 'createFeatureToggle',
    title: 'an override of a custom metric that does not exist',
    document: createFeatureToggle,
    variables: () => ({ input: { custom_metric_overrides: [{ custom_metric_id: '999999', show: true }] } }),
    field: 'custom_metric_overrides.0.custom_metric_id',
  },
  {
    mutation: 'updateFeatureToggle',
    title: 'a custom metric of another toggle',
    setup: async (api) => {
      const other = await toggle(api, { user_group_id: '90', custom_metrics: [{ name: 'Theirs' }] });
      const read = await api.gql<Data>(
        'query($id: ID) { featureToggle(id: $id) { custom_metrics { id } } }',
        {
          id: other,
        },
      );
      return {
        toggle: await toggle(api, { user_group_id: '91' }),
        metric: read.featureToggle.custom_metrics[0].id,
      };
    },
    document: updateFeatureToggle,
    variables: ({ toggle: id, metric }) => ({
      input: { id, custom_metrics: [{ id: metric, name: 'Mine' }] },
    }),
    field: 'custom_metrics.0.id',
  },
  {
    mutation: 'createFeatureToggle',
    title: 'a user that does not exist',
    document: createFeatureToggle,
    variables: () => ({ input: { user_id: '999999' } }),
    field: 'user_id',
  },
  {
    mutation: 'deleteFeatureToggle',
    title: 'an unknown id',
    document: deleteFeatureToggle,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'deleteOrganizationMembership',
    title: 'an unknown membership',
    document: deleteOrganizationMembership,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'updateUser',
    title: 'another organization member',
    setup: async (api) => ({ other: (await member(api)).member }),
    document: updateUserDoc,
    variables: ({ other }) => ({ input: { id: other, first_name: 'Nope' } }),
    field: 'id',
  },
  {
    mutation: 'updateUser',
    title: 'signing in as another user',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: updateUserDoc,
    variables: ({ patient }) => ({ input: { id: patient, pretend_to_be: 'someone' } }),
    field: 'pretend_to_be',
  },
  {
    mutation: 'updateUser',
    title: 'a password too short',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: updateUserDoc,
    variables: ({ patient }) => ({ input: { id: patient, password: 'short' } }),
    field: 'password',
  },
  {
    mutation: 'updateUser',
    title: 'a password confirmation that differs',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: updateUserDoc,
    variables: ({ patient }) => ({
      input: { id: patient, password: 'long enough one', password_confirmation: 'long enough two' },
    }),
    field: 'password_confirmation',
  },
  {
    mutation: 'updateUser',
    title: 'a client-only input on the caller, a member',
    document: updateUserDoc,
    variables: () => ({ input: { dob: '1980-01-01' } }),
    field: 'dob',
  },
];

export const organizationReadBack: ReadBackCase[] = [
  {
    resource: 'OrganizationMembership',
    setup: (api) => member(api, { org_role: 'Support' }),
    query: `query($id: ID) { organizationMembership(id: $id) {
      id allow_group_level_actions can_add_clients can_request_to_prescribe_controlled_substances
      can_submit_cms_1500s_to_candid_health has_primary_diagnosis_column permission_template_applied_at cursor
    } }`,
    id: ({ membership }) => membership!,
    expected: ({ membership }) => ({
      id: membership,
      allow_group_level_actions: false,
      can_add_clients: false,
      can_request_to_prescribe_controlled_substances: false,
      can_submit_cms_1500s_to_candid_health: false,
      has_primary_diagnosis_column: false,
      permission_template_applied_at: null,
      cursor: expect.any(String),
    }),
  },
  {
    resource: 'OrganizationInfo',
    setup: async (api) => ({ info: await profile(api, { name: 'Readable', tax_id: '12-3456789' }) }),
    query: 'query($id: ID) { organizationInfo(id: $id) { id name tax_id primary organization { id } } }',
    id: ({ info }) => info!,
    expected: ({ info, org }) => ({
      id: info,
      name: 'Readable',
      tax_id: '12-3456789',
      primary: false,
      organization: { id: org },
    }),
  },
  {
    resource: 'OrganizationMembership',
    setup: (api) => member(api, { title: 'NP' }),
    query: 'query($id: ID) { organizationMembership(id: $id) { id title is_admin user { id } } }',
    id: ({ membership }) => membership!,
    expected: ({ membership, member: id }) => ({
      id: membership,
      title: 'NP',
      is_admin: false,
      user: { id },
    }),
  },
  {
    resource: 'FeatureToggle',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, toggle: await toggle(api, { user_id: patient, default_water_intake: '8' }) };
    },
    query: 'query($id: ID) { featureToggle(id: $id) { id default_water_intake can_view_goals user { id } } }',
    id: ({ toggle: id }) => id!,
    expected: ({ toggle: id, patient }) => ({
      id,
      default_water_intake: '8',
      can_view_goals: false,
      user: { id: patient },
    }),
  },
  {
    // Features a new Healthie account has not set up.
    resource: 'Organization (E-Labs, teaching kitchen, CPT fee schedule)',
    setup: async () => ({}),
    query: `query($id: ID) { organization(id: $id) {
      e_labs_settings { billing_types } filled_tk_form { id } organization_cpt_codes { id }
    } }`,
    id: ({ org }) => org!,
    expected: () => ({ e_labs_settings: null, filled_tk_form: null, organization_cpt_codes: [] }),
  },
];
