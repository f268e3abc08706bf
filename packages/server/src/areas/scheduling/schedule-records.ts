/** What appointments' hooks, series and deletes share: their seated attendees and their UTC instants. */
import { insertRow, typedTransaction, updateRow, type StoredRow, type Work } from '../../registry/index.js';
import { ScheduleSpan, type SchedulingTables } from './resources.js';
import { instantOfText, iso } from './times.js';

/** The appointment's seated attendees (not its waitlist), oldest first. */
export async function inclusionsOf(work: Work, appointmentId: number): Promise<StoredRow[]> {
  return (await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointment_inclusions')
    .selectAll()
    .where('appointment_id', '=', appointmentId)
    .where('on_waitlist', '=', 0)
    .orderBy('id')
    .execute()) as StoredRow[];
}

/** The UTC instant (ms) an appointment or one-off availability starts, read in its zone; null if none. */
export function startInstant(row: StoredRow, column = 'date'): number | null {
  return instantOfText(row[column], typeof row.timezone === 'string' ? row.timezone : null);
}

/**
 * Keeps the UTC instants a record starts and ends beside it (see ScheduleSpan): an appointment from its
 * date and length, a one-off availability from its range.
 */
export async function keepSpan(
  work: Work,
  recordType: 'Appointment' | 'Availability',
  row: StoredRow,
): Promise<void> {
  let values: { starts_at: string | null; ends_at: string | null };
  if (recordType === 'Appointment') {
    const start = startInstant(row);
    values = {
      starts_at: start === null ? null : iso(start),
      ends_at: start === null ? null : iso(start + Number(row.length ?? 0) * 60_000),
    };
  } else {
    const start = startInstant(row, 'range_start');
    const end = startInstant(row, 'range_end');
    values = { starts_at: start === null ? null : iso(start), ends_at: end === null ? null : iso(end) };
  }
  const existing = (await typedTransaction<SchedulingTables>(work)
    .selectFrom('schedule_spans')
    .selectAll()
    .where('record_type', '=', recordType)
    .where('record_id', '=', row.id)
    .executeTakeFirst()) as StoredRow | undefined;
  if (existing) await updateRow(work, ScheduleSpan, existing, values);
  else
    await insertRow(
      work,
      ScheduleSpan,
      { record_type: recordType, record_id: row.id, ...values },
      row.organization_id,
    );
}
