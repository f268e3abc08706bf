/**
 * Recurring series. `recurring_appointment { repeat_interval, repeat_times }` on createAppointment (or on
 * updateAppointment of an appointment in no series) makes the appointment the first of a series and books
 * the rest at the interval, each with the same attendees (`appointment.created` for each, after the
 * first's events); `repeat_times` counts them all. With `id` the appointment joins that series instead, and
 * `join_all` (attendees added to one appointment are added to the whole series) is kept on the series.
 * updateAppointment with `updateRecurring` applies its change to the later appointments of the series (each
 * its own `appointment.updated`): the fields it changed, and a moved start by the same amount of time.
 */
import { z } from 'zod';
import {
  createRecord,
  emitFor,
  fail,
  insertRow,
  parseInput,
  requireRow,
  typedTransaction,
  updateRow,
  within,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { nestedItem } from '../../registry/nested-input.js';
import {
  Appointment,
  AppointmentInclusion,
  RecurringAppointment,
  type SchedulingTables,
} from './resources.js';
import { inclusionsOf, keepSpan, startInstant } from './schedule-records.js';
import { addMinutesWritten, minutesBetween, shiftWritten } from './times.js';

const INTERVALS = {
  Weekly: { days: 7 },
  Biweekly: { days: 14 },
  'Every 4 Weeks': { days: 28 },
  Monthly: { months: 1 },
} as const;

type Interval = keyof typeof INTERVALS;

const INTERVAL_NAMES = Object.keys(INTERVALS) as [Interval, ...Interval[]];

const seriesInput = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  join_all: z.boolean().nullish(),
  repeat_interval: z
    .enum(INTERVAL_NAMES, { error: `Repeat interval must be one of: ${INTERVAL_NAMES.join(', ')}` })
    .nullish(),
  repeat_times: z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'Repeat times must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(2, { error: 'Repeat times must be between 2 and 10' })
        .max(10, { error: 'Repeat times must be between 2 and 10' }),
    )
    .nullish(),
});

type SeriesInput = z.infer<typeof seriesInput>;

function readSeries(input: Record<string, unknown>): SeriesInput | undefined {
  const given = nestedItem(input.recurring_appointment);
  return given ? parseInput(seriesInput, given) : undefined;
}

/**
 * Before the write: a series named by `id` is joined; a new one (interval and times) is started, unless
 * the appointment already belongs to one (whose `join_all` and rhythm are then updated).
 */
export async function seriesOnWrite(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
  current: StoredRow | undefined,
): Promise<void> {
  await within('recurring_appointment', async () => {
    const series = readSeries(input);
    if (!series) return;
    if (series.id != null) {
      const joined = await requireRow(work, RecurringAppointment, series.id);
      if (series.join_all != null)
        await updateRow(work, RecurringAppointment, joined, { join_all: series.join_all ? 1 : 0 });
      values.recurring_appointment_id = joined.id;
      return;
    }
    const existing = current?.recurring_appointment_id;
    if (typeof existing === 'number') {
      const row = await requireRow(work, RecurringAppointment, existing);
      const changes: Record<string, unknown> = {};
      if (series.join_all != null) changes.join_all = series.join_all ? 1 : 0;
      if (series.repeat_interval != null) changes.repeat_interval = series.repeat_interval;
      if (series.repeat_times != null) changes.repeat_times = String(series.repeat_times);
      await updateRow(work, RecurringAppointment, row, changes);
      return;
    }
    if (series.repeat_interval == null) fail('repeat_interval', 'Repeat interval is required');
    if (series.repeat_times == null) fail('repeat_times', 'Repeat times is required');
    const started = await insertRow(
      work,
      RecurringAppointment,
      {
        join_all: series.join_all ? 1 : 0,
        repeat_interval: series.repeat_interval,
        repeat_times: String(series.repeat_times),
      },
      current?.organization_id,
    );
    values.recurring_appointment_id = started.id;
  });
}

/** Stored fields a later appointment of a series takes from the first (its own start aside). */
const NOT_REPEATED = new Set([
  'date',
  'pm_status',
  'actual_duration',
  'client_updating',
  'time_recurring_override',
  'no_show_fee',
  'late_cancellation_fee',
]);

/** After the write: a series just started gets the rest of its appointments. */
export async function bookSeries(work: Work, change: RecordChange): Promise<void> {
  const series = readSeries(change.input);
  const first = change.row;
  if (!series || series.id != null || typeof first.recurring_appointment_id !== 'number') return;
  if (change.before?.recurring_appointment_id != null) return;
  const interval = INTERVALS[series.repeat_interval!];
  const attendees = (await inclusionsOf(work, first.id)).map((i) => Number(i.user_id));
  for (let k = 1; k < series.repeat_times!; k++) {
    const step = 'days' in interval ? { days: interval.days * k } : { months: interval.months * k };
    const values: Record<string, unknown> = { date: shiftWritten(String(first.date), step) };
    for (const name of Object.keys(Appointment.fields))
      if (!NOT_REPEATED.has(name)) values[name] = first[name];
    const row = await insertRow(work, Appointment, values, first.organization_id);
    await emitFor(work, Appointment, 'created', row);
    for (const userId of attendees)
      await createRecord(work, AppointmentInclusion, { appointment_id: row.id, user_id: userId });
    await keepSpan(work, 'Appointment', row);
  }
}

/** The appointments of the series that start after `instant`, in order. */
export async function laterInSeries(
  work: Work,
  row: StoredRow,
  instant: number | null,
): Promise<StoredRow[]> {
  if (typeof row.recurring_appointment_id !== 'number') return [];
  const members = (await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointments')
    .selectAll()
    .where('recurring_appointment_id', '=', row.recurring_appointment_id)
    .where('id', '!=', row.id)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', work.scope)
    .execute()) as StoredRow[];
  return members
    .map((member) => ({ member, start: startInstant(member) }))
    .filter(({ start }) => instant === null || (start !== null && start > instant))
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || a.member.id - b.member.id)
    .map(({ member }) => member);
}

/** Fields of an update never carried to the rest of the series. */
const OWN_FIELDS = new Set([
  'date',
  'time_recurring_override',
  'client_updating',
  'recurring_appointment_id',
]);

/** `updateRecurring`: the later appointments of the series take the same change. */
export async function propagateToSeries(work: Work, change: RecordChange): Promise<void> {
  const { input, row, before } = change;
  if (!before) return;
  const recurring = input.updateRecurring === true;
  const regroup = input.attendee_ids != null && (await joinsAll(work, row));
  if (!recurring && !regroup) return;
  const later = await laterInSeries(work, row, startInstant(before));
  const shift = change.changedFields.includes('date')
    ? minutesBetween(String(before.date), String(row.date), null)
    : null;
  for (const member of later) {
    if (recurring) {
      const values: Record<string, unknown> = {};
      for (const name of change.changedFields) if (!OWN_FIELDS.has(name)) values[name] = row[name];
      if (shift !== null && shift !== 0) values.date = addMinutesWritten(String(member.date), shift);
      const { row: updated, changed } = await updateRow(work, Appointment, member, values);
      if (changed.length > 0)
        await emitFor(work, Appointment, 'updated', updated, { changedFields: changed });
      if (changed.some((f) => f === 'date' || f === 'length')) await keepSpan(work, 'Appointment', updated);
    }
    if (regroup) await sameAttendees(work, row, member);
  }
}

async function joinsAll(work: Work, row: StoredRow): Promise<boolean> {
  if (typeof row.recurring_appointment_id !== 'number') return false;
  const series = await typedTransaction<SchedulingTables>(work)
    .selectFrom('recurring_appointments')
    .select('join_all')
    .where('id', '=', row.recurring_appointment_id)
    .executeTakeFirst();
  return Number(series?.join_all) === 1;
}

/** A `join_all` series: the member gets the attendees of the appointment just changed. */
async function sameAttendees(work: Work, source: StoredRow, member: StoredRow): Promise<void> {
  const wanted = (await inclusionsOf(work, source.id)).map((i) => Number(i.user_id));
  const held = await inclusionsOf(work, member.id);
  for (const inclusion of held) {
    if (wanted.includes(Number(inclusion.user_id))) continue;
    await typedTransaction<SchedulingTables>(work)
      .deleteFrom('appointment_inclusions')
      .where('id', '=', inclusion.id)
      .execute();
    await emitFor(work, Appointment, 'patient_removed', member);
  }
  for (const userId of wanted) {
    if (held.some((i) => Number(i.user_id) === userId)) continue;
    await createRecord(work, AppointmentInclusion, { appointment_id: member.id, user_id: userId });
    await emitFor(work, Appointment, 'patient_added', member);
  }
}
