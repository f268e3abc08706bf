/**
 * Appointment type specifics: its nested inputs (settings, CPT code, AI scribe form, provider connections,
 * form requests, contact types) and the fields derived from them and from the schedule.
 */
import {
  accountDefault,
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  typedDb,
  updateRecord,
  within,
  type Computed,
  type MutationHooks,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { nestedItem, nestedItems } from '../../registry/nested-input.js';
import { fullName, User } from '../patients/index.js';
import { applyChildren, childrenOf } from '../../registry/nested-input.js';
import {
  AppointmentTypeCptCode,
  AppointmentTypeFormConnection,
  AppointmentTypeSetting,
  FORM_REQUEST_TRIGGERS,
  ProviderApptTypeConnection,
  type SchedulingTables,
} from './resources.js';

/** The contact types a client may book, in Healthie's names; a type that overrides none offers all. */
export const CONTACT_TYPES = ['Healthie Video Call', 'In Person', 'Phone Call'] as const;

const OVERRIDES: Record<string, (typeof CONTACT_TYPES)[number]> = {
  contact_type_override_video_chat: 'Healthie Video Call',
  contact_type_override_in_person: 'In Person',
  contact_type_override_phone_call: 'Phone Call',
};

/** The form a new type's or an update's `appointment_autocomplete_form` names, checked within scope. */
async function autocompleteForm(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  const given = nestedItem(input.appointment_autocomplete_form);
  if (!given) return;
  // The association is one per type, named by the type's id.
  if (given.id != null && given.id !== '' && input.id !== undefined && String(given.id) !== String(input.id))
    fail('appointment_autocomplete_form.id', `AppointmentAutocompleteForm ${String(given.id)} was not found`);
  if (given._destroy === true) {
    values.autocomplete_form_id = null;
    return;
  }
  const raw = given.custom_module_form_id;
  if (raw === undefined || raw === null || raw === '') {
    if (input.id === undefined)
      fail('appointment_autocomplete_form.custom_module_form_id', 'Form is required');
    return;
  }
  const id = parseId(raw);
  // Forms are the forms-charting area's (which reads appointments): its table, read by name, within scope.
  const form =
    id === null
      ? undefined
      : await work.db
          .selectFrom('custom_module_forms')
          .select('id')
          .where('id', '=', id)
          .where('organization_id', 'in', work.scope)
          .executeTakeFirst();
  if (!form)
    fail(
      'appointment_autocomplete_form.custom_module_form_id',
      `CustomModuleForm ${String(raw)} was not found`,
    );
  values.autocomplete_form_id = id;
}

/** updateAppointmentType's three overrides: when any is given, the types shown are exactly those set. */
async function contactTypes(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  const given = Object.keys(OVERRIDES).filter((name) => nestedItem(input[name]) !== undefined);
  if (given.length === 0) return;
  const shown = Object.entries(OVERRIDES)
    .filter(([name]) => nestedItem(input[name])?.show === true)
    .map(([, type]) => type);
  values.contact_type_overrides = JSON.stringify(shown);
}

async function beforeWrite(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  await autocompleteForm(work, values, input);
  await contactTypes(work, values, input);
}

/** `appointment_setting`: the type's own settings, created, changed or (`_destroy`) removed. */
async function applySetting(work: Work, type: StoredRow, input: Record<string, unknown>): Promise<void> {
  const given = nestedItem(input.appointment_setting);
  if (!given) return;
  await within('appointment_setting', async () => {
    const { id: _id, _destroy: destroy, ...fields } = given;
    const [existing] = await childrenOf(work, AppointmentTypeSetting, 'appointment_type_id', type.id);
    if (destroy === true) {
      if (existing) await deleteRecord(work, AppointmentTypeSetting, existing);
      return;
    }
    if (existing) await updateRecord(work, AppointmentTypeSetting, existing, fields);
    else await createRecord(work, AppointmentTypeSetting, { ...fields, appointment_type_id: type.id });
  });
}

/** `appointment_type_cpt_code`: the one CPT code billed for the type. */
async function applyCptCode(work: Work, type: StoredRow, input: Record<string, unknown>): Promise<void> {
  const given = nestedItem(input.appointment_type_cpt_code);
  if (!given) return;
  await within('appointment_type_cpt_code', async () => {
    const [existing] = await childrenOf(work, AppointmentTypeCptCode, 'appointment_type_id', type.id);
    if (existing) await updateRecord(work, AppointmentTypeCptCode, existing, given);
    else await createRecord(work, AppointmentTypeCptCode, { ...given, appointment_type_id: type.id });
  });
}

/** `provider_ids_for_appt_type_connections`: exactly these providers offer the type. */
async function applyConnections(work: Work, type: StoredRow, input: Record<string, unknown>): Promise<void> {
  const given = input.provider_ids_for_appt_type_connections;
  const creating = input.id === undefined;
  if (creating && (given === undefined || given === null)) return;
  const wanted: number[] = [];
  for (const raw of String(given ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const id = parseId(raw);
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail('provider_ids_for_appt_type_connections', `User ${raw} was not found`);
    if (!wanted.includes(user.id)) wanted.push(user.id);
  }
  const held = await childrenOf(work, ProviderApptTypeConnection, 'appointment_type_id', type.id);
  for (const connection of held) {
    if (!wanted.includes(Number(connection.user_id)))
      await deleteRecord(work, ProviderApptTypeConnection, connection);
  }
  for (const userId of wanted) {
    if (held.some((c) => Number(c.user_id) === userId)) continue;
    await createRecord(work, ProviderApptTypeConnection, { appointment_type_id: type.id, user_id: userId });
  }
}

/** The three lists of form requests, each item created, changed or (`_destroy`) removed. */
async function applyFormRequests(work: Work, type: StoredRow, input: Record<string, unknown>): Promise<void> {
  for (const trigger of FORM_REQUEST_TRIGGERS) {
    const list = `form_requests_${trigger}`;
    await applyChildren(
      work,
      AppointmentTypeFormConnection,
      'appointment_type_id',
      type,
      list,
      nestedItems(input[list]),
      { send_trigger: trigger },
    );
  }
}

async function afterWrite(work: Work, change: RecordChange): Promise<void> {
  await applySetting(work, change.row, change.input);
  await applyCptCode(work, change.row, change.input);
  await applyConnections(work, change.row, change.input);
  await applyFormRequests(work, change.row, change.input);
}

export const appointmentTypeHooks: MutationHooks = { before: beforeWrite, after: afterWrite };

// ---------------------------------------------------------------------------------------------------------
// Derived fields

async function settingOf(reader: Reader, type: StoredRow): Promise<StoredRow | null> {
  return ((await typedDb<SchedulingTables>(reader)
    .selectFrom('appointment_type_settings')
    .selectAll()
    .where('appointment_type_id', '=', type.id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) ?? null) as StoredRow | null;
}

async function childRows(
  reader: Reader,
  table: keyof SchedulingTables,
  type: StoredRow,
  where: Record<string, string> = {},
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one of the type's child tables
  let query = (typedDb<SchedulingTables>(reader) as any)
    .selectFrom(table)
    .selectAll()
    .where('appointment_type_id', '=', type.id)
    .where('organization_id', 'in', reader.scope);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return (await query.orderBy('id').execute()) as StoredRow[];
}

const formRequests = (trigger: (typeof FORM_REQUEST_TRIGGERS)[number]): Computed => ({
  type: '[AppointmentTypeFormConnection!]',
  resolve: (row, reader) =>
    childRows(reader, 'appointment_type_form_connections', row, { send_trigger: trigger }),
});

/** Whether the provider(s) (or anyone) has availability this type may be booked in. */
async function availabilityExistsFor(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<boolean> {
  const providers = [args.provider_id, ...(Array.isArray(args.provider_ids) ? args.provider_ids : [])]
    .map((v) => parseId(v))
    .filter((v) => v !== null);
  let query = typedDb<SchedulingTables>(reader)
    .selectFrom('availabilities')
    .select('id')
    .where('organization_id', 'in', reader.scope)
    .where((eb) => eb.or([eb('appointment_type_id', 'is', null), eb('appointment_type_id', '=', row.id)]));
  if (providers.length > 0) query = query.where('user_id', 'in', providers);
  else if (args.org_level !== true) query = query.where('user_id', '=', reader.caller.userId);
  const location = parseId(args.appointment_location_id);
  if (location !== null)
    query = query.where((eb) =>
      eb.or([eb('appointment_location_id', 'is', null), eb('appointment_location_id', '=', location)]),
    );
  return (await query.executeTakeFirst()) !== undefined;
}

/** A group type with a future appointment that still has a free seat (for the provider / location). */
async function hasAvailableGroupAppts(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<boolean> {
  if (Number(row.is_group) !== 1) return false;
  const db = typedDb<SchedulingTables>(reader);
  let query = db
    .selectFrom('appointments')
    .select(['appointments.id', 'appointments.max_attendees'])
    .where('appointments.appointment_type_id', '=', row.id)
    .where('appointments.deleted_at', 'is', null)
    .where('appointments.organization_id', 'in', reader.scope)
    .where(
      'appointments.id',
      'in',
      db
        .selectFrom('schedule_spans')
        .select('record_id')
        .where('record_type', '=', 'Appointment')
        .where('starts_at', '>=', new Date().toISOString()),
    );
  const provider = parseId(args.provider_id);
  if (provider !== null) query = query.where('appointments.other_party_id', '=', provider);
  const location = parseId(args.appointment_location_id);
  if (location !== null) query = query.where('appointments.appointment_location_id', '=', location);
  for (const appointment of await query.execute()) {
    const cap = Number(appointment.max_attendees);
    if (!Number.isFinite(cap) || cap <= 0) return true;
    const seated = await db
      .selectFrom('appointment_inclusions')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('appointment_id', '=', appointment.id)
      .where('on_waitlist', '=', 0)
      .executeTakeFirst();
    if (Number(seated?.count ?? 0) < cap) return true;
  }
  return false;
}

export const appointmentTypeFields: Record<string, Computed> = {
  // Settings of Healthie's booking widget and credit system, which carehooks does not model.
  client_call_provider: accountDefault('Boolean', false),
  clients_have_credit: accountDefault('Boolean', false),
  no_availability_message: accountDefault('String', null),
  client_display_name: {
    type: 'String',
    resolve: (row) =>
      typeof row.client_facing_display_name === 'string' && row.client_facing_display_name !== ''
        ? row.client_facing_display_name
        : row.name,
  },
  available_contact_types: {
    type: '[String]',
    resolve: (row) =>
      typeof row.contact_type_overrides === 'string'
        ? JSON.parse(row.contact_type_overrides)
        : [...CONTACT_TYPES],
  },
  position: { type: 'Int', resolve: (row) => row.row_order ?? null },
  specific_appointment_setting: {
    type: 'AppointmentTypeSetting',
    resolve: (row, reader) => settingOf(reader, row),
  },
  appointment_type_cpt_code: {
    type: 'AppointmentTypeCptCodeType',
    resolve: async (row, reader) => (await childRows(reader, 'appointment_type_cpt_codes', row))[0] ?? null,
  },
  provider_appt_type_connections: {
    type: '[ProviderApptTypeConnection!]',
    resolve: (row, reader) => childRows(reader, 'provider_appt_type_connections', row),
  },
  form_requests_before_appointment: formRequests('before_appointment'),
  form_requests_after_appointment: formRequests('after_appointment'),
  form_requests_after_appointment_booking: formRequests('after_appointment_booking'),
  availability_exists_for: {
    type: 'Boolean',
    args: {
      appointment_location_id: 'String',
      org_level: 'Boolean',
      provider_id: 'String',
      provider_ids: '[String]',
    },
    resolve: availabilityExistsFor,
  },
  has_available_group_appts: {
    type: 'Boolean',
    args: { appointment_location_id: 'String', provider_id: 'String' },
    resolve: hasAvailableGroupAppts,
  },
  valid_state_licensing_for: {
    type: 'Boolean',
    args: {
      client_state_of_residence: 'String',
      org_level: 'Boolean',
      provider_id: 'String',
      provider_ids: '[String]',
    },
    // Provider state licenses are not modelled: only a type that does not require them is valid anywhere.
    resolve: (row) => Number(row.require_in_state_clients) !== 1,
  },
};

/** The CPT code a type bills, if it has one. */
async function cptCodeOf(reader: Reader, typeId: number): Promise<StoredRow | undefined> {
  return (await typedDb<SchedulingTables>(reader)
    .selectFrom('appointment_type_cpt_codes')
    .selectAll()
    .where('appointment_type_id', '=', typeId)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** What a type (or an appointment of it) costs: its price, or its CPT code's fee times the units. */
export async function pricingOf(
  reader: Reader,
  typeId: number | null,
  own: { price?: unknown; units?: unknown; cpt_code_id?: unknown; insurance_billing_method?: unknown } = {},
): Promise<Record<string, unknown>> {
  const type =
    typeId === null
      ? undefined
      : await typedDb<SchedulingTables>(reader)
          .selectFrom('appointment_types')
          .select(['pricing', 'pricing_option'])
          .where('id', '=', typeId)
          .executeTakeFirst();
  const code = typeId === null ? undefined : await cptCodeOf(reader, typeId);
  const units = own.units ?? code?.units ?? null;
  const cptPrice =
    code?.fee_per_unit == null ? null : ((Number(code.fee_per_unit) * Number(units ?? 1)) / 100).toFixed(2);
  const byCode = type?.pricing_option === 'CPT_CODE';
  return {
    cpt_code_id:
      own.cpt_code_id != null
        ? String(own.cpt_code_id)
        : code?.cpt_code_id != null
          ? String(code.cpt_code_id)
          : null,
    insurance_billing_method: own.insurance_billing_method ?? null,
    price: own.price ?? (byCode ? cptPrice : (type?.pricing ?? null)),
    units: units == null ? null : String(units),
    cpt_price: cptPrice,
    type_price: type?.pricing ?? null,
  };
}

/** `AppointmentType.price_and_cpt_price` and `pricing_info` (Healthie's value types). */
export const typePricingFields: Record<string, Computed> = {
  price_and_cpt_price: {
    type: 'PriceAndCptPriceType',
    resolve: async (row, reader) => {
      const pricing = await pricingOf(reader, row.id);
      return { price: pricing.type_price, cpt_price: pricing.cpt_price };
    },
  },
  pricing_info: { type: 'AppointmentPricingInfoType', resolve: (row, reader) => pricingOf(reader, row.id) },
  appointment_autocomplete_form: {
    type: 'AppointmentAutocompleteForm',
    // One per type: the association is named by its type's id.
    resolve: (row) =>
      row.autocomplete_form_id == null
        ? null
        : { id: String(row.id), custom_module_form_id: row.autocomplete_form_id },
  },
};

/** Healthie's value types the scheduling area answers (declared as plain object types). */
export const schedulingObjectTypes: Record<string, Record<string, string | Computed>> = {
  AppointmentPricingInfoType: {
    cpt_code_id: 'String',
    insurance_billing_method: 'String',
    price: 'String',
    units: 'String',
  },
  PriceAndCptPriceType: { cpt_price: 'String', price: 'String' },
  AppointmentAutocompleteForm: {
    id: 'ID',
    custom_module_form: {
      type: 'CustomModuleForm',
      // Forms are the forms-charting area's (which reads appointments): its table, read by name, within scope.
      resolve: async (value, reader) =>
        (await reader.db
          .selectFrom('custom_module_forms')
          .selectAll()
          .where('id', '=', Number(value.custom_module_form_id))
          .where('organization_id', 'in', reader.scope)
          .executeTakeFirst()) ?? null,
    },
  },
  // carehooks creates no Zoom meeting, so `Appointment.zoom_appointment` is always null; the type is Healthie's.
  ZoomAppointment: {
    duration: 'Int',
    end_time: 'String',
    id: 'ID',
    participants_count: 'Int',
    start_time: 'String',
    total_minutes: 'Int',
  },
};

/** `ProviderApptTypeConnection.provider_name`: the connected provider's full name. */
export const connectionFields: Record<string, Computed> = {
  provider_name: {
    type: 'String',
    resolve: async (row, reader) => {
      if (typeof row.user_id !== 'number') return null;
      const user = await findRow(reader, User, row.user_id);
      return user ? fullName(user) : null;
    },
  },
};

/** `AppointmentTypeCptCodeType.insurance_billing_enabled`: its appointment type's flag (Healthie's deprecated copy). */
export const cptCodeFields: Record<string, Computed> = {
  insurance_billing_enabled: {
    type: 'Boolean',
    resolve: async (row, reader) => {
      const type = await typedDb<SchedulingTables>(reader)
        .selectFrom('appointment_types')
        .select('insurance_billing_enabled')
        .where('id', '=', Number(row.appointment_type_id))
        .executeTakeFirst();
      return type?.insurance_billing_enabled == null ? null : Number(type.insurance_billing_enabled) === 1;
    },
  },
};

/** Helpers other scheduling files read: a type's own settings. */
export async function typeSetting(
  reader: Reader,
  typeId: number | null | undefined,
): Promise<StoredRow | null> {
  return typeof typeId === 'number' ? settingOf(reader, { id: typeId } as StoredRow) : null;
}
