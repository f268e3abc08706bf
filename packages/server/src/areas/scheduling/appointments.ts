/**
 * Appointment specifics: the start written as `datetime` or as `date` + `time`, the length taken from the
 * appointment type, and attendees. Attendees are the appointment's inclusions; on update, each patient
 * taken off emits `appointment.patient_removed` and each patient added `appointment.patient_added`,
 * after the `appointment.updated` of the appointment's own fields.
 */
import {
  createRecord,
  deleteRow,
  emitFor,
  fail,
  findRow,
  parseId,
  typedTransaction,
  updateRecord,
  within,
  type MutationHooks,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { Appointment, AppointmentInclusion, AppointmentType, type SchedulingTables } from './resources.js';

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

export function combineDateTime(input: Record<string, unknown>): Record<string, unknown> {
  const { datetime, date, time } = input;
  if (typeof datetime === 'string' && datetime.trim() !== '') return { ...input, date: datetime };
  if (typeof date === 'string' && typeof time === 'string' && time.trim() !== '') {
    return { ...input, date: `${date.trim()} ${twentyFourHour(time)}` };
  }
  return input;
}

export async function lengthFromType(work: Work, values: Record<string, unknown>): Promise<void> {
  if (typeof values.appointment_type_id !== 'number' || values.length != null) return;
  const type = await findRow(work, AppointmentType, values.appointment_type_id);
  if (type && typeof type.length === 'number') values.length = type.length;
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
  const inclusions = (await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointment_inclusions')
    .selectAll()
    .where('appointment_id', '=', change.row.id)
    .orderBy('id')
    .execute()) as StoredRow[];
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

/** createAppointment: the start from `datetime` or `date` + `time`, the length from the type, attendees. */
export const createAppointmentHooks: MutationHooks = {
  prepare: combineDateTime,
  before: lengthFromType,
  after: syncAttendees,
};

/** updateAppointment: the start as on create, attendee changes and attendance. */
export const updateAppointmentHooks: MutationHooks = { prepare: combineDateTime, after: syncAttendees };
