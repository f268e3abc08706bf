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
import { createPatient, uniqueEmail } from './fixtures.js';

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

async function toggle(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<Data>(createFeatureToggle, { input });
  return data.createFeatureToggle.feature_toggle.id as string;
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
];

export const organizationReadBack: ReadBackCase[] = [
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
];
