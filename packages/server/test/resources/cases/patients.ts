/** Patients area: clients, user groups, tags, notification contacts, policies, locations. */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import {
  applyTag,
  createAppointment,
  createAppointmentType,
  createContact,
  createLocation,
  createPatient,
  createPolicy,
  createTag,
  createUserGroup,
  uniqueEmail,
} from './fixtures.js';
import { createOnboardingFlow } from './account-records.js';

const anyId = expect.stringMatching(/^\d+$/);

const createClient = `mutation($input: createClientInput) {
  createClient(input: $input) { user { id first_name email } messages { field message } }
}`;
const updateClient = `mutation($input: updateClientInput) {
  updateClient(input: $input) {
    user { id first_name email policies { id holder_relationship } locations { id line1 } }
    messages { field message }
  }
}`;
const mergeClients = `mutation($input: mergeClientsInput) {
  mergeClients(input: $input) { user { id } messages { field message } }
}`;
const bulkUpdateClients = `mutation($input: bulkUpdateClientsInput) {
  bulkUpdateClients(input: $input) { users { id active } messages { field message } }
}`;
const createTagDoc = `mutation($input: createTagInput) {
  createTag(input: $input) { tag { id name } messages { field message } }
}`;
const updateTag = `mutation($input: updateTagInput) { updateTag(input: $input) { tag { id name } messages { field message } } }`;
const deleteTag = `mutation($input: deleteTagInput) { deleteTag(input: $input) { tag { id } messages { field message } } }`;
const bulkApply = `mutation($input: bulkApplyInput) {
  bulkApply(input: $input) { tags { id } messages { field message } }
}`;
const removeAppliedTag = `mutation($input: removeAppliedTagInput) {
  removeAppliedTag(input: $input) { tag { id } messages { field message } }
}`;
const contactFields = 'id user_id linked_client_id email first_name';
const createNotificationContact = `mutation($input: createNotificationContactInput) {
  createNotificationContact(input: $input) { notificationContact { ${contactFields} } messages { field message } }
}`;
const updateNotificationContact = `mutation($input: updateNotificationContactInput) {
  updateNotificationContact(input: $input) { notificationContact { ${contactFields} } messages { field message } }
}`;
const deleteNotificationContact = `mutation($input: deleteNotificationContactInput) {
  deleteNotificationContact(input: $input) { notificationContact { id } messages { field message } }
}`;
const updatePolicy = `mutation($input: updatePolicyMutationInput) {
  updatePolicy(input: $input) { policy { id holder_relationship } messages { field message } }
}`;
const createLocationDoc = `mutation($input: createLocationInput) {
  createLocation(input: $input) { location { id user_id name } messages { field message } }
}`;
const updateLocation = `mutation($input: updateLocationInput) {
  updateLocation(input: $input) { location { id name line1 } messages { field message } }
}`;
const deleteLocation = `mutation($input: deleteLocationInput) {
  deleteLocation(input: $input) { location { id } messages { field message } }
}`;

const groupFields = 'id name invite_code doc_share_id users_count onboarding_flow_id user { id }';
const createGroup = `mutation($input: createGroupInput) {
  createGroup(input: $input) { user_group { ${groupFields} } messages { field message } }
}`;
const updateUserGroup = `mutation($input: updateUserGroupInput) {
  updateUserGroup(input: $input) { user_group { ${groupFields} } messages { field message } }
}`;
const deleteUserGroup = `mutation($input: deleteUserGroupInput) {
  deleteUserGroup(input: $input) { user_group { id } messages { field message } }
}`;
const updatePolicyNested = `mutation($input: updatePolicyMutationInput) {
  updatePolicy(input: $input) {
    policy {
      id benefits { category copay telemedicine } cpt_codes_policies { id cpt_code_id code }
      icd_codes_policies { icd_code_id icd_code { id code } } call_reference { reference_number notes }
      insurance_authorization { authorization_number units_limit_per_visit } referral { id }
    }
    messages { field message }
  }
}`;

const patient = async (api: Parameters<typeof createPatient>[0]) => ({ patient: await createPatient(api) });

/** A form to request (the forms-charting area's `createCustomModuleForm`). */
async function createForm(api: CaseApi): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createCustomModuleFormInput) {
      createCustomModuleForm(input: $input) { customModuleForm { id } messages { field message } }
    }`,
    { input: { name: 'Client info' } },
  );
  return data.createCustomModuleForm.customModuleForm.id;
}

/** Asks a client to fill in a form; returns the RequestedFormCompletion id. */
async function requestForm(api: CaseApi, form: string, recipient: string): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createRequestedFormInput) {
      createRequestedFormCompletion(input: $input) { requestedFormCompletion { id } messages { field message } }
    }`,
    { input: { custom_module_form_id: form, recipient_id: recipient } },
  );
  return data.createRequestedFormCompletion.requestedFormCompletion.id;
}

async function createPhysician(api: CaseApi): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createReferringPhysicianInput) {
      createReferringPhysician(input: $input) { referring_physician { id } messages { field message } }
    }`,
    { input: { first_name: 'Phil', last_name: 'Sician', npi: '1999999999' } },
  );
  return data.createReferringPhysician.referring_physician.id;
}

export const patientMutations: MutationCase[] = [
  {
    mutation: 'createClient',
    title: 'creates a patient',
    document: createClient,
    variables: () => ({
      input: { first_name: 'Ada', last_name: 'Lovelace', email: 'ADA@Example.com', dob: '1990-12-10' },
    }),
    events: (_ids, data) => [ev('patient.created', data.user.id)],
    check: (_ids, data) => expect(data.user).toMatchObject({ first_name: 'Ada', email: 'ada@example.com' }),
  },
  {
    mutation: 'createClient',
    title: 'without an email when skipped_email is true',
    document: createClient,
    variables: () => ({
      input: { first_name: 'No', last_name: 'Mail', skipped_email: true, dont_send_welcome: true },
    }),
    events: (_ids, data) => [ev('patient.created', data.user.id)],
    check: (_ids, data) => expect(data.user.email).toBeNull(),
  },
  {
    mutation: 'updateClient',
    title: 'lists the changed fields in declaration order',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, email: uniqueEmail('renamed'), last_name: 'Ient', first_name: 'Patricia' },
    }),
    events: ({ patient }) => [ev('patient.updated', patient!, {}, ['first_name', 'email'])],
  },
  {
    mutation: 'updateClient',
    title: 'fires nothing when no stored value changes',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({ input: { id: patient, first_name: 'Pat', last_name: 'Ient' } }),
    events: () => [],
  },
  {
    mutation: 'updateClient',
    title: 'creates a policy through nested policies',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, policies: [{ name: 'Acme Health', num: 'A-1', holder_relationship: 'Self' }] },
    }),
    events: (_ids, data) => [ev('policy.created', data.user.policies[0].id)],
  },
  {
    mutation: 'updateClient',
    title: "a policy's card images (data URLs) become the client's documents, which the policy names",
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: {
        id: patient,
        policies: [
          {
            name: 'Acme Health',
            insurance_card_front: 'data:image/png;base64,iVBORw0KGgo=',
            insurance_card_back: 'data:image/jpeg;base64,/9j/4AAQ',
          },
        ],
      },
    }),
    events: (_ids, data) => [
      ev('document.created', anyId),
      ev('document.created', anyId),
      ev('policy.created', data.user.policies[0].id),
    ],
    check: async ({ patient }, data, api, bodies) => {
      const [front, back] = [bodies[0]!.resource_id, bodies[1]!.resource_id];
      const read = await api.gql<Data>(
        `query($id: ID, $front: ID, $back: ID) {
          policy(id: $id) { insurance_card_front_id insurance_card_back_id }
          front: document(id: $front) { display_name file_content_type extension rel_user_id }
          back: document(id: $back) { display_name file_content_type extension rel_user_id }
        }`,
        { id: data.user.policies[0].id, front, back },
      );
      expect(read).toEqual({
        policy: { insurance_card_front_id: front, insurance_card_back_id: back },
        front: {
          display_name: 'Insurance card (front)',
          file_content_type: 'image/png',
          extension: 'png',
          rel_user_id: patient,
        },
        back: {
          display_name: 'Insurance card (back)',
          file_content_type: 'image/jpeg',
          extension: 'jpeg',
          rel_user_id: patient,
        },
      });
    },
  },
  {
    mutation: 'updateClient',
    title: 'updates the client, then updates and removes nested policies, in that order',
    setup: async (api) => {
      const patient = await createPatient(api);
      return {
        patient,
        kept: await createPolicy(api, patient),
        removed: await createPolicy(api, patient, { name: 'Old plan' }),
      };
    },
    document: updateClient,
    variables: ({ patient, kept, removed }) => ({
      input: {
        id: patient,
        first_name: 'Petra',
        policies: [
          { id: kept, holder_relationship: 'Spouse' },
          { id: removed, _destroy: true },
        ],
      },
    }),
    events: ({ patient, kept, removed }) => [
      ev('patient.updated', patient!, {}, ['first_name']),
      ev('policy.updated', kept!, {}, ['holder_relationship']),
      ev('policy.deleted', removed!),
    ],
    check: ({ kept }, data) =>
      expect(data.user.policies).toEqual([{ id: kept, holder_relationship: 'Spouse' }]),
  },
  {
    mutation: 'updateClient',
    title: 'creates the client location through nested location',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, location: { line1: '5 Elm St', city: 'Salem', state: 'MA' } },
    }),
    events: (_ids, data) => [ev('location.created', data.user.locations[0].id)],
  },
  {
    mutation: 'mergeClients',
    title: 'merges the source into the target, moving its records without duplicates',
    setup: async (api) => {
      const target = await createPatient(api);
      const source = await createPatient(api);
      const tag = await createTag(api, 'Shared');
      await applyTag(api, tag, target);
      await applyTag(api, tag, source);
      return {
        target,
        source,
        tag,
        own: await createAppointment(api, { user_id: source }),
        group: await createAppointment(api, { user_id: target, attendee_ids: `${target},${source}` }),
      };
    },
    document: mergeClients,
    variables: ({ target, source }) => ({ input: { ids: [source], target_user_id: target } }),
    events: ({ target, source }) => [
      ev('patient.merged', target!, { destination_user_id: target!, source_user_id: source! }),
    ],
    check: async ({ own, group, target, source, tag }, _data, api) => {
      const read = await api.gql<Data>(
        `query($own: ID, $group: ID, $s: ID, $t: ID) {
          own: appointment(id: $own) { user_id attendees { id } }
          group: appointment(id: $group) { attendees { id } }
          source: user(id: $s) { active }
          target: user(id: $t) { active_tags { id } }
        }`,
        { own, group, s: source, t: target },
      );
      expect(read).toEqual({
        own: { user_id: Number(target), attendees: [{ id: target }] },
        group: { attendees: [{ id: target }] },
        source: { active: false },
        target: { active_tags: [{ id: tag }] },
      });
    },
  },
  {
    mutation: 'bulkUpdateClients',
    title: 'archives each client with its own patient.updated',
    setup: async (api) => ({ a: await createPatient(api), b: await createPatient(api) }),
    document: bulkUpdateClients,
    variables: ({ a, b }) => ({ input: { ids: [a, b], active_status: false } }),
    events: ({ a, b }) => [
      ev('patient.updated', a!, {}, ['active']),
      ev('patient.updated', b!, {}, ['active']),
    ],
  },
  {
    mutation: 'bulkUpdateClients',
    title: 'suppress_patient_updated_webhooks writes the change without events',
    setup: patient,
    document: bulkUpdateClients,
    variables: ({ patient }) => ({
      input: { ids: [patient], active_status: false, suppress_patient_updated_webhooks: true },
    }),
    events: () => [],
    check: ({ patient }, data) => expect(data.users).toEqual([{ id: patient, active: false }]),
  },
  {
    mutation: 'createTag',
    title: 'creates a tag (no event)',
    document: createTagDoc,
    variables: () => ({ input: { name: 'Diabetes program' } }),
    events: () => [],
  },
  {
    mutation: 'createTag',
    title: 'with taggable_user_id applies the new tag',
    setup: patient,
    document: createTagDoc,
    variables: ({ patient }) => ({ input: { name: 'Needs follow-up', taggable_user_id: patient } }),
    events: ({ patient }, data) => [
      ev('applied_tag.created', anyId, { tag_id: data.tag.id, user_id: patient! }),
    ],
  },
  {
    mutation: 'updateTag',
    title: 'renames a tag (no event)',
    setup: async (api) => ({ tag: await createTag(api, 'Old name') }),
    document: updateTag,
    variables: ({ tag }) => ({ input: { id: tag, name: 'New name' } }),
    events: () => [],
  },
  {
    mutation: 'deleteTag',
    title: 'removes the tag from everyone it was applied to',
    setup: async (api) => {
      const patient = await createPatient(api);
      const tag = await createTag(api, 'Retired');
      return { patient, tag, applied: await applyTag(api, tag, patient) };
    },
    document: deleteTag,
    variables: ({ tag }) => ({ input: { id: tag } }),
    events: ({ applied, tag, patient }) => [
      ev('applied_tag.deleted', applied!, { tag_id: tag!, user_id: patient! }),
    ],
  },
  {
    mutation: 'bulkApply',
    title: 'applies each new tag once, in input order',
    setup: async (api) => {
      const patient = await createPatient(api);
      const [t1, t2, t3] = [await createTag(api, 'A'), await createTag(api, 'B'), await createTag(api, 'C')];
      await applyTag(api, t2, patient);
      return { patient, t1, t2, t3 };
    },
    document: bulkApply,
    variables: ({ patient, t1, t2, t3 }) => ({ input: { ids: [t3, t2, t1], taggable_user_id: patient } }),
    events: ({ patient, t1, t3 }) => [
      ev('applied_tag.created', anyId, { tag_id: t3!, user_id: patient! }),
      ev('applied_tag.created', anyId, { tag_id: t1!, user_id: patient! }),
    ],
    check: async ({ t1, t3, patient }, _data, api, bodies) => {
      const read = await api.gql<Data>(
        'query($a: ID, $b: ID) { a: appliedTag(id: $a) { tag_id user_id } b: appliedTag(id: $b) { tag_id user_id } }',
        { a: bodies[0]!.resource_id, b: bodies[1]!.resource_id },
      );
      expect(read).toEqual({ a: { tag_id: t3, user_id: patient }, b: { tag_id: t1, user_id: patient } });
    },
  },
  {
    mutation: 'removeAppliedTag',
    title: 'takes a tag off a user',
    setup: async (api) => {
      const patient = await createPatient(api);
      const tag = await createTag(api, 'Temporary');
      return { patient, tag, applied: await applyTag(api, tag, patient) };
    },
    document: removeAppliedTag,
    variables: ({ tag, patient }) => ({ input: { id: tag, taggable_user_id: patient } }),
    events: ({ applied, tag, patient }) => [
      ev('applied_tag.deleted', applied!, { tag_id: tag!, user_id: patient! }),
    ],
  },
  {
    mutation: 'createNotificationContact',
    title: 'adds a contact without a linked client',
    setup: patient,
    document: createNotificationContact,
    variables: ({ patient }) => ({ input: { user_id: patient, first_name: 'Mo', email: 'mo@example.com' } }),
    events: ({ patient }, data) => [
      ev('notification_contact.created', data.notificationContact.id, {
        linked_client_id: null,
        user_id: patient!,
      }),
    ],
  },
  {
    mutation: 'createNotificationContact',
    title: 'with client portal access creates the linked client first',
    setup: patient,
    document: createNotificationContact,
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        first_name: 'Lin',
        last_name: 'Ked',
        email: uniqueEmail('linked'),
        client_portal_access: true,
      },
    }),
    events: ({ patient }, data) => [
      ev('patient.created', data.notificationContact.linked_client_id),
      ev('notification_contact.created', data.notificationContact.id, {
        linked_client_id: data.notificationContact.linked_client_id,
        user_id: patient!,
      }),
    ],
    check: (_ids, data) => expect(data.notificationContact.linked_client_id).toMatch(/^\d+$/),
  },
  {
    mutation: 'updateNotificationContact',
    title: 'edits a contact',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, contact: await createContact(api, { user_id: patient, email: 'old@example.com' }) };
    },
    document: updateNotificationContact,
    variables: ({ contact }) => ({ input: { id: contact, email: 'new@example.com', first_name: 'Casey' } }),
    events: ({ contact, patient }) => [
      ev('notification_contact.updated', contact!, { linked_client_id: null, user_id: patient! }, ['email']),
    ],
  },
  {
    mutation: 'deleteNotificationContact',
    title: 'removes a contact',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, contact: await createContact(api, { user_id: patient }) };
    },
    document: deleteNotificationContact,
    variables: ({ contact }) => ({ input: { id: contact } }),
    events: ({ contact, patient }) => [
      ev('notification_contact.deleted', contact!, { linked_client_id: null, user_id: patient! }),
    ],
  },
  {
    mutation: 'updatePolicy',
    title: 'edits a policy',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, policy: await createPolicy(api, patient) };
    },
    document: updatePolicy,
    variables: ({ policy }) => ({ input: { id: policy, holder_relationship: 'Child' } }),
    events: ({ policy }) => [ev('policy.updated', policy!, {}, ['holder_relationship'])],
  },
  {
    mutation: 'createLocation',
    title: 'adds a location for a client',
    setup: patient,
    document: createLocationDoc,
    variables: ({ patient }) => ({ input: { user_id: patient, name: 'Home', line1: '9 Oak Ave' } }),
    events: (_ids, data) => [ev('location.created', data.location.id)],
    check: ({ patient }, data) => expect(data.location.user_id).toBe(patient),
  },
  {
    mutation: 'updateLocation',
    title: 'edits a location (id as a String, as Healthie types it)',
    setup: async (api) => ({ location: await createLocation(api) }),
    document: updateLocation,
    variables: ({ location }) => ({
      input: { id: location, name: 'Annex', line1: '2 Main St', city: 'Springfield' },
    }),
    events: ({ location }) => [ev('location.updated', location!, {}, ['name', 'line1'])],
  },
  {
    mutation: 'deleteLocation',
    title: 'removes a location',
    setup: async (api) => ({ location: await createLocation(api) }),
    document: deleteLocation,
    variables: ({ location }) => ({ input: { id: location } }),
    events: ({ location }) => [ev('location.deleted', location!)],
  },
  // --- Clients: care team, welcome email, set-password state ---------------------------------------
  {
    mutation: 'createClient',
    title: 'with other providers, no welcome email and no set-password state',
    document: createClient,
    variables: ({ provider }) => ({
      input: {
        first_name: 'Cara',
        last_name: 'Team',
        email: uniqueEmail('team'),
        other_provider_ids: [provider],
        dont_send_welcome: true,
        skip_set_password_state: true,
      },
    }),
    events: (_ids, data) => [ev('patient.created', data.user.id)],
    check: async ({ provider }, data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID, $p: String) {
          user(id: $id) {
            other_provider_ids providers { id } welcome_email_sent_at set_password_link skip_set_password_state
          }
          mine: users(ids: [$id], limited_to_provider: true) { id }
          theirs: users(ids: [$id], provider_id: $p) { id }
          nobody: users(ids: [$id], provider_id: "999999") { id }
        }`,
        { id: data.user.id, p: provider },
      );
      expect(read).toEqual({
        user: {
          other_provider_ids: [provider],
          providers: [{ id: provider }],
          welcome_email_sent_at: null,
          set_password_link: null,
          skip_set_password_state: true,
        },
        mine: [{ id: data.user.id }],
        theirs: [{ id: data.user.id }],
        nobody: [],
      });
    },
  },
  {
    mutation: 'createClient',
    title: 'queues the welcome email and puts the client in the set-password state',
    document: createClient,
    variables: () => ({ input: { first_name: 'Wel', last_name: 'Come', email: uniqueEmail('welcome') } }),
    events: (_ids, data) => [ev('patient.created', data.user.id)],
    check: async (_ids, data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { user(id: $id) { welcome_email_sent_at set_password_link has_created_password } }',
        {
          id: data.user.id,
        },
      );
      expect(read.user.welcome_email_sent_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(read.user.has_created_password).toBe(false);
      const token = /signup_token=(\w+)/.exec(read.user.set_password_link)![1];
      const found = await api.gql<Data>('query($t: String) { basicUserInfoFromToken(token: $t) { id } }', {
        t: token,
      });
      expect(found.basicUserInfoFromToken).toEqual({ id: data.user.id });
      const none = await api.gql<Data>('{ basicUserInfoFromToken(token: "nope") { id } }');
      expect(none.basicUserInfoFromToken).toBeNull();
    },
  },
  {
    mutation: 'updateClient',
    title: 'stores demographic codes and answers them in words',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: {
        id: patient,
        activity_level: 'Lightly active',
        auto_charge_enabled: false,
        default_dosespot_clinic_id: '55',
        gender_identity_code: '446141000124107',
        preferred_language_code: 'es',
        primary_ethnicity_code: '2186-5',
        primary_race_code: '2106-3',
        sexual_orientation_code: 'OTH',
        sexual_orientation_other: 'Pansexual',
      },
    }),
    events: ({ patient }) => [
      ev('patient.updated', patient!, {}, [
        'activity_level',
        'auto_charge_enabled',
        'default_dosespot_clinic_id',
        'gender_identity_code',
        'preferred_language_code',
        'primary_ethnicity_code',
        'primary_race_code',
        'sexual_orientation_code',
        'sexual_orientation_other',
      ]),
    ],
    check: async ({ patient }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID) { user(id: $id) {
          activity_level auto_charge_enabled default_dosespot_clinic_id onc_gender_identity preferred_language
          primary_ethnicity primary_race sexual_orientation sexual_orientation_code
        } }`,
        { id: patient },
      );
      expect(read.user).toEqual({
        activity_level: 'Lightly active',
        auto_charge_enabled: false,
        default_dosespot_clinic_id: '55',
        onc_gender_identity: 'Identifies as Female',
        preferred_language: 'Spanish',
        primary_ethnicity: 'Not Hispanic or Latino',
        primary_race: 'White',
        sexual_orientation: 'Pansexual',
        sexual_orientation_code: 'OTH',
      });
    },
  },
  {
    mutation: 'updateClient',
    title: 'archives, sets a password and completes the intake when the current email matches',
    setup: async (api) => {
      const email = uniqueEmail('current');
      return { patient: await createPatient(api, { email }), email };
    },
    document: updateClient,
    variables: ({ patient, email }) => ({
      input: {
        id: patient,
        active: false,
        password: 'correct horse',
        is_intake_item: true,
        current_email: email,
      },
    }),
    events: ({ patient }) => [ev('patient.updated', patient!, {}, ['active'])],
    check: async ({ patient }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID) {
          user(id: $id) { active archived_at has_created_password set_password_link has_completed_intake_forms }
          archived: usersCount(active_status: "archived")
        }`,
        { id: patient },
      );
      expect(read.user).toMatchObject({
        active: false,
        has_created_password: true,
        set_password_link: null,
        has_completed_intake_forms: true,
      });
      expect(read.user.archived_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(read.archived).toBeGreaterThanOrEqual(1);
    },
  },
  {
    mutation: 'updateClient',
    title: "moves the client to a group and, with for_changing_groups, to the group's onboarding flow",
    setup: async (api) => {
      const group = await createUserGroup(api, 'Onboarded');
      const flow = await createOnboardingFlow(api);
      await api.gql(updateUserGroup, { input: { id: group, onboarding_flow_id: flow } });
      return { group, flow, patient: await createPatient(api) };
    },
    document: updateClient,
    variables: ({ patient, group }) => ({
      input: { id: patient, user_group_id: group, for_changing_groups: true },
    }),
    events: ({ patient }) => [
      ev('patient.updated', patient!, {}, ['user_group_id', 'default_onboarding_flow_id']),
    ],
    check: async ({ patient, group, flow }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID, $g: String) {
          user(id: $id) { user_group_id user_group { id name } group_name default_onboarding_flow_id }
          inGroup: users(group_id: $g) { id }
          counted: usersCount(group_id: $g)
        }`,
        { id: patient, g: group },
      );
      expect(read).toEqual({
        user: {
          user_group_id: group,
          user_group: { id: group, name: 'Onboarded' },
          group_name: 'Onboarded',
          default_onboarding_flow_id: flow,
        },
        inGroup: [{ id: patient }],
        counted: 1,
      });
    },
  },
  {
    mutation: 'updateClient',
    title: 'refers the client by a new physician with an address',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: {
        id: patient,
        referrals: [
          {
            referring_physician: {
              first_name: 'Rita',
              last_name: 'Ferral',
              npi: '1234567890',
              legalname: 'Ferral Clinic',
              location: { line1: '3 Oak St', city: 'Salem' },
            },
          },
        ],
      },
    }),
    events: () => [
      ev('location.created', anyId),
      ev('referring_physician.created', anyId),
      ev('referral.created', anyId),
    ],
    check: async ({ patient }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID) { user(id: $id) {
          referrals { referring_physician { first_name business_name location { line1 } } }
          referring_physicians { npi } referring_provider_name referring_provider_npi
        } }`,
        { id: patient },
      );
      expect(read.user).toEqual({
        referrals: [
          {
            referring_physician: {
              first_name: 'Rita',
              business_name: 'Ferral Clinic',
              location: { line1: '3 Oak St' },
            },
          },
        ],
        referring_physicians: [{ npi: '1234567890' }],
        referring_provider_name: 'Rita Ferral',
        referring_provider_npi: '1234567890',
      });
    },
  },
  {
    mutation: 'updateClient',
    title: 'saves a card, the client’s prices, credits and source',
    setup: async (api) => ({ patient: await createPatient(api), type: await createAppointmentType(api) }),
    document: updateClient,
    variables: ({ patient, type }) => ({
      input: {
        id: patient,
        token: 'tok_visa',
        advance_appointment_prices: [{ appointment_type_id: type, price: '80.00' }],
        appointment_type_credits_attributes: [{ appointment_type_id: type, quantity: '3' }],
        client_source: { ref_type: 'referral', ref_source: 'Dr. Lee' },
      },
    }),
    events: ({ patient }) => [ev('stripe_customer_detail.created', anyId, { user_id: patient! })],
    check: async ({ patient, type }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID) { user(id: $id) {
          advance_appointment_prices { appointment_type_id price user_id }
          appointment_type_credits { appointment_type_id quantity appointment_type { id } }
          client_source { ref_type ref_source readable_source related_insurance { id } }
          stripe_customer_details { stripe_id } default_stripe_customer_detail_id
        } }`,
        { id: patient },
      );
      expect(read.user).toMatchObject({
        advance_appointment_prices: [{ appointment_type_id: type, price: '80.00', user_id: patient }],
        appointment_type_credits: [
          { appointment_type_id: type, quantity: '3', appointment_type: { id: type } },
        ],
        client_source: {
          ref_type: 'referral',
          ref_source: 'Dr. Lee',
          readable_source: 'Referral: Dr. Lee',
          related_insurance: null,
        },
        stripe_customer_details: [{ stripe_id: 'tok_visa' }],
      });
      expect(read.user.default_stripe_customer_detail_id).toMatch(/^\d+$/);
      const withCard = await api.gql<Data>(
        'query($id: ID) { users(ids: [$id], has_cc_on_file: true) { id } }',
        {
          id: patient,
        },
      );
      expect(withCard.users).toEqual([{ id: patient }]);
    },
  },
  {
    mutation: 'updateClient',
    title: 'remove_card_on_file deletes the saved cards',
    setup: async (api) => {
      const patient = await createPatient(api);
      await api.gql(updateClient, { input: { id: patient, token: 'tok_old' } });
      const read = await api.gql<Data>(
        'query($id: ID) { user(id: $id) { default_stripe_customer_detail_id } }',
        {
          id: patient,
        },
      );
      return { patient, card: read.user.default_stripe_customer_detail_id };
    },
    document: updateClient,
    variables: ({ patient }) => ({ input: { id: patient, remove_card_on_file: true } }),
    events: ({ patient, card }) => [ev('stripe_customer_detail.deleted', card!, { user_id: patient! })],
  },
  {
    mutation: 'updateClient',
    title: 'completes a form request, reminds of the others and resends the welcome email',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api);
      return {
        patient,
        done: await requestForm(api, form, patient),
        open: await requestForm(api, form, patient),
      };
    },
    document: updateClient,
    variables: ({ patient, done }) => ({
      input: {
        id: patient,
        requested_form_completion_id: done,
        send_form_request_reminder: true,
        resend_welcome: true,
      },
    }),
    events: ({ done }) => [ev('requested_form_completion.updated', done!, {}, ['is_complete'])],
    check: async ({ patient }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { user(id: $id) { requested_form_count has_forms_to_complete form_request_reminder_sent_at } }',
        { id: patient },
      );
      expect(read.user).toMatchObject({ requested_form_count: 1, has_forms_to_complete: true });
      expect(read.user.form_request_reminder_sent_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    },
  },
  {
    mutation: 'updateClient',
    title: "adds a policy with the holder's address and insurance plan",
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: {
        id: patient,
        policies: [
          {
            name: 'Acme Health',
            holder_relationship: 'Spouse',
            holder_first: 'Sam',
            holder_last: 'Lee',
            holder_location: { line1: '9 Elm St', city: 'Boston', state: 'MA', zip: '02101' },
            insurance_plan: { id: '321', payer_name: 'Acme Payer' },
          },
        ],
      },
    }),
    events: (_ids, data) => [ev('location.created', anyId), ev('policy.created', data.user.policies[0].id)],
    check: async (_ids, data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID) { policy(id: $id) {
          holder_location { line1 } holder_address holder_name insurance_plan_id payer_name
        } }`,
        { id: data.user.policies[0].id },
      );
      expect(read.policy).toEqual({
        holder_location: { line1: '9 Elm St' },
        holder_address: '9 Elm St, Boston, MA 02101',
        holder_name: 'Sam Lee',
        insurance_plan_id: '321',
        payer_name: 'Acme Payer',
      });
    },
  },
  {
    mutation: 'mergeClients',
    title: "with target_email the merged client takes the source's email",
    setup: async (api) => {
      const email = uniqueEmail('kept');
      return { target: await createPatient(api), source: await createPatient(api, { email }), email };
    },
    document: mergeClients,
    variables: ({ target, source, email }) => ({
      input: { ids: [source], target_user_id: target, target_email: email },
    }),
    events: ({ target, source }) => [
      ev('patient.merged', target!, { destination_user_id: target!, source_user_id: source! }),
      ev('patient.updated', target!, {}, ['email']),
    ],
    check: async ({ target, source, email }, _data, api) => {
      const read = await api.gql<Data>(
        'query($t: ID, $s: ID) { t: user(id: $t) { email } s: user(id: $s) { email active archived_at } }',
        {
          t: target,
          s: source,
        },
      );
      expect(read.t.email).toBe(email);
      expect(read.s).toMatchObject({ email: null, active: false });
      expect(read.s.archived_at).toMatch(/^\d{4}-/);
    },
  },
  {
    mutation: 'bulkUpdateClients',
    title: 'adds and removes care-team providers',
    setup: async (api, { provider }) => ({
      a: await createPatient(api),
      b: await createPatient(api, { other_provider_ids: [provider] }),
    }),
    document: bulkUpdateClients,
    variables: ({ a, b, provider }) => ({ input: { ids: [a, b], other_provider_ids: provider } }),
    events: ({ a }) => [ev('patient.updated', a!, {}, ['other_provider_ids'])],
    check: async ({ a, b, provider }, _data, api) => {
      await api.gql(bulkUpdateClients, { input: { ids: [a, b], provider_ids_to_remove: [provider] } });
      const read = await api.gql<Data>(
        'query($a: ID, $b: ID) { a: user(id: $a) { other_provider_ids } b: user(id: $b) { other_provider_ids } }',
        {
          a,
          b,
        },
      );
      expect(read).toEqual({ a: { other_provider_ids: [] }, b: { other_provider_ids: [] } });
    },
  },
  // --- User groups (no events) --------------------------------------------------------------------
  {
    mutation: 'createGroup',
    title: 'creates a user group (no event)',
    document: createGroup,
    variables: () => ({ input: { name: `Weight loss ${process.pid}` } }),
    events: () => [],
    check: async ({ provider }, data, api) => {
      expect(data.user_group).toMatchObject({
        name: `Weight loss ${process.pid}`,
        user: { id: provider },
        users_count: 0,
        doc_share_id: `group-${data.user_group.id}`,
      });
      expect(data.user_group.invite_code).toMatch(/^[A-Z0-9_-]{8}$/);
      const read = await api.gql<Data>(
        `query($k: String) {
          userGroups(keywords: $k) { id cursor }
          userGroupsCount(keywords: $k)
          none: userGroups(keywords: $k, check_group_level_actions: true) { id }
        }`,
        { k: `weight loss ${process.pid}` },
      );
      expect(read).toEqual({
        userGroups: [{ id: data.user_group.id, cursor: expect.any(String) }],
        userGroupsCount: 1,
        none: [],
      });
    },
  },
  {
    mutation: 'updateUserGroup',
    title: 'renames a group and sets its onboarding flow (no event)',
    setup: async (api) => ({
      group: await createUserGroup(api, 'Old'),
      flow: await createOnboardingFlow(api),
    }),
    document: updateUserGroup,
    variables: ({ group, flow }) => ({ input: { id: group, name: 'New', onboarding_flow_id: flow } }),
    events: () => [],
    check: ({ flow }, data) =>
      expect(data.user_group).toMatchObject({ name: 'New', onboarding_flow_id: flow }),
  },
  {
    mutation: 'deleteUserGroup',
    title: "moves the group's clients to group_to_receive_clients",
    setup: async (api) => {
      const [from, to] = [await createUserGroup(api, 'From'), await createUserGroup(api, 'To')];
      return { from, to, patient: await createPatient(api, { user_group_id: from }) };
    },
    document: deleteUserGroup,
    variables: ({ from, to }) => ({ input: { id: from, group_to_receive_clients: to } }),
    events: ({ patient }) => [ev('patient.updated', patient!, {}, ['user_group_id'])],
    check: async ({ patient, to, from }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID, $g: ID) { user(id: $id) { user_group_id } gone: userGroup(id: $g) { id } }',
        {
          id: patient,
          g: from,
        },
      );
      expect(read).toEqual({ user: { user_group_id: to }, gone: null });
    },
  },
  {
    mutation: 'deleteUserGroup',
    title: 'leaves its clients without a group',
    setup: async (api) => {
      const group = await createUserGroup(api, 'Closing');
      return { group, patient: await createPatient(api, { user_group_id: group }) };
    },
    document: deleteUserGroup,
    variables: ({ group }) => ({ input: { id: group } }),
    events: ({ patient }) => [ev('patient.updated', patient!, {}, ['user_group_id'])],
  },
  // --- Notification contacts: portal settings, invitations --------------------------------------------
  {
    mutation: 'createNotificationContact',
    title: "sets the contact's portal permissions and invites the linked client",
    setup: patient,
    document: createNotificationContact,
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        first_name: 'Por',
        last_name: 'Tal',
        email: uniqueEmail('portal'),
        client_portal_access: true,
        client_portal_setting: { chat_with_provider: false, view_and_pay_bills: false },
        send_invitation: true,
        contact_form: 'emergency_contact',
      },
    }),
    events: ({ patient }, data) => [
      ev('patient.created', data.notificationContact.linked_client_id),
      ev('notification_contact.created', data.notificationContact.id, {
        linked_client_id: data.notificationContact.linked_client_id,
        user_id: patient!,
      }),
    ],
    check: async ({ patient }, data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID, $p: ID) {
          notificationContact(id: $id) {
            contact_form invitation_sent_at
            client_portal_setting { chat_with_provider view_and_pay_bills schedule_appointments }
          }
          user(id: $p) { notification_contacts { id } }
        }`,
        { id: data.notificationContact.id, p: patient },
      );
      expect(read.notificationContact).toMatchObject({
        contact_form: 'emergency_contact',
        client_portal_setting: {
          chat_with_provider: false,
          view_and_pay_bills: false,
          schedule_appointments: true,
        },
      });
      expect(read.notificationContact.invitation_sent_at).toMatch(/^\d{4}-/);
      const linked = await api.gql<Data>('query($id: ID) { user(id: $id) { linked_relatives { id } } }', {
        id: data.notificationContact.linked_client_id,
      });
      expect(linked.user.linked_relatives).toEqual([{ id: data.notificationContact.id }]);
    },
  },
  {
    mutation: 'updateNotificationContact',
    title: 'changes portal permissions only (no event: the contact itself is unchanged)',
    setup: async (api) => ({ contact: await createContact(api, { user_id: await createPatient(api) }) }),
    document: updateNotificationContact,
    variables: ({ contact }) => ({
      input: { id: contact, client_portal_setting: { view_and_upload_documents: false } },
    }),
    events: () => [],
    check: async ({ contact }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { notificationContact(id: $id) { client_portal_setting { view_and_upload_documents chat_with_provider } } }',
        { id: contact },
      );
      expect(read.notificationContact.client_portal_setting).toEqual({
        view_and_upload_documents: false,
        chat_with_provider: true,
      });
    },
  },
  {
    mutation: 'deleteNotificationContact',
    title: 'removes a contact of the named client',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, contact: await createContact(api, { user_id: patient }) };
    },
    document: deleteNotificationContact,
    variables: ({ contact, patient }) => ({ input: { id: contact, user_id: patient } }),
    events: ({ contact, patient }) => [
      ev('notification_contact.deleted', contact!, { linked_client_id: null, user_id: patient! }),
    ],
  },
  // --- Policies: benefits, codes, call reference, authorization, referral ------------------------------
  {
    mutation: 'updatePolicy',
    title: 'records benefits, codes, a call reference, an authorization and a referral',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, policy: await createPolicy(api, patient), physician: await createPhysician(api) };
    },
    document: updatePolicyNested,
    variables: ({ policy, physician }) => ({
      input: {
        id: policy,
        benefits: [{ category: 'Office visit', copay: '25', telemedicine: true }],
        cpt_codes_policies: [{ cpt_code_id: '99213' }],
        icd_codes_policies: [{ icd_code_id: '4242' }],
        call_reference: { reference_number: 'REF-1', notes: 'Called the payer' },
        insurance_authorization: {
          authorization_number: 'AUTH-1',
          visits_authorized: '10',
          units_limit_per_visit: '2',
        },
        referring_physician_id: physician,
      },
    }),
    events: () => [ev('insurance_authorization.created', anyId), ev('referral.created', anyId)],
    check: (_ids, data) =>
      expect(data.policy).toMatchObject({
        benefits: [{ category: 'Office visit', copay: '25', telemedicine: true }],
        cpt_codes_policies: [{ cpt_code_id: '99213', code: '99213' }],
        icd_codes_policies: [{ icd_code_id: '4242', icd_code: { id: '4242', code: '4242' } }],
        call_reference: { reference_number: 'REF-1', notes: 'Called the payer' },
        insurance_authorization: { authorization_number: 'AUTH-1', units_limit_per_visit: '2' },
        referral: { id: expect.stringMatching(/^\d+$/) },
      }),
  },
  {
    mutation: 'updatePolicy',
    title: 'removes a CPT code with _destroy',
    setup: async (api) => {
      const patient = await createPatient(api);
      const policy = await createPolicy(api, patient);
      const data = await api.gql<Data>(updatePolicyNested, {
        input: { id: policy, cpt_codes_policies: [{ cpt_code_id: '99214' }] },
      });
      return { policy, code: data.updatePolicy.policy.cpt_codes_policies[0].id };
    },
    document: updatePolicyNested,
    variables: ({ policy, code }) => ({
      input: { id: policy, cpt_codes_policies: [{ id: code, _destroy: true }] },
    }),
    events: () => [],
    check: (_ids, data) => expect(data.policy.cpt_codes_policies).toEqual([]),
  },
  // --- Lists: tags, applied tags, locations, the client list ----------------------------------------
  {
    mutation: 'bulkApply',
    title: 'tagged clients are found by tag_ids; tags count and sort by use',
    setup: async (api) => {
      const [a, b] = [await createPatient(api), await createPatient(api)];
      const [busy, quiet] = [
        await createTag(api, `Busy ${process.pid}`),
        await createTag(api, `Quiet ${process.pid}`),
      ];
      await applyTag(api, busy, a);
      return { a, b, busy, quiet };
    },
    document: bulkApply,
    variables: ({ b, busy, quiet }) => ({ input: { ids: [busy, quiet], taggable_user_id: b } }),
    events: ({ b, busy, quiet }) => [
      ev('applied_tag.created', anyId, { tag_id: busy!, user_id: b! }),
      ev('applied_tag.created', anyId, { tag_id: quiet!, user_id: b! }),
    ],
    check: async ({ a, b, busy, quiet }, _data, api) => {
      const read = await api.gql<Data>(
        `query($a: ID, $b: ID, $busy: ID, $quiet: ID, $ids: [ID]) {
          tagged: users(ids: [$a, $b], tag_ids: [$quiet], order_by: CREATED_AT_ASC) { id }
          either: usersCount(tag_ids: [$busy, $quiet], keywords: null)
          byUse: tags(ids: $ids, order_by: ACTIVE_USERS_DESC) { id active_users_count archived_users_count org_members_count added_by }
          counted: tagsCount(ids: $ids)
          appliedToB: appliedTags(id: $b, order_by: CREATED_AT_ASC) { tag_id user_id }
          busyOnes: appliedTags(tag_id: $busy) { user_id }
          later: appliedTags(tag_id: $busy, updated_after: "2999-01-01T00:00:00Z") { id }
          tagged_users: tags(ids: [$busy]) { tagged_users { id } }
        }`,
        { a, b, busy, quiet, ids: [busy, quiet] },
      );
      expect(read.tagged).toEqual([{ id: b }]);
      expect(read.either).toBe(2);
      expect(read.byUse.map((t: Data) => [t.id, t.active_users_count])).toEqual([
        [busy, 2],
        [quiet, 1],
      ]);
      expect(read.byUse[0]).toMatchObject({ archived_users_count: 0, org_members_count: 0 });
      expect(read.byUse[0].added_by).toEqual(expect.any(String));
      expect(read.counted).toBe(2);
      expect(read.appliedToB).toEqual([
        { tag_id: busy, user_id: b },
        { tag_id: quiet, user_id: b },
      ]);
      expect(read.busyOnes).toEqual([{ user_id: a }, { user_id: b }]);
      expect(read.later).toEqual([]);
      expect(read.tagged_users).toEqual([{ tagged_users: expect.arrayContaining([{ id: a }, { id: b }]) }]);
    },
  },
  {
    mutation: 'createLocation',
    title: "an organization location: found as a service facility, not among the caller's own",
    document: createLocationDoc,
    variables: () => ({
      input: {
        name: `Clinic ${process.pid}`,
        line1: '1 Care Way',
        city: 'Austin',
        state: 'TX',
        zip: '73301',
        place_of_service_id: '11',
      },
    }),
    events: (_ids, data) => [ev('location.created', data.location.id)],
    check: async (_ids, data, api) => {
      const read = await api.gql<Data>(
        `query($k: String) {
          facilities: locations(has_service_facilities: true, keywords: $k, has_name: true) {
            id to_oneline cursor place_of_service { code name }
          }
          counted: locationsCount(has_service_facilities: true, keywords: $k)
          own: locations(keywords: $k) { id }
        }`,
        { k: `clinic ${process.pid}` },
      );
      expect(read).toEqual({
        facilities: [
          {
            id: data.location.id,
            to_oneline: '1 Care Way, Austin, TX 73301',
            cursor: expect.any(String),
            place_of_service: { code: '11', name: 'Office' },
          },
        ],
        counted: 1,
        own: [],
      });
    },
  },
  {
    mutation: 'createGroup',
    title: 'the client list: sorted by group, provider and next appointment, paged by cursor',
    setup: async (api) => {
      const [alpha, beta] = [
        await createUserGroup(api, `Alpha sort ${process.pid}`),
        await createUserGroup(api, `Beta sort ${process.pid}`),
      ];
      const a = await createPatient(api, { user_group_id: beta });
      const b = await createPatient(api, { user_group_id: alpha });
      const c = await createPatient(api);
      await createAppointment(api, { user_id: a, datetime: '2031-03-01 10:00:00' });
      await createAppointment(api, { user_id: c, datetime: '2031-02-01 10:00:00' });
      return { alpha, beta, a, b, c };
    },
    document: createGroup,
    variables: () => ({ input: { name: `Gamma sort ${process.pid}` } }),
    events: () => [],
    check: async ({ a, b, c, alpha, beta }, data, api) => {
      const ids = [a, b, c];
      const read = await api.gql<Data>(
        `query($ids: [ID], $a: ID) {
          byGroup: users(ids: $ids, order_by: GROUP_NAME_ASC) { id }
          byNext: users(ids: $ids, order_by: NEXT_APPT_DATE_ASC) { id next_appt_date }
          byProvider: users(ids: $ids, order_by: PROVIDER_NAME_ASC) { id }
          first: users(ids: $ids, order_by: CREATED_AT_ASC, page_size: 1) { id cursor }
          hidden: users(show_all_by_default: false) { id }
          hiddenCount: usersCount(show_all_by_default: false)
          searched: users(ids: $ids, show_all_by_default: false, order_by: CREATED_AT_ASC) { id }
          noConversation: users(ids: $ids, expect_conversation_id: true) { id }
          one: users(id: $a) { id }
          unpaged: users(ids: $ids, should_paginate: false, page_size: 1, order_by: CREATED_AT_ASC) { id }
          groups: userGroups(keywords: "sort ${process.pid}", order_by: USERS_COUNT_DESC) { id users_count }
        }`,
        { ids, a },
      );
      expect(read.byGroup.map((u: Data) => u.id)).toEqual([c, b, a]);
      expect(read.byNext).toEqual([
        { id: c, next_appt_date: '2031-02-01 10:00:00' },
        { id: a, next_appt_date: '2031-03-01 10:00:00' },
        { id: b, next_appt_date: null },
      ]);
      expect(read.byProvider).toHaveLength(3);
      expect(read.first).toEqual([{ id: a, cursor: expect.any(String) }]);
      expect(read.hidden).toEqual([]);
      expect(read.hiddenCount).toBe(0);
      expect(read.searched.map((u: Data) => u.id)).toEqual([a, b, c]);
      expect(read.noConversation).toEqual([]);
      expect(read.one).toEqual([{ id: a }]);
      expect(read.unpaged.map((u: Data) => u.id)).toEqual([a, b, c]);
      expect(read.groups.map((g: Data) => g.users_count)).toEqual([1, 1, 0]);
      expect(
        read.groups
          .map((g: Data) => g.id)
          .slice(0, 2)
          .sort(),
      ).toEqual([alpha, beta].sort());
      expect(read.groups[2].id).toBe(data.user_group.id);
      const next = await api.gql<Data>(
        'query($ids: [ID], $after: Cursor) { users(ids: $ids, order_by: CREATED_AT_ASC, after: $after) { id } }',
        { ids, after: read.first[0].cursor },
      );
      expect(next.users.map((u: Data) => u.id)).toEqual([b, c]);
      const refused = await api.server.graphql('{ users(from_superadmin: true) { id } }');
      expect(refused.errors?.[0]?.message).toMatch(/from_superadmin/);
      const recent = await api.gql<Data>('{ lastClientActivities(limit: 2) { id } }');
      expect(recent.lastClientActivities).toHaveLength(2);
      const self = await api.gql<Data>('{ user(id: "999999", or_current_user: true) { id } }');
      expect(self.user).toEqual({ id: expect.any(String) });
      const missing = await api.gql<Data>('{ user(id: "999999") { id } }');
      expect(missing.user).toBeNull();
    },
  },
];

export const patientInvalid: InvalidCase[] = [
  {
    mutation: 'updateClient',
    title: 'a card image that is not a data URL',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, policies: [{ name: 'Acme Health', insurance_card_front: 'front.png' }] },
    }),
    field: 'policies[0].insurance_card_front',
  },
  {
    mutation: 'createClient',
    title: 'a malformed email',
    document: createClient,
    variables: () => ({ input: { first_name: 'Bad', email: 'not-an-email' } }),
    field: 'email',
  },
  {
    mutation: 'createClient',
    title: 'no last name',
    document: createClient,
    variables: () => ({ input: { first_name: 'Cher', email: uniqueEmail('mononym') } }),
    field: 'last_name',
  },
  {
    mutation: 'createClient',
    title: 'no email without skipped_email',
    document: createClient,
    variables: () => ({ input: { first_name: 'No', last_name: 'Mail' } }),
    field: 'email',
  },
  {
    mutation: 'createClient',
    title: 'an email another client has',
    setup: async (api) => {
      const email = uniqueEmail('taken');
      await createPatient(api, { email });
      return { email };
    },
    document: createClient,
    variables: ({ email }) => ({ input: { first_name: 'Twin', email } }),
    field: 'email',
  },
  {
    mutation: 'updateClient',
    title: 'an unknown id',
    document: updateClient,
    variables: () => ({ input: { id: '999999', first_name: 'Nobody' } }),
    field: 'id',
  },
  {
    mutation: 'updateClient',
    title: 'no id',
    document: updateClient,
    variables: () => ({ input: { first_name: 'Nobody' } }),
    field: 'id',
  },
  {
    mutation: 'updateClient',
    title: 'an impossible date of birth',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({ input: { id: patient, first_name: 'Changed', dob: '1990-02-30' } }),
    field: 'dob',
  },
  {
    mutation: 'updateClient',
    title: 'a bad nested policy after a valid change (the valid change is not written either)',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, first_name: 'Changed', policies: [{ name: 'Plan', holder_dob: 'yesterday' }] },
    }),
    field: 'policies[0].holder_dob',
  },
  {
    mutation: 'updateClient',
    title: 'a provider id (updateClient only touches patients)',
    document: updateClient,
    variables: ({ provider }) => ({ input: { id: provider, first_name: 'Doc' } }),
    field: 'id',
  },
  {
    mutation: 'mergeClients',
    title: 'an unknown target',
    setup: patient,
    document: mergeClients,
    variables: ({ patient }) => ({ input: { ids: [patient], target_user_id: '999999' } }),
    field: 'target_user_id',
  },
  {
    mutation: 'mergeClients',
    title: 'no source besides the target',
    setup: patient,
    document: mergeClients,
    variables: ({ patient }) => ({ input: { ids: [patient], target_user_id: patient } }),
    field: 'ids',
  },
  {
    mutation: 'bulkUpdateClients',
    title: 'one unknown id among known ones',
    setup: patient,
    document: bulkUpdateClients,
    variables: ({ patient }) => ({ input: { ids: [patient, '999999'], active_status: false } }),
    field: 'ids',
  },
  {
    mutation: 'createTag',
    title: 'no name',
    document: createTagDoc,
    variables: () => ({ input: { name: '  ' } }),
    field: 'name',
  },
  {
    mutation: 'bulkApply',
    title: 'an unknown tag',
    setup: patient,
    document: bulkApply,
    variables: ({ patient }) => ({ input: { ids: ['999999'], taggable_user_id: patient } }),
    field: 'ids',
  },
  {
    mutation: 'bulkApply',
    title: 'no user',
    setup: async (api) => ({ tag: await createTag(api, 'Orphan') }),
    document: bulkApply,
    variables: ({ tag }) => ({ input: { ids: [tag] } }),
    field: 'taggable_user_id',
  },
  {
    mutation: 'removeAppliedTag',
    title: 'a tag the user does not have',
    setup: async (api) => ({ patient: await createPatient(api), tag: await createTag(api, 'Unused') }),
    document: removeAppliedTag,
    variables: ({ tag, patient }) => ({ input: { id: tag, taggable_user_id: patient } }),
    field: 'id',
  },
  {
    mutation: 'createNotificationContact',
    title: 'no user',
    document: createNotificationContact,
    variables: () => ({ input: { first_name: 'Nobody' } }),
    field: 'user_id',
  },
  {
    mutation: 'createNotificationContact',
    title: 'a linked client whose email is taken (the contact is not written either)',
    setup: async (api) => {
      const email = uniqueEmail('dup');
      return { patient: await createPatient(api, { email }), email };
    },
    document: createNotificationContact,
    variables: ({ patient, email }) => ({ input: { user_id: patient, email, client_portal_access: true } }),
    field: 'email',
  },
  {
    mutation: 'updateNotificationContact',
    title: 'a malformed email',
    setup: async (api) => ({ contact: await createContact(api, { user_id: await createPatient(api) }) }),
    document: updateNotificationContact,
    variables: ({ contact }) => ({ input: { id: contact, email: 'nope' } }),
    field: 'email',
  },
  {
    mutation: 'deleteNotificationContact',
    title: 'an unknown id',
    document: deleteNotificationContact,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'updatePolicy',
    title: 'a malformed holder date of birth',
    setup: async (api) => ({ policy: await createPolicy(api, await createPatient(api)) }),
    document: updatePolicy,
    variables: ({ policy }) => ({ input: { id: policy, holder_dob: '31/12/1980' } }),
    field: 'holder_dob',
  },
  {
    mutation: 'createLocation',
    title: 'an unknown user',
    document: createLocationDoc,
    variables: () => ({ input: { user_id: '999999', name: 'Nowhere' } }),
    field: 'user_id',
  },
  {
    mutation: 'deleteLocation',
    title: 'an unknown id',
    document: deleteLocation,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createClient',
    title: 'another provider that is a client',
    setup: patient,
    document: createClient,
    variables: ({ patient }) => ({
      input: {
        first_name: 'Bad',
        last_name: 'Team',
        email: uniqueEmail('badteam'),
        other_provider_ids: [patient],
      },
    }),
    field: 'other_provider_ids',
  },
  {
    mutation: 'createClient',
    title: 'a group that does not exist',
    document: createClient,
    variables: () => ({
      input: { first_name: 'No', last_name: 'Group', email: uniqueEmail('nogroup'), user_group_id: '999999' },
    }),
    field: 'user_group_id',
  },
  {
    mutation: 'updateClient',
    title: 'a current email that does not match',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, first_name: 'Changed', current_email: 'someone@example.com' },
    }),
    field: 'current_email',
  },
  {
    mutation: 'updateClient',
    title: 'a password shorter than 8 characters',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({ input: { id: patient, password: 'short' } }),
    field: 'password',
  },
  {
    mutation: 'updateClient',
    title: 'a form request of another client',
    setup: async (api) => {
      const form = await createForm(api);
      const other = await createPatient(api);
      return { patient: await createPatient(api), request: await requestForm(api, form, other) };
    },
    document: updateClient,
    variables: ({ patient, request }) => ({ input: { id: patient, requested_form_completion_id: request } }),
    field: 'requested_form_completion_id',
  },
  {
    mutation: 'updateClient',
    title: 'a price without an appointment type',
    setup: patient,
    document: updateClient,
    variables: ({ patient }) => ({
      input: { id: patient, advance_appointment_prices: [{ price: '10.00' }] },
    }),
    field: 'advance_appointment_prices[0].appointment_type_id',
  },
  {
    mutation: 'updatePolicy',
    title: 'a CPT code of another policy',
    setup: async (api) => {
      const patient = await createPatient(api);
      const [mine, other] = [
        await createPolicy(api, patient),
        await createPolicy(api, patient, { name: 'Other' }),
      ];
      const data = await api.gql<Data>(updatePolicyNested, {
        input: { id: other, cpt_codes_policies: [{ cpt_code_id: '99215' }] },
      });
      return { mine, code: data.updatePolicy.policy.cpt_codes_policies[0].id };
    },
    document: updatePolicyNested,
    variables: ({ mine, code }) => ({
      input: { id: mine, cpt_codes_policies: [{ id: code, _destroy: true }] },
    }),
    field: 'cpt_codes_policies[0].id',
  },
  {
    mutation: 'updatePolicy',
    title: 'an unknown referring physician',
    setup: async (api) => ({ policy: await createPolicy(api, await createPatient(api)) }),
    document: updatePolicyNested,
    variables: ({ policy }) => ({ input: { id: policy, referring_physician_id: '999999' } }),
    field: 'referring_physician_id',
  },
  {
    mutation: 'createGroup',
    title: 'no name',
    document: createGroup,
    variables: () => ({ input: { name: ' ' } }),
    field: 'name',
  },
  {
    mutation: 'updateUserGroup',
    title: 'an unknown group',
    document: updateUserGroup,
    variables: () => ({ input: { id: '999999', name: 'Nobody' } }),
    field: 'id',
  },
  {
    mutation: 'deleteUserGroup',
    title: 'an unknown group to receive the clients',
    setup: async (api) => ({ group: await createUserGroup(api, 'Leaving') }),
    document: deleteUserGroup,
    variables: ({ group }) => ({ input: { id: group, group_to_receive_clients: '999999' } }),
    field: 'group_to_receive_clients',
  },
  {
    mutation: 'deleteNotificationContact',
    title: 'a contact of another client',
    setup: async (api) => ({
      other: await createPatient(api),
      contact: await createContact(api, { user_id: await createPatient(api) }),
    }),
    document: deleteNotificationContact,
    variables: ({ contact, other }) => ({ input: { id: contact, user_id: other } }),
    field: 'user_id',
  },
  {
    mutation: 'createNotificationContact',
    title: 'an invitation for a contact without client portal access',
    setup: patient,
    document: createNotificationContact,
    variables: ({ patient }) => ({ input: { user_id: patient, first_name: 'No', send_invitation: true } }),
    field: 'send_invitation',
  },
  {
    mutation: 'mergeClients',
    title: 'a target email another client keeps',
    setup: async (api) => {
      const email = uniqueEmail('elsewhere');
      await createPatient(api, { email });
      return { target: await createPatient(api), source: await createPatient(api), email };
    },
    document: mergeClients,
    variables: ({ target, source, email }) => ({
      input: { ids: [source], target_user_id: target, target_email: email },
    }),
    field: 'target_email',
  },
  {
    mutation: 'bulkUpdateClients',
    title: 'a care-team provider that does not exist',
    setup: patient,
    document: bulkUpdateClients,
    variables: ({ patient }) => ({ input: { ids: [patient], other_provider_ids: '999999' } }),
    field: 'other_provider_ids',
  },
];

export const patientReadBack: ReadBackCase[] = [
  {
    resource: 'User',
    setup: async (api) => ({
      patient: await createPatient(api, {
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace.readback@example.com',
        dob: '1906-12-09',
        phone_number: '555-0100',
      }),
    }),
    query: `query($id: ID) { user(id: $id) {
      id first_name last_name full_name email dob phone_number active is_patient dietitian_id created_at
    } }`,
    id: ({ patient }) => patient!,
    expected: ({ patient, provider }) => ({
      id: patient,
      first_name: 'Grace',
      last_name: 'Hopper',
      full_name: 'Grace Hopper',
      email: 'grace.readback@example.com',
      dob: '1906-12-09',
      phone_number: '555-0100',
      active: true,
      is_patient: true,
      dietitian_id: provider,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    }),
  },
  {
    resource: 'AppliedTag',
    setup: async (api) => {
      const patient = await createPatient(api);
      const tag = await createTag(api, 'Read back');
      return { patient, tag, applied: await applyTag(api, tag, patient) };
    },
    query: 'query($id: ID) { appliedTag(id: $id) { id tag_id user_id tag { name } user { id } } }',
    id: ({ applied }) => applied!,
    expected: ({ applied, tag, patient }) => ({
      id: applied,
      tag_id: tag,
      user_id: patient,
      tag: { name: 'Read back' },
      user: { id: patient },
    }),
  },
  {
    resource: 'NotificationContact',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, contact: await createContact(api, { user_id: patient, emergency: true }) };
    },
    query: `query($id: ID) { notificationContact(id: $id) {
      id user_id linked_client_id first_name full_name relationship emergency copy_notifications user { id }
    } }`,
    id: ({ contact }) => contact!,
    expected: ({ contact, patient }) => ({
      id: contact,
      user_id: patient,
      linked_client_id: null,
      first_name: 'Casey',
      full_name: 'Casey Contact',
      relationship: 'Parent',
      emergency: true,
      copy_notifications: false,
      user: { id: patient },
    }),
  },
  {
    resource: 'Policy',
    setup: async (api) => {
      const patient = await createPatient(api);
      return {
        patient,
        policy: await createPolicy(api, patient, { copay_value: 25, holder_dob: '1980-01-02' }),
      };
    },
    query:
      'query($id: ID) { policy(id: $id) { id user_id name num holder_relationship holder_dob copay_value user { id } } }',
    id: ({ policy }) => policy!,
    expected: ({ policy, patient }) => ({
      id: policy,
      user_id: patient,
      name: 'Acme Health',
      num: 'A-100',
      holder_relationship: 'Self',
      holder_dob: '1980-01-02',
      copay_value: 25,
      user: { id: patient },
    }),
  },
  {
    resource: 'Location',
    setup: async (api) => ({ location: await createLocation(api, { country: 'US' }) }),
    query: 'query($id: ID) { location(id: $id) { id name line1 city state zip country user_id } }',
    id: ({ location }) => location!,
    expected: ({ location }) => ({
      id: location,
      name: 'Main office',
      line1: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      country: 'US',
      user_id: null,
    }),
  },
  {
    resource: 'UserGroup',
    setup: async (api) => {
      const group = await createUserGroup(api, 'Read back');
      return { group, patient: await createPatient(api, { user_group_id: group }) };
    },
    query: `query($id: ID) { userGroup(id: $id) {
      id name user_ids users_count users { id } users_with_membership { id } recurring_forms_count created_at
    } }`,
    id: ({ group }) => group!,
    expected: ({ group, patient }) => ({
      id: group,
      name: 'Read back',
      user_ids: [patient],
      users_count: 1,
      users: [{ id: patient }],
      users_with_membership: [],
      recurring_forms_count: 0,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    }),
  },
  {
    resource: 'AdvanceAppointmentPrice (advanceAppointmentPrices)',
    setup: async (api) => {
      const type = await createAppointmentType(api);
      const other = await createAppointmentType(api, { name: 'Follow-up' });
      const patient = await createPatient(api);
      await api.gql(
        `mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }`,
        {
          input: {
            id: patient,
            advance_appointment_prices: [
              { appointment_type_id: type, price: '80' },
              { appointment_type_id: other, price: '45.5' },
            ],
          },
        },
      );
      // Another client's price for the same type is not theirs.
      const someoneElse = await createPatient(api);
      await api.gql(
        `mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }`,
        {
          input: {
            id: someoneElse,
            advance_appointment_prices: [{ appointment_type_id: type, price: '10' }],
          },
        },
      );
      return { patient, type, other };
    },
    query: 'query($id: ID) { advanceAppointmentPrices(user_id: $id) { user_id appointment_type_id price } }',
    id: ({ patient }) => patient!,
    expected: ({ patient, type, other }) => [
      { user_id: patient, appointment_type_id: type, price: '80' },
      { user_id: patient, appointment_type_id: other, price: '45.5' },
    ],
  },
  {
    // Features and connections a new Healthie account has none of; records carehooks keeps none of.
    resource: 'User (account objects)',
    setup: async (api) => ({ patient: await createPatient(api) }),
    query: `query($id: ID) { user(id: $id) {
      apple_health { id } clearstep_connection { id } dexcom_connection { id } fitbit { id }
      fullscript { id } google_fit { id } shapa_connection { id } withings_connection { id }
      affiliate { id } announcements { id } brand { id } displayed_brand { id } current_summary { id }
      reports_date_filter_selection { id } fax_line_request { state } offering_coupons { id }
      purchased_meal_plans { id } default_pharmacy { id } default_eligibility_check_service
      immunizations { id } implantable_devices_users { id } tax_id
    } }`,
    id: ({ patient }) => patient!,
    expected: () => ({
      apple_health: null,
      clearstep_connection: null,
      dexcom_connection: null,
      fitbit: null,
      fullscript: null,
      google_fit: null,
      shapa_connection: null,
      withings_connection: null,
      affiliate: null,
      announcements: [],
      brand: null,
      displayed_brand: null,
      current_summary: null,
      reports_date_filter_selection: null,
      fax_line_request: null,
      offering_coupons: [],
      purchased_meal_plans: [],
      default_pharmacy: null,
      default_eligibility_check_service: null,
      immunizations: [],
      implantable_devices_users: [],
      tax_id: null,
    }),
  },
  {
    resource: 'Policy (insurance plan, eligibility checks)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const plan = String(70_000 + (process.pid % 10_000));
      const policy = await createPolicy(api, patient, {
        insurance_plan: { id: plan, payer_name: 'Acme Payer' },
      });
      await api.gql(
        `mutation($input: createAcceptedInsurancePlanInput) {
          createAcceptedInsurancePlan(input: $input) { accepted_insurance_plans { id } messages { field message } }
        }`,
        { input: { insurance_plan_ids: [plan] } },
      );
      return { policy, plan };
    },
    query: `query($id: ID) { policy(id: $id) {
      insurance_plan { id payer_name name_and_id is_accepted is_in_fee_schedules payer_id }
      last_eligibility_check { id } latest_eligibility_check { id }
    } }`,
    id: ({ policy }) => policy!,
    expected: ({ plan }) => ({
      insurance_plan: {
        id: plan,
        payer_name: 'Acme Payer',
        name_and_id: `Acme Payer (${plan})`,
        is_accepted: true,
        is_in_fee_schedules: false,
        payer_id: null,
      },
      last_eligibility_check: null,
      latest_eligibility_check: null,
    }),
  },
];
