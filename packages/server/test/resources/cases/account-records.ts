/**
 * Onboarding flows and items, custom emails and permission templates: records with no webhook events
 * (the reference documents none), their derived fields on User, UserGroup, CompletedOnboardingItem,
 * Organization and OrganizationMembership, and what their mutations do to the records they name.
 */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { createPatient, createUserGroup, uniqueEmail } from './fixtures.js';

const messages = 'messages { field message }';
const flowFields = `id name uuid created_at user { id } onboarding_items_count user_groups { id } user_groups_count
  user_groups_name_string has_forms_after_welcome is_multiple_providers`;
const createFlow = `mutation($input: createOnboardingFlowInput) {
  createOnboardingFlow(input: $input) { onboardingFlow { ${flowFields} } ${messages} }
}`;
const updateFlow = `mutation($input: updateOnboardingFlowInput) {
  updateOnboardingFlow(input: $input) { onboardingFlow { ${flowFields} } ${messages} }
}`;
const deleteFlow = `mutation($input: deleteOnboardingFlowInput) {
  deleteOnboardingFlow(input: $input) { onboardingFlow { id } ${messages} }
}`;
const itemFields = `id item_type item_id display_name is_skippable welcome_text billing_disclaimer policy_disclaimer
  photo_id_disclaimer onboarding_flow_id onboarding_flow { id } user { id } attached_object_edit_url view_url
  has_matrix_field is_last_item forms_last: is_last_item(custom_module_forms_only: true)`;
const createItem = `mutation($input: createOnboardingItemInput) {
  createOnboardingItem(input: $input) { onboardingItem { ${itemFields} } ${messages} }
}`;
const updateItem = `mutation($input: updateOnboardingItemInput) {
  updateOnboardingItem(input: $input) { onboardingItem { ${itemFields} } ${messages} }
}`;
const deleteItem = `mutation($input: deleteOnboardingItemInput) {
  deleteOnboardingItem(input: $input) { onboardingItem { id } ${messages} }
}`;
const emailFields = `id email_type subject name greeting message_body reactivation_wait_days user_id related_object {
  __typename } created_at updated_at`;
const createEmail = `mutation($input: createCustomEmailInput) {
  createCustomEmail(input: $input) { customEmail { ${emailFields} } ${messages} }
}`;
const updateEmail = `mutation($input: updateCustomEmailInput) {
  updateCustomEmail(input: $input) { customEmail { ${emailFields} } ${messages} }
}`;
const deleteEmail = `mutation($input: deleteCustomEmailInput) {
  deleteCustomEmail(input: $input) { customEmail { id } ${messages} }
}`;
const templateFields = `id name org_role can_be_edited can_see_billing can_add_clients is_admin share_user_groups
  can_submit_cms_1500s_to_change_health user { id } created_at`;
const createTemplate = `mutation($input: createPermissionTemplateInput) {
  createPermissionTemplate(input: $input) { newPermissionTemplate { ${templateFields} } ${messages} }
}`;
const updateTemplate = `mutation($input: updatePermissionTemplateInput) {
  updatePermissionTemplate(input: $input) { permissionTemplate { ${templateFields} } ${messages} }
}`;
const deleteTemplate = `mutation($input: deletePermissionTemplateInput) {
  deletePermissionTemplate(input: $input) { permission_template { id } ${messages} }
}`;
const updateMembership = `mutation($input: updateOrganizationMembershipInput) {
  updateOrganizationMembership(input: $input) {
    organizationMembership { id can_see_billing can_add_clients is_admin permission_template { id name } }
    ${messages}
  }
}`;
const updateGroup = `mutation($input: updateUserGroupInput) {
  updateUserGroup(input: $input) { user_group { id onboarding_flow_id onboarding_flow { id } } ${messages} }
}`;
const updateClient = `mutation($input: updateClientInput) {
  updateClient(input: $input) { user { id } ${messages} }
}`;
const completeItem = `mutation($input: createCompletedOnboardingItemInput) {
  createCompletedOnboardingItem(input: $input) {
    completed_onboarding_item { id onboarding_item { id } attached_object_edit_url view_url }
    ${messages}
  }
}`;

export async function createOnboardingFlow(
  api: CaseApi,
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await api.gql<Data>(createFlow, { input: { name: `Intake ${process.pid}`, ...input } });
  return data.createOnboardingFlow.onboardingFlow.id as string;
}

async function createOnboardingItem(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  return (await api.gql<Data>(createItem, { input })).createOnboardingItem.onboardingItem.id as string;
}

async function createForm(api: CaseApi, name: string): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createCustomModuleFormInput) {
      createCustomModuleForm(input: $input) { customModuleForm { id } ${messages} }
    }`,
    { input: { name } },
  );
  return data.createCustomModuleForm.customModuleForm.id as string;
}

/** A flow of a welcome screen then a form, given to a group with one client in it. */
async function flowWithClient(api: CaseApi) {
  const form = await createForm(api, 'Health history');
  const group = await createUserGroup(api, 'Onboarding group');
  const flow = await createOnboardingFlow(api, { groups_to_use_onboarding_flow: group });
  const welcome = await createOnboardingItem(api, {
    onboarding_flow_id: flow,
    item_type: 'welcome',
    welcome_text: 'Hello',
    is_skippable: true,
  });
  const formItem = await createOnboardingItem(api, {
    onboarding_flow_id: flow,
    item_type: 'CustomModuleForm',
    item_id: form,
  });
  const patient = await createPatient(api, { user_group_id: group });
  return { form, group, flow, welcome, formItem, patient };
}

export async function createPermissionTemplate(api: CaseApi, input: Record<string, unknown> = {}) {
  const data = await api.gql<Data>(createTemplate, { input: { name: 'Biller', ...input } });
  return data.createPermissionTemplate.newPermissionTemplate.id as string;
}

/** A user's notification setting as the internal source keeps one (no mutation creates it). */
async function notificationSetting(api: CaseApi, org: string, user: string): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<Record<string, Record<string, unknown> & { id: number }>>()
    .insertInto('notification_settings')
    .values({ organization_id: Number(org), user_id: Number(user), created_at: 0, updated_at: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export const accountRecordMutations: MutationCase[] = [
  // --- Onboarding flows and items (no events) -----------------------------------------------------
  {
    mutation: 'createOnboardingFlow',
    title: 'creates a flow and gives it to the named groups; found by uuid and keywords',
    setup: async (api) => ({
      a: await createUserGroup(api, 'Alpha'),
      b: await createUserGroup(api, 'Beta'),
    }),
    document: createFlow,
    variables: ({ a, b }) => ({
      input: { name: `New clients ${process.pid}`, groups_to_use_onboarding_flow: `${a}, group-${b}` },
    }),
    events: () => [],
    check: async ({ a, b, provider }, data, api) => {
      const flow = data.onboardingFlow;
      expect(flow).toMatchObject({
        name: `New clients ${process.pid}`,
        user: { id: provider },
        onboarding_items_count: 0,
        user_groups: [{ id: a }, { id: b }],
        user_groups_count: 2,
        user_groups_name_string: 'Alpha, Beta',
        has_forms_after_welcome: false,
        is_multiple_providers: false,
      });
      const read = await api.gql<Data>(
        `query($uuid: String, $k: String, $g: ID) {
          byUuid: onboardingFlow(uuid: $uuid) { id }
          onboardingFlows(keywords: $k) { id cursor }
          onboardingFlowsCount(keywords: $k)
          userGroup(id: $g) { onboarding_flow_id onboarding_flow { id name } }
        }`,
        { uuid: flow.uuid, k: `new clients ${process.pid}`, g: a },
      );
      expect(read).toEqual({
        byUuid: { id: flow.id },
        onboardingFlows: [{ id: flow.id, cursor: expect.any(String) }],
        onboardingFlowsCount: 1,
        userGroup: { onboarding_flow_id: flow.id, onboarding_flow: { id: flow.id, name: flow.name } },
      });
    },
  },
  {
    mutation: 'updateOnboardingFlow',
    title: 'renames a flow; the groups named replace those that used it',
    setup: async (api) => {
      const kept = await createUserGroup(api, 'Kept');
      const dropped = await createUserGroup(api, 'Dropped');
      const added = await createUserGroup(api, 'Added');
      const flow = await createOnboardingFlow(api, { groups_to_use_onboarding_flow: `${kept},${dropped}` });
      return { kept, dropped, added, flow };
    },
    document: updateFlow,
    variables: ({ flow, kept, added }) => ({
      input: { id: flow, name: 'Renamed', groups_to_use_onboarding_flow: `${kept},${added}` },
    }),
    events: () => [],
    check: async ({ kept, dropped, added }, data, api) => {
      expect(data.onboardingFlow).toMatchObject({
        name: 'Renamed',
        user_groups: [{ id: added }, { id: kept }],
      });
      const read = await api.gql<Data>('query($id: ID) { userGroup(id: $id) { onboarding_flow { id } } }', {
        id: dropped,
      });
      expect(read.userGroup.onboarding_flow).toBeNull();
    },
  },
  {
    mutation: 'deleteOnboardingFlow',
    title: 'moves its groups and clients to flow_to_receive_groups and deletes its items',
    setup: async (api) => {
      const setup = await flowWithClient(api);
      await api.gql(updateClient, {
        input: { id: setup.patient, user_group_id: setup.group, for_changing_groups: true },
      });
      return { ...setup, receiving: await createOnboardingFlow(api, { name: 'Receiving' }) };
    },
    document: deleteFlow,
    variables: ({ flow, receiving }) => ({ input: { id: flow, flow_to_receive_groups: receiving } }),
    // The client's own flow changed: their record's update, as when they change groups.
    events: ({ patient }) => [ev('patient.updated', patient!, {}, ['default_onboarding_flow_id'])],
    check: async ({ group, patient, receiving, welcome }, data, api) => {
      expect(data.onboardingFlow).toBeTruthy();
      const read = await api.gql<Data>(
        `query($g: ID, $u: ID, $i: ID) {
          userGroup(id: $g) { onboarding_flow { id } }
          user(id: $u) { default_onboarding_flow_id default_onboarding_flow { id } next_onboarding_step { id } }
          onboardingItem(id: $i) { id }
        }`,
        { g: group, u: patient, i: welcome },
      );
      expect(read).toEqual({
        userGroup: { onboarding_flow: { id: receiving } },
        user: {
          default_onboarding_flow_id: receiving,
          default_onboarding_flow: { id: receiving },
          next_onboarding_step: null,
        },
        onboardingItem: null,
      });
    },
  },
  {
    mutation: 'createOnboardingItem',
    title: 'attaches a form: its name, links and place at the end of the flow',
    setup: async (api) => {
      const flow = await createOnboardingFlow(api, { name: `Forms kept ${process.pid}` });
      await createOnboardingItem(api, { onboarding_flow_id: flow, item_type: 'welcome' });
      const empty = await createOnboardingFlow(api, { name: `Forms none ${process.pid}` });
      return { flow, empty, form: await createForm(api, 'Consent') };
    },
    document: createItem,
    variables: ({ flow, form }) => ({
      input: {
        onboarding_flow_id: flow,
        item_type: 'CustomModuleForm',
        item_id: form,
        is_skippable: true,
        billing_disclaimer: 'Billed monthly',
        policy_disclaimer: 'Bring your card',
        welcome_text: 'Almost done',
      },
    }),
    events: () => [],
    check: async ({ flow, empty, form, provider }, data, api) => {
      expect(data.onboardingItem).toEqual({
        id: expect.any(String),
        item_type: 'CustomModuleForm',
        item_id: form,
        display_name: 'Consent',
        is_skippable: true,
        welcome_text: 'Almost done',
        billing_disclaimer: 'Billed monthly',
        policy_disclaimer: 'Bring your card',
        photo_id_disclaimer: null,
        onboarding_flow_id: flow,
        onboarding_flow: { id: flow },
        user: { id: provider },
        attached_object_edit_url: `/custom_module_forms/${form}/edit`,
        view_url: `/custom_module_forms/${form}`,
        has_matrix_field: false,
        is_last_item: true,
        forms_last: true,
      });
      const read = await api.gql<Data>(
        `query($id: ID, $k: String) {
          onboardingFlow(id: $id) {
            onboarding_items { id item_type } forms: onboarding_items(custom_module_forms_only: true) { id }
            onboarding_items_count has_forms_after_welcome
          }
          most: onboardingFlows(keywords: $k, order_by: FORMS_COUNT_DESC) { id }
          fewest: onboardingFlows(keywords: $k, order_by: FORMS_COUNT_ASC) { id }
        }`,
        { id: flow, k: `forms ` },
      );
      expect(read.most).toEqual([{ id: flow }, { id: empty }]);
      expect(read.fewest).toEqual([{ id: empty }, { id: flow }]);
      expect(read.onboardingFlow).toEqual({
        onboarding_items: [
          { id: expect.any(String), item_type: 'welcome' },
          { id: data.onboardingItem.id, item_type: 'CustomModuleForm' },
        ],
        forms: [{ id: data.onboardingItem.id }],
        onboarding_items_count: 2,
        has_forms_after_welcome: true,
      });
    },
  },
  {
    mutation: 'createOnboardingItem',
    title: 'new_form_name creates the form it attaches (custom_module_form.created)',
    setup: async (api) => ({ flow: await createOnboardingFlow(api) }),
    document: createItem,
    variables: ({ flow }) => ({ input: { onboarding_flow_id: flow, new_form_name: 'Goals questionnaire' } }),
    events: (_ids, data) => [ev('custom_module_form.created', data.onboardingItem.item_id)],
    check: async (_ids, data, api) => {
      expect(data.onboardingItem).toMatchObject({
        item_type: 'CustomModuleForm',
        display_name: 'Goals questionnaire',
      });
      const read = await api.gql<Data>('query($id: ID) { customModuleForm(id: $id) { name } }', {
        id: data.onboardingItem.item_id,
      });
      expect(read.customModuleForm).toEqual({ name: 'Goals questionnaire' });
    },
  },
  {
    mutation: 'updateOnboardingItem',
    title: 'edits texts and moves the item with row_order',
    setup: async (api) => {
      const flow = await createOnboardingFlow(api);
      const first = await createOnboardingItem(api, { onboarding_flow_id: flow, item_type: 'welcome' });
      const second = await createOnboardingItem(api, { onboarding_flow_id: flow, item_type: 'billing' });
      return { flow, first, second };
    },
    document: updateItem,
    variables: ({ first }) => ({
      input: { id: first, row_order: 5, photo_id_disclaimer: 'Front and back', is_skippable: true },
    }),
    events: () => [],
    check: async ({ flow, first, second }, data, api) => {
      expect(data.onboardingItem).toMatchObject({
        photo_id_disclaimer: 'Front and back',
        is_skippable: true,
        is_last_item: true,
        display_name: 'welcome',
        attached_object_edit_url: null,
        view_url: null,
      });
      const read = await api.gql<Data>(
        'query($id: ID) { onboardingFlow(id: $id) { onboarding_items { id } } }',
        {
          id: flow,
        },
      );
      expect(read.onboardingFlow.onboarding_items).toEqual([{ id: second }, { id: first }]);
    },
  },
  {
    mutation: 'deleteOnboardingItem',
    title: 'removes an item from its flow',
    setup: async (api) => {
      const flow = await createOnboardingFlow(api);
      return {
        flow,
        item: await createOnboardingItem(api, { onboarding_flow_id: flow, item_type: 'welcome' }),
      };
    },
    document: deleteItem,
    variables: ({ item }) => ({ input: { id: item } }),
    events: () => [],
    check: async ({ flow, item }, _data, api) => {
      const read = await api.gql<Data>(
        'query($f: ID, $i: ID) { onboardingFlow(id: $f) { onboarding_items_count } onboardingItem(id: $i) { id } }',
        { f: flow, i: item },
      );
      expect(read).toEqual({ onboardingFlow: { onboarding_items_count: 0 }, onboardingItem: null });
    },
  },
  {
    mutation: 'createCompletedOnboardingItem',
    title: "a client's flow and next step follow their completed items; the completed form's links",
    setup: flowWithClient,
    document: completeItem,
    variables: ({ patient, welcome }) => ({ input: { user_id: patient, onboarding_item_id: welcome } }),
    events: (_ids, data) => [ev('completed_onboarding_item.created', data.completed_onboarding_item.id)],
    check: async ({ patient, flow, welcome, formItem, form }, data, api) => {
      // A welcome screen has nothing to edit or view.
      expect(data.completed_onboarding_item).toMatchObject({
        onboarding_item: { id: welcome },
        attached_object_edit_url: null,
        view_url: null,
      });
      const next = await api.gql<Data>(
        `query($u: ID, $i: ID) {
          user(id: $u) { default_onboarding_flow { id } next_onboarding_step { id display_name } }
          byUser: onboardingFlow(user_id: $u) { id }
          onboardingItem(id: $i, user_id: $u) { completed_onboarding_item { id } date_to_show }
        }`,
        { u: patient, i: welcome },
      );
      expect(next).toEqual({
        user: {
          default_onboarding_flow: { id: flow },
          next_onboarding_step: { id: formItem, display_name: 'Health history' },
        },
        byUser: { id: flow },
        onboardingItem: {
          completed_onboarding_item: { id: data.completed_onboarding_item.id },
          date_to_show: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      });
      // The client fills in the form for its item, then completes the item.
      const submitted = await api.gql<Data>(
        `mutation($input: createFormAnswerGroupInput) {
          createFormAnswerGroup(input: $input) { form_answer_group { id } ${messages} }
        }`,
        {
          input: {
            user_id: patient,
            custom_module_form_id: form,
            finished: true,
            onboarding_item_id: formItem,
          },
        },
      );
      const submission = submitted.createFormAnswerGroup.form_answer_group.id as string;
      const done = await api.gql<Data>(completeItem, {
        input: { user_id: patient, onboarding_item_id: formItem },
      });
      expect(done.createCompletedOnboardingItem.completed_onboarding_item).toMatchObject({
        onboarding_item: { id: formItem },
        attached_object_edit_url: `/custom_module_forms/${form}/edit`,
        view_url: `/form_answer_groups/${submission}`,
      });
      const after = await api.gql<Data>(
        `query($u: ID, $i: ID) {
          user(id: $u) { next_onboarding_step { id } }
          onboardingItem(id: $i, user_id: $u, track_opened_event: true) { completed_form_id incomplete_form_id }
        }`,
        { u: patient, i: formItem },
      );
      expect(after).toEqual({
        user: { next_onboarding_step: null },
        onboardingItem: { completed_form_id: submission, incomplete_form_id: null },
      });
      // track_opened_event recorded the opening on the client's submission of the item's form.
      const opened = await api.gql<Data>('query($id: ID) { formAnswerGroup(id: $id) { opened_at } }', {
        id: submission,
      });
      expect(opened.formAnswerGroup.opened_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    },
  },
  {
    mutation: 'updateUserGroup',
    title: "gives a group a flow: its clients' default flow",
    setup: async (api) => {
      const group = await createUserGroup(api, 'Late joiners');
      return {
        group,
        flow: await createOnboardingFlow(api),
        patient: await createPatient(api, { user_group_id: group }),
      };
    },
    document: updateGroup,
    variables: ({ group, flow }) => ({ input: { id: group, onboarding_flow_id: flow } }),
    events: () => [],
    check: async ({ flow, patient }, data, api) => {
      expect(data.user_group).toMatchObject({ onboarding_flow_id: flow, onboarding_flow: { id: flow } });
      const read = await api.gql<Data>(
        'query($id: ID) { user(id: $id) { default_onboarding_flow { id } } }',
        {
          id: patient,
        },
      );
      expect(read.user.default_onboarding_flow).toEqual({ id: flow });
    },
  },
  // --- Custom emails (no events) ---------------------------------------------------------------------
  {
    mutation: 'createCustomEmail',
    title: "writes a custom email; the provider's emails by type",
    document: createEmail,
    variables: () => ({
      input: {
        email_type: 'Reactivation Email',
        subject: 'We miss you',
        greeting: 'Hi',
        message_body: 'Book again',
        reactivation_wait_days: '30',
      },
    }),
    events: () => [],
    check: async ({ provider }, data, api) => {
      expect(data.customEmail).toEqual({
        id: expect.any(String),
        email_type: 'Reactivation Email',
        subject: 'We miss you',
        name: 'We miss you',
        greeting: 'Hi',
        message_body: 'Book again',
        reactivation_wait_days: '30',
        user_id: provider,
        related_object: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const read = await api.gql<Data>(
        `query($id: ID) {
          user(id: $id) { reactivation_emails { id } has_own_custom_emails }
          customEmails(email_type: "Reactivation Email", provider_id: $id) { id cursor }
          customEmailsCount(email_type: "Reactivation Email")
          union: __type(name: "CustomEmailRelatedObject") { kind possibleTypes { name } }
        }`,
        { id: provider },
      );
      expect(read.user.reactivation_emails).toContainEqual({ id: data.customEmail.id });
      expect(read.user.has_own_custom_emails).toBe(true);
      expect(read.customEmails).toContainEqual({ id: data.customEmail.id, cursor: expect.any(String) });
      expect(read.customEmailsCount).toBeGreaterThanOrEqual(1);
      expect(read.union).toEqual({
        kind: 'UNION',
        possibleTypes: [{ name: 'AppointmentType' }, { name: 'Course' }, { name: 'Offering' }],
      });
    },
  },
  {
    mutation: 'updateCustomEmail',
    title: "retypes an email: it moves to the user's custom emails",
    setup: async (api) => ({
      email: (await api.gql<Data>(createEmail, { input: { email_type: 'Invite Email', subject: 'Welcome' } }))
        .createCustomEmail.customEmail.id as string,
    }),
    document: updateEmail,
    variables: ({ email }) => ({ input: { id: email, email_type: 'Custom Email', subject: 'Hello again' } }),
    events: () => [],
    check: async ({ email, provider }, data, api) => {
      expect(data.customEmail).toMatchObject({ email_type: 'Custom Email', name: 'Hello again' });
      const read = await api.gql<Data>(
        `query($id: ID) {
          user(id: $id) { custom_custom_emails { id } reactivation_emails { id } }
          courseItemCustomEmails { id }
          invites: customEmails { id }
        }`,
        { id: provider },
      );
      expect(read.user.custom_custom_emails).toContainEqual({ id: email });
      expect(read.user.reactivation_emails).not.toContainEqual({ id: email });
      expect(read.courseItemCustomEmails).toContainEqual({ id: email });
      // `customEmails` lists invite emails unless asked for another type.
      expect(read.invites).not.toContainEqual({ id: email });
    },
  },
  {
    mutation: 'deleteCustomEmail',
    title: 'deletes a custom email',
    setup: async (api) => ({
      email: (await api.gql<Data>(createEmail, { input: { email_type: 'Custom Email', subject: 'Bye' } }))
        .createCustomEmail.customEmail.id as string,
    }),
    document: deleteEmail,
    variables: ({ email }) => ({ input: { id: email } }),
    events: () => [],
    check: async ({ email }, _data, api) => {
      const read = await api.gql<Data>('query($id: ID) { customEmail(id: $id) { id } }', { id: email });
      expect(read.customEmail).toBeNull();
    },
  },
  // --- Permission templates (no events) ---------------------------------------------------------------
  {
    mutation: 'createPermissionTemplate',
    title: 'creates a template of permissions, listed on the organization',
    document: createTemplate,
    variables: ({ org }) => ({
      input: {
        name: `Front desk ${process.pid}`,
        org_role: 'Support',
        organization_id: org,
        can_add_clients: true,
        share_user_groups: true,
      },
    }),
    events: () => [],
    check: async ({ provider }, data, api) => {
      expect(data.newPermissionTemplate).toEqual({
        id: expect.any(String),
        name: `Front desk ${process.pid}`,
        org_role: 'Support',
        can_be_edited: true,
        can_see_billing: false,
        can_add_clients: true,
        is_admin: false,
        share_user_groups: true,
        can_submit_cms_1500s_to_change_health: false,
        user: { id: provider },
        created_at: expect.any(String),
      });
      const read = await api.gql<Data>(
        `query {
          organization { permission_templates { id } cancellation_reasons { id label } }
          permissionTemplates(page_size: 100) { id }
          permissionTemplatesCount
        }`,
      );
      // No reasons are kept: Healthie's list for a new account is not published.
      expect(read.organization.cancellation_reasons).toEqual([]);
      expect(read.organization.permission_templates).toContainEqual({ id: data.newPermissionTemplate.id });
      expect(read.permissionTemplates).toContainEqual({ id: data.newPermissionTemplate.id });
      expect(read.permissionTemplatesCount).toBeGreaterThanOrEqual(1);
    },
  },
  {
    mutation: 'updatePermissionTemplate',
    title: 'changes permissions of a template',
    setup: async (api) => ({ template: await createPermissionTemplate(api) }),
    document: updateTemplate,
    variables: ({ template }) => ({
      input: {
        id: template,
        name: 'Billing lead',
        can_see_billing: true,
        can_submit_cms_1500s_to_change_health: true,
      },
    }),
    events: () => [],
    check: (_ids, data) =>
      expect(data.permissionTemplate).toMatchObject({
        name: 'Billing lead',
        can_see_billing: true,
        can_submit_cms_1500s_to_change_health: true,
      }),
  },
  {
    mutation: 'deletePermissionTemplate',
    title: 'deletes a template; memberships it was applied to keep their permissions',
    setup: async (api) => {
      const template = await createPermissionTemplate(api, { can_see_billing: true });
      const data = await api.gql<Data>(
        `mutation($input: createOrganizationMembershipInput) {
          createOrganizationMembership(input: $input) { organizationMembership { id } ${messages} }
        }`,
        {
          input: {
            email: uniqueEmail('templated'),
            first_name: 'Tem',
            last_name: 'Plated',
            permission_template_id: template,
          },
        },
      );
      return { template, membership: data.createOrganizationMembership.organizationMembership.id as string };
    },
    document: deleteTemplate,
    variables: ({ template }) => ({ input: { id: template } }),
    events: () => [],
    check: async ({ membership }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { organizationMembership(id: $id) { permission_template_id permission_template { id } can_see_billing } }',
        { id: membership },
      );
      expect(read.organizationMembership).toEqual({
        permission_template_id: null,
        permission_template: null,
        can_see_billing: true,
      });
    },
  },
  {
    mutation: 'updateOrganizationMembership',
    title: 'naming a template applies its permissions, except those the input sets',
    setup: async (api) => {
      const template = await createPermissionTemplate(api, { can_see_billing: true, can_add_clients: true });
      const data = await api.gql<Data>(
        `mutation($input: createOrganizationMembershipInput) {
          createOrganizationMembership(input: $input) { organizationMembership { id } ${messages} }
        }`,
        { input: { email: uniqueEmail('applied'), first_name: 'Ap', last_name: 'Plied' } },
      );
      return { template, membership: data.createOrganizationMembership.organizationMembership.id as string };
    },
    document: updateMembership,
    variables: ({ membership, template }) => ({
      input: { id: membership, permission_template_id: template, can_add_clients: false },
    }),
    events: ({ membership }) => [
      ev('organization_membership.updated', membership!, {}, [
        'permission_template_id',
        'permission_template_applied_at',
        'can_see_billing',
      ]),
    ],
    check: ({ template }, data) =>
      expect(data.organizationMembership).toMatchObject({
        can_see_billing: true,
        can_add_clients: false,
        is_admin: false,
        permission_template: { id: template, name: 'Biller' },
      }),
  },
  // --- Notification settings -------------------------------------------------------------------------
  {
    mutation: 'updateNotificationSetting',
    title: "the marketing preference is answered under Healthie's both spellings ('' before a choice)",
    setup: async (api, { org }) => {
      const [chosen, unchosen] = [await createPatient(api), await createPatient(api)];
      return {
        chosen: chosen,
        unchosen: unchosen,
        setting: await notificationSetting(api, org!, chosen),
        untouched: await notificationSetting(api, org!, unchosen),
      };
    },
    document: `mutation($input: updateNotificationSettingInput) {
      updateNotificationSetting(input: $input) {
        notificationSetting { marketing_communication_preference marketing_communcation_preference }
        ${messages}
      }
    }`,
    variables: ({ setting }) => ({
      input: { id: setting, marketing_communication_preference: 'email_only' },
    }),
    events: ({ setting, chosen }) => [
      ev('notification_setting.updated', setting!, { user_id: chosen! }, [
        'marketing_communication_preference',
      ]),
    ],
    check: async ({ unchosen }, data, api) => {
      expect(data.notificationSetting).toEqual({
        marketing_communication_preference: 'email_only',
        marketing_communcation_preference: 'email_only',
      });
      const read = await api.gql<Data>(
        'query($id: ID) { user(id: $id) { notification_setting { marketing_communcation_preference } } }',
        { id: unchosen },
      );
      expect(read.user.notification_setting).toEqual({ marketing_communcation_preference: '' });
    },
  },
];

export const accountRecordInvalid: InvalidCase[] = [
  {
    mutation: 'createOnboardingFlow',
    title: 'a group that does not exist',
    document: createFlow,
    variables: () => ({ input: { name: 'Flow', groups_to_use_onboarding_flow: '99999999' } }),
    field: 'groups_to_use_onboarding_flow',
  },
  {
    mutation: 'deleteOnboardingFlow',
    title: 'a receiving flow that does not exist',
    setup: async (api) => ({ flow: await createOnboardingFlow(api) }),
    document: deleteFlow,
    variables: ({ flow }) => ({ input: { id: flow, flow_to_receive_groups: '99999999' } }),
    field: 'flow_to_receive_groups',
  },
  {
    mutation: 'createOnboardingItem',
    title: 'a flow that does not exist',
    document: createItem,
    variables: () => ({ input: { onboarding_flow_id: '99999999', item_type: 'welcome' } }),
    field: 'onboarding_flow_id',
  },
  {
    mutation: 'createOnboardingItem',
    title: 'a form item naming no form',
    setup: async (api) => ({ flow: await createOnboardingFlow(api) }),
    document: createItem,
    variables: ({ flow }) => ({
      input: { onboarding_flow_id: flow, item_type: 'CustomModuleForm', item_id: '99999999' },
    }),
    field: 'item_id',
  },
  {
    mutation: 'updateUserGroup',
    title: 'an onboarding flow that does not exist',
    setup: async (api) => ({ group: await createUserGroup(api, 'Flowless') }),
    document: updateGroup,
    variables: ({ group }) => ({ input: { id: group, onboarding_flow_id: '99999999' } }),
    field: 'onboarding_flow_id',
  },
  {
    mutation: 'createCustomEmail',
    title: 'no email type',
    document: createEmail,
    variables: () => ({ input: { subject: 'Untyped' } }),
    field: 'email_type',
  },
  {
    mutation: 'createPermissionTemplate',
    title: 'an organization outside the caller’s',
    document: createTemplate,
    variables: () => ({ input: { name: 'Elsewhere', organization_id: '99999999' } }),
    field: 'organization_id',
  },
  {
    mutation: 'updateOrganizationMembership',
    title: 'a permission template that does not exist',
    setup: async (api) => {
      const data = await api.gql<Data>(
        `mutation($input: createOrganizationMembershipInput) {
          createOrganizationMembership(input: $input) { organizationMembership { id } ${messages} }
        }`,
        { input: { email: uniqueEmail('untemplated'), first_name: 'Un', last_name: 'Templated' } },
      );
      return { membership: data.createOrganizationMembership.organizationMembership.id as string };
    },
    document: updateMembership,
    variables: ({ membership }) => ({ input: { id: membership, permission_template_id: '99999999' } }),
    field: 'permission_template_id',
  },
];

export const accountRecordReadBack: ReadBackCase[] = [
  {
    resource: 'OnboardingFlow',
    setup: async (api) => ({ flow: await createOnboardingFlow(api, { name: 'Read back flow' }) }),
    query:
      'query($id: ID) { onboardingFlow(id: $id) { id name onboarding_items { id } user_groups { id } } }',
    id: ({ flow }) => flow!,
    expected: ({ flow }) => ({ id: flow, name: 'Read back flow', onboarding_items: [], user_groups: [] }),
  },
  {
    resource: 'OnboardingItem',
    setup: async (api) => {
      const flow = await createOnboardingFlow(api);
      return {
        flow,
        item: await createOnboardingItem(api, {
          onboarding_flow_id: flow,
          item_type: 'billing',
          billing_disclaimer: 'Card',
        }),
      };
    },
    query:
      'query($id: ID) { onboardingItem(id: $id) { id item_type billing_disclaimer onboarding_flow_id is_skippable } }',
    id: ({ item }) => item!,
    expected: ({ item, flow }) => ({
      id: item,
      item_type: 'billing',
      billing_disclaimer: 'Card',
      onboarding_flow_id: flow,
      is_skippable: false,
    }),
  },
  {
    resource: 'CustomEmail',
    setup: async (api) => ({
      email: (await api.gql<Data>(createEmail, { input: { email_type: 'Invite Email', subject: 'Join us' } }))
        .createCustomEmail.customEmail.id as string,
    }),
    query: 'query($id: ID) { customEmail(id: $id) { id email_type subject name } }',
    id: ({ email }) => email!,
    expected: ({ email }) => ({ id: email, email_type: 'Invite Email', subject: 'Join us', name: 'Join us' }),
  },
  {
    resource: 'PermissionTemplate',
    setup: async (api) => ({
      template: await createPermissionTemplate(api, { name: 'Reader', is_admin: true }),
    }),
    query: 'query($id: ID) { permissionTemplate(id: $id) { id name is_admin can_be_edited } }',
    id: ({ template }) => template!,
    expected: ({ template }) => ({ id: template, name: 'Reader', is_admin: true, can_be_edited: true }),
  },
];
