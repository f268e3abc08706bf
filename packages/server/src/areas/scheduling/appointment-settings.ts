/**
 * A provider's appointment settings: `updateAppointmentSetting` writes them (creating the provider's record
 * on first write) with the locations, color schemes, contact type overrides and default video link nested
 * in its input; `appointmentSetting(id, provider_id)`, `User.appointment_setting`, `AppointmentType.
 * appointment_setting` and the accepted-insurance-plan payloads read them.
 *
 * A provider who never wrote settings reads Healthie's new-account values (`SETTING_DEFAULTS`) as a record
 * with id 0, which no stored record has; `updateAppointmentSetting` takes id 0 as "the provider's own".
 * A type's own settings (`AppointmentTypeSetting`) read as an AppointmentSetting: its values where it sets
 * them, the new-account values elsewhere.
 */
import {
  accountDefault,
  createRecord,
  deleteRecord,
  fail,
  parseId,
  requireRow,
  typedDb,
  updateRecord,
  within,
  type AnyField,
  type Computed,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import {
  applyChild,
  applyChildren,
  childrenOf,
  nestedItem,
  nestedItems,
} from '../../registry/nested-input.js';
import type { BillingInsuranceTables } from '../billing-insurance/index.js';
import type { PatientsTables } from '../patients/index.js';
import { typeSetting } from './appointment-types.js';
import {
  AppointmentLocation,
  AppointmentSetting,
  CalendarColorScheme,
  ColorCode,
  ContactType,
  defaultValues,
  meansProviderSetting,
  Room,
  settingOf,
  storedSetting,
  UNSAVED_SETTING_ID,
  VideoUrlDefault,
  VideoUrlOption,
} from './setting-resources.js';
import { DID_NOT_OCCUR, type SchedulingTables } from './resources.js';

const db = (reader: Reader) => typedDb<SchedulingTables & PatientsTables & BillingInsuranceTables>(reader);

/** A type's own settings as an AppointmentSetting: its values where set, the new-account ones elsewhere. */
async function typeAppointmentSetting(row: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const own = await typeSetting(reader, row.id);
  if (!own) return null;
  const set = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== null));
  return {
    ...defaultValues(),
    ...set,
    user_id: null,
    default_group_charting_template_id: null,
    id: own.id,
    organization_id: own.organization_id,
  };
}

/** A type's settings carry no locations, schemes, overrides or video link of their own. */
const isTypeSetting = (row: StoredRow) => row.appointment_type_id != null;

const flagOf = (value: unknown) => (value == null ? null : Number(value) === 1);

/** A setting only a type's own record stores; a provider's answers the new-account value. */
function typeOnly(type: string, name: string, value: unknown, read: (v: unknown) => unknown): Computed {
  return {
    type,
    source: 'account-default',
    resolve: (row) => (row[name] == null ? value : read(row[name])),
  };
}

const children = (child: string, key: string) => async (row: StoredRow, reader: Reader) =>
  isTypeSetting(row) || row.id === UNSAVED_SETTING_ID
    ? []
    : reader.db
        .selectFrom(child)
        .selectAll()
        .where(key, '=', row.id)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .execute();

const statuses = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);

/** Healthie's appointment statuses, as every account has them. */
const PM_STATUSES = ['Occurred', ...DID_NOT_OCCUR];

export const appointmentSettingFields: Record<string, Computed> = {
  appointment_locations: {
    type: '[AppointmentLocation!]',
    resolve: children('appointment_locations', 'appointment_setting_id'),
  },
  calendar_color_schemes: {
    type: '[CalendarColorScheme!]',
    resolve: children('calendar_color_schemes', 'appointment_setting_id'),
  },
  contact_type_overrides: {
    type: '[ContactType!]',
    resolve: children('contact_type_overrides', 'appointment_setting_id'),
  },
  video_url_default: {
    type: 'VideoUrlDefault',
    resolve: async (row, reader) =>
      (await children('video_url_defaults', 'appointment_setting_id')(row, reader))[0] ?? null,
  },
  accepted_insurance_plans: {
    type: '[AcceptedInsurancePlan!]',
    // Plans are accepted by the practice: its organization's.
    resolve: (row, reader) =>
      db(reader)
        .selectFrom('accepted_insurance_plans')
        .selectAll()
        .where('organization_id', '=', row.organization_id)
        .orderBy('id')
        .execute(),
  },
  appointment_type_confirmed_email: {
    type: 'Boolean',
    resolve: (row) => flagOf(row.appt_type_confirmed_email),
  },
  appointment_type_reminder_email: {
    type: 'Boolean',
    resolve: (row) => flagOf(row.appt_type_reminder_email),
  },
  appointment_type_website_booking_email: {
    type: 'Boolean',
    resolve: (row) => flagOf(row.appt_type_website_booking_email),
  },
  charge_for_occured_appts: { type: 'Boolean', resolve: (row) => flagOf(row.charge_for_occurred_appts) },
  default_charting_template_name: {
    type: 'String',
    resolve: async (row, reader) => {
      const id = parseId(row.default_charting_template_id);
      if (id === null) return null;
      // Forms are the forms-charting area's: its table, read by name, within scope.
      const form = (await reader.db
        .selectFrom('custom_module_forms')
        .select('name')
        .where('id', '=', id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst()) as { name: string | null } | undefined;
      return form?.name ?? null;
    },
  },
  only_book: {
    type: 'String',
    resolve: (row) =>
      row.booking_interval_restriction == null ? null : String(row.booking_interval_restriction),
  },
  only_book_hour: { type: 'Boolean', resolve: (row) => Number(row.booking_interval_restriction) === 60 },
  only_book_even: { type: 'Boolean', resolve: (row) => Number(row.booking_interval_restriction) === 30 },
  pm_statuses: accountDefault('[String]', PM_STATUSES),
  give_notes_name: { type: 'Boolean', resolve: () => true },
  allow_past_appointment_rescheduling: typeOnly(
    'Boolean!',
    'allow_past_appointment_rescheduling',
    false,
    flagOf,
  ),
  allow_specific_client_pricing: typeOnly('Boolean!', 'allow_specific_client_pricing', false, flagOf),
  allow_specific_provider_pricing: typeOnly('Boolean!', 'allow_specific_provider_pricing', false, flagOf),
  appointment_type_reminder_override: typeOnly(
    'Boolean',
    'appointment_type_reminder_override',
    false,
    flagOf,
  ),
  disallowed_reschedulable_statuses: typeOnly('[String]', 'disallowed_reschedulable_statuses', [], statuses),
  patient_reschedule_count_cap: typeOnly('String', 'patient_reschedule_count_cap', null, String),
  auto_charge_enabled: accountDefault('Boolean', false),
  calendar_text: accountDefault('String', null),
  cant_cancel_message: accountDefault('String', null),
  cant_reschedule_message: accountDefault('String', null),
  fb_pixel: accountDefault('String', null),
  start_fb_pixel: accountDefault('String', null),
  minimum_days_in_advance: accountDefault('String', null),
  maximum_past_reschedule_time: accountDefault('Int', null),
  minimum_past_reschedule_time: accountDefault('Int', null),
  reschedule_max_days_before_date: accountDefault('String', null),
  reschedule_max_days_from_date: accountDefault('String', null),
  require_selected_location_for_all_contact_types: accountDefault('Boolean', false),
};

/** `appointment_setting` on the accepted-insurance-plan payloads: the caller's settings, on success. */
const callerSetting: Computed = {
  type: 'AppointmentSetting',
  resolve: (payload, reader) => (payload.messages == null ? settingOf(reader, reader.caller.userId) : null),
};

export const settingPayloadFields = {
  createAcceptedInsurancePlanPayload: { appointment_setting: callerSetting },
  deleteAcceptedInsurancePlanPayload: { appointment_setting: callerSetting },
};

export const userSettingFields: Record<string, Computed> = {
  appointment_setting: { type: 'AppointmentSetting', resolve: (row, reader) => settingOf(reader, row.id) },
  appointment_locations: {
    type: '[AppointmentLocation!]',
    resolve: (row, reader) =>
      db(reader)
        .selectFrom('appointment_locations')
        .selectAll()
        .where('user_id', '=', row.id)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .execute(),
  },
};

export const appointmentTypeSettingField: Record<string, Computed> = {
  appointment_setting: { type: 'AppointmentSetting', resolve: typeAppointmentSetting },
};

export const organizationLocationFields: Record<string, Computed> = {
  appointment_locations: {
    type: '[AppointmentLocation!]',
    resolve: (row, reader) =>
      reader.scope.includes(row.id)
        ? db(reader)
            .selectFrom('appointment_locations')
            .selectAll()
            .where('organization_id', '=', row.id)
            .orderBy('id')
            .execute()
        : [],
  },
};

export const locationQueries: Record<string, Computed> = {
  providerAppointmentLocations: {
    type: '[AppointmentLocation!]',
    args: { provider_id: 'ID' },
    resolve: (_root, reader, args) =>
      db(reader)
        .selectFrom('appointment_locations')
        .selectAll()
        .where('user_id', '=', parseId(args.provider_id ?? reader.caller.userId) ?? -1)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .execute(),
  },
};

/** A new appointment is confirmed when the client leaves it out and its provider confirms by default. */
export async function confirmedByDefault(work: Work, values: Record<string, unknown>): Promise<void> {
  if (values.confirmed != null) return;
  const setting = await storedSetting(work, values.other_party_id ?? work.caller.userId);
  if (Number(setting?.confirm_by_default) === 1) values.confirmed = 1;
}

// ---------------------------------------------------------------------------------------------------------
// updateAppointmentSetting

const NESTED = [
  'appointment_locations',
  'calendar_color_schemes',
  'contact_type_overrides',
  'video_url_default',
];

/** The record to write: the one `id` names, else the provider's (`user_id`, else the caller), made on first write. */
async function targetSetting(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  if (!meansProviderSetting(input.id)) return requireRow(work, AppointmentSetting, input.id);
  const raw = input.user_id;
  const providerId = raw == null || raw === '' ? work.caller.userId : parseId(raw);
  if (providerId === null) fail('user_id', `User ${String(raw)} was not found`);
  return (
    (await storedSetting(work, providerId)) ??
    (await createRecord(work, AppointmentSetting, { user_id: providerId }))
  );
}

/** Each item of a nested list with a further nested list of its own (`rooms`, `color_codes`). */
async function applyWithChildren(
  work: Work,
  setting: StoredRow,
  list: string,
  parent: typeof AppointmentLocation | typeof CalendarColorScheme,
  inner: { name: string; child: typeof Room | typeof ColorCode; key: string },
  value: unknown,
): Promise<void> {
  for (const [index, item] of nestedItems(value)) {
    await within(`${list}[${index}]`, async () => {
      const { [inner.name]: nested, ...fields } = item;
      const row = await applyChild(work, parent, 'appointment_setting_id', setting, fields, {
        user_id: setting.user_id,
      });
      if (row && nested != null)
        await applyChildren(work, inner.child, inner.key, row, inner.name, nestedItems(nested));
    });
  }
}

/** Contact type overrides, one per contact type name: an item updates the one it names (by id or name). */
async function applyContactTypes(work: Work, setting: StoredRow, value: unknown): Promise<void> {
  const held = await childrenOf(work, ContactType, 'appointment_setting_id', setting.id);
  for (const [index, item] of nestedItems(value)) {
    await within(`contact_type_overrides[${index}]`, async () => {
      const { id, ...fields } = item;
      const named =
        id == null || id === ''
          ? held.find((c) => c.name != null && c.name === fields.name)
          : held.find((c) => c.id === parseId(id));
      if (id != null && id !== '' && !named) fail('id', `ContactType ${String(id)} was not found`);
      if (named) await updateRecord(work, ContactType, named, fields);
      else
        held.push(
          await createRecord(work, ContactType, {
            ...fields,
            appointment_setting_id: setting.id,
            user_id: setting.user_id,
          }),
        );
    });
  }
}

/** The default video link (one per setting) and its options, which the given list replaces. */
async function applyVideoDefault(work: Work, setting: StoredRow, value: unknown): Promise<void> {
  const given = nestedItem(value);
  if (!given) return;
  await within('video_url_default', async () => {
    const { id, video_url_options: options, ...fields } = given;
    const [existing] = await childrenOf(work, VideoUrlDefault, 'appointment_setting_id', setting.id);
    if (id != null && id !== '' && (!existing || existing.id !== parseId(id)))
      fail('id', `VideoUrlDefault ${String(id)} was not found`);
    const values = { ...fields, user_id: fields.user_id ?? setting.user_id };
    const row = existing
      ? (await updateRecord(work, VideoUrlDefault, existing, values)).row
      : await createRecord(work, VideoUrlDefault, { ...values, appointment_setting_id: setting.id });
    if (options == null) return;
    const items = nestedItems(options);
    const kept = items.map(([, item]) => parseId(item.id)).filter((kept) => kept !== null);
    for (const option of await childrenOf(work, VideoUrlOption, 'video_url_default_id', row.id))
      if (!kept.includes(option.id)) await deleteRecord(work, VideoUrlOption, option);
    await applyChildren(work, VideoUrlOption, 'video_url_default_id', row, 'video_url_options', items);
  });
}

const settingInputs: Record<string, string> = Object.fromEntries(
  (Object.entries(AppointmentSetting.fields) as Array<[string, AnyField]>).map(([name, f]) => [
    name,
    f.input,
  ]),
);

export const updateAppointmentSetting: SpecialMutation = {
  name: 'updateAppointmentSetting',
  input: 'updateAppointmentSettingInput',
  inputFields: {
    id: 'ID',
    ...settingInputs,
    appointment_locations: '[AppointmentLocationInput]',
    calendar_color_schemes: '[CalendarColorSchemeInput]',
    contact_type_overrides: '[ContactTypeOverrideInput]',
    video_url_default: 'VideoUrlDefaultInput',
  },
  payload: 'updateAppointmentSettingPayload',
  returns: { appointmentSetting: 'AppointmentSetting' },
  async run(work, input) {
    const target = await targetSetting(work, input);
    const fields = Object.fromEntries(
      Object.entries(input).filter(([name]) => name !== 'id' && name !== 'user_id' && !NESTED.includes(name)),
    );
    const { row } = await updateRecord(work, AppointmentSetting, target, fields);
    await applyWithChildren(
      work,
      row,
      'appointment_locations',
      AppointmentLocation,
      { name: 'rooms', child: Room, key: 'appointment_location_id' },
      input.appointment_locations,
    );
    await applyWithChildren(
      work,
      row,
      'calendar_color_schemes',
      CalendarColorScheme,
      { name: 'color_codes', child: ColorCode, key: 'calendar_color_scheme_id' },
      input.calendar_color_schemes,
    );
    await applyContactTypes(work, row, input.contact_type_overrides);
    await applyVideoDefault(work, row, input.video_url_default);
    return { appointmentSetting: row };
  },
};

export const settingInputTypes = {
  AppointmentLocationInput: {
    _destroy: 'Boolean',
    clients_can_book: 'Boolean',
    has_rooms: 'Boolean',
    id: 'ID',
    location: 'String',
    rooms: '[RoomInput]',
  },
  RoomInput: { _destroy: 'Boolean', id: 'ID', limit_to_one: 'Boolean', name: 'String' },
  CalendarColorSchemeInput: {
    _destroy: 'Boolean',
    color_code_by: 'String',
    color_codes: '[ColorCodeInput]',
    default_color: 'String',
    id: 'ID',
  },
  ColorCodeInput: { _destroy: 'Boolean', code_by_item: 'String', color: 'String', id: 'ID' },
  ContactTypeOverrideInput: { id: 'ID', name: 'String', position: 'Int', show: 'Boolean' },
  VideoUrlDefaultInput: {
    default_url: 'String',
    id: 'ID',
    user_id: 'ID',
    video_url_options: '[VideoUrlOptionInput]',
  },
  VideoUrlOptionInput: { id: 'ID', url: 'String', url_by_item_id: 'String' },
};
