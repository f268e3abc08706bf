/**
 * A provider's appointment settings (Healthie's `AppointmentSetting`) and the records written through them:
 * appointment locations with their rooms, calendar color schemes with their color codes, contact type
 * overrides, and the default video link with its per-item options. None of them has a documented webhook
 * event, so none emits one. Every stored setting defaults to the value Healthie gives a new account
 * (`SETTING_DEFAULTS`), so a record answers those values for whatever was never written.
 */
import {
  bool,
  foreignId,
  idIn,
  int,
  keywordsIn,
  parseId,
  parseIdList,
  ref,
  resource,
  text,
  findRow,
  type AnyField,
  type ListArg,
  type Reader,
  type StoredRow,
  whereIdIn,
} from '../../registry/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list machinery's queries are dynamic
type Query = any;

/** The locations named by availability rows (within scope) that `narrow` keeps. */
function withAvailability(query: Query, reader: Reader, narrow: (availability: Query) => Query): Query {
  const offered = narrow(
    reader.db
      .selectFrom('availabilities')
      .select('appointment_location_id')
      .where('appointment_location_id', 'is not', null)
      .where('organization_id', 'in', reader.scope),
  );
  return query.where('id', 'in', offered);
}

/** Whose locations: the providers named, every provider's (`org_level`), or else the caller's own. */
const locationsOfWhom: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query, value, reader, args) => {
    if (value === true) return query;
    if (args.provider_ids != null) return whereIdIn(query, 'user_id', parseIdList(args.provider_ids));
    if (args.provider_id != null) return query.where('user_id', '=', parseId(args.provider_id) ?? -1);
    return query.where('user_id', '=', reader.caller.userId);
  },
};

/** The weekday (0 = Sunday) of a `YYYY-MM-DD` day, or null when the text is no such day. */
function weekdayOf(value: unknown): number | null {
  const day = typeof value === 'string' ? value.slice(0, 10) : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const instant = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(instant) ? null : new Date(instant).getUTCDay();
}

const locationArgs: Record<string, ListArg> = {
  ids: { ...idIn(), type: '[Int]' },
  location_ids: { type: 'String', apply: (query, value) => whereIdIn(query, 'id', parseIdList(value)) },
  // A calendar resource is a location named by its id as text (as `Appointment.locationResource` answers).
  resource: { type: 'String', apply: (query, value) => query.where('id', '=', parseId(value) ?? -1) },
  keywords: keywordsIn('location'),
  org_level: locationsOfWhom,
  // Read by `org_level`, which picks whose locations are listed.
  provider_id: { type: 'ID', apply: (query) => query },
  provider_ids: { type: '[ID]', apply: (query) => query },
  appointment_type_id: {
    type: 'ID',
    apply: (query, value, reader) =>
      withAvailability(query, reader, (a) => a.where('appointment_type_id', '=', parseId(value) ?? -1)),
  },
  with_availability: {
    type: 'Boolean',
    apply: (query, value, reader) => (value === true ? withAvailability(query, reader, (a) => a) : query),
  },
  appointment_date: {
    type: 'String',
    // Open that day: a weekly availability on its weekday, or a one-off one starting that day.
    apply: (query, value, reader) => {
      const weekday = weekdayOf(value);
      if (weekday === null) return query.where('id', '=', -1);
      const day = String(value).slice(0, 10);
      return withAvailability(query, reader, (a) =>
        a.where((eb: Query) =>
          eb.or([
            eb.and([eb('is_repeating', '=', 1), eb('day_of_week', '=', weekday)]),
            eb.and([eb('is_repeating', '=', 0), eb('range_start', 'like', `${day}%`)]),
          ]),
        ),
      );
    },
  },
};

/** Healthie's values for a new account, for every setting `updateAppointmentSetting` writes. */
export const SETTING_DEFAULTS = {
  allow_appointment_type_pricing: false,
  allow_clients_to_cancel_appt: true,
  allow_clients_to_reschedule_appt: true,
  allow_external_videochat_urls: false,
  always_send_confirm_notification: false,
  appt_type_confirmed_email: false,
  appt_type_reminder_email: false,
  appt_type_website_booking_email: false,
  ask_clients_to_confirm: false,
  ask_to_confirm_via_text: false,
  auto_create_cms1500: false,
  auto_schedule_charges_for_late_cancellation_no_show: false,
  auto_submit_cms1500: false,
  auto_invoicing: false,
  charge_for_occurred_appts: false,
  client_should_call_provider: false,
  clients_have_billing: false,
  confirm_by_default: false,
  default_appt_form_to_group: false,
  default_to_zoom: false,
  disable_requested_form_notifications: false,
  hide_insurance_getting_started_info: false,
  hide_link: false,
  insurance_eligibility_integration: false,
  invoice_clients_without_payment_method: false,
  minimum_advance_cancel_time: 0,
  minimum_advance_reschedule_time: 0,
  minimum_advance_schedule_time: 0,
  prevent_client_booking: false,
  prevent_no_credit_booking: false,
  reply_to_provider: false,
  restore_credit_on_cancel: false,
  same_day_appointments: true,
  send_appointment_cancellation_email: true,
  send_appointment_update_email: true,
  send_booking_notice: true,
  send_email_before_appointment: true,
  send_intake_forms_reminder: true,
  send_push_before_appointment: true,
  send_reminder_four_days_before: false,
  send_reminder_one_day_before: true,
  send_reminder_one_hour_before: false,
  send_reminder_three_days_before: false,
  send_reminder_two_days_before: false,
  send_reminder_two_hours_before: false,
  send_text_reminder_four_days_before: false,
  send_text_reminder_one_day_before: false,
  send_text_reminder_one_hour_before: false,
  send_text_reminder_three_days_before: false,
  send_text_reminder_two_days_before: false,
  send_text_reminder_two_hours_before: false,
  send_text_reminder_five_minutes_before: false,
  set_default_videochat_url: false,
  show_care_plans: true,
  show_cms1500s: true,
  show_faxes: true,
  show_insurance_authorization: true,
  show_office_ally: false,
  show_superbills: true,
  times_by_appointment_type: false,
  times_by_contact_type: false,
  times_by_location: false,
  use_appointment_type_cpt_units_and_fees: false,
  use_client_credit_system: false,
  use_client_sources: false,
  use_zoom_waiting_room: false,
} as const;

const d = SETTING_DEFAULTS;

/** A provider's settings, one record per provider (`user_id`), written by `updateAppointmentSetting`. */
export const AppointmentSetting = resource({
  name: 'AppointmentSetting',
  table: 'appointment_settings',
  owner: 'user_id',
  uniqueBy: ['user_id'],
  fields: {
    user_id: ref('User', { input: 'String', gql: 'String', object: 'owner' }),
    advance_pricing_options: text(),
    allow_appointment_type_pricing: bool({ default: d.allow_appointment_type_pricing }),
    allow_clients_to_cancel_appt: bool({ default: d.allow_clients_to_cancel_appt }),
    allow_clients_to_reschedule_appt: bool({ default: d.allow_clients_to_reschedule_appt, gql: 'Boolean!' }),
    allow_external_videochat_urls: bool({ default: d.allow_external_videochat_urls, gql: 'Boolean!' }),
    always_send_confirm_notification: bool({ default: d.always_send_confirm_notification }),
    appt_type_confirmed_email: bool({ default: d.appt_type_confirmed_email }),
    appt_type_reminder_email: bool({ default: d.appt_type_reminder_email }),
    appt_type_website_booking_email: bool({ default: d.appt_type_website_booking_email }),
    ask_clients_to_confirm: bool({ default: d.ask_clients_to_confirm }),
    ask_to_confirm_via_text: bool({ default: d.ask_to_confirm_via_text }),
    auto_create_cms1500: bool({ default: d.auto_create_cms1500 }),
    auto_schedule_charges_for_late_cancellation_no_show: bool({
      default: d.auto_schedule_charges_for_late_cancellation_no_show,
    }),
    auto_submit_cms1500: bool({ default: d.auto_submit_cms1500 }),
    auto_invoicing: bool({ default: d.auto_invoicing }),
    booking_interval_restriction: int({ min: 0 }),
    buffer: text(),
    calendar_interval: text(),
    charge_for_occurred_appts: bool({ default: d.charge_for_occurred_appts }),
    client_should_call_provider: bool({ default: d.client_should_call_provider }),
    clients_have_billing: bool({ default: d.clients_have_billing }),
    confirm_by_default: bool({ default: d.confirm_by_default }),
    default_appt_form_to_group: bool({ default: d.default_appt_form_to_group }),
    default_charting_template_id: text(),
    default_group_charting_template_id: ref('CustomModuleForm', {
      object: 'default_group_charting_template',
      objectGql: 'CustomModuleForm',
    }),
    default_to_zoom: bool({ default: d.default_to_zoom }),
    default_video_service: text(),
    disable_requested_form_notifications: bool({ default: d.disable_requested_form_notifications }),
    end_time: text(),
    hide_insurance_getting_started_info: bool({ default: d.hide_insurance_getting_started_info }),
    hide_link: bool({ default: d.hide_link }),
    insurance_eligibility_integration: bool({ default: d.insurance_eligibility_integration }),
    invoice_clients_without_payment_method: bool({ default: d.invoice_clients_without_payment_method }),
    late_cancellation_fee: int({ min: 0 }),
    max_days_in_future: text(),
    minimum_advance_cancel_time: int({ min: 0, default: d.minimum_advance_cancel_time }),
    minimum_advance_reschedule_time: int({ min: 0, default: d.minimum_advance_reschedule_time }),
    minimum_advance_schedule_time: int({ min: 0, default: d.minimum_advance_schedule_time }),
    no_show_fee: int({ min: 0 }),
    prevent_client_booking: bool({ default: d.prevent_client_booking }),
    prevent_no_credit_booking: bool({ default: d.prevent_no_credit_booking }),
    reply_to_provider: bool({ default: d.reply_to_provider }),
    restore_credit_on_cancel: bool({ default: d.restore_credit_on_cancel }),
    same_day_appointments: bool({ default: d.same_day_appointments }),
    send_appointment_cancellation_email: bool({ default: d.send_appointment_cancellation_email }),
    send_appointment_update_email: bool({ default: d.send_appointment_update_email }),
    send_booking_notice: bool({ default: d.send_booking_notice }),
    send_email_before_appointment: bool({ default: d.send_email_before_appointment }),
    send_intake_forms_reminder: bool({ default: d.send_intake_forms_reminder }),
    send_push_before_appointment: bool({ default: d.send_push_before_appointment }),
    send_reminder_four_days_before: bool({ default: d.send_reminder_four_days_before }),
    send_reminder_one_day_before: bool({ default: d.send_reminder_one_day_before }),
    send_reminder_one_hour_before: bool({ default: d.send_reminder_one_hour_before }),
    send_reminder_three_days_before: bool({ default: d.send_reminder_three_days_before }),
    send_reminder_two_days_before: bool({ default: d.send_reminder_two_days_before }),
    send_reminder_two_hours_before: bool({ default: d.send_reminder_two_hours_before }),
    send_text_reminder_four_days_before: bool({ default: d.send_text_reminder_four_days_before }),
    send_text_reminder_one_day_before: bool({ default: d.send_text_reminder_one_day_before }),
    send_text_reminder_one_hour_before: bool({ default: d.send_text_reminder_one_hour_before }),
    send_text_reminder_three_days_before: bool({ default: d.send_text_reminder_three_days_before }),
    send_text_reminder_two_days_before: bool({ default: d.send_text_reminder_two_days_before }),
    send_text_reminder_two_hours_before: bool({ default: d.send_text_reminder_two_hours_before }),
    send_text_reminder_five_minutes_before: bool({ default: d.send_text_reminder_five_minutes_before }),
    set_default_videochat_url: bool({ default: d.set_default_videochat_url }),
    show_care_plans: bool({ default: d.show_care_plans }),
    show_cms1500s: bool({ default: d.show_cms1500s }),
    show_faxes: bool({ default: d.show_faxes }),
    show_insurance_authorization: bool({ default: d.show_insurance_authorization }),
    show_office_ally: bool({ default: d.show_office_ally }),
    show_superbills: bool({ default: d.show_superbills }),
    start_time: text(),
    times_by_appointment_type: bool({ default: d.times_by_appointment_type }),
    times_by_contact_type: bool({ default: d.times_by_contact_type }),
    times_by_location: bool({ default: d.times_by_location }),
    use_appointment_type_cpt_units_and_fees: bool({ default: d.use_appointment_type_cpt_units_and_fees }),
    use_client_credit_system: bool({ default: d.use_client_credit_system }),
    use_client_sources: bool({ default: d.use_client_sources }),
    use_zoom_waiting_room: bool({ default: d.use_zoom_waiting_room }),
  },
  byId: {
    name: 'appointmentSetting',
    args: { provider_id: 'ID' },
    find: (reader, args) => findSetting(reader, args),
  },
});

/** A place a provider sees clients (Healthie's `AppointmentLocation`), written through the settings. */
export const AppointmentLocation = resource({
  name: 'AppointmentLocation',
  table: 'appointment_locations',
  owner: 'appointment_setting_id',
  fields: {
    appointment_setting_id: ref('AppointmentSetting', { gql: 'String' }),
    user_id: ref('User', { gql: 'String' }),
    location: text(),
    clients_can_book: bool({ default: false, gql: 'Boolean!' }),
    has_rooms: bool({ default: false }),
  },
  byId: 'appointmentLocation',
  list: { name: 'appointmentLocations', args: locationArgs, defaultOrder: ['id', 'asc'] },
  many: { rooms: { type: '[Room!]', resource: 'Room', foreignKey: 'appointment_location_id' } },
});

/** A room of an appointment location. */
export const Room = resource({
  name: 'Room',
  table: 'appointment_location_rooms',
  owner: 'appointment_location_id',
  fields: {
    appointment_location_id: ref('AppointmentLocation', { gql: 'String' }),
    name: text(),
    limit_to_one: bool({ default: false, gql: 'Boolean!' }),
  },
});

/** How the provider's calendar colors appointments: by what (`color_code_by`), and the fallback color. */
export const CalendarColorScheme = resource({
  name: 'CalendarColorScheme',
  table: 'calendar_color_schemes',
  owner: 'appointment_setting_id',
  fields: {
    appointment_setting_id: ref('AppointmentSetting', { gql: 'String' }),
    user_id: ref('User', { gql: 'String' }),
    color_code_by: text(),
    default_color: text(),
  },
  many: {
    color_codes: { type: '[ColorCode!]', resource: 'ColorCode', foreignKey: 'calendar_color_scheme_id' },
  },
});

/** One item's color in a scheme (an appointment type, contact type, location or status). */
export const ColorCode = resource({
  name: 'ColorCode',
  table: 'calendar_color_codes',
  owner: 'calendar_color_scheme_id',
  fields: {
    calendar_color_scheme_id: ref('CalendarColorScheme', { gql: 'String' }),
    code_by_item: text(),
    color: text(),
  },
});

/** Whether clients are offered a contact type (Healthie's `ContactType`, written as an override). */
export const ContactType = resource({
  name: 'ContactType',
  table: 'contact_type_overrides',
  owner: 'appointment_setting_id',
  idGql: 'ID',
  fields: {
    appointment_setting_id: ref('AppointmentSetting', { gql: 'String' }),
    user_id: ref('User', { gql: 'String' }),
    name: text(),
    show: bool({ default: true, gql: 'Boolean!' }),
    position: int(),
    appointment_type_id: foreignId({ gql: 'String', writable: 'none' }),
    form_id: foreignId({ gql: 'String', writable: 'none' }),
  },
});

/** The video link a provider's appointments use by default, with links per item. */
export const VideoUrlDefault = resource({
  name: 'VideoUrlDefault',
  table: 'video_url_defaults',
  owner: 'appointment_setting_id',
  fields: {
    appointment_setting_id: ref('AppointmentSetting', { gql: 'ID' }),
    user_id: ref('User', { gql: 'ID!' }),
    default_url: text({ default: '', gql: 'String!' }),
  },
  many: {
    video_url_options: {
      type: '[VideoUrlOption!]',
      resource: 'VideoUrlOption',
      foreignKey: 'video_url_default_id',
    },
  },
});

export const VideoUrlOption = resource({
  name: 'VideoUrlOption',
  table: 'video_url_options',
  owner: 'video_url_default_id',
  fields: {
    video_url_default_id: ref('VideoUrlDefault', { gql: 'ID' }),
    url: text(),
    url_by_item_id: text(),
  },
});

export const settingResources = [
  AppointmentSetting,
  AppointmentLocation,
  Room,
  CalendarColorScheme,
  ColorCode,
  ContactType,
  VideoUrlDefault,
  VideoUrlOption,
] as const;

// Reading a provider's settings: the lookups `appointmentSetting` and the computed fields share.

/** The provider's stored settings, within scope. */
export async function storedSetting(reader: Reader, providerId: unknown): Promise<StoredRow | undefined> {
  if (typeof providerId !== 'number') return undefined;
  return (await reader.db
    .selectFrom('appointment_settings')
    .selectAll()
    .where('user_id', '=', providerId)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** Every stored setting's new-account value, as stored (flags 0/1). */
export function defaultValues(): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(AppointmentSetting.fields) as Array<[string, AnyField]>)
    values[name] = typeof f.defaultValue === 'function' ? null : (f.defaultValue ?? null);
  return values;
}

/** The settings a provider who never wrote any has: the new-account values, as the unsaved record 0. */
function unsavedSetting(user: StoredRow): StoredRow {
  return {
    ...defaultValues(),
    id: UNSAVED_SETTING_ID,
    organization_id: user.organization_id,
    user_id: user.id,
    created_at: null,
    updated_at: null,
  };
}

/**
 * A user's settings: those stored for the user, else (for a provider) the new-account ones; null for a client
 * without settings or a user out of scope.
 */
export async function settingOf(reader: Reader, userId: unknown): Promise<StoredRow | null> {
  const id = parseId(userId);
  if (id === null) return null;
  const stored = await storedSetting(reader, id);
  if (stored) return stored;
  const user = (await reader.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
  return !user || user.user_type === 'patient' ? null : unsavedSetting(user);
}

/** The id of the unsaved settings a provider reads before writing any (no stored record has it). */
export const UNSAVED_SETTING_ID = 0;

/** Whether an `id` input is absent or names the unsaved settings, so the provider's own are meant. */
export const meansProviderSetting = (id: unknown) =>
  id === undefined || id === null || id === '' || String(id).trim() === String(UNSAVED_SETTING_ID);

/** `appointmentSetting(id, provider_id)`: the record `id` names, else the provider's (the caller's by default). */
export async function findSetting(reader: Reader, args: Record<string, unknown>): Promise<StoredRow | null> {
  if (!meansProviderSetting(args.id)) {
    const id = parseId(args.id);
    return id === null ? null : ((await findRow(reader, AppointmentSetting, id)) ?? null);
  }
  return settingOf(reader, args.provider_id ?? reader.caller.userId);
}
