/** Scheduling area: appointment types, appointments and attendees, checkout, availability. */
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
  createAppointment,
  createAppointmentType,
  createAvailability,
  createPatient,
  uniqueEmail,
} from './fixtures.js';

const appointmentFields = 'id user_id other_party_id appointment_type_id date length pm_status notes';
const createAppointmentDoc = `mutation($input: createAppointmentInput) {
  createAppointment(input: $input) { appointment { ${appointmentFields} } messages { field message } }
}`;
const updateAppointment = `mutation($input: updateAppointmentInput) {
  updateAppointment(input: $input) { appointment { ${appointmentFields} attendees { id } } messages { field message } }
}`;
const deleteAppointment = `mutation($input: deleteAppointmentInput) {
  deleteAppointment(input: $input) { appointment { id } messages { field message } }
}`;
const createAppointmentTypeDoc = `mutation($input: createAppointmentTypeInput) {
  createAppointmentType(input: $input) { appointmentType { id name length } messages { field message } }
}`;
const updateAppointmentType = `mutation($input: updateAppointmentTypeInput) {
  updateAppointmentType(input: $input) { appointmentType { id name } messages { field message } }
}`;
const deleteAppointmentType = `mutation($input: deleteAppointmentTypeInput) {
  deleteAppointmentType(input: $input) { appointmentType { id } messages { field message } }
}`;
const completeCheckout = `mutation($input: completeCheckoutInput) {
  completeCheckout(input: $input) {
    appointment { id user { id email } } billingItem { id amount_paid requested_payment_id } patientEmail
    messages { field message }
  }
}`;
const availabilityFields = 'id user_id day_of_week range_start range_end is_repeating';
const createAvailabilityDoc = `mutation($input: createAvailabilityInput) {
  createAvailability(input: $input) { availability { ${availabilityFields} } messages { field message } }
}`;
const bulkCreateAvailability = `mutation($input: bulkCreateAvailabilityInput) {
  bulkCreateAvailability(input: $input) { availabilities { ${availabilityFields} } messages { field message } }
}`;
const updateAvailability = `mutation($input: updateAvailabilityInput) {
  updateAvailability(input: $input) { availability { ${availabilityFields} } messages { field message } }
}`;
const editAvailability = `mutation($input: editAvailabilityInput) {
  editAvailability(input: $input) { availability { ${availabilityFields} } messages { field message } }
}`;
const deleteAvailability = `mutation($input: deleteAvailabilityInput) {
  deleteAvailability(input: $input) { availability { id } messages { field message } }
}`;

const booked = async (api: CaseApi) => {
  const patient = await createPatient(api);
  return { patient, appointment: await createAppointment(api, { user_id: patient }) };
};

export const schedulingMutations: MutationCase[] = [
  {
    mutation: 'createAppointmentType',
    title: 'creates an appointment type (no event)',
    document: createAppointmentTypeDoc,
    variables: () => ({ input: { name: 'Follow-up', length: 30, clients_can_book: true } }),
    events: () => [],
  },
  {
    mutation: 'updateAppointmentType',
    title: 'renames an appointment type (no event)',
    setup: async (api) => ({ type: await createAppointmentType(api) }),
    document: updateAppointmentType,
    variables: ({ type }) => ({ input: { id: type, name: 'Intake' } }),
    events: () => [],
  },
  {
    mutation: 'deleteAppointmentType',
    title: 'removes an appointment type (no event)',
    setup: async (api) => ({ type: await createAppointmentType(api) }),
    document: deleteAppointmentType,
    variables: ({ type }) => ({ input: { id: type } }),
    events: () => [],
  },
  {
    mutation: 'createAppointment',
    title: 'books a patient; length comes from the type, the provider is the caller',
    setup: async (api) => ({ patient: await createPatient(api), type: await createAppointmentType(api) }),
    document: createAppointmentDoc,
    variables: ({ patient, type }) => ({
      input: {
        user_id: patient,
        appointment_type_id: type,
        datetime: '2030-02-01 10:00:00 -0500',
        contact_type: 'Phone Call',
      },
    }),
    events: ({ org }, data) => [
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
    ],
    check: ({ patient, type, provider }, data) =>
      expect(data.appointment).toMatchObject({
        user_id: Number(patient),
        other_party_id: Number(provider),
        appointment_type_id: Number(type),
        date: '2030-02-01 10:00:00 -0500',
        length: 60,
      }),
  },
  {
    mutation: 'createAppointment',
    title: 'date + time in 12-hour form, suppressed: written, no event',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, date: '2030-02-02', time: '2:30 PM', suppress_webhook_notifications: true },
    }),
    events: () => [],
    check: (_ids, data) => expect(data.appointment.date).toBe('2030-02-02 14:30'),
  },
  {
    mutation: 'updateAppointment',
    title: 'reschedules and records the status',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({
      input: {
        id: appointment,
        datetime: '2030-01-08 11:00:00 -0500',
        pm_status: 'Occurred',
        contact_type: 'Video Call',
      },
    }),
    events: ({ appointment, org }) => [
      ev('appointment.updated', appointment!, { resource_organization_id: org! }, ['date', 'pm_status']),
    ],
  },
  {
    mutation: 'updateAppointment',
    title: 'changes attendees: the update, then each removal and addition',
    setup: async (api) => {
      const [a, b, c] = [await createPatient(api), await createPatient(api), await createPatient(api)];
      return {
        a,
        b,
        c,
        appointment: await createAppointment(api, { user_id: a, attendee_ids: `${a},${b}` }),
      };
    },
    document: updateAppointment,
    variables: ({ appointment, b, c }) => ({
      input: { id: appointment, notes: 'Group', attendee_ids: `${b}, ${c}` },
    }),
    events: ({ appointment, org }) => [
      ev('appointment.updated', appointment!, { resource_organization_id: org! }, ['notes']),
      ev('appointment.patient_removed', appointment!),
      ev('appointment.patient_added', appointment!),
    ],
    check: ({ b, c }, data) => expect(data.appointment.attendees).toEqual([{ id: b }, { id: c }]),
  },
  {
    mutation: 'updateAppointment',
    title: 'a new user_id swaps the patient',
    setup: async (api) => ({ ...(await booked(api)), other: await createPatient(api) }),
    document: updateAppointment,
    variables: ({ appointment, other }) => ({ input: { id: appointment, user_id: other } }),
    events: ({ appointment, org }) => [
      ev('appointment.updated', appointment!, { resource_organization_id: org! }, ['user_id']),
      ev('appointment.patient_removed', appointment!),
      ev('appointment.patient_added', appointment!),
    ],
    check: ({ other }, data) => expect(data.appointment.attendees).toEqual([{ id: other }]),
  },
  {
    mutation: 'updateAppointment',
    title: 'suppress_webhook_notifications: written, no event',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({
      input: { id: appointment, notes: 'quiet', suppress_webhook_notifications: true },
    }),
    events: () => [],
    check: (_ids, data) => expect(data.appointment.notes).toBe('quiet'),
  },
  {
    mutation: 'updateAppointment',
    title: 'nothing changed: no event',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({ input: { id: appointment, contact_type: 'Video Call' } }),
    events: () => [],
  },
  {
    mutation: 'deleteAppointment',
    title: 'removes an appointment; it stays readable with include_deleted',
    setup: booked,
    document: deleteAppointment,
    variables: ({ appointment }) => ({ input: { id: appointment } }),
    events: ({ appointment }) => [ev('appointment.deleted', appointment!)],
    check: async ({ appointment }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { gone: appointment(id: $id) { id } kept: appointment(id: $id, include_deleted: true) { id deleted_at } }',
        { id: appointment },
      );
      expect(read).toEqual({ gone: null, kept: { id: appointment, deleted_at: expect.any(String) } });
    },
  },
  {
    mutation: 'deleteAppointment',
    title: 'suppressed: removed, no event',
    setup: booked,
    document: deleteAppointment,
    variables: ({ appointment }) => ({ input: { id: appointment, suppress_webhook_notifications: true } }),
    events: () => [],
  },
  {
    mutation: 'completeCheckout',
    title: 'a new client books and pays: patient, appointment, billing item',
    setup: async (api) => ({ type: await createAppointmentType(api), email: uniqueEmail('checkout') }),
    document: completeCheckout,
    variables: ({ type, email, provider }) => ({
      input: {
        appointment_type_id: type,
        provider_id: provider,
        date: '2030-03-01 09:00',
        email,
        first_name: 'New',
        last_name: 'Client',
        price: '150.00',
      },
    }),
    events: ({ org }, data) => [
      ev('patient.created', data.appointment.user.id),
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
      ev('billing_item.created', data.billingItem.id, { requested_payment_id: null }),
    ],
    check: ({ email }, data) => {
      expect(data.patientEmail).toBe(email);
      expect(data.billingItem.amount_paid).toBe('150.00');
    },
  },
  {
    mutation: 'completeCheckout',
    title: 'an existing client pays a payment request: billing item only',
    setup: async (api) => {
      const email = uniqueEmail('payer');
      return { patient: await createPatient(api, { email }), email };
    },
    document: completeCheckout,
    variables: ({ email }) => ({ input: { email, price: '40', requested_payment_id: '4242' } }),
    events: (_ids, data) => [
      ev('billing_item.created', data.billingItem.id, { requested_payment_id: '4242' }),
    ],
    check: (_ids, data) => expect(data.appointment).toBeNull(),
  },
  {
    mutation: 'createAvailability',
    title: 'opens a one-off block',
    document: createAvailabilityDoc,
    variables: () => ({ input: { start_datetime: '2030-01-07 09:00', end_datetime: '2030-01-07 12:00' } }),
    events: (_ids, data) => [ev('availability.created', data.availability.id)],
    check: ({ provider }, data) =>
      expect(data.availability).toMatchObject({
        user_id: Number(provider),
        range_start: '2030-01-07 09:00',
        range_end: '2030-01-07 12:00',
        is_repeating: false,
      }),
  },
  {
    mutation: 'bulkCreateAvailability',
    title: 'opens several blocks, one event each, in order',
    document: bulkCreateAvailability,
    variables: ({ provider }) => ({
      input: {
        user_id: provider,
        availabilities: [
          { day_of_week: 1, time: '09:00', end_time: '12:00', is_repeating: true },
          { day_of_week: 3, time: '13:00', end_time: '17:00', is_repeating: true },
        ],
      },
    }),
    events: (_ids, data) => data.availabilities.map((a: { id: string }) => ev('availability.created', a.id)),
    check: (_ids, data) =>
      expect(data.availabilities.map((a: { day_of_week: number }) => a.day_of_week)).toEqual([1, 3]),
  },
  {
    mutation: 'updateAvailability',
    title: 'moves a block to another day',
    setup: async (api) => ({ availability: await createAvailability(api) }),
    document: updateAvailability,
    variables: ({ availability }) => ({ input: { id: availability, day_of_week: 2, time: '09:00' } }),
    events: ({ availability }) => [ev('availability.updated', availability!, {}, ['day_of_week'])],
  },
  {
    mutation: 'editAvailability',
    title: "the 2024-06 schema's name for updateAvailability",
    setup: async (api) => ({ availability: await createAvailability(api) }),
    document: editAvailability,
    variables: ({ availability }) => ({ input: { id: availability, is_repeating: false } }),
    events: ({ availability }) => [ev('availability.updated', availability!, {}, ['is_repeating'])],
  },
  {
    mutation: 'deleteAvailability',
    title: 'withdraws a block',
    setup: async (api) => ({ availability: await createAvailability(api) }),
    document: deleteAvailability,
    variables: ({ availability }) => ({ input: { id: availability } }),
    events: ({ availability }) => [ev('availability.deleted', availability!)],
  },
];

export const schedulingInvalid: InvalidCase[] = [
  {
    mutation: 'createAppointmentType',
    title: 'no name',
    document: createAppointmentTypeDoc,
    variables: () => ({ input: { length: 30 } }),
    field: 'name',
  },
  {
    mutation: 'createAppointment',
    title: 'no date',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({ input: { user_id: patient, contact_type: 'Video Call' } }),
    field: 'date',
  },
  {
    mutation: 'createAppointment',
    title: 'an unknown patient',
    document: createAppointmentDoc,
    variables: () => ({ input: { user_id: '999999', datetime: '2030-01-01 09:00' } }),
    field: 'user_id',
  },
  {
    mutation: 'createAppointment',
    title: 'an unknown appointment type',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, appointment_type_id: '999999', datetime: '2030-01-01 09:00' },
    }),
    field: 'appointment_type_id',
  },
  {
    mutation: 'createAppointment',
    title: 'an unknown attendee (the appointment is not written either)',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, attendee_ids: `${patient},999999`, datetime: '2030-01-01 09:00' },
    }),
    field: 'attendee_ids',
  },
  {
    mutation: 'updateAppointment',
    title: 'a status Healthie does not have',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({ input: { id: appointment, notes: 'x', pm_status: 'Maybe' } }),
    field: 'pm_status',
  },
  {
    mutation: 'updateAppointment',
    title: 'a malformed datetime',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({ input: { id: appointment, datetime: 'next tuesday' } }),
    field: 'date',
  },
  {
    mutation: 'deleteAppointment',
    title: 'an unknown id',
    document: deleteAppointment,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'completeCheckout',
    title: 'no email',
    document: completeCheckout,
    variables: () => ({ input: { date: '2030-03-01 09:00', first_name: 'Anon' } }),
    field: 'email',
  },
  {
    mutation: 'completeCheckout',
    title: 'nothing to book or pay',
    document: completeCheckout,
    variables: () => ({ input: { email: uniqueEmail('idle') } }),
    field: 'date',
  },
  {
    mutation: 'completeCheckout',
    title: 'a malformed price after the client would be created (nothing is written)',
    document: completeCheckout,
    variables: () => ({
      input: {
        email: uniqueEmail('price'),
        first_name: 'Free',
        last_name: 'Loader',
        date: '2030-03-01 09:00',
        price: 'free',
      },
    }),
    field: 'price',
  },
  {
    mutation: 'createAvailability',
    title: 'a day of week past Saturday',
    document: createAvailabilityDoc,
    variables: () => ({ input: { day_of_week: 9, time: '09:00' } }),
    field: 'day_of_week',
  },
  {
    mutation: 'bulkCreateAvailability',
    title: 'a bad second block (the first is not written either)',
    document: bulkCreateAvailability,
    variables: () => ({ input: { availabilities: [{ day_of_week: 1 }, { day_of_week: 7 }] } }),
    field: 'availabilities[1].day_of_week',
  },
  {
    mutation: 'updateAvailability',
    title: 'an unknown id',
    document: updateAvailability,
    variables: () => ({ input: { id: '999999', day_of_week: 1 } }),
    field: 'id',
  },
];

export const schedulingReadBack: ReadBackCase[] = [
  {
    resource: 'AppointmentType',
    setup: async (api) => ({
      type: await createAppointmentType(api, { pricing: '120.00', clients_can_book: true }),
    }),
    query: 'query($id: ID) { appointmentType(id: $id) { id name length pricing clients_can_book is_group } }',
    id: ({ type }) => type!,
    expected: ({ type }) => ({
      id: type,
      name: 'Initial consult',
      length: 60,
      pricing: '120.00',
      clients_can_book: true,
      is_group: false,
    }),
  },
  {
    resource: 'Appointment',
    setup: async (api) => {
      const patient = await createPatient(api);
      const type = await createAppointmentType(api);
      const appointment = await createAppointment(api, {
        user_id: patient,
        appointment_type_id: type,
        metadata: { source: 'test', priority: 2 },
        price: '80',
      });
      return { patient, type, appointment };
    },
    query: `query($id: ID) { appointment(id: $id) {
      id date contact_type length price metadata confirmed user_id other_party_id
      user { id } provider { id } appointment_type { id } attendees { id } attended_clients { user { id } attended }
    } }`,
    id: ({ appointment }) => appointment!,
    expected: ({ appointment, patient, type, provider }) => ({
      id: appointment,
      date: '2030-01-07 09:00:00 -0500',
      contact_type: 'Video Call',
      length: 60,
      price: '80',
      metadata: { source: 'test', priority: 2 },
      confirmed: false,
      user_id: Number(patient),
      other_party_id: Number(provider),
      user: { id: patient },
      provider: { id: provider },
      appointment_type: { id: type },
      attendees: [{ id: patient }],
      attended_clients: [{ user: { id: patient }, attended: false }],
    }),
  },
  {
    resource: 'Availability',
    setup: async (api) => ({ availability: await createAvailability(api, { timezone: 'America/Chicago' }) }),
    query:
      'query($id: ID) { availability(id: $id) { id user_id day_of_week time end_time timezone is_repeating range_start } }',
    id: ({ availability }) => availability!,
    expected: ({ availability, provider }) => ({
      id: availability,
      user_id: Number(provider),
      day_of_week: 1,
      time: '09:00',
      end_time: '17:00',
      timezone: 'America/Chicago',
      is_repeating: true,
      range_start: '2030-01-01',
    }),
  },
  {
    resource: 'ExternalCalendar',
    // Only calendar sync writes these; the test stands in for it.
    setup: async (api, { org, provider }) => {
      const row = await api.server.runtime.services.store.db
        .withTables<{ external_calendars: Record<string, unknown> & { id: number } }>()
        .insertInto('external_calendars')
        .values({
          organization_id: Number(org),
          user_id: Number(provider),
          external_type: 'google',
          email: 'cal@example.com',
          created_at: 0,
          updated_at: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { calendar: String(row.id) };
    },
    query:
      'query($id: ID) { externalCalendar(id: $id) { id external_type email pull_from_calendar user { id } } }',
    id: ({ calendar }) => calendar!,
    expected: ({ calendar, provider }) => ({
      id: calendar,
      external_type: 'google',
      email: 'cal@example.com',
      pull_from_calendar: false,
      user: { id: provider },
    }),
  },
  {
    resource: 'BillingItem',
    setup: async (api) => {
      const email = uniqueEmail('billed');
      const patient = await createPatient(api, { email });
      const data = await api.gql<Data>(
        'mutation($input: completeCheckoutInput) { completeCheckout(input: $input) { billingItem { id } messages { field message } } }',
        { input: { email, price: '25.50', requested_payment_id: '77' } },
      );
      return { patient, item: data.completeCheckout.billingItem.id };
    },
    query:
      'query($id: ID) { billingItem(id: $id) { id amount_paid requested_payment_id sender { id } recipient { id } } }',
    id: ({ item }) => item!,
    expected: ({ item, patient, provider }) => ({
      id: item,
      amount_paid: '25.50',
      requested_payment_id: '77',
      sender: { id: patient },
      recipient: { id: provider },
    }),
  },
];
