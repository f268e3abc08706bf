/**
 * Appointment specifics: the start written as `datetime`, as `date` + `time`, or now (`start_immediately`);
 * the length taken from the appointment type or from the end (`end_date` / `end_time`); the providers;
 * attendees; the UTC instants kept beside the row for time filters; and the edit history.
 *
 * Attendees are the appointment's inclusions; on update, each patient taken off emits
 * `appointment.patient_removed` and each patient added `appointment.patient_added`, after the
 * `appointment.updated` of the appointment's own fields.
 */
import {
  createRecord,
  deleteRow,
  emitFor,
  fail,
  findRow,
  insertRow,
  parseId,
  requireRow,
  typedTransaction,
  updateRecord,
  within,
  type MutationHooks,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, type PatientsTables } from '../patients/index.js';
import { locationFromRecord } from './appointment-calendar-fields.js';
import { confirmedByDefault } from './appointment-settings.js';
import { bookSeries, propagateToSeries, seriesOnWrite } from './recurring.js';
import { inclusionsOf, keepSpan } from './schedule-records.js';
import {
  Appointment,
  AppointmentChange,
  AppointmentInclusion,
  AppointmentType,
  type SchedulingTables,
} from './resources.js';
import { iso, minutesBetween, readWallTime } from './times.js';

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?$/i;

/** "2:30 PM" → "14:30"; anything else is passed through for validation to reject. */
function twentyFourHour(time: string): string {
  const match = CLOCK.exec(time.trim());
  if (!match) return time.trim();
  let hours = Number(match[1]);
  const meridiem = match[4]?.toLowerCase();
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  return `${String(hours).padStart(2, '0')}:${match[2]}${match[3] ? `:${match[3]}` : ''}`;
}

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function combineDateTime(input: Record<string, unknown>): Record<string, unknown> {
  const { datetime, date, time } = input;
  if (filled(datetime)) return { ...input, date: datetime };
  if (typeof date === 'string' && filled(time)) {
    return { ...input, date: `${date.trim()} ${twentyFourHour(time)}` };
  }
  return input;
}

/** The start as the client wrote it; `start_immediately` starts the appointment now. */
export function appointmentStart(input: Record<string, unknown>, work: Work): Record<string, unknown> {
  const combined = combineDateTime(input);
  return input.start_immediately === true ? { ...combined, date: iso(work.uow.now) } : combined;
}

export async function lengthFromType(work: Work, values: Record<string, unknown>): Promise<void> {
  if (typeof values.appointment_type_id !== 'number' || values.length != null) return;
  const type = await findRow(work, AppointmentType, values.appointment_type_id);
  if (type && typeof type.length === 'number') values.length = type.length;
}

/** The time zone of the user the API key acts as, if they have one. */
async function callerZone(work: Work): Promise<string | null> {
  const row = await typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .select('timezone')
    .where('id', '=', work.caller.userId)
    .executeTakeFirst();
  return row?.timezone ?? null;
}

/** `end_date` / `end_time`: the end, on the start's day unless `end_date` says otherwise; sets the length. */
function lengthFromEnd(
  values: Record<string, unknown>,
  input: Record<string, unknown>,
  start: unknown,
): void {
  if (!filled(input.end_date) && !filled(input.end_time)) return;
  if (typeof start !== 'string') fail('end_time', 'End time needs the appointment’s start');
  const day = filled(input.end_date) ? input.end_date.trim().slice(0, 10) : start.trim().slice(0, 10);
  const end = filled(input.end_time) ? `${day} ${twentyFourHour(input.end_time)}` : day;
  const field = filled(input.end_time) ? 'end_time' : 'end_date';
  if (!readWallTime(end)) fail(field, `${field === 'end_time' ? 'End time' : 'End date'} must be a time`);
  // The end is read in the start's own offset, whatever the zone: both are wall times of one appointment.
  const offset = /(Z|UTC|[+-]\d{2}:?\d{2})$/.exec(start.trim())?.[1];
  const minutes = minutesBetween(start, offset ? `${end} ${offset}` : end, null);
  if (minutes === null || minutes <= 0) fail(field, 'The end must be after the start');
  values.length = minutes;
}

/** `providers`: every provider, by id; the first becomes the appointment's provider unless one is given. */
async function assignProviders(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
  current: StoredRow | undefined,
): Promise<void> {
  if (input.providers === undefined || input.providers === null) return;
  const ids: number[] = [];
  for (const raw of String(input.providers)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const id = parseId(raw);
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail('providers', `User ${raw} was not found`);
    if (!ids.includes(user.id)) ids.push(user.id);
  }
  if (values.other_party_id === undefined && ids.length > 0) {
    const kept = current !== undefined && ids.includes(Number(current.other_party_id));
    if (!kept) values.other_party_id = ids[0];
  }
  const lead = values.other_party_id === undefined ? current?.other_party_id : values.other_party_id;
  if (typeof lead === 'number' && ids.length > 0 && !ids.includes(lead)) ids.unshift(lead);
  values.provider_ids = ids.length === 0 ? null : ids.join(',');
}

async function inclusionByKey(
  work: Work,
  appointmentId: number,
  key: unknown,
): Promise<StoredRow | undefined> {
  return (await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointment_inclusions')
    .selectAll()
    .where('appointment_id', '=', appointmentId)
    .where('external_uuid', '=', String(key))
    .executeTakeFirst()) as StoredRow | undefined;
}

async function beforeWrite(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const current =
    input.id === undefined || input.id === null ? undefined : await requireRow(work, Appointment, input.id);
  if (!current) {
    await lengthFromType(work, values);
    if (values.timezone == null) values.timezone = await callerZone(work);
    await confirmedByDefault(work, values);
  }
  lengthFromEnd(values, input, values.date ?? current?.date);
  await locationFromRecord(work, values);
  await assignProviders(work, values, input, current);
  await seriesOnWrite(work, values, input, current);
  if (current) {
    const moved = values.date !== undefined && values.date !== current.date;
    if (moved && current.recurring_appointment_id != null && input.updateRecurring !== true)
      values.time_recurring_override = 1;
    if (
      input.appointment_inclusion_uuid != null &&
      !(await inclusionByKey(work, current.id, input.appointment_inclusion_uuid))
    )
      fail('appointment_inclusion_uuid', 'No attendee of this appointment has that key');
  }
}

function attendeeIds(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return [];
}

async function targetAttendees(work: Work, change: RecordChange, current: number[]): Promise<number[]> {
  const { input, row, before } = change;
  const target: number[] = [];
  const add = (id: unknown) => {
    if (typeof id === 'number' && !target.includes(id)) target.push(id);
  };
  if (input.attendee_ids !== undefined && input.attendee_ids !== null) {
    for (const raw of attendeeIds(input.attendee_ids)) {
      const id = parseId(raw);
      const user = id === null ? undefined : await findRow(work, User, id);
      if (!user) fail('attendee_ids', `User ${String(raw)} was not found`);
      add(user.id);
    }
    if (input.user_id !== undefined) add(row.user_id);
    return target;
  }
  if (!before) {
    add(row.user_id);
    return target;
  }
  if (row.user_id === before.user_id) return current;
  for (const id of current) if (id !== before.user_id) add(id);
  add(row.user_id);
  return target;
}

/** Brings the appointment's inclusions to the attendee list the input asks for. */
export async function syncAttendees(work: Work, change: RecordChange): Promise<void> {
  const inclusions = await inclusionsOf(work, change.row.id);
  const current = inclusions.map((i) => Number(i.user_id));
  const target = await targetAttendees(work, change, current);
  const creating = change.before === undefined;
  for (const inclusion of inclusions) {
    if (target.includes(Number(inclusion.user_id))) continue;
    await deleteRow(work, AppointmentInclusion, inclusion);
    await emitFor(work, Appointment, 'patient_removed', change.row);
  }
  for (const userId of target) {
    if (current.includes(userId)) continue;
    await createRecord(work, AppointmentInclusion, { appointment_id: change.row.id, user_id: userId });
    if (!creating) await emitFor(work, Appointment, 'patient_added', change.row);
  }
  await markAttendance(work, change);
}

/** `attended_clients`: attendance flags per attendee, by inclusion id or by user id. */
async function markAttendance(work: Work, change: RecordChange): Promise<void> {
  const entries = change.input.attended_clients;
  if (!Array.isArray(entries)) return;
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, user_id: userId, ...flags } = entry as Record<string, unknown>;
    await within(`attended_clients[${index}]`, async () => {
      const inclusion = (await typedTransaction<SchedulingTables>(work)
        .selectFrom('appointment_inclusions')
        .selectAll()
        .where('appointment_id', '=', change.row.id)
        .where((eb) =>
          parseId(id) !== null ? eb('id', '=', parseId(id)!) : eb('user_id', '=', parseId(userId) ?? -1),
        )
        .executeTakeFirst()) as StoredRow | undefined;
      if (!inclusion) fail('id', 'is not an attendee of this appointment');
      await updateRecord(work, AppointmentInclusion, inclusion, flags);
    });
  }
}

/** The appointment's edit history: who saved which change (and whether it was the client's reschedule). */
async function recordChange(work: Work, change: RecordChange): Promise<void> {
  if (change.changedFields.length === 0) return;
  await insertRow(
    work,
    AppointmentChange,
    {
      appointment_id: change.row.id,
      user_id: work.caller.userId,
      changed_fields: JSON.stringify(change.changedFields),
      status_changed: change.changedFields.includes('pm_status') ? 1 : 0,
      rescheduled: change.changedFields.includes('date') ? 1 : 0,
      by_client: change.input.client_updating === true ? 1 : 0,
    },
    change.row.organization_id,
  );
}

/** `client_confirmed` given with an attendee's key confirms that attendee's place. */
async function confirmByKey(work: Work, change: RecordChange): Promise<void> {
  const { input, row } = change;
  if (input.appointment_inclusion_uuid == null || typeof input.client_confirmed !== 'boolean') return;
  const inclusion = await inclusionByKey(work, row.id, input.appointment_inclusion_uuid);
  if (inclusion)
    await updateRecord(work, AppointmentInclusion, inclusion, { confirmed: input.client_confirmed });
}

async function afterCreate(work: Work, change: RecordChange): Promise<void> {
  await syncAttendees(work, change);
  await keepSpan(work, 'Appointment', change.row);
  await bookSeries(work, change);
}

async function afterUpdate(work: Work, change: RecordChange): Promise<void> {
  await syncAttendees(work, change);
  await confirmByKey(work, change);
  if (['date', 'length', 'timezone'].some((f) => change.changedFields.includes(f)))
    await keepSpan(work, 'Appointment', change.row);
  await recordChange(work, change);
  await bookSeries(work, change);
  await propagateToSeries(work, change);
}

/** createAppointment: the start, length, zone and providers, then attendees, instants and any series. */
export const createAppointmentHooks: MutationHooks = {
  prepare: appointmentStart,
  before: beforeWrite,
  after: afterCreate,
};

/** updateAppointment: as on create, plus attendance, the history and the series. */
export const updateAppointmentHooks: MutationHooks = {
  prepare: appointmentStart,
  before: beforeWrite,
  after: afterUpdate,
};
