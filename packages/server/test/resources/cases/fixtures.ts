/** Prerequisites made through GraphQL, for case setups of every area. Each returns the new id. */
import type { CaseApi } from '../support.js';

let serial = 0;
/** An email address no other fixture uses. */
export const uniqueEmail = (name = 'client') => `${name}.${process.pid}.${++serial}@example.com`;

export async function createPatient(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<{ createClient: { user: { id: string } } }>(
    'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
    { input: { first_name: 'Pat', last_name: 'Ient', email: uniqueEmail(), ...input } },
  );
  return data.createClient.user.id;
}

/** A user group (Healthie's `createGroup`); clients join it through `user_group_id`. */
export async function createUserGroup(api: CaseApi, name = 'Group'): Promise<string> {
  const data = await api.gql<{ createGroup: { user_group: { id: string } } }>(
    'mutation($input: createGroupInput) { createGroup(input: $input) { user_group { id } messages { field message } } }',
    { input: { name } },
  );
  return data.createGroup.user_group.id;
}

export async function createAppointmentType(
  api: CaseApi,
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await api.gql<{ createAppointmentType: { appointmentType: { id: string } } }>(
    `mutation($input: createAppointmentTypeInput) {
      createAppointmentType(input: $input) { appointmentType { id } messages { field message } }
    }`,
    { input: { name: 'Initial consult', length: 60, ...input } },
  );
  return data.createAppointmentType.appointmentType.id;
}

export async function createAppointment(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<{ createAppointment: { appointment: { id: string } } }>(
    'mutation($input: createAppointmentInput) { createAppointment(input: $input) { appointment { id } messages { field message } } }',
    { input: { datetime: '2030-01-07 09:00:00 -0500', contact_type: 'Video Call', ...input } },
  );
  return data.createAppointment.appointment.id;
}

export async function createTag(api: CaseApi, name = 'VIP'): Promise<string> {
  const data = await api.gql<{ createTag: { tag: { id: string } } }>(
    'mutation($input: createTagInput) { createTag(input: $input) { tag { id } messages { field message } } }',
    { input: { name } },
  );
  return data.createTag.tag.id;
}

/** Applies a tag and returns the AppliedTag id. */
export async function applyTag(api: CaseApi, tag: string, user: string): Promise<string> {
  await api.gql(
    'mutation($input: bulkApplyInput) { bulkApply(input: $input) { messages { field message } } }',
    {
      input: { ids: [tag], taggable_user_id: user },
    },
  );
  const data = await api.gql<{ user: { active_tags: Array<{ id: string }> } }>(
    'query($id: ID) { user(id: $id) { active_tags { id } } }',
    { id: user },
  );
  if (!data.user.active_tags.some((t) => t.id === tag)) throw new Error('tag was not applied');
  const rows = await api.server.runtime.services.store.db
    .withTables<{
      applied_tags: { id: number; tag_id: number; user_id: number; deleted_at: number | null };
    }>()
    .selectFrom('applied_tags')
    .select('id')
    .where('tag_id', '=', Number(tag))
    .where('user_id', '=', Number(user))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return String(rows.id);
}

export async function createContact(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<{ createNotificationContact: { notificationContact: { id: string } } }>(
    `mutation($input: createNotificationContactInput) {
      createNotificationContact(input: $input) { notificationContact { id } messages { field message } }
    }`,
    { input: { first_name: 'Casey', last_name: 'Contact', relationship: 'Parent', ...input } },
  );
  return data.createNotificationContact.notificationContact.id;
}

/** Adds a policy to a client through updateClient (Healthie's only way) and returns its id. */
export async function createPolicy(
  api: CaseApi,
  user: string,
  policy: Record<string, unknown> = {},
): Promise<string> {
  const data = await api.gql<{ updateClient: { user: { policies: Array<{ id: string }> } } }>(
    `mutation($input: updateClientInput) {
      updateClient(input: $input) { user { policies { id } } messages { field message } }
    }`,
    {
      input: {
        id: user,
        policies: [{ name: 'Acme Health', num: 'A-100', holder_relationship: 'Self', ...policy }],
      },
    },
  );
  return data.updateClient.user.policies.at(-1)!.id;
}

export async function createLocation(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<{ createLocation: { location: { id: string } } }>(
    'mutation($input: createLocationInput) { createLocation(input: $input) { location { id } messages { field message } } }',
    {
      input: {
        name: 'Main office',
        line1: '1 Main St',
        city: 'Springfield',
        state: 'IL',
        zip: '62701',
        ...input,
      },
    },
  );
  return data.createLocation.location.id;
}

export async function createAvailability(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<{ createAvailability: { availability: { id: string } } }>(
    `mutation($input: createAvailabilityInput) {
      createAvailability(input: $input) { availability { id } messages { field message } }
    }`,
    {
      input: {
        day_of_week: 1,
        time: '09:00',
        end_time: '17:00',
        is_repeating: true,
        range_start: '2030-01-01',
        ...input,
      },
    },
  );
  return data.createAvailability.availability.id;
}
