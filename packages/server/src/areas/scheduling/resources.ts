/**
 * Scheduling: appointments and their attendees, recurring series, appointment types with their settings,
 * CPT code, provider connections and form requests, provider availability, and connected external
 * calendars. Names and types follow healthie-schema.graphql. The declarations are data; behaviour and the
 * derived fields are bound in ./area.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import { containsKeywords, readKeywords } from '../../core/keywords.js';
import { randomBase64url, randomHex } from '../../core/random-token.js';
import {
  bool,
  date,
  datetime,
  enumOf,
  equals,
  foreignId,
  idFilterPair,
  int,
  json,
  keywordsIn,
  money,
  parseId,
  parseIdList,
  ref,
  resource,
  text,
  typedDb,
  type ListArg,
  type Reader,
  type StoredRow,
  type TablesOf,
  whereIdIn,
} from '../../registry/index.js';
import { settingResources } from './setting-resources.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list machinery's queries are dynamic
type Query = any;

/** A Boolean argument that keeps rows whose 0/1 `column` equals it. */
const flag = (column: string): ListArg => ({
  type: 'Boolean',
  apply: (query, value) => query.where(column, '=', value ? 1 : 0),
});

/** An argument carehooks can answer only one way: no record carries what it names (e.g. a color scheme). */
const matchesNothing = (type: string): ListArg => ({ type, apply: (query) => query.where('id', '=', -1) });

const nowIso = () => new Date().toISOString();

// ---------------------------------------------------------------------------------------------------------
// Appointment types

export const AppointmentType = resource({
  name: 'AppointmentType',
  table: 'appointment_types',
  softDelete: true,
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    name: text({ required: true }),
    length: int({ min: 0 }),
    pricing: money(),
    pricing_option: enumOf(['CUSTOM', 'CPT_CODE']),
    clients_can_book: bool({ default: false, gql: 'Boolean!' }),
    client_facing_display_name: text(),
    is_group: bool({ default: false, gql: 'Boolean!' }),
    is_waitlist_enabled: bool({ default: false, gql: 'Boolean!' }),
    dont_ask_for_reason: bool({ default: false }),
    insurance_billing_enabled: bool({ default: false }),
    require_in_state_clients: bool({ default: false }),
    require_specific_providers: bool({ default: false, gql: 'Boolean!' }),
    user_group_id: foreignId({ input: 'String', gql: 'String' }),
    bookable_by_groups: bool({ default: false }),
    bookable_without_group: bool({ default: true, gql: 'Boolean!' }),
    specific_groups: bool({ default: false }),
    // The user groups that may book it (comma-separated ids), when `bookable_by_groups`.
    bookable_group_ids: text(),
    // The contact types clients may book it as; none stored means all of them.
    contact_type_overrides: json({ input: '[String]', gql: '[String]', writable: 'create' }),
    metadata: text({ maxLength: 128_000 }),
    auto_increase_charge_for_actual_duration: bool({ default: false, writable: 'update' }),
    custom_text_reminder_body: text({ writable: 'update' }),
    embed_question_form_id: ref('CustomModuleForm', { input: 'String', gql: 'String', writable: 'update' }),
    has_specific_appointment_settings: bool({ default: false, writable: 'update' }),
    row_order: int({ gql: 'String', writable: 'update' }),
    // The provider who set it up.
    user_id: ref('User', { gql: 'Int', writable: 'none', default: (caller) => caller.userId }),
    // The form an AI scribe fills for appointments of this type (`appointment_autocomplete_form`).
    autocomplete_form_id: ref('CustomModuleForm', { writable: 'none' }),
  },
  byId: 'appointmentType',
  list: {
    name: 'appointmentTypes',
    count: 'appointmentTypesCount',
    cursor: true,
    shouldPaginate: true,
    withDeleted: 'with_deleted_appt_types',
    args: {
      appointment_type_ids: {
        type: 'String',
        apply: (query, value) => whereIdIn(query, 'id', parseIdList(jsonIds(value))),
      },
      clients_can_book: flag('clients_can_book'),
      // Booking through an embedded widget or a sharing link offers only self-bookable types.
      embed_or_sharing_link: {
        type: 'Boolean',
        apply: (query, value) => (value ? query.where('clients_can_book', '=', 1) : query),
      },
      keywords: keywordsIn('name', 'client_facing_display_name'),
      // The types the offering (package) includes.
      offering_id: {
        type: 'String',
        apply: (query, value, reader) =>
          query.where(
            'id',
            'in',
            reader.db
              .selectFrom('offering_includes')
              .select('appointment_type_id')
              .where('offering_id', '=', parseId(value) ?? -1)
              .where('organization_id', 'in', reader.scope),
          ),
      },
      org_level: {
        type: 'Boolean',
        apply: (query, value, reader, args) =>
          value === false && args.provider_id == null ? offeredBy(query, reader.caller.userId) : query,
      },
      provider_id: {
        type: 'String',
        apply: (query, value) => offeredBy(query, parseId(value) ?? -1),
      },
      show_group: {
        type: 'Boolean',
        apply: (query, value) => query.where('is_group', '=', value ? 1 : 0),
      },
    },
    orderBy: {
      enum: 'AppointmentTypeOrderKeys',
      values: {
        POSITION_ASC: [positionKey, 'asc'],
        POSITION_DESC: [positionKey, 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
      },
    },
    defaultOrder: [positionKey, 'asc'],
  },
  mutations: {
    create: {
      name: 'createAppointmentType',
      inputs: {
        appointment_setting: {
          type: 'AppointmentTypeAppointmentSettingInput',
          effect:
            'stores the settings this type uses instead of the provider’s (read back as `specific_appointment_setting`; they decide `Appointment.can_client_cancel`, `can_client_reschedule`, `minimum_advance_*_time`)',
        },
        appointment_autocomplete_form: {
          type: 'AppointmentAutocompleteFormCreateInput',
          effect: 'names the form an AI scribe fills (read back as `autocomplete_form_id`)',
        },
        appointment_type_cpt_code: {
          type: 'AppointmentTypeCptCode',
          effect: 'sets the CPT code, units and fee billed for the type (`appointment_type_cpt_code`)',
        },
        form_requests_before_appointment: {
          type: '[AppointmentTypeFormConnectionInput]',
          effect: 'forms requested before an appointment (`form_requests_before_appointment`)',
        },
        form_requests_after_appointment: {
          type: '[AppointmentTypeFormConnectionInput]',
          effect: 'forms requested after an appointment (`form_requests_after_appointment`)',
        },
        form_requests_after_appointment_booking: {
          type: '[AppointmentTypeFormConnectionInput]',
          effect: 'forms requested once an appointment is booked (`form_requests_after_appointment_booking`)',
        },
        provider_ids_for_appt_type_connections: {
          type: 'String',
          effect: 'the providers (comma-separated ids) who offer the type (`provider_appt_type_connections`)',
        },
      },
    },
    update: {
      name: 'updateAppointmentType',
      inputs: {
        appointment_setting: {
          type: 'AppointmentTypeAppointmentSettingInput',
          effect:
            'changes (or with `_destroy` removes) the settings of the type (`specific_appointment_setting`)',
        },
        appointment_autocomplete_form: {
          type: 'AppointmentAutocompleteFormUpdateInput',
          effect: 'changes (or with `_destroy` removes) the AI scribe form (`autocomplete_form_id`)',
        },
        appointment_type_cpt_code: {
          type: 'AppointmentTypeCptCode',
          effect: 'sets the CPT code, units and fee billed for the type (`appointment_type_cpt_code`)',
        },
        contact_type_override_in_person: {
          type: 'ContactTypeOverride',
          effect: 'whether clients may book it in person (`available_contact_types`)',
        },
        contact_type_override_phone_call: {
          type: 'ContactTypeOverride',
          effect: 'whether clients may book it as a phone call (`available_contact_types`)',
        },
        contact_type_override_video_chat: {
          type: 'ContactTypeOverride',
          effect: 'whether clients may book it as a video call (`available_contact_types`)',
        },
        form_requests_before_appointment: {
          type: '[AppointmentTypeFormConnectionInput]',
          effect: 'adds, changes or (`_destroy`) removes forms requested before an appointment',
        },
        form_requests_after_appointment: {
          type: '[AppointmentTypeFormConnectionInput]',
          effect: 'adds, changes or (`_destroy`) removes forms requested after an appointment',
        },
        form_requests_after_appointment_booking: {
          type: '[AppointmentTypeFormConnectionInput]',
          effect: 'adds, changes or (`_destroy`) removes forms requested once an appointment is booked',
        },
        provider_ids_for_appt_type_connections: {
          type: 'String',
          effect: 'the providers who offer the type; left out, every connection is removed, as in Healthie',
        },
      },
    },
    delete: 'deleteAppointmentType',
  },
});

/** `POSITION_*`: the position set with `row_order`, types without one after those with one. */
function positionKey(): RawBuilder<number> {
  return sql<number>`coalesce(${sql.ref('row_order')}, 2147483647)`;
}

/** Healthie's `appointment_type_ids` is a JSON array in a string (`"[1,2]"`); a plain list is read too. */
function jsonIds(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

/** Types the provider offers: those not limited to specific providers, or connected to the provider. */
function offeredBy(query: Query, providerId: number): Query {
  return query.where((eb: Query) =>
    eb.or([
      eb('require_specific_providers', '=', 0),
      eb(
        'id',
        'in',
        eb
          .selectFrom('provider_appt_type_connections')
          .select('appointment_type_id')
          .where('user_id', '=', providerId),
      ),
    ]),
  );
}

/**
 * The settings an appointment type uses instead of its provider's (Healthie's `appointment_setting` input);
 * read back as `AppointmentType.specific_appointment_setting` (Healthie's `AppointmentSetting` type is not
 * modelled) and used by the appointment's client cancel / reschedule fields.
 */
export const AppointmentTypeSetting = resource({
  name: 'AppointmentTypeSetting',
  table: 'appointment_type_settings',
  owner: 'appointment_type_id',
  fields: {
    appointment_type_id: ref('AppointmentType'),
    allow_appointment_type_pricing: bool(),
    allow_clients_to_cancel_appt: bool(),
    allow_clients_to_reschedule_appt: bool(),
    allow_past_appointment_rescheduling: bool(),
    allow_specific_client_pricing: bool(),
    allow_specific_provider_pricing: bool(),
    appointment_type_reminder_override: bool(),
    booking_interval_restriction: int(),
    buffer: text(),
    charge_for_occurred_appts: bool(),
    disallowed_reschedulable_statuses: json({ input: '[String]', gql: '[String]' }),
    invoice_clients_without_payment_method: bool(),
    max_days_in_future: text(),
    minimum_advance_cancel_time: int({ min: 0 }),
    minimum_advance_reschedule_time: int({ min: 0 }),
    minimum_advance_schedule_time: int({ min: 0 }),
    patient_reschedule_count_cap: text(),
    prevent_no_credit_booking: bool(),
    pricing: money(),
    same_day_appointments: bool(),
    send_booking_notice: bool(),
    send_reminder_four_days_before: bool(),
    send_reminder_one_day_before: bool(),
    send_reminder_one_hour_before: bool(),
    send_reminder_three_days_before: bool(),
    send_reminder_two_days_before: bool(),
    send_reminder_two_hours_before: bool(),
    send_text_reminder_four_days_before: bool(),
    send_text_reminder_one_day_before: bool(),
    send_text_reminder_one_hour_before: bool(),
    send_text_reminder_three_days_before: bool(),
    send_text_reminder_two_days_before: bool(),
    send_text_reminder_two_hours_before: bool(),
    use_client_credit_system: bool(),
  },
});

/** The CPT code an appointment type bills (Healthie's `AppointmentTypeCptCodeType`). */
export const AppointmentTypeCptCode = resource({
  name: 'AppointmentTypeCptCode',
  type: 'AppointmentTypeCptCodeType',
  table: 'appointment_type_cpt_codes',
  owner: 'appointment_type_id',
  fields: {
    appointment_type_id: ref('AppointmentType', { gql: 'ID!' }),
    cpt_code_id: foreignId({ input: 'String', gql: 'ID!', required: true }),
    fee_per_unit: int({ min: 0 }),
    units: text(),
  },
});

/** A provider who offers an appointment type (when the type is limited to specific providers). */
export const ProviderApptTypeConnection = resource({
  name: 'ProviderApptTypeConnection',
  table: 'provider_appt_type_connections',
  owner: 'appointment_type_id',
  uniqueBy: ['appointment_type_id', 'user_id'],
  fields: {
    appointment_type_id: ref('AppointmentType'),
    user_id: ref('User', { required: true }),
  },
});

export const FORM_REQUEST_TRIGGERS = [
  'before_appointment',
  'after_appointment',
  'after_appointment_booking',
] as const;

/** A form sent to the attendees of an appointment type's appointments, before or after it. */
export const AppointmentTypeFormConnection = resource({
  name: 'AppointmentTypeFormConnection',
  table: 'appointment_type_form_connections',
  owner: 'appointment_type_id',
  fields: {
    appointment_type_id: ref('AppointmentType'),
    custom_module_form_id: ref('CustomModuleForm', { required: true, object: 'custom_module_form' }),
    // An ISO 8601 duration (`P1D`, `PT2H`): how long before or after the trigger the form is sent.
    interval: text({ gql: 'ISO8601Duration', input: 'ISO8601Duration' }),
    send_trigger: enumOf(FORM_REQUEST_TRIGGERS),
  },
});

// ---------------------------------------------------------------------------------------------------------
// Appointments

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
    // The attendee's own key to their place (reschedule or cancel without signing in).
    external_uuid: text({ gql: 'ID', writable: 'none', default: () => crypto.randomUUID() }),
    // As the video integration reports them.
    join_time: text({ writable: 'none' }),
    leave_time: text({ writable: 'none' }),
    // A place on the waitlist of a full group appointment, not yet a seat.
    on_waitlist: bool({ default: false, writable: 'none' }),
  },
});

/** A series of repeating appointments (Healthie's `RecurringAppointment`). */
export const RecurringAppointment = resource({
  name: 'RecurringAppointment',
  table: 'recurring_appointments',
  fields: {
    join_all: bool({ default: false, gql: 'Boolean!' }),
    repeat_interval: enumOf(['Weekly', 'Biweekly', 'Monthly', 'Every 4 Weeks']),
    repeat_times: text(),
  },
});

const appointmentsOfUser: ListArg = {
  type: 'ID',
  apply: (query, value, reader: Reader) => withAttendees(query, reader, [parseId(value) ?? -1], true),
};

/** Appointments whose patient or one of whose attendees is one of `ids`. */
function withAttendees(query: Query, reader: Reader, ids: readonly number[], orPatient: boolean): Query {
  const list = ids.length === 0 ? [-1] : ids;
  return query.where((eb: Query) =>
    eb.or([
      ...(orPatient ? [eb('user_id', 'in', list)] : []),
      eb(
        'id',
        'in',
        typedDb<SchedulingTables>(reader)
          .selectFrom('appointment_inclusions')
          .select('appointment_id')
          .where('user_id', 'in', list)
          .where('on_waitlist', '=', 0),
      ),
    ]),
  );
}

/** Appointments starting on or after / on or before a day (`YYYY-MM-DD`), as written. */
const fromDay: ListArg = { type: 'String', apply: (q, v) => q.where('date', '>=', String(v).slice(0, 10)) };
const untilDay: ListArg = {
  type: 'String',
  apply: (q, v) => q.where('date', '<', `${String(v).slice(0, 10)}~`),
};

/** Appointments whose start (as a UTC instant) is `op` the given instant. */
function startsAt(query: Query, reader: Reader, op: '<' | '>=' | '<=', instant: string): Query {
  return query.where(
    'id',
    'in',
    typedDb<SchedulingTables>(reader)
      .selectFrom('schedule_spans')
      .select('record_id')
      .where('record_type', '=', 'Appointment')
      .where('starts_at', op, instant),
  );
}

function endsBefore(query: Query, reader: Reader, instant: string): Query {
  return query.where(
    'id',
    'in',
    typedDb<SchedulingTables>(reader)
      .selectFrom('schedule_spans')
      .select('record_id')
      .where('record_type', '=', 'Appointment')
      .where('ends_at', '<', instant),
  );
}

/** The statuses of appointments that did not take place. */
export const DID_NOT_OCCUR = ['No-Show', 'Re-Scheduled', 'Cancelled', 'Late Cancellation'] as const;

/** Arguments that choose a window of days, which then replaces the default `future` filter. */
const WINDOW_ARGS = ['startDate', 'endDate', 'specificDay', 'currentWeek'];

const appointmentFilter: ListArg = {
  type: 'String',
  always: true,
  apply: (query, value, reader, args) => {
    if (value == null && WINDOW_ARGS.some((name) => args[name] != null && args[name] !== false)) return query;
    switch (value ?? 'future') {
      case 'future':
        return startsAt(query, reader, '>=', nowIso());
      case 'past':
        return startsAt(query, reader, '<', nowIso());
      case 'ended':
        return endsBefore(query, reader, nowIso());
      case 'didnt-occur':
        return query.where('pm_status', 'in', DID_NOT_OCCUR);
      default:
        return query;
    }
  },
};

/** Appointments whose provider is one of `ids`; with `use_provider_inclusions`, any of their providers. */
function providedBy(query: Query, ids: readonly number[], args: Record<string, unknown>): Query {
  const list = ids.length === 0 ? [-1] : ids;
  if (args.use_provider_inclusions !== true) return query.where('other_party_id', 'in', list);
  return query.where((eb: Query) =>
    eb.or([
      eb('other_party_id', 'in', list),
      ...list.map((id) => sql<boolean>`(',' || ${sql.ref('provider_ids')} || ',') like ${`%,${id},%`}`),
    ]),
  );
}

/** Whose appointments: named providers or patients, else the organization's (`is_org`) or the caller's. */
const appointmentsOfWhom: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query, value, reader, args) => {
    const named =
      args.provider_id != null ||
      (args.provider_ids != null && value === true) ||
      args.user_id != null ||
      args.attendee_ids != null;
    if (named) return query;
    if (value === true)
      return args.include_suborganizations === true
        ? query
        : query.where('organization_id', '=', reader.caller.organizationId);
    return providedBy(query, [reader.caller.userId], args);
  },
};

const statusesOf = (value: unknown) =>
  (Array.isArray(value) ? value : String(value).split(','))
    .map((s) => String(s).trim())
    .filter((s) => s !== '');

/** Appointments with the status, or with none for `no_status` (Healthie's name for an unset status). */
function withStatuses(query: Query, statuses: readonly string[]): Query {
  const named = statuses.filter((s) => s.toLowerCase() !== 'no_status');
  const unset = named.length !== statuses.length;
  return query.where((eb: Query) =>
    eb.or([
      ...(named.length > 0 ? [eb('pm_status', 'in', named)] : []),
      ...(unset ? [eb('pm_status', 'is', null)] : []),
      ...(named.length === 0 && !unset ? [eb('id', '=', -1)] : []),
    ]),
  );
}

/** `keywords`: the appointment's notes, reason, location or contact type, or its patient's name. */
const appointmentKeywords: ListArg = {
  type: 'String',
  apply: (query, value, reader) => {
    const keywords = readKeywords(value);
    if (keywords === null) return query;
    const patients = reader.db
      .selectFrom('users')
      .select('id')
      .where((eb: Query) =>
        eb.or(['first_name', 'last_name'].map((c) => containsKeywords(eb.ref(c), keywords))),
      );
    return query.where((eb: Query) =>
      eb.or([
        ...['notes', 'reason', 'location', 'contact_type'].map((c) => containsKeywords(eb.ref(c), keywords)),
        eb('user_id', 'in', patients),
      ]),
    );
  },
};

/** The appointments of patients wearing any of the tags. */
const taggedAttendees: ListArg = {
  type: '[ID]',
  apply: (query, value, reader) =>
    query.where((eb: Query) =>
      eb.or([
        eb('user_id', 'in', taggedUsers(reader, parseIdList(value))),
        eb(
          'id',
          'in',
          typedDb<SchedulingTables>(reader)
            .selectFrom('appointment_inclusions')
            .select('appointment_id')
            .where('user_id', 'in', taggedUsers(reader, parseIdList(value))),
        ),
      ]),
    ),
};

/** The users wearing any of the tags (applied and not removed). */
function taggedUsers(reader: Reader, tagIds: readonly number[]): Query {
  return reader.db
    .selectFrom('applied_tags')
    .select('user_id')
    .where('tag_id', 'in', tagIds.length === 0 ? [-1] : tagIds)
    .where('deleted_at', 'is', null);
}

const startOfWeek = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - now.getUTCDay()));

export const Appointment = resource({
  name: 'Appointment',
  table: 'appointments',
  events: 'appointment',
  owner: 'user_id',
  softDelete: true,
  timestamps: { created_at: 'String!' },
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
    // The time zone of a date written without an offset (the caller's when not given).
    timezone: text(),
    contact_type: text(),
    location: text(),
    appointment_location_id: foreignId({ input: 'String', gql: 'String' }),
    room_id: foreignId({ input: 'String' }),
    cpt_code_id: foreignId(),
    units: text(),
    pm_status: enumOf(['Occurred', 'No-Show', 'Re-Scheduled', 'Cancelled', 'Late Cancellation'], {
      writable: 'update',
    }),
    confirmed: bool({ default: false }),
    client_confirmed: bool({ default: true, writable: 'update' }),
    client_updating: bool({ default: false, writable: 'update' }),
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
    exclude_no_credits: bool({ default: false, writable: 'create' }),
    metadata: json(),
    // Every provider of the appointment (comma-separated ids), as `providers` assigned them.
    provider_ids: text({ writable: 'none' }),
    recurring_appointment_id: ref('RecurringAppointment', {
      gql: 'String',
      writable: 'none',
      object: 'recurring_appointment',
    }),
    // Moved on its own, out of its series' rhythm.
    time_recurring_override: bool({ default: false, writable: 'none' }),
    initiator_id: ref('User', { gql: 'ID', writable: 'none', default: (caller) => caller.userId }),
    // From completeCheckout: the intake flow the client came through and the booking form's answers.
    intake_flow_uuid: text({ writable: 'none' }),
    booking_form_answers: json({ writable: 'none' }),
    // Its video session and the join token for it (Healthie's OpenTok pair), made with the appointment.
    session_id: text({ writable: 'none', default: () => randomHex(16) }),
    generated_token: text({
      writable: 'none',
      default: () => `T1==${randomBase64url(32)}`,
    }),
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
    count: 'appointmentsCount',
    cursor: true,
    shouldPaginate: false,
    args: {
      user_id: appointmentsOfUser,
      attendee_ids: {
        type: '[ID]',
        apply: (query, value, reader) => withAttendees(query, reader, parseIdList(value), false),
      },
      provider_id: {
        type: 'ID',
        apply: (query, value, _reader, args) => providedBy(query, [parseId(value) ?? -1], args),
      },
      provider_ids: {
        type: '[ID]',
        apply: (query, value, _reader, args) =>
          args.is_org === true ? providedBy(query, parseIdList(value), args) : query,
      },
      use_provider_inclusions: { type: 'Boolean', apply: (query) => query },
      is_org: appointmentsOfWhom,
      include_suborganizations: { type: 'Boolean', apply: (query) => query },
      filter: appointmentFilter,
      ...idFilterPair(
        'filter_by_appointment_type_id',
        'filter_by_appointment_type_ids',
        'appointment_type_id',
      ),
      ...idFilterPair(
        'filter_by_location_id',
        'filter_by_appointment_location_ids',
        'appointment_location_id',
      ),
      filter_by_appointment_status: {
        type: 'String',
        apply: (query, value, _reader, args) =>
          args.filter_by_appointment_statuses != null ? query : withStatuses(query, statusesOf(value)),
      },
      filter_by_appointment_statuses: {
        type: '[String]',
        apply: (query, value) => withStatuses(query, statusesOf(value)),
      },
      with_all_statuses: {
        type: 'Boolean',
        always: true,
        // Cancelled and rescheduled appointments are left out unless asked for (or a status is named).
        apply: (query, value, _reader, args) =>
          value === true ||
          args.filter_by_appointment_status != null ||
          args.filter_by_appointment_statuses != null ||
          args.filter === 'didnt-occur'
            ? query
            : query.where((eb: Query) =>
                eb.or([
                  eb('pm_status', 'is', null),
                  eb('pm_status', 'not in', ['Cancelled', 'Re-Scheduled']),
                ]),
              ),
      },
      without_status: {
        type: 'Boolean',
        apply: (query, value) => (value ? query.where('pm_status', 'is', null) : query),
      },
      is_active: {
        type: 'Boolean',
        apply: (query, value) =>
          value
            ? query.where((eb: Query) =>
                eb.or([eb('pm_status', 'is', null), eb('pm_status', 'not in', DID_NOT_OCCUR)]),
              )
            : query.where('pm_status', 'in', DID_NOT_OCCUR),
      },
      filter_by_contact_types: {
        type: 'String',
        apply: (query, value) => {
          const types = statusesOf(value);
          return types.length === 0 ? query.where('id', '=', -1) : query.where('contact_type', 'in', types);
        },
      },
      is_confirmed: flag('confirmed'),
      filter_by_provider_confirmed: flag('confirmed'),
      unconfirmed: {
        type: 'Boolean',
        apply: (query, value) => query.where('confirmed', '=', value ? 0 : 1),
      },
      filter_by_client_confirmed: flag('client_confirmed'),
      is_upcoming: {
        type: 'Boolean',
        apply: (query, value, reader) => startsAt(query, reader, value ? '>=' : '<', nowIso()),
      },
      include_blockers: {
        type: 'Boolean',
        apply: (query, value) => (value === false ? query.where('is_blocker', '=', 0) : query),
      },
      include_nil_blockers: {
        type: 'Boolean',
        always: true,
        // Blockers with no type, location or status are left out unless asked for (or statuses are named).
        apply: (query, value, _reader, args) =>
          value === true || args.filter_by_appointment_statuses != null
            ? query
            : query.where((eb: Query) =>
                eb.not(
                  eb.and([
                    eb('is_blocker', '=', 1),
                    eb('appointment_type_id', 'is', null),
                    eb('appointment_location_id', 'is', null),
                    eb('pm_status', 'is', null),
                  ]),
                ),
              ),
      },
      is_with_clients: {
        type: 'Boolean',
        apply: (query, value, reader) =>
          query.where(
            'id',
            value ? 'in' : 'not in',
            typedDb<SchedulingTables>(reader)
              .selectFrom('appointment_inclusions')
              .select('appointment_id')
              .where('on_waitlist', '=', 0),
          ),
      },
      with_others: {
        // Group appointments: more than one attendee.
        type: 'Boolean',
        apply: (query, value, reader) =>
          query.where(
            'id',
            value ? 'in' : 'not in',
            typedDb<SchedulingTables>(reader)
              .selectFrom('appointment_inclusions')
              .select('appointment_id')
              .where('on_waitlist', '=', 0)
              .groupBy('appointment_id')
              .having((eb) => eb.fn.countAll(), '>', 1),
          ),
      },
      keywords: appointmentKeywords,
      show_appointments: {
        type: 'Boolean',
        apply: (query, value) => (value === false ? query.where('id', '=', -1) : query),
      },
      startDate: fromDay,
      endDate: untilDay,
      specificDay: {
        type: 'String',
        apply: (query, value) => {
          const day = String(value).slice(0, 10);
          return query.where('date', '>=', day).where('date', '<', `${day}~`);
        },
      },
      currentWeek: {
        type: 'Boolean',
        apply: (query, value, reader) => {
          if (!value) return query;
          const start = startOfWeek(new Date());
          const end = new Date(start.getTime() + 7 * 86_400_000);
          return startsAt(startsAt(query, reader, '>=', start.toISOString()), reader, '<', end.toISOString());
        },
      },
      exclude_appointments_with_invoice: {
        type: 'Boolean',
        apply: (query, value, reader) =>
          value
            ? query.where(
                'id',
                'not in',
                reader.db
                  .selectFrom('requested_payments')
                  .select('appointment_id')
                  .where('appointment_id', 'is not', null),
              )
            : query,
      },
      filter_by_invoices: {
        type: 'Boolean',
        // Up to the next scheduled appointment: everything past, and the first one to come.
        apply: (query, value, reader) => {
          if (!value) return query;
          const next = typedDb<SchedulingTables>(reader)
            .selectFrom('schedule_spans')
            .select((eb) => eb.fn.min('starts_at').as('next'))
            .where('record_type', '=', 'Appointment')
            .where('starts_at', '>=', nowIso())
            .where('organization_id', 'in', reader.scope);
          return query.where(
            'id',
            'in',
            typedDb<SchedulingTables>(reader)
              .selectFrom('schedule_spans')
              .select('record_id')
              .where('record_type', '=', 'Appointment')
              .where((eb) => eb.or([eb('starts_at', '<', nowIso()), eb('starts_at', '<=', next)])),
          );
        },
      },
      filter_by_chart_note_written: {
        type: 'Boolean',
        apply: (query, value, reader) =>
          query.where(
            'id',
            value ? 'in' : 'not in',
            // Charting is the forms-charting area's (which reads appointments): its table, read by name.
            reader.db
              .selectFrom('form_answer_groups')
              .select('appointment_id')
              .where('appointment_id', 'is not', null),
          ),
      },
      // Appointments pulled in from a connected calendar: carehooks pulls none, so every one is its own.
      filter_synced_appointments: { type: 'Boolean', apply: (query) => query },
      only_healthie_appointments: { type: 'Boolean', apply: (query) => query },
      // Calendar color schemes and provider state licenses are not modelled: nothing matches them.
      colorSchemeId: matchesNothing('String'),
      state_license: matchesNothing('String'),
      tag_ids: taggedAttendees,
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
      inputs: {
        datetime: { type: 'String', effect: 'the start, written with its offset or in `timezone`' },
        time: { type: 'String', effect: 'with `date`, the start (`2:30 PM` or `14:30`)' },
        end_date: { type: 'String', effect: 'with `end_time`, the end: sets `length`' },
        end_time: { type: 'String', effect: 'the end (on `end_date`, else the start’s day): sets `length`' },
        attendee_ids: { type: 'String', effect: 'the attendees (comma-separated ids)' },
        providers: {
          type: 'String',
          effect: 'every provider (comma-separated ids); the first is `other_party_id` unless it is given',
        },
        recurring_appointment: {
          type: 'RecurringAppointmentInput',
          effect: 'repeats the appointment: books the rest of the series (`recurring_appointment`)',
        },
        start_immediately: {
          type: 'Boolean',
          effect: 'starts the appointment now: `date` is the current time',
        },
      },
      suppress: 'suppress_webhook_notifications',
    },
    update: {
      name: 'updateAppointment',
      inputs: {
        datetime: { type: 'String', effect: 'the start, written with its offset or in `timezone`' },
        time: { type: 'String', effect: 'with `date`, the start (`2:30 PM` or `14:30`)' },
        end_date: { type: 'String', effect: 'with `end_time`, the end: sets `length`' },
        end_time: { type: 'String', effect: 'the end (on `end_date`, else the start’s day): sets `length`' },
        attendee_ids: { type: 'String', effect: 'the attendees (comma-separated ids)' },
        attended_clients: {
          type: '[AttendedClientsInput]',
          effect: 'attendance, confirmation and cancellation of each attendee',
        },
        providers: { type: 'String', effect: 'every provider (comma-separated ids)' },
        recurring_appointment: {
          type: 'RecurringAppointmentInput',
          effect: 'changes the series’ `join_all` (its rhythm is kept)',
        },
        updateRecurring: {
          type: 'Boolean',
          effect: 'applies the change to the later appointments of the series too',
        },
        appointment_inclusion_uuid: {
          type: 'ID',
          effect: 'the change is the attendee’s with that key: `client_confirmed` sets their confirmation',
        },
      },
      suppress: 'suppress_webhook_notifications',
    },
    // deleteAppointment is ./delete-appointment.ts (an attendee may leave instead of the appointment going).
  },
  many: {
    attended_clients: {
      type: '[AppointmentInclusionType!]',
      resource: 'AppointmentInclusion',
      foreignKey: 'appointment_id',
    },
  },
  computed: {
    attendees: { type: '[User!]!', resolve: (row, reader) => attendees(row, reader, false) },
    attendees_on_waitlist: { type: '[User!]', resolve: (row, reader) => attendees(row, reader, true) },
    start: { type: 'String', resolve: (row) => row.date },
  },
});

async function attendees(row: StoredRow, reader: Reader, waitlist: boolean): Promise<unknown[]> {
  return typedDb<SchedulingTables>(reader)
    .selectFrom('users')
    .innerJoin('appointment_inclusions', 'appointment_inclusions.user_id', 'users.id')
    .selectAll('users')
    .where('appointment_inclusions.appointment_id', '=', row.id)
    .where('appointment_inclusions.on_waitlist', '=', waitlist ? 1 : 0)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('appointment_inclusions.id')
    .execute();
}

/**
 * The UTC instants an appointment or one-off availability starts and ends, kept beside the record (which
 * keeps its times as written) so time filters compare instants whatever the offset or zone.
 */
export const ScheduleSpan = resource({
  name: 'ScheduleSpan',
  table: 'schedule_spans',
  uniqueBy: ['record_type', 'record_id'],
  fields: {
    record_type: enumOf(['Appointment', 'Availability'], { required: true }),
    record_id: foreignId({ required: true }),
    starts_at: text(),
    ends_at: text(),
  },
});

/** One saved change of an appointment: who made it and what it changed (its edit history). */
export const AppointmentChange = resource({
  name: 'AppointmentChange',
  table: 'appointment_changes',
  owner: 'appointment_id',
  fields: {
    appointment_id: ref('Appointment', { required: true }),
    user_id: ref('User'),
    changed_fields: json({ gql: '[String]' }),
    status_changed: bool({ default: false }),
    rescheduled: bool({ default: false }),
    by_client: bool({ default: false }),
  },
});

// ---------------------------------------------------------------------------------------------------------
// Availability

/** Availabilities of the providers named, else the organization's (`is_org`) or the caller's own. */
const availabilitiesOfWhom: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query, value, reader, args) => {
    const named = ['availability_provider_id', 'provider_id', 'provider_ids', 'user_id'].some(
      (name) => args[name] != null && args[name] !== '',
    );
    if (named || value === true) return query;
    return query.where('user_id', '=', reader.caller.userId);
  },
};

/** A record for this one value, or for any (no value stored). */
const forOneOrAll = (column: string, type = 'String'): ListArg => ({
  type,
  apply: (query, value) => {
    const ids = parseIdList(value);
    return query.where((eb: Query) =>
      eb.or([eb(column, 'is', null), eb(column, 'in', ids.length === 0 ? [-1] : ids)]),
    );
  },
});

/** Availabilities within the window (`startDate`…`endDate`, widened by the paddings, in `timezone`). */
const availabilityWindow = (edge: 'start' | 'end'): ListArg => ({
  type: 'String',
  apply: (query, value, reader, args) => {
    const zone = typeof args.timezone === 'string' && args.timezone !== '' ? args.timezone : null;
    const bound = windowBound(String(value), edge, args, zone);
    if (bound === null) return query;
    const day = bound.slice(0, 10);
    // One-off blocks by their instants; repeating ones by the days they run.
    return query.where((eb: Query) =>
      eb.or([
        eb.and([
          eb('is_repeating', '=', 0),
          eb(
            'id',
            'in',
            typedDb<SchedulingTables>(reader)
              .selectFrom('schedule_spans')
              .select('record_id')
              .where('record_type', '=', 'Availability')
              .where(edge === 'start' ? 'ends_at' : 'starts_at', edge === 'start' ? '>' : '<', bound),
          ),
        ]),
        eb.and([
          eb('is_repeating', '=', 1),
          edge === 'start'
            ? eb.or([eb('end_on', 'is', null), eb('end_on', '>=', day)])
            : eb.or([eb('range_start', 'is', null), eb('range_start', '<', `${day}~`)]),
        ]),
      ]),
    );
  },
});

/** The window edge as a UTC ISO instant: the day or time given (in the zone), moved by its padding. */
function windowBound(
  value: string,
  edge: 'start' | 'end',
  args: Record<string, unknown>,
  zone: string | null,
): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d, h, mi] = match;
  const dateOnly = h === undefined;
  let instant = Date.UTC(
    Number(y),
    Number(m) - 1,
    Number(d) + (dateOnly && edge === 'end' ? 1 : 0),
    Number(h ?? 0),
    Number(mi ?? 0),
  );
  if (zone) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        timeZoneName: 'longOffset',
      })
        .formatToParts(new Date(instant))
        .find((p) => p.type === 'timeZoneName')?.value;
      const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(parts ?? '');
      if (offset)
        instant -= (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
    } catch {
      // An unknown zone reads the window in UTC.
    }
  }
  const hours =
    edge === 'start' ? Number(args.start_date_padding ?? 12) : Number(args.end_date_padding ?? 24);
  const padding = Number.isFinite(hours) ? hours * 3_600_000 : 0;
  return new Date(edge === 'start' ? instant - padding : instant + padding).toISOString();
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
    count: 'availabilitiesCount',
    shouldPaginate: false,
    args: {
      user_id: equals('user_id', 'String'),
      availability_provider_id: equals('user_id'),
      provider_id: {
        type: 'ID',
        apply: (query, value, _reader, args) =>
          args.availability_provider_id != null ? query : query.where('user_id', '=', parseId(value) ?? -1),
      },
      provider_ids: {
        type: '[ID]',
        apply: (query, value, _reader, args) =>
          args.availability_provider_id != null ? query : whereIdIn(query, 'user_id', parseIdList(value)),
      },
      is_org: availabilitiesOfWhom,
      is_repeating: flag('is_repeating'),
      one_time: {
        type: 'Boolean',
        apply: (query, value) => (value ? query.where('is_repeating', '=', 0) : query),
      },
      includeRepeating: {
        type: 'Boolean',
        apply: (query, value) => (value === false ? query.where('is_repeating', '=', 0) : query),
      },
      appointment_location_id: forOneOrAll('appointment_location_id'),
      appointment_type_id: forOneOrAll('appointment_type_id'),
      appointment_type_ids: forOneOrAll('appointment_type_id', '[ID]'),
      contact_type_id: forOneOrAll('contact_type_id'),
      startDate: availabilityWindow('start'),
      endDate: availabilityWindow('end'),
      // Read by the window arguments.
      start_date_padding: { type: 'Int', apply: (query) => query },
      end_date_padding: { type: 'Int', apply: (query) => query },
      timezone: { type: 'String', apply: (query) => query },
      show_availability: {
        type: 'Boolean',
        apply: (query, value) => (value === false ? query.where('id', '=', -1) : query),
      },
      tag_ids: {
        type: '[ID]',
        apply: (query, value, reader) =>
          query.where('user_id', 'in', taggedUsers(reader, parseIdList(value))),
      },
      state_license: matchesNothing('String'),
    },
    defaultOrder: ['id', 'asc'],
  },
  mutations: {
    create: {
      name: 'createAvailability',
      inputs: {
        start_datetime: { type: 'String', effect: 'the start of a one-off block (`range_start`)' },
        end_datetime: { type: 'String', effect: 'the end of a one-off block (`range_end`)' },
      },
    },
    // The reference names updateAvailability; the 2024-06 schema calls it editAvailability (id: String).
    update: {
      name: 'updateAvailability',
      inputs: {
        start_datetime: { type: 'String', effect: 'the start of a one-off block (`range_start`)' },
        end_datetime: { type: 'String', effect: 'the end of a one-off block (`range_end`)' },
      },
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
    // What the sync partner reported: the account's calendars and the ones pulled in.
    calendar_list: json({ gql: '[String]', writable: 'none' }),
    pulled_in_calendars: json({ gql: '[String]', writable: 'none' }),
    // Whether the partner granted lasting access (a refresh token); cleared by an authorization error.
    has_refresh_token: bool({ default: true, writable: 'none' }),
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
  AppointmentTypeSetting,
  AppointmentTypeCptCode,
  ProviderApptTypeConnection,
  AppointmentTypeFormConnection,
  AppointmentInclusion,
  RecurringAppointment,
  Appointment,
  ScheduleSpan,
  AppointmentChange,
  Availability,
  ExternalCalendar,
  IntegrationReport,
  ...settingResources,
] as const;

export type SchedulingTables = TablesOf<(typeof resources)[number]>;
