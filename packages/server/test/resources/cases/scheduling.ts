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
import { issueApiKey } from '../../../src/tenants/api-keys.js';
import {
  applyTag,
  createAppointment,
  createAppointmentType,
  createAvailability,
  createPatient,
  createTag,
  createUserGroup,
  uniqueEmail,
} from './fixtures.js';

const calendarFields =
  'id external_type email resource_name add_to_calendar pull_from_calendar pull_in_event_details pulled_in_calendars has_refresh_token user { id }';
const createExternalCalendarDoc = `mutation($input: createExternalCalendarInput) {
  createExternalCalendar(input: $input) { external_calendar { ${calendarFields} } messages { field message } }
}`;
const updateExternalCalendarDoc = `mutation($input: updateExternalCalendarInput) {
  updateExternalCalendar(input: $input) { external_calendar { ${calendarFields} } messages { field message } }
}`;
const deleteExternalCalendarDoc = `mutation($input: deleteExternalCalendarInput) {
  deleteExternalCalendar(input: $input) { external_calendar { id } messages { field message } }
}`;

/** A calendar account connected by the caller, the sync partner listing its calendars. */
async function connectCalendar(api: CaseApi, email = uniqueEmail('calendar')): Promise<string> {
  const data = await api.gql<Data>(createExternalCalendarDoc, {
    input: { external_type: 'google', email, access_token: 'ya29.a0', refresh_token: '1//0g' },
  });
  const id = data.createExternalCalendar.external_calendar.id as string;
  await api.server.runtime.services.store.db
    .withTables<{ external_calendars: { id: number; calendar_list: string | null } }>()
    .updateTable('external_calendars')
    .set({ calendar_list: JSON.stringify(['Work', 'Family']) })
    .where('id', '=', Number(id))
    .execute();
  return id;
}

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

// ---------------------------------------------------------------------------------------------------------
// Parity with Healthie (issue #10): providers, series, history, types' nested settings, checkout, lists.

/** Any value in an event body the test cannot know in advance (a record made by the mutation). */
const someId = expect.any(String) as unknown as string;

async function provider2(api: CaseApi): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createOrganizationMembershipInput) {
      createOrganizationMembership(input: $input) { organizationMembership { user { id } } messages { field message } }
    }`,
    {
      input: { email: uniqueEmail('staff'), first_name: 'Rae', last_name: 'Provider', org_role: 'Standard' },
    },
  );
  return data.createOrganizationMembership.organizationMembership.user.id as string;
}

async function customForm(api: CaseApi): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createCustomModuleFormInput) {
      createCustomModuleForm(input: $input) { customModuleForm { id } messages { field message } }
    }`,
    { input: { name: 'Pre-visit', use_for_charting: false } },
  );
  return data.createCustomModuleForm.customModuleForm.id as string;
}

const seriesFields = `id date recurring_appointment_id repeat repeat_interval repeat_times
  current_position_in_recurring_series time_recurring_override
  recurring_appointment { id join_all repeat_interval repeat_times } attendees { id }`;

/** A weekly series of three for a new patient; its appointments in order. */
async function series(api: CaseApi, joinAll = false) {
  const patient = await createPatient(api);
  await createAppointment(api, {
    user_id: patient,
    datetime: '2031-05-05 10:00:00 -0400',
    recurring_appointment: { repeat_interval: 'Weekly', repeat_times: '3', join_all: joinAll },
  });
  const listed = await api.gql<Data>(
    `query($p: ID) { appointments(user_id: $p, order_by: DATE_ASC) { ${seriesFields} } }`,
    { p: patient },
  );
  const [first, second, third] = listed.appointments.map((a: { id: string }) => a.id) as string[];
  return { patient, first: first!, second: second!, third: third! };
}

async function readAppointment(api: CaseApi, id: string, fields: string, extra = '') {
  const data = await api.gql<Data>(`query($id: ID) { appointment(id: $id${extra}) { ${fields} } }`, { id });
  return data.appointment as Data;
}

async function uuidOf(api: CaseApi, appointment: string, patient: string): Promise<string> {
  const row = await readAppointment(api, appointment, 'attended_clients { user_id external_uuid }');
  return row.attended_clients.find((c: { user_id: string }) => c.user_id === patient).external_uuid as string;
}

const typeFields = `id name client_display_name available_contact_types position row_order user_id
  autocomplete_form_id pricing_option bookable_by_groups bookable_group_ids bookable_without_group
  specific_groups auto_increase_charge_for_actual_duration custom_text_reminder_body embed_question_form_id
  has_specific_appointment_settings created_at updated_at deleted_at cursor
  specific_appointment_setting { allow_clients_to_cancel_appt minimum_advance_reschedule_time
    send_reminder_one_day_before disallowed_reschedulable_statuses buffer }
  appointment_type_cpt_code { appointment_type_id cpt_code_id fee_per_unit units insurance_billing_enabled }
  form_requests_before_appointment { id interval send_trigger custom_module_form { id } }
  form_requests_after_appointment { id interval }
  form_requests_after_appointment_booking { id }
  provider_appt_type_connections { appointment_type_id user_id provider_name }
  price_and_cpt_price { price cpt_price } pricing_info { cpt_code_id insurance_billing_method price units }
  appointment_autocomplete_form { id custom_module_form { id } }`;
const createTypeDoc = `mutation($input: createAppointmentTypeInput) {
  createAppointmentType(input: $input) { appointmentType { ${typeFields} } messages { field message } }
}`;
const updateTypeDoc = `mutation($input: updateAppointmentTypeInput) {
  updateAppointmentType(input: $input) { appointmentType { ${typeFields} } messages { field message } }
}`;
const checkoutDoc = `mutation($input: completeCheckoutInput) {
  completeCheckout(input: $input) {
    appointment { id attendees { id } attendees_on_waitlist { id } intake_flow_uuid booking_form_answers }
    appointments { id }
    billingItem { id amount_paid coupon_code gifted_by gifted_to gift_details stripe_charge_id
      idempotency_key intake_flow_uuid stripe_customer_detail_id is_outside_payment state }
    patientEmail formAnswerGroupSaved reassignClientProvider widgetCompletedSubheaderHtml
    messages { field message }
  }
}`;
const deleteAppointmentFull = `mutation($input: deleteAppointmentInput) {
  deleteAppointment(input: $input) { appointment { id } messages { field message } }
}`;

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
  {
    mutation: 'createAppointment',
    title: 'several providers, the end given as a time, a time zone, room, CPT code and units',
    setup: async (api) => ({ patient: await createPatient(api), second: await provider2(api) }),
    document: createAppointmentDoc,
    variables: ({ patient, provider, second }) => ({
      input: {
        user_id: patient,
        datetime: '2031-03-03 09:00',
        end_time: '10:30',
        timezone: 'America/New_York',
        providers: `${provider},${second}`,
        room_id: '12',
        cpt_code_id: '99213',
        units: '2',
        exclude_no_credits: true,
        contact_type: 'Healthie Video Call',
      },
    }),
    events: ({ org }, data) => [
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
    ],
    check: async ({ provider, second, org, patient }, data, api) => {
      const row = await readAppointment(
        api,
        data.appointment.id,
        `length other_party_id provider_ids timezone timezone_abbr end room_id cpt_code_id units exclude_no_credits
         providers { id } many: providers(empty_unless_multiple: true) { id } appointment_inclusions_count
         provider_name resourceId organization_id add_to_gcal_link appointment_category use_zoom initiator_id
         created_at cursor client_confirmed`,
      );
      expect(row).toMatchObject({
        length: 90,
        other_party_id: Number(provider),
        provider_ids: `${provider},${second}`,
        timezone: 'America/New_York',
        timezone_abbr: 'EST',
        end: '2031-03-03 10:30',
        room_id: '12',
        cpt_code_id: '99213',
        units: '2',
        exclude_no_credits: true,
        providers: [{ id: provider }, { id: second }],
        many: [{ id: provider }, { id: second }],
        appointment_inclusions_count: 3,
        resourceId: provider,
        organization_id: org,
        appointment_category: 'Individual',
        use_zoom: false,
        initiator_id: provider,
        client_confirmed: true,
      });
      expect(row.add_to_gcal_link).toContain('dates=20310303T140000Z%2F20310303T153000Z');
      const lists = await api.gql<Data>(
        `query($p: ID, $second: ID) {
          assigned: appointments(user_id: $p, provider_id: $second, use_provider_inclusions: true) { id }
          main: appointments(user_id: $p, provider_id: $second) { id }
        }`,
        { p: patient, second },
      );
      expect(lists).toEqual({ assigned: [{ id: data.appointment.id }], main: [] });
    },
  },
  {
    mutation: 'createAppointment',
    title: 'a weekly series: the first appointment, then the rest, each with the attendees',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        datetime: '2031-04-07 10:00:00 -0400',
        recurring_appointment: { repeat_interval: 'Weekly', repeat_times: '3', join_all: true },
      },
    }),
    events: ({ org }, data) => [
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
      ev('appointment.created', someId, { resource_organization_id: org! }),
      ev('appointment.created', someId, { resource_organization_id: org! }),
    ],
    check: async ({ patient }, _data, api) => {
      const listed = await api.gql<Data>(
        `query($p: ID) { appointments(user_id: $p, order_by: DATE_ASC) { ${seriesFields} } }`,
        { p: patient },
      );
      const series = { join_all: true, repeat_interval: 'Weekly', repeat_times: '3' };
      expect(
        listed.appointments.map((a: Data) => ({ ...a, id: undefined, recurring_appointment_id: undefined })),
      ).toEqual(
        ['2031-04-07', '2031-04-14', '2031-04-21'].map((day, index) => ({
          id: undefined,
          recurring_appointment_id: undefined,
          date: `${day} 10:00:00 -0400`,
          repeat: true,
          repeat_interval: 'Weekly',
          repeat_times: 3,
          current_position_in_recurring_series: index + 1,
          time_recurring_override: false,
          recurring_appointment: { id: expect.any(String), ...series },
          attendees: [{ id: patient }],
        })),
      );
    },
  },
  {
    mutation: 'updateAppointment',
    title: 'updateRecurring: the later appointments of the series take the change and move as far',
    setup: (api) => series(api),
    document: updateAppointment,
    variables: ({ second }) => ({
      input: { id: second, datetime: '2031-05-12 11:30:00 -0400', notes: 'Moved', updateRecurring: true },
    }),
    events: ({ org, second, third }) => [
      ev('appointment.updated', second!, { resource_organization_id: org! }, ['date', 'notes']),
      ev('appointment.updated', third!, { resource_organization_id: org! }, ['date', 'notes']),
    ],
    check: async ({ first, third }, _data, api) => {
      expect(await readAppointment(api, first!, 'date notes')).toEqual({
        date: '2031-05-05 10:00:00 -0400',
        notes: null,
      });
      expect(await readAppointment(api, third!, 'date notes')).toEqual({
        date: '2031-05-19 11:30:00 -0400',
        notes: 'Moved',
      });
    },
  },
  {
    mutation: 'updateAppointment',
    title: 'one appointment of a series moved alone leaves the series’ rhythm',
    setup: (api) => series(api),
    document: updateAppointment,
    variables: ({ second }) => ({ input: { id: second, datetime: '2031-05-13 10:00:00 -0400' } }),
    events: ({ org, second }) => [
      ev('appointment.updated', second!, { resource_organization_id: org! }, [
        'date',
        'time_recurring_override',
      ]),
    ],
    check: async ({ third }, _data, api) =>
      expect(await readAppointment(api, third!, 'date time_recurring_override')).toEqual({
        date: '2031-05-19 10:00:00 -0400',
        time_recurring_override: false,
      }),
  },
  {
    mutation: 'updateAppointment',
    title: 'a join-all series: attendees changed on one change on the later ones too',
    setup: async (api) => ({ ...(await series(api, true)), other: await createPatient(api) }),
    document: updateAppointment,
    variables: ({ second, patient, other }) => ({
      input: { id: second, attendee_ids: `${patient},${other}` },
    }),
    events: ({ second, third }) => [
      ev('appointment.patient_added', second!),
      ev('appointment.patient_added', third!),
    ],
    check: async ({ first, third, patient, other }, _data, api) => {
      expect((await readAppointment(api, first!, 'attendees { id }')).attendees).toEqual([{ id: patient }]);
      expect((await readAppointment(api, third!, 'attendees { id }')).attendees).toEqual([
        { id: patient },
        { id: other },
      ]);
    },
  },
  {
    mutation: 'updateAppointment',
    title: 'the client reschedules: counted, and the history names who changed it',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({
      input: { id: appointment, datetime: '2031-06-02 09:00', client_updating: true },
    }),
    events: ({ appointment, org }) => [
      ev('appointment.updated', appointment!, { resource_organization_id: org! }, [
        'date',
        'client_updating',
      ]),
    ],
    check: async ({ appointment, provider }, _data, api) =>
      expect(
        await readAppointment(
          api,
          appointment!,
          'client_updating patient_reschedule_count last_updated_by_id pm_status_changed_at pm_status_last_changed_by_id',
        ),
      ).toEqual({
        client_updating: true,
        patient_reschedule_count: 1,
        last_updated_by_id: provider,
        pm_status_changed_at: null,
        pm_status_last_changed_by_id: null,
      }),
  },
  {
    mutation: 'updateAppointment',
    title: 'a status set: when and by whom it changed',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({ input: { id: appointment, pm_status: 'No-Show' } }),
    events: ({ appointment, org }) => [
      ev('appointment.updated', appointment!, { resource_organization_id: org! }, ['pm_status']),
    ],
    check: async ({ appointment, provider }, _data, api) =>
      expect(
        await readAppointment(
          api,
          appointment!,
          'pm_status_changed_at pm_status_last_changed_by_id patient_reschedule_count',
        ),
      ).toEqual({
        pm_status_changed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        pm_status_last_changed_by_id: provider,
        patient_reschedule_count: 0,
      }),
  },
  {
    mutation: 'updateAppointment',
    title: 'an attendee confirms with their key (their place, not the appointment)',
    setup: async (api) => {
      const made = await booked(api);
      return { ...made, key: await uuidOf(api, made.appointment, made.patient) };
    },
    document: updateAppointment,
    variables: ({ appointment, key }) => ({
      input: { id: appointment, appointment_inclusion_uuid: key, client_confirmed: true },
    }),
    events: () => [],
    check: async ({ appointment }, _data, api) =>
      expect(
        (await readAppointment(api, appointment!, 'attended_clients { confirmed }')).attended_clients,
      ).toEqual([{ confirmed: true }]),
  },
  {
    mutation: 'deleteAppointment',
    title: 'cancels with a reason: recorded on each attendee, readable with include_deleted',
    setup: booked,
    document: deleteAppointmentFull,
    variables: ({ appointment }) => ({
      input: { id: appointment, cancellation_reason: { id: '7', other_cancellation_reason: 'Unwell' } },
    }),
    events: ({ appointment }) => [ev('appointment.deleted', appointment!)],
    check: async ({ appointment }, _data, api) =>
      expect(
        (
          await readAppointment(
            api,
            appointment!,
            'attended_clients { cancelled cancellation_reason other_cancellation_reason }',
            ', include_deleted: true',
          )
        ).attended_clients,
      ).toEqual([{ cancelled: true, cancellation_reason: '7', other_cancellation_reason: 'Unwell' }]),
  },
  {
    mutation: 'deleteAppointment',
    title: 'an attendee leaves with their key; the appointment stays',
    setup: async (api) => {
      const [a, b] = [await createPatient(api), await createPatient(api)];
      const appointment = await createAppointment(api, { user_id: a, attendee_ids: `${a},${b}` });
      return { a, b, appointment, key: await uuidOf(api, appointment, b) };
    },
    document: deleteAppointmentFull,
    variables: ({ appointment, key }) => ({ input: { id: appointment, appointment_inclusion_uuid: key } }),
    events: ({ appointment }) => [ev('appointment.patient_removed', appointment!)],
    check: async ({ appointment, a }, _data, api) =>
      expect(await readAppointment(api, appointment!, 'id attendees { id }')).toEqual({
        id: appointment,
        attendees: [{ id: a }],
      }),
  },
  {
    mutation: 'deleteAppointment',
    title: 'deleteRecurring: the later appointments of the series go too, in order',
    setup: (api) => series(api),
    document: deleteAppointmentFull,
    variables: ({ second }) => ({ input: { id: second, deleteRecurring: true } }),
    events: ({ second, third }) => [ev('appointment.deleted', second!), ev('appointment.deleted', third!)],
    check: async ({ patient, first }, _data, api) =>
      expect(
        (await api.gql<Data>('query($p: ID) { appointments(user_id: $p) { id } }', { p: patient }))
          .appointments,
      ).toEqual([{ id: first }]),
  },
  {
    mutation: 'createAppointmentType',
    title: 'with its settings, CPT code, providers, form requests, scribe form and contact types',
    setup: async (api) => ({ form: await customForm(api) }),
    document: createTypeDoc,
    variables: ({ form, provider }) => ({
      input: {
        name: 'Nested intake',
        length: 45,
        pricing_option: 'CPT_CODE',
        client_facing_display_name: 'Check-in',
        contact_type_overrides: ['In Person'],
        bookable_by_groups: true,
        bookable_group_ids: '3,4',
        bookable_without_group: false,
        specific_groups: true,
        require_specific_providers: true,
        provider_ids_for_appt_type_connections: provider,
        appointment_autocomplete_form: { custom_module_form_id: form },
        appointment_setting: {
          allow_clients_to_cancel_appt: false,
          minimum_advance_reschedule_time: 60,
          send_reminder_one_day_before: true,
          disallowed_reschedulable_statuses: ['Occurred'],
          buffer: '15',
        },
        appointment_type_cpt_code: { cpt_code_id: '99213', fee_per_unit: 12000, units: '1' },
        form_requests_before_appointment: [{ custom_module_form_id: form, interval: 'P1D' }],
        form_requests_after_appointment: [{ custom_module_form_id: form, interval: 'PT2H' }],
      },
    }),
    events: () => [],
    check: async ({ form, provider }, data, api) => {
      const type = data.appointmentType;
      expect(type).toMatchObject({
        client_display_name: 'Check-in',
        available_contact_types: ['In Person'],
        pricing_option: 'CPT_CODE',
        bookable_by_groups: true,
        bookable_group_ids: '3,4',
        bookable_without_group: false,
        specific_groups: true,
        autocomplete_form_id: form,
        user_id: Number(provider),
        deleted_at: null,
        specific_appointment_setting: {
          allow_clients_to_cancel_appt: false,
          minimum_advance_reschedule_time: 60,
          send_reminder_one_day_before: true,
          disallowed_reschedulable_statuses: ['Occurred'],
          buffer: '15',
        },
        appointment_type_cpt_code: {
          appointment_type_id: type.id,
          cpt_code_id: '99213',
          fee_per_unit: 12000,
          units: '1',
          insurance_billing_enabled: false,
        },
        form_requests_before_appointment: [
          {
            id: expect.any(String),
            interval: 'P1D',
            send_trigger: 'before_appointment',
            custom_module_form: { id: form },
          },
        ],
        form_requests_after_appointment: [{ id: expect.any(String), interval: 'PT2H' }],
        form_requests_after_appointment_booking: [],
        provider_appt_type_connections: [
          { appointment_type_id: type.id, user_id: provider, provider_name: expect.any(String) },
        ],
        price_and_cpt_price: { price: null, cpt_price: '120.00' },
        pricing_info: { cpt_code_id: '99213', insurance_billing_method: null, price: '120.00', units: '1' },
        appointment_autocomplete_form: { id: type.id, custom_module_form: { id: form } },
      });
      const booked = await createAppointment(api, {
        user_id: await createPatient(api),
        appointment_type_id: type.id,
      });
      expect(
        await readAppointment(
          api,
          booked,
          'length can_client_cancel can_client_reschedule minimum_advance_reschedule_time pricing_info { cpt_code_id price units } zoom_appointment { id }',
        ),
      ).toEqual({
        length: 45,
        can_client_cancel: false,
        can_client_reschedule: true,
        minimum_advance_reschedule_time: 60,
        pricing_info: { cpt_code_id: '99213', price: '120.00', units: '1' },
        zoom_appointment: null,
      });
    },
  },
  {
    mutation: 'updateAppointmentType',
    title: 'contact types, order, reminders; nested rows changed and removed; connections left out go',
    setup: async (api, { provider }) => {
      const form = await customForm(api);
      const data = await api.gql<Data>(createTypeDoc, {
        input: {
          name: 'To change',
          provider_ids_for_appt_type_connections: provider,
          appointment_setting: { allow_clients_to_cancel_appt: false },
          form_requests_before_appointment: [{ custom_module_form_id: form, interval: 'P1D' }],
          form_requests_after_appointment_booking: [{ custom_module_form_id: form, interval: 'P2D' }],
        },
      });
      const type = data.createAppointmentType.appointmentType;
      return {
        form,
        type: type.id,
        before: type.form_requests_before_appointment[0].id,
        booking: type.form_requests_after_appointment_booking[0].id,
      };
    },
    document: updateTypeDoc,
    variables: ({ type, before, booking, form }) => ({
      input: {
        id: type,
        row_order: 3,
        auto_increase_charge_for_actual_duration: true,
        custom_text_reminder_body: 'See you soon',
        embed_question_form_id: form,
        has_specific_appointment_settings: true,
        contact_type_override_in_person: { show: false },
        contact_type_override_phone_call: { show: true },
        contact_type_override_video_chat: { show: true },
        appointment_setting: { _destroy: true },
        form_requests_before_appointment: [{ id: before, interval: 'PT30M' }],
        form_requests_after_appointment_booking: [{ id: booking, _destroy: true }],
      },
    }),
    events: () => [],
    check: ({ form }, data) =>
      expect(data.appointmentType).toMatchObject({
        row_order: '3',
        position: 3,
        auto_increase_charge_for_actual_duration: true,
        custom_text_reminder_body: 'See you soon',
        embed_question_form_id: form,
        has_specific_appointment_settings: true,
        available_contact_types: ['Healthie Video Call', 'Phone Call'],
        specific_appointment_setting: null,
        form_requests_before_appointment: [{ interval: 'PT30M' }],
        form_requests_after_appointment_booking: [],
        provider_appt_type_connections: [],
      }),
  },
  {
    mutation: 'deleteAppointmentType',
    title: 'a deleted type is listed only with with_deleted_appt_types',
    setup: async (api) => ({ type: await createAppointmentType(api, { name: `Gone ${Date.now()}` }) }),
    document: deleteAppointmentType,
    variables: ({ type }) => ({ input: { id: type } }),
    events: () => [],
    check: async ({ type }, _data, api) => {
      const lists = await api.gql<Data>(
        `{ kept: appointmentTypes(should_paginate: false) { id } all: appointmentTypes(should_paginate: false, with_deleted_appt_types: true) { id deleted_at } }`,
      );
      expect(lists.kept.map((t: Data) => t.id)).not.toContain(type);
      expect(lists.all.find((t: Data) => t.id === type)).toEqual({
        id: type,
        deleted_at: expect.any(String),
      });
    },
  },
  {
    mutation: 'completeCheckout',
    title: 'a new client joins a group appointment and pays with a new card, as a gift',
    setup: async (api) => {
      const host = await createPatient(api);
      return { group: await createAppointment(api, { user_id: host }), email: uniqueEmail('gift') };
    },
    document: checkoutDoc,
    variables: ({ group, email }) => ({
      input: {
        email,
        first_name: 'New',
        last_name: 'Client',
        appointment_id: group,
        token: 'tok_gift',
        price: '30.00',
        coupon_code: 'SPRING',
        is_gift: true,
        gift: { giver_name: 'Gia Giver', giver_email: 'gia@example.com', message: 'Enjoy' },
        payment_intent_id: 'pi_123',
        stripe_idempotency_key: `key-${email}`,
        intake_flow_uuid: 'flow-1',
      },
    }),
    events: ({ group }, data) => [
      ev('patient.created', someId),
      ev('stripe_customer_detail.created', someId, { user_id: someId }),
      ev('appointment.patient_added', group!),
      ev('billing_item.created', data.billingItem.id, { requested_payment_id: null }),
    ],
    check: ({ group, email }, data) => {
      expect(data.appointment.id).toBe(group);
      expect(data.appointments).toEqual([{ id: group }]);
      expect(data.appointment.attendees).toHaveLength(2);
      expect(data.reassignClientProvider).toBe(true);
      expect(data.widgetCompletedSubheaderHtml).toBeNull();
      expect(data.billingItem).toMatchObject({
        amount_paid: '30.00',
        coupon_code: 'SPRING',
        gifted_by: 'Gia Giver',
        gifted_to: 'New Client',
        gift_details: { giver_name: 'Gia Giver', giver_email: 'gia@example.com', message: 'Enjoy' },
        stripe_charge_id: 'pi_123',
        idempotency_key: `key-${email}`,
        intake_flow_uuid: 'flow-1',
        stripe_customer_detail_id: expect.any(String),
        state: 'succeeded',
      });
    },
  },
  {
    mutation: 'completeCheckout',
    title: 'the same idempotency key again: the earlier payment, nothing written',
    setup: async (api) => {
      const email = uniqueEmail('again');
      const first = await api.gql<Data>(checkoutDoc, {
        input: {
          email,
          first_name: 'Re',
          last_name: 'Try',
          price: '20',
          stripe_idempotency_key: `key-${email}`,
        },
      });
      return { email, item: first.completeCheckout.billingItem.id };
    },
    document: checkoutDoc,
    variables: ({ email }) => ({ input: { email, price: '20', stripe_idempotency_key: `key-${email}` } }),
    events: () => [],
    check: ({ item }, data) => expect(data.billingItem.id).toBe(item),
  },
  {
    mutation: 'completeCheckout',
    title: 'books with the intake answers, and waits on a full group appointment’s waitlist',
    setup: async (api) => ({
      group: await createAppointment(api, { user_id: await createPatient(api) }),
      email: uniqueEmail('wait'),
    }),
    document: checkoutDoc,
    variables: ({ group, email }) => ({
      input: {
        email,
        first_name: 'Wai',
        last_name: 'Ting',
        date: '2031-09-01 09:00',
        appointment_ids: [group],
        is_joining_waitlist: true,
        intake_flow_uuid: 'flow-2',
        form_answer_group: {
          custom_module_form_id: '5',
          form_answers: [{ custom_module_id: '9', answer: 'Yes' }],
        },
      },
    }),
    events: ({ org }, data) => [
      ev('patient.created', someId),
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
    ],
    check: async ({ group }, data, api) => {
      expect(data.formAnswerGroupSaved).toBe(true);
      expect(data.appointment).toMatchObject({
        intake_flow_uuid: 'flow-2',
        booking_form_answers: {
          custom_module_form_id: '5',
          form_answers: [{ custom_module_id: '9', answer: 'Yes' }],
        },
      });
      expect(data.appointments.map((a: Data) => a.id)).toEqual([data.appointment.id, group]);
      const waiting = await readAppointment(api, group!, 'attendees { id } attendees_on_waitlist { id }');
      expect(waiting.attendees).toHaveLength(1);
      expect(waiting.attendees_on_waitlist).toHaveLength(1);
    },
  },
  {
    mutation: 'createAppointment',
    title: 'the appointments list filters: time, status, type, location, contact, keywords, tags, pages',
    setup: async (api) => {
      const patient = await createPatient(api);
      const type = await createAppointmentType(api);
      const tag = await createTag(api, `Filter ${Date.now()}`);
      await applyTag(api, tag, patient);
      const past = await createAppointment(api, { user_id: patient, datetime: '2020-01-06 09:00' });
      await api.gql(updateAppointment, { input: { id: past, pm_status: 'Occurred' } });
      const cancelled = await createAppointment(api, { user_id: patient, datetime: '2031-07-02 09:00' });
      await api.gql(updateAppointment, { input: { id: cancelled, pm_status: 'Cancelled' } });
      const blocker = await createAppointment(api, {
        user_id: patient,
        datetime: '2031-07-03 09:00',
        is_blocker: true,
        contact_type: null,
      });
      return { patient, type, tag, past, cancelled, blocker };
    },
    document: createAppointmentDoc,
    variables: ({ patient, type }) => ({
      input: {
        user_id: patient,
        appointment_type_id: type,
        datetime: '2031-07-01 09:00',
        contact_type: 'Phone Call',
        appointment_location_id: '5',
        notes: 'Zebra stripes',
      },
    }),
    events: ({ org }, data) => [
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
    ],
    check: async ({ patient, type, tag, past, cancelled, blocker }, data, api) => {
      const a = data.appointment.id;
      const lists = await api.gql<Data>(
        `query($p: ID, $type: ID, $tag: ID) {
          upcoming: appointments(user_id: $p) { id }
          past: appointments(user_id: $p, filter: "past") { id }
          all: appointments(user_id: $p, filter: "all", with_all_statuses: true, include_nil_blockers: true) { id }
          didnt: appointments(user_id: $p, filter: "didnt-occur") { id }
          statuses: appointments(user_id: $p, filter_by_appointment_statuses: ["Cancelled"]) { id }
          typed: appointments(user_id: $p, filter_by_appointment_type_ids: [$type]) { id }
          located: appointments(user_id: $p, filter_by_appointment_location_ids: ["5"]) { id }
          phone: appointments(user_id: $p, filter_by_contact_types: "Phone Call") { id }
          words: appointments(user_id: $p, keywords: "zebra") { id }
          day: appointments(user_id: $p, specificDay: "2031-07-01") { id }
          blockers: appointments(user_id: $p, include_nil_blockers: true, include_blockers: true) { id }
          noBlockers: appointments(user_id: $p, include_nil_blockers: true, include_blockers: false) { id }
          tagged: appointments(tag_ids: [$tag], filter: "all", with_all_statuses: true) { id }
          withClients: appointments(user_id: $p, is_with_clients: true) { id }
          unconfirmed: appointments(user_id: $p, unconfirmed: true) { id }
          clientConfirmed: appointments(user_id: $p, filter_by_client_confirmed: false) { id }
          noInvoice: appointments(user_id: $p, exclude_appointments_with_invoice: true) { id }
          color: appointments(user_id: $p, colorSchemeId: "1") { id }
          hidden: appointments(user_id: $p, show_appointments: false) { id }
          count: appointmentsCount(user_id: $p)
          countAll: appointmentsCount(user_id: $p, filter: "all", with_all_statuses: true, include_nil_blockers: true)
          firstPage: appointments(user_id: $p, filter: "all", with_all_statuses: true, include_nil_blockers: true, should_paginate: true, page_size: 2, order_by: DATE_ASC) { id cursor }
        }`,
        { p: patient, type, tag },
      );
      const ids = (list: Data[]) => list.map((x) => x.id);
      expect({ ...lists, firstPage: ids(lists.firstPage) }).toEqual({
        upcoming: [{ id: a }],
        past: [{ id: past }],
        all: [{ id: past }, { id: a }, { id: cancelled }, { id: blocker }],
        didnt: [{ id: cancelled }],
        statuses: [{ id: cancelled }],
        typed: [{ id: a }],
        located: [{ id: a }],
        phone: [{ id: a }],
        words: [{ id: a }],
        day: [{ id: a }],
        blockers: [{ id: a }, { id: blocker }],
        noBlockers: [{ id: a }],
        tagged: [{ id: past }, { id: a }, { id: cancelled }],
        withClients: [{ id: a }],
        unconfirmed: [{ id: a }],
        clientConfirmed: [],
        noInvoice: [{ id: a }],
        color: [],
        hidden: [],
        count: 1,
        countAll: 4,
        firstPage: [past, a],
      });
      const next = await api.gql<Data>(
        `query($p: ID, $after: Cursor) { appointments(user_id: $p, filter: "all", with_all_statuses: true, include_nil_blockers: true, should_paginate: true, page_size: 2, order_by: DATE_ASC, after: $after) { id } }`,
        { p: patient, after: lists.firstPage[1].cursor },
      );
      expect(next.appointments).toEqual([{ id: cancelled }, { id: blocker }]);
    },
  },
  {
    mutation: 'createAppointmentType',
    title: 'the appointment types list: ids, keywords, provider, order and count',
    setup: async (api, { provider }) => {
      const stamp = `Kind${Date.now()}`;
      const other = await provider2(api);
      const mine = await createAppointmentType(api, { name: `${stamp} B` });
      const theirs = (
        await api.gql<Data>(createTypeDoc, {
          input: {
            name: `${stamp} C`,
            require_specific_providers: true,
            provider_ids_for_appt_type_connections: other,
          },
        })
      ).createAppointmentType.appointmentType.id as string;
      return { stamp, mine, theirs, other, provider: provider! };
    },
    document: createTypeDoc,
    variables: ({ stamp }) => ({ input: { name: `${stamp} A`, clients_can_book: true } }),
    events: () => [],
    check: async ({ stamp, mine, theirs, other, provider }, data, api) => {
      const a = data.appointmentType.id;
      const lists = await api.gql<Data>(
        `query($k: String, $ids: String, $other: String, $me: String) {
          named: appointmentTypes(keywords: $k, order_by: CREATED_AT_ASC) { id }
          byIds: appointmentTypes(appointment_type_ids: $ids) { id }
          bookable: appointmentTypes(keywords: $k, embed_or_sharing_link: true) { id }
          forOther: appointmentTypes(keywords: $k, provider_id: $other, order_by: CREATED_AT_ASC) { id }
          forMe: appointmentTypes(keywords: $k, provider_id: $me, order_by: CREATED_AT_ASC) { id }
          offering: appointmentTypes(keywords: $k, offering_id: "1") { id }
          count: appointmentTypesCount(keywords: $k)
        }`,
        { k: stamp, ids: JSON.stringify([Number(a), Number(theirs)]), other, me: provider },
      );
      expect(lists).toEqual({
        named: [{ id: mine }, { id: theirs }, { id: a }],
        byIds: expect.arrayContaining([{ id: a }, { id: theirs }]),
        bookable: [{ id: a }],
        forOther: [{ id: mine }, { id: theirs }, { id: a }],
        forMe: [{ id: mine }, { id: a }],
        offering: [],
        count: 3,
      });
      expect(lists.byIds).toHaveLength(2);
    },
  },
  {
    mutation: 'createAvailability',
    title: 'a one-off block in a time zone: its window, length and zone; the list’s window and filters',
    setup: async (api) => {
      const other = await provider2(api);
      const repeating = await createAvailability(api, {
        user_id: other,
        range_start: '2031-01-01',
        end_on: '2031-02-01',
      });
      return { other, repeating };
    },
    document: `mutation($input: createAvailabilityInput) {
      createAvailability(input: $input) {
        availability { id duration_string origin_start_date repeating_availability_id resourceId timezone_abbr }
        messages { field message }
      }
    }`,
    variables: ({ other }) => ({
      input: {
        user_id: other,
        start_datetime: '2031-08-04 09:00',
        end_datetime: '2031-08-04 12:15',
        timezone: 'America/Chicago',
      },
    }),
    events: (_ids, data) => [ev('availability.created', data.availability.id)],
    check: async ({ other, repeating }, data, api) => {
      const block = data.availability.id;
      expect(data.availability).toEqual({
        id: block,
        duration_string: '3h 15min',
        origin_start_date: '2031-08-04',
        repeating_availability_id: null,
        resourceId: other,
        timezone_abbr: 'CDT',
      });
      const lists = await api.gql<Data>(
        `query($p: ID) {
          window: availabilities(provider_id: $p, startDate: "2031-08-04", endDate: "2031-08-04", timezone: "America/Chicago") { id }
          before: availabilities(provider_id: $p, startDate: "2031-08-10", endDate: "2031-08-11", start_date_padding: 0) { id }
          january: availabilities(provider_id: $p, startDate: "2031-01-10", endDate: "2031-01-12") { id }
          oneTime: availabilities(provider_id: $p, one_time: true) { id }
          repeating: availabilities(provider_id: $p, is_repeating: true) { id }
          hidden: availabilities(provider_id: $p, show_availability: false) { id }
          count: availabilitiesCount(provider_id: $p)
          mine: availabilities(startDate: "2031-08-04", endDate: "2031-08-04") { id }
        }`,
        { p: other },
      );
      expect({ ...lists, mine: undefined }).toEqual({
        mine: undefined,
        window: [{ id: block }],
        before: [],
        january: [{ id: repeating }],
        oneTime: [{ id: block }],
        repeating: [{ id: repeating }],
        hidden: [],
        count: 2,
      });
      // Without a provider, the caller's own availability: not this provider's block.
      expect(lists.mine).not.toContainEqual({ id: block });
    },
  },
  {
    mutation: 'createAppointment',
    title: 'starts now: a video call under way, the next appointment, an attendee’s place by its key',
    setup: async (api) => ({
      patient: await createPatient(api),
      type: await createAppointmentType(api, { length: 60 }),
    }),
    document: createAppointmentDoc,
    variables: ({ patient, type }) => ({
      input: {
        user_id: patient,
        appointment_type_id: type,
        start_immediately: true,
        contact_type: 'Healthie Video Call',
      },
    }),
    events: ({ org }, data) => [
      ev('appointment.created', data.appointment.id, { resource_organization_id: org! }),
    ],
    check: async ({ patient }, data, api) => {
      const now = data.appointment.id;
      expect(Date.now() - Date.parse(data.appointment.date)).toBeLessThan(60_000);
      const soon = await createAppointment(api, {
        user_id: patient,
        datetime: new Date(Date.now() + 5 * 60_000).toISOString(),
        contact_type: 'Healthie Video Call',
      });
      const key = await uuidOf(api, now, patient!);
      const read = await api.gql<Data>(
        `query($p: String, $key: ID) {
          current: currentVideoChats(user_id: $p, only_current: true) { id }
          currentOrSoon: currentVideoChats(user_id: $p) { id }
          close: closeToCurrentVideoChats(user_id: $p) { id }
          nextAppointment { id }
          appointmentInclusion(uuid: $key) { user { id } appointment { id } }
        }`,
        { p: patient, key },
      );
      expect(read).toEqual({
        current: [{ id: now }],
        currentOrSoon: [{ id: now }, { id: soon }],
        close: [{ id: soon }],
        nextAppointment: { id: soon },
        appointmentInclusion: { user: { id: patient }, appointment: { id: now } },
      });
    },
  },
  {
    mutation: 'createExternalCalendar',
    title: "connects a Google calendar for the caller; the grant's tokens are not kept (no event)",
    document: createExternalCalendarDoc,
    variables: () => ({
      input: {
        external_type: 'google',
        email: 'agenda@example.com',
        resource_name: 'Clinic agenda',
        add_to_calendar: true,
        pull_from_calendar: true,
        pulled_in_calendars: ['Work'],
        access_token: 'ya29.secret-access',
        refresh_token: '1//secret-refresh',
        token_type: 'Bearer',
        expiry_date: '2030-01-01T00:00:00Z',
      },
    }),
    events: () => [],
    check: async ({ provider }, data, api) => {
      expect(data.external_calendar).toMatchObject({
        external_type: 'google',
        email: 'agenda@example.com',
        resource_name: 'Clinic agenda',
        add_to_calendar: true,
        pull_from_calendar: true,
        pulled_in_calendars: ['Work'],
        has_refresh_token: true,
        user: { id: provider },
      });
      const row = await api.server.runtime.services.store.db
        .withTables<{ external_calendars: Record<string, unknown> & { id: number } }>()
        .selectFrom('external_calendars')
        .selectAll()
        .where('id', '=', Number(data.external_calendar.id))
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toMatch(/secret/);
    },
  },
  {
    mutation: 'createExternalCalendar',
    title: 'connecting the same account again reconnects the one record; no refresh token, no lasting access',
    setup: async (api) => {
      const email = uniqueEmail('calendar');
      return { email, calendar: await connectCalendar(api, email) };
    },
    document: createExternalCalendarDoc,
    variables: ({ email }) => ({ input: { external_type: 'google', email, access_token: 'ya29.b1' } }),
    events: () => [],
    check: ({ calendar }, data) =>
      expect(data.external_calendar).toMatchObject({ id: calendar, has_refresh_token: false }),
  },
  {
    mutation: 'updateExternalCalendar',
    title: 'chooses what is pulled in and whether appointments are added (no event)',
    setup: async (api) => ({ calendar: await connectCalendar(api) }),
    document: updateExternalCalendarDoc,
    variables: ({ calendar }) => ({
      input: {
        id: calendar,
        add_to_calendar: true,
        pull_in_event_details: true,
        pulled_in_calendars: ['Family'],
      },
    }),
    events: () => [],
    check: async ({ calendar }, data, api) => {
      expect(data.external_calendar).toMatchObject({
        add_to_calendar: true,
        pull_in_event_details: true,
        pulled_in_calendars: ['Family'],
      });
      const read = await api.gql<Data>(
        'query($id: ID) { externalCalendar(id: $id) { pulled_in_calendars calendar_list } }',
        { id: calendar },
      );
      expect(read.externalCalendar).toEqual({
        pulled_in_calendars: ['Family'],
        calendar_list: ['Work', 'Family'],
      });
    },
  },
  {
    mutation: 'deleteExternalCalendar',
    title: 'disconnects the calendar (no event)',
    setup: async (api) => ({ calendar: await connectCalendar(api) }),
    document: deleteExternalCalendarDoc,
    variables: ({ calendar }) => ({ input: { id: calendar } }),
    events: () => [],
    check: async ({ calendar }, data, api) => {
      expect(data.external_calendar).toEqual({ id: calendar });
      const read = await api.gql<Data>('query($id: ID) { externalCalendar(id: $id) { id } }', {
        id: calendar,
      });
      expect(read.externalCalendar).toBeNull();
    },
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
  {
    mutation: 'createAppointment',
    title: 'a series with an interval Healthie does not offer',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        datetime: '2031-01-01 09:00',
        recurring_appointment: { repeat_interval: 'Daily', repeat_times: '3' },
      },
    }),
    field: 'recurring_appointment.repeat_interval',
  },
  {
    mutation: 'createAppointment',
    title: 'a series repeated more than ten times',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        datetime: '2031-01-01 09:00',
        recurring_appointment: { repeat_interval: 'Weekly', repeat_times: '12' },
      },
    }),
    field: 'recurring_appointment.repeat_times',
  },
  {
    mutation: 'createAppointment',
    title: 'a provider that does not exist',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, datetime: '2031-01-01 09:00', providers: '999999' },
    }),
    field: 'providers',
  },
  {
    mutation: 'createAppointment',
    title: 'an end before the start',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createAppointmentDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, datetime: '2031-01-01 09:00', end_time: '08:00' },
    }),
    field: 'end_time',
  },
  {
    mutation: 'updateAppointment',
    title: 'a key no attendee holds',
    setup: booked,
    document: updateAppointment,
    variables: ({ appointment }) => ({
      input: { id: appointment, client_confirmed: true, appointment_inclusion_uuid: 'nobody' },
    }),
    field: 'appointment_inclusion_uuid',
  },
  {
    mutation: 'deleteAppointment',
    title: 'leaving with a key no attendee holds (the appointment stays)',
    setup: booked,
    document: deleteAppointmentFull,
    variables: ({ appointment }) => ({ input: { id: appointment, appointment_inclusion_uuid: 'nobody' } }),
    field: 'appointment_inclusion_uuid',
  },
  {
    mutation: 'createAppointmentType',
    title: 'a scribe form that does not exist',
    document: createTypeDoc,
    variables: () => ({
      input: { name: 'Scribed', appointment_autocomplete_form: { custom_module_form_id: '999999' } },
    }),
    field: 'appointment_autocomplete_form.custom_module_form_id',
  },
  {
    mutation: 'updateAppointmentType',
    title: 'a form request of another type',
    setup: async (api) => {
      const form = await customForm(api);
      const other = await api.gql<Data>(createTypeDoc, {
        input: {
          name: 'Other',
          form_requests_before_appointment: [{ custom_module_form_id: form, interval: 'P1D' }],
        },
      });
      return {
        type: await createAppointmentType(api),
        foreign: other.createAppointmentType.appointmentType.form_requests_before_appointment[0].id,
      };
    },
    document: updateTypeDoc,
    variables: ({ type, foreign }) => ({
      input: { id: type, form_requests_before_appointment: [{ id: foreign, interval: 'P2D' }] },
    }),
    field: 'form_requests_before_appointment[0].id',
  },
  {
    mutation: 'completeCheckout',
    title: 'a group appointment that does not exist',
    document: checkoutDoc,
    variables: () => ({
      input: { email: uniqueEmail('lost'), first_name: 'No', last_name: 'Where', appointment_id: '999999' },
    }),
    field: 'appointment_id',
  },
  {
    mutation: 'createExternalCalendar',
    title: 'a patient as the calendar owner',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createExternalCalendarDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, external_type: 'google', email: 'c@example.com', access_token: 't' },
    }),
    field: 'user_id',
  },
  {
    mutation: 'createExternalCalendar',
    title: 'no access token',
    document: createExternalCalendarDoc,
    variables: () => ({ input: { external_type: 'outlook', email: 'c@example.com' } }),
    field: 'access_token',
  },
  {
    mutation: 'createExternalCalendar',
    title: 'an unknown calendar service',
    document: createExternalCalendarDoc,
    variables: () => ({ input: { external_type: 'icloud', email: 'c@example.com', access_token: 't' } }),
    field: 'external_type',
  },
  {
    mutation: 'updateExternalCalendar',
    title: 'a calendar the account does not have',
    setup: async (api) => ({ calendar: await connectCalendar(api) }),
    document: updateExternalCalendarDoc,
    variables: ({ calendar }) => ({ input: { id: calendar, pulled_in_calendars: ['Work', 'Gym'] } }),
    field: 'pulled_in_calendars',
  },
  {
    mutation: 'deleteExternalCalendar',
    title: 'an unknown calendar',
    document: deleteExternalCalendarDoc,
    variables: () => ({ input: { id: '999999' } }),
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
  {
    resource: 'Appointment (labels, conversations; its type’s groups and prices)',
    setup: async (api) => {
      const patient = await createPatient(api, { first_name: 'Ada', last_name: 'Lovelace' });
      const [home, vip, other] = [
        await createUserGroup(api, 'Home'),
        await createUserGroup(api, 'VIP'),
        await createUserGroup(api, 'Other'),
      ];
      const type = await createAppointmentType(api, {
        user_group_id: home,
        bookable_by_groups: true,
        bookable_group_ids: `${vip},999999,${other}`,
      });
      await api.gql(
        `mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }`,
        { input: { id: patient, advance_appointment_prices: [{ appointment_type_id: type, price: '70' }] } },
      );
      // A staff member books it (and so provides it) and talks with the client.
      const staff = (
        await api.gql<Data>(
          `mutation($input: createOrganizationMembershipInput) {
            createOrganizationMembership(input: $input) { organizationMembership { user { id } } messages { field message } }
          }`,
          {
            input: {
              email: uniqueEmail('booker'),
              first_name: 'Sam',
              last_name: 'Booker',
              org_role: 'Standard',
            },
          },
        )
      ).createOrganizationMembership.organizationMembership.user.id as string;
      const { organizationId } = api.server.org;
      const key = (
        await issueApiKey(api.server.runtime.services.store.db, { organizationId, userId: Number(staff) })
      ).apiKey;
      const appointment = (
        await api.gql<Data>(
          `mutation($input: createAppointmentInput) {
            createAppointment(input: $input) { appointment { id } messages { field message } }
          }`,
          {
            input: {
              user_id: patient,
              appointment_type_id: type,
              datetime: '2030-01-07 09:00:00 -0500',
              contact_type: 'Video Call',
            },
          },
          key,
        )
      ).createAppointment.appointment.id as string;
      const convo = async (input: Record<string, unknown>) =>
        (
          await api.gql<Data>(
            `mutation($input: createConversationInput) {
              createConversation(input: $input) { conversation { id } messages { field message } }
            }`,
            { input: { simple_added_users: `user-${patient}`, ...input } },
            key,
          )
        ).createConversation.conversation.id as string;
      const forAppointment = await convo({ name: 'Session chat', appointment_id: appointment });
      const latest = await convo({ name: 'Follow-up' });
      // The caller's own conversation with the client is not the appointment provider's.
      await api.gql(
        `mutation($input: createConversationInput) {
          createConversation(input: $input) { conversation { id } messages { field message } }
        }`,
        { input: { simple_added_users: `user-${patient}`, name: 'Billing' } },
      );
      return { appointment, vip, other, home, forAppointment, latest };
    },
    query: `query($id: ID) { appointment(id: $id) {
      title appointment_label scheduled_by conversation_id last_client_conversation_id
      appointment_type {
        time_on_label advance_pricing_for_clients_count advance_pricing_for_providers_count
        user_group { id } bookable_groups { id }
      }
    } }`,
    id: ({ appointment }) => appointment!,
    expected: ({ vip, other, home, forAppointment, latest }) => ({
      title: 'Ada Lovelace',
      appointment_label: 'Initial consult - Video Call',
      scheduled_by: 'Sam Booker',
      conversation_id: forAppointment,
      last_client_conversation_id: latest,
      appointment_type: {
        time_on_label: 'Initial consult - 60 minutes',
        advance_pricing_for_clients_count: '1',
        advance_pricing_for_providers_count: '0',
        user_group: { id: home },
        bookable_groups: [{ id: vip }, { id: other }],
      },
    }),
  },
];
