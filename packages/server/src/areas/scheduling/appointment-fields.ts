/**
 * Appointment fields derived from stored data: its end and calendar link, its providers and head count,
 * its series, its edit history (who last changed it, when its status changed, client reschedules), what
 * clients may still do with it (from its type's settings), its chart notes and its invoice.
 */
import {
  accountDefault,
  findRow,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { RequestedPayment, type BillingInsuranceTables } from '../billing-insurance/index.js';
import { fullName, User, type PatientsTables } from '../patients/index.js';
import { pricingOf, typeSetting } from './appointment-types.js';
import { DID_NOT_OCCUR, type SchedulingTables } from './resources.js';
import { addMinutesWritten, compactUtc, zoneAbbreviation } from './times.js';
import { startInstant } from './schedule-records.js';
import { SETTING_DEFAULTS, storedSetting } from './setting-resources.js';

const db = (reader: Reader) => typedDb<SchedulingTables & PatientsTables & BillingInsuranceTables>(reader);

/** Every provider's id: those `providers` assigned, else the appointment's one provider. */
export function providerIdsOf(row: StoredRow): number[] {
  const assigned = typeof row.provider_ids === 'string' ? row.provider_ids.split(',').map(Number) : [];
  if (assigned.length > 0) return assigned.filter(Number.isSafeInteger);
  return typeof row.other_party_id === 'number' ? [row.other_party_id] : [];
}

async function providers(row: StoredRow, reader: Reader, args: Record<string, unknown>): Promise<unknown[]> {
  const ids = providerIdsOf(row);
  if (args.empty_unless_multiple === true && ids.length < 2) return [];
  if (ids.length === 0) return [];
  const users = await db(reader)
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', ids)
    .where('organization_id', 'in', reader.scope)
    .execute();
  return ids.map((id) => users.find((u) => u.id === id)).filter((u) => u !== undefined);
}

async function seatedCount(reader: Reader, row: StoredRow): Promise<number> {
  const counted = await db(reader)
    .selectFrom('appointment_inclusions')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('appointment_id', '=', row.id)
    .where('on_waitlist', '=', 0)
    .executeTakeFirst();
  return Number(counted?.count ?? 0);
}

async function typeOf(reader: Reader, row: StoredRow) {
  return typeof row.appointment_type_id === 'number'
    ? db(reader)
        .selectFrom('appointment_types')
        .selectAll()
        .where('id', '=', row.appointment_type_id)
        .executeTakeFirst()
    : undefined;
}

async function seriesOf(reader: Reader, row: StoredRow) {
  return typeof row.recurring_appointment_id === 'number'
    ? db(reader)
        .selectFrom('recurring_appointments')
        .selectAll()
        .where('id', '=', row.recurring_appointment_id)
        .executeTakeFirst()
    : undefined;
}

/** The last saved change of the appointment that matches, newest first. */
async function lastChange(reader: Reader, row: StoredRow, only?: 'status_changed') {
  let query = db(reader)
    .selectFrom('appointment_changes')
    .selectAll()
    .where('appointment_id', '=', row.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc');
  if (only) query = query.where(only, '=', 1);
  return query.executeTakeFirst();
}

/** The end as written: the start moved by the length. */
function endOf(row: StoredRow): string | null {
  if (typeof row.date !== 'string') return null;
  return addMinutesWritten(row.date, Number(row.length ?? 0));
}

/** Whether the start is far enough ahead for a client to act `minutes` before it. */
function aheadBy(row: StoredRow, minutes: number): boolean {
  const start = startInstant(row);
  return start !== null && start - Date.now() >= minutes * 60_000;
}

const finished = (row: StoredRow) =>
  row.pm_status === 'Occurred' || (DID_NOT_OCCUR as readonly unknown[]).includes(row.pm_status);

/**
 * A setting (a flag or minutes): the appointment type's own, else its provider's stored settings, else what
 * a new account's provider settings say.
 */
async function setting(
  reader: Reader,
  row: StoredRow,
  name: keyof typeof SETTING_DEFAULTS,
): Promise<unknown> {
  const own = await typeSetting(
    reader,
    typeof row.appointment_type_id === 'number' ? row.appointment_type_id : null,
  );
  const value = own?.[name] ?? (await storedSetting(reader, row.other_party_id))?.[name];
  // The defaults are as clients write them (true / false); stored flags are 1 / 0.
  const fallback: unknown = SETTING_DEFAULTS[name];
  return value ?? (typeof fallback === 'boolean' ? Number(fallback) : fallback);
}

type SettingName = keyof typeof SETTING_DEFAULTS;

const allows = async (reader: Reader, row: StoredRow, name: SettingName) =>
  Number(await setting(reader, row, name)) === 1;

const minutesBefore = async (reader: Reader, row: StoredRow, name: SettingName) =>
  Number(await setting(reader, row, name));

async function chartNotes(reader: Reader, row: StoredRow): Promise<StoredRow[]> {
  // Charting is the forms-charting area's (which reads appointments): its table, read by name, within scope.
  return (await reader.db
    .selectFrom('form_answer_groups')
    .selectAll()
    .where('appointment_id', '=', row.id)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as StoredRow[];
}

async function googleCalendarLink(row: StoredRow, reader: Reader): Promise<string | null> {
  const start = startInstant(row);
  if (start === null) return null;
  const type = await typeOf(reader, row);
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: type?.name ?? 'Appointment',
    dates: `${compactUtc(start)}/${compactUtc(start + Number(row.length ?? 0) * 60_000)}`,
  });
  if (typeof row.location === 'string' && row.location !== '') params.set('location', row.location);
  if (typeof row.external_videochat_url === 'string' && row.external_videochat_url !== '')
    params.set('details', row.external_videochat_url);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** What carehooks never creates: no appointment has a Zoom meeting, so Healthie's Zoom fields are empty. */
const noZoomMeeting = (type: string): Computed => ({ type, resolve: () => null });

export const appointmentFields: Record<string, Computed> = {
  end: { type: 'String', resolve: endOf },
  timezone_abbr: {
    type: 'String',
    resolve: (row) => {
      const start = startInstant(row);
      return start === null
        ? null
        : zoneAbbreviation(start, typeof row.timezone === 'string' ? row.timezone : null);
    },
  },
  add_to_gcal_link: { type: 'String', resolve: googleCalendarLink },
  organization_id: { type: 'ID', resolve: (row) => row.organization_id },
  resourceId: {
    type: 'String',
    resolve: (row) => (row.other_party_id == null ? null : String(row.other_party_id)),
  },
  locationResource: {
    type: 'String',
    resolve: (row) => (row.appointment_location_id == null ? null : String(row.appointment_location_id)),
  },
  providers: { type: '[User!]!', args: { empty_unless_multiple: 'Boolean' }, resolve: providers },
  provider_name: {
    type: 'String',
    resolve: async (row, reader) => {
      if (typeof row.other_party_id !== 'number') return null;
      const user = await findRow(reader, User, row.other_party_id);
      return user ? fullName(user) : null;
    },
  },
  appointment_inclusions_count: {
    type: 'Int',
    resolve: async (row, reader) => (await seatedCount(reader, row)) + providerIdsOf(row).length,
  },
  is_group: {
    type: 'Boolean',
    resolve: async (row, reader) => Number((await typeOf(reader, row))?.is_group) === 1,
  },
  appointment_category: {
    type: 'String',
    resolve: async (row, reader) =>
      Number((await typeOf(reader, row))?.is_group) === 1 || (await seatedCount(reader, row)) > 1
        ? 'Group'
        : 'Individual',
  },
  use_zoom: { type: 'Boolean', resolve: (row) => Number(row.is_zoom_chat) === 1 },
  repeat: { type: 'Boolean', resolve: (row) => row.recurring_appointment_id != null },
  repeat_interval: {
    type: 'String',
    resolve: async (row, reader) => (await seriesOf(reader, row))?.repeat_interval ?? null,
  },
  repeat_times: {
    type: 'Int',
    resolve: async (row, reader) => {
      const times = Number((await seriesOf(reader, row))?.repeat_times);
      return Number.isSafeInteger(times) ? times : null;
    },
  },
  current_position_in_recurring_series: {
    type: 'Int',
    resolve: async (row, reader) => {
      if (typeof row.recurring_appointment_id !== 'number') return null;
      const members = (await db(reader)
        .selectFrom('appointments')
        .selectAll()
        .where('recurring_appointment_id', '=', row.recurring_appointment_id)
        .where('deleted_at', 'is', null)
        .where('organization_id', 'in', reader.scope)
        .execute()) as StoredRow[];
      const own = startInstant(row) ?? 0;
      return (
        members.filter(
          (m) => (startInstant(m) ?? 0) < own || ((startInstant(m) ?? 0) === own && m.id < row.id),
        ).length + 1
      );
    },
  },
  last_updated_by_id: {
    type: 'ID',
    resolve: async (row, reader) => (await lastChange(reader, row))?.user_id ?? row.initiator_id ?? null,
  },
  pm_status_changed_at: {
    type: 'String',
    resolve: async (row, reader) => {
      const change = await lastChange(reader, row, 'status_changed');
      return change ? new Date(change.created_at).toISOString() : null;
    },
  },
  pm_status_last_changed_by_id: {
    type: 'ID',
    resolve: async (row, reader) => (await lastChange(reader, row, 'status_changed'))?.user_id ?? null,
  },
  patient_reschedule_count: {
    type: 'Int',
    resolve: async (row, reader) => {
      const counted = await db(reader)
        .selectFrom('appointment_changes')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('appointment_id', '=', row.id)
        .where('by_client', '=', 1)
        .where('rescheduled', '=', 1)
        .executeTakeFirst();
      return Number(counted?.count ?? 0);
    },
  },
  can_client_cancel: {
    type: 'Boolean',
    resolve: (row, reader) => allows(reader, row, 'allow_clients_to_cancel_appt'),
  },
  can_client_reschedule: {
    type: 'Boolean',
    resolve: (row, reader) => allows(reader, row, 'allow_clients_to_reschedule_appt'),
  },
  can_be_rescheduled: {
    type: 'Boolean',
    resolve: async (row, reader) =>
      !finished(row) &&
      (await allows(reader, row, 'allow_clients_to_reschedule_appt')) &&
      aheadBy(row, await minutesBefore(reader, row, 'minimum_advance_reschedule_time')),
  },
  minimum_advance_cancel_time: {
    type: 'Int',
    resolve: (row, reader) => minutesBefore(reader, row, 'minimum_advance_cancel_time'),
  },
  minimum_advance_reschedule_time: {
    type: 'Int',
    resolve: (row, reader) => minutesBefore(reader, row, 'minimum_advance_reschedule_time'),
  },
  connected_chart_note_locked: {
    type: 'Boolean',
    resolve: async (row, reader) => (await chartNotes(reader, row)).some((n) => n.locked_at != null),
  },
  connected_chart_note_string: {
    type: 'String',
    resolve: async (row, reader) => {
      const notes = await chartNotes(reader, row);
      if (notes.length === 0) return null;
      if (notes.some((n) => n.locked_at != null)) return 'Locked';
      return notes.some((n) => Number(n.finished) === 1) ? 'Finished' : 'In Progress';
    },
  },
  form_answer_group: {
    type: 'FormAnswerGroup',
    resolve: async (row, reader) => (await chartNotes(reader, row))[0] ?? null,
  },
  form_answer_groups: { type: '[FormAnswerGroup!]', resolve: (row, reader) => chartNotes(reader, row) },
  requested_payment: {
    type: 'RequestedPayment',
    resolve: async (row, reader) => {
      const found = await db(reader)
        .selectFrom('requested_payments')
        .select('id')
        .where('appointment_id', '=', row.id)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .executeTakeFirst();
      return found ? findRow(reader, RequestedPayment, found.id) : null;
    },
  },
  pricing_info: {
    type: 'AppointmentPricingInfoType',
    // The appointment's own price, units and code first; its type's otherwise. With insurance billing, the
    // method is the patient's first policy's.
    resolve: async (row, reader) => {
      let method: unknown = null;
      if (Number(row.insurance_billing_enabled) === 1 && typeof row.user_id === 'number') {
        const policy = await reader.db
          .selectFrom('policies')
          .select('insurance_billing_method')
          .where('user_id', '=', row.user_id)
          .where('organization_id', 'in', reader.scope)
          .orderBy('id')
          .executeTakeFirst();
        method = policy?.insurance_billing_method ?? null;
      }
      const {
        cpt_price: _cpt,
        type_price: _type,
        ...info
      } = await pricingOf(
        reader,
        typeof row.appointment_type_id === 'number' ? row.appointment_type_id : null,
        {
          price: row.price ?? undefined,
          units: row.units ?? undefined,
          cpt_code_id: row.cpt_code_id ?? undefined,
          insurance_billing_method: method,
        },
      );
      return info;
    },
  },
  zoom_appointment: noZoomMeeting('ZoomAppointment'),
  has_in_progress_job: { type: 'Boolean', resolve: () => false },
  // Calendar sync only pushes appointments out; none is pulled in, so none has an external origin.
  external_id_type: { type: 'String', resolve: () => null },
  credit_was_used: accountDefault('Boolean', false),
  has_expanded_vbc_charting_fields: accountDefault('Boolean', false),
  should_create_cms1500_for_occurred_appointments: accountDefault('Boolean', false),
  zoom_join_url: noZoomMeeting('String'),
  zoom_start_url: noZoomMeeting('String'),
  zoom_meeting_id: noZoomMeeting('String'),
  zoom_dial_in_info: noZoomMeeting('String'),
  zoom_dial_in_info_html: noZoomMeeting('String'),
  zoom_dial_in_numbers_json: noZoomMeeting('[String]'),
  zoom_cloud_recording_urls: noZoomMeeting('[String]'),
};
