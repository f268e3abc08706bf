/**
 * Scheduling: appointments and their attendees, appointment types, provider availability, and connected
 * external calendars. Names and types follow healthie-schema.graphql.
 */
import {
  bool,
  date,
  datetime,
  enumOf,
  equals,
  foreignId,
  int,
  json,
  money,
  parseId,
  ref,
  resource,
  text,
  typedDb,
  type ListArg,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

export const AppointmentType = resource({
  name: 'AppointmentType',
  table: 'appointment_types',
  fields: {
    name: text({ required: true }),
    length: int({ min: 0 }),
    pricing: money(),
    clients_can_book: bool({ default: false }),
    is_group: bool({ default: false }),
    is_waitlist_enabled: bool({ default: false }),
    dont_ask_for_reason: bool({ default: false }),
    insurance_billing_enabled: bool({ default: false }),
    require_in_state_clients: bool({ default: false }),
    require_specific_providers: bool({ default: false }),
    user_group_id: foreignId({ input: 'String', gql: 'String' }),
    metadata: text(),
  },
  byId: 'appointmentType',
  list: {
    name: 'appointmentTypes',
    args: {
      clients_can_book: { type: 'Boolean', apply: (q, v) => q.where('clients_can_book', '=', v ? 1 : 0) },
    },
    ignored: { should_paginate: 'Boolean', org_level: 'Boolean', show_group: 'Boolean' },
    defaultOrder: ['name', 'asc'],
  },
  mutations: {
    create: 'createAppointmentType',
    update: 'updateAppointmentType',
    delete: 'deleteAppointmentType',
  },
});

/** A patient attending an appointment (Healthie's `AppointmentInclusionType`). */
export const AppointmentInclusion = resource({
  name: 'AppointmentInclusion',
  type: 'AppointmentInclusionType',
  table: 'appointment_inclusions',
  uniqueBy: ['appointment_id', 'user_id'],
  owner: 'appointment_id',
  fields: {
    appointment_id: ref('Appointment', { object: 'appointment' }),
    user_id: ref('User', { object: 'user' }),
    attended: bool({ default: false }),
    confirmed: bool({ default: false }),
    cancelled: bool({ default: false }),
    cancellation_reason: text(),
    other_cancellation_reason: text(),
  },
});

const appointmentsOfUser: ListArg = {
  type: 'ID',
  apply: (query, value, reader: Reader) => {
    const id = parseId(value) ?? -1;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    return query.where((eb: any) =>
      eb.or([
        eb('user_id', '=', id),
        eb(
          'id',
          'in',
          reader.db.selectFrom('appointment_inclusions').select('appointment_id').where('user_id', '=', id),
        ),
      ]),
    );
  },
};

/** Appointments starting on or after / on or before a day (`YYYY-MM-DD`). */
const fromDay: ListArg = { type: 'String', apply: (q, v) => q.where('date', '>=', String(v).slice(0, 10)) };
const untilDay: ListArg = {
  type: 'String',
  apply: (q, v) => q.where('date', '<', `${String(v).slice(0, 10)}~`),
};

const appointmentInputs = {
  datetime: 'String',
  time: 'String',
  timezone: 'String',
  attendee_ids: 'String',
};

export const Appointment = resource({
  name: 'Appointment',
  table: 'appointments',
  events: 'appointment',
  owner: 'user_id',
  softDelete: true,
  fields: {
    user_id: ref('User', { input: 'String', gql: 'Int', object: 'user' }),
    other_party_id: ref('User', {
      input: 'String',
      gql: 'Int',
      object: 'provider',
      default: (caller) => caller.userId,
    }),
    appointment_type_id: ref('AppointmentType', { input: 'String', gql: 'Int', object: 'appointment_type' }),
    date: datetime({ required: true }),
    length: int({ min: 0, writable: 'none' }),
    contact_type: text(),
    location: text(),
    appointment_location_id: foreignId({ input: 'String', gql: 'String' }),
    pm_status: enumOf(['Occurred', 'No-Show', 'Re-Scheduled', 'Cancelled', 'Late Cancellation'], {
      writable: 'update',
    }),
    confirmed: bool({ default: false }),
    notes: text(),
    reason: text(),
    price: money(),
    external_videochat_url: text(),
    is_blocker: bool({ default: false }),
    is_zoom_chat: bool({ default: false }),
    insurance_billing_enabled: bool(),
    max_attendees: text(),
    actual_duration: text({ writable: 'update' }),
    no_show_fee: int({ writable: 'update' }),
    late_cancellation_fee: int({ writable: 'update' }),
    metadata: json(),
  },
  extras: {
    resource_organization_id: (row) => row.organization_id,
    // Video sessions (participant_joined / _left): the host is the provider, the participant is given.
    host_user_id: (row) => row.other_party_id,
    user_name: 'given',
    user_email: 'given',
  },
  byId: 'appointment',
  list: {
    name: 'appointments',
    args: {
      user_id: appointmentsOfUser,
      provider_id: equals('other_party_id'),
      filter_by_appointment_type_id: equals('appointment_type_id'),
      startDate: fromDay,
      endDate: untilDay,
    },
    ignored: {
      should_paginate: 'Boolean',
      is_org: 'Boolean',
      is_active: 'Boolean',
      with_all_statuses: 'Boolean',
      include_suborganizations: 'Boolean',
      filter: 'String',
    },
    orderBy: {
      enum: 'AppointmentOrderKeys',
      values: {
        DATE_ASC: ['date', 'asc'],
        DATE_DESC: ['date', 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        UNSORTED: ['id', 'asc'],
      },
    },
    defaultOrder: ['date', 'asc'],
  },
  mutations: {
    create: {
      name: 'createAppointment',
      inputs: appointmentInputs,
      suppress: 'suppress_webhook_notifications',
    },
    update: {
      name: 'updateAppointment',
      inputs: { ...appointmentInputs, attended_clients: '[AttendedClientsInput]' },
      ignored: { client_updating: 'Boolean', updateRecurring: 'Boolean', client_confirmed: 'Boolean' },
      suppress: 'suppress_webhook_notifications',
    },
    delete: {
      name: 'deleteAppointment',
      suppress: 'suppress_webhook_notifications',
      ignored: { deleteRecurring: 'Boolean', appointment_inclusion_uuid: 'ID' },
    },
  },
  many: {
    attended_clients: {
      type: '[AppointmentInclusionType!]',
      resource: 'AppointmentInclusion',
      foreignKey: 'appointment_id',
    },
  },
  computed: {
    attendees: { type: '[User!]!', resolve: attendees },
    start: { type: 'String', resolve: (row) => row.date },
  },
});

async function attendees(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return typedDb<SchedulingTables>(reader)
    .selectFrom('users')
    .innerJoin('appointment_inclusions', 'appointment_inclusions.user_id', 'users.id')
    .selectAll('users')
    .where('appointment_inclusions.appointment_id', '=', row.id)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('appointment_inclusions.id')
    .execute();
}

export const Availability = resource({
  name: 'Availability',
  table: 'availabilities',
  events: 'availability',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { input: 'String', gql: 'Int', object: 'user', default: (caller) => caller.userId }),
    day_of_week: int({ min: 0, max: 6 }),
    is_repeating: bool({ default: false }),
    range_start: datetime(),
    range_end: datetime(),
    end_on: date(),
    time: text(),
    end_time: text(),
    timezone: text(),
    appointment_type_id: ref('AppointmentType', { input: 'String', gql: 'Int', object: 'appointment_type' }),
    appointment_location_id: foreignId({ input: 'String', gql: 'String' }),
    contact_type_id: foreignId({ input: 'String', gql: 'Int' }),
  },
  byId: 'availability',
  list: {
    name: 'availabilities',
    args: {
      user_id: equals('user_id', 'String'),
      provider_id: equals('user_id'),
      is_repeating: { type: 'Boolean', apply: (q, v) => q.where('is_repeating', '=', v ? 1 : 0) },
    },
    ignored: { show_availability: 'Boolean', is_org: 'Boolean' },
  },
  mutations: {
    create: {
      name: 'createAvailability',
      inputs: { start_datetime: 'String', end_datetime: 'String' },
    },
    // The reference names updateAvailability; the 2024-06 schema calls it editAvailability (id: String).
    update: {
      name: 'updateAvailability',
      inputs: { start_datetime: 'String', end_datetime: 'String' },
      aliases: [{ name: 'editAvailability', idType: 'String' }],
    },
    delete: 'deleteAvailability',
  },
});

/** A provider's connected Google or Outlook calendar; only internal sync changes it. */
export const ExternalCalendar = resource({
  name: 'ExternalCalendar',
  table: 'external_calendars',
  events: 'external_calendar',
  fields: {
    user_id: ref('User', { object: 'user' }),
    external_type: text(),
    email: text(),
    resource_name: text(),
    add_to_calendar: bool({ default: false }),
    pull_from_calendar: bool({ default: false }),
    pull_in_event_details: bool({ default: false }),
    has_ran_first_sync: bool({ default: false }),
  },
  byId: 'externalCalendar',
});

/** Every accepted integration callback, kept as reported (video sessions and calendar sync change nothing else). */
export const IntegrationReport = resource({
  name: 'IntegrationReport',
  table: 'integration_reports',
  fields: {
    provider: text({ required: true }),
    report: text({ required: true }),
    resource_type: text(),
    resource_id: foreignId(),
    details: json(),
  },
});

export const resources = [
  AppointmentType,
  AppointmentInclusion,
  Appointment,
  Availability,
  ExternalCalendar,
  IntegrationReport,
] as const;

export type SchedulingTables = TablesOf<(typeof resources)[number]>;
