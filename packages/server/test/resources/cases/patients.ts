/** Patients area: clients, tags, notification contacts, policies, locations. */
import { expect } from 'vitest';
import { ev, type Data, type InvalidCase, type MutationCase, type ReadBackCase } from '../support.js';
import {
  applyTag,
  createAppointment,
  createContact,
  createLocation,
  createPatient,
  createPolicy,
  createTag,
  uniqueEmail,
} from './fixtures.js';

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

const patient = async (api: Parameters<typeof createPatient>[0]) => ({ patient: await createPatient(api) });

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
];

export const patientInvalid: InvalidCase[] = [
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
];
