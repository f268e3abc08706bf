/**
 * `deleteAppointment`. The appointment is removed (kept readable with `include_deleted`) and emits
 * `appointment.deleted`; `cancellation_reason` is first recorded on each attendee's place; with
 * `deleteRecurring` the later appointments of its series are removed too (each its own
 * `appointment.deleted`, in order). With `appointment_inclusion_uuid` only the attendee holding that key
 * leaves (`appointment.patient_removed`) and the appointment stays. `suppress_webhook_notifications`
 * silences every event.
 */
import { z } from 'zod';
import {
  deleteRecord,
  deleteRow,
  emitFor,
  fail,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { laterInSeries } from './recurring.js';
import { Appointment, AppointmentInclusion, type SchedulingTables } from './resources.js';
import { inclusionsOf, startInstant } from './schedule-records.js';

const reason = z
  .object({
    id: z.union([z.string(), z.number()]).nullish(),
    other_cancellation_reason: z.string().max(10_000).nullish(),
  })
  .nullish();

const deleteInput = z.object({
  deleteRecurring: z.boolean().nullish(),
  appointment_inclusion_uuid: z.union([z.string(), z.number()]).nullish(),
  cancellation_reason: reason,
  suppress_webhook_notifications: z.boolean().nullish(),
});

async function leave(work: Work, appointment: StoredRow, key: string | number): Promise<void> {
  const inclusion = (await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointment_inclusions')
    .selectAll()
    .where('appointment_id', '=', appointment.id)
    .where('external_uuid', '=', String(key))
    .executeTakeFirst()) as StoredRow | undefined;
  if (!inclusion) fail('appointment_inclusion_uuid', 'No attendee of this appointment has that key');
  await deleteRow(work, AppointmentInclusion, inclusion);
  await emitFor(work, Appointment, 'patient_removed', appointment);
}

async function recordReason(
  work: Work,
  appointment: StoredRow,
  given: z.infer<typeof reason>,
): Promise<void> {
  if (!given) return;
  for (const inclusion of await inclusionsOf(work, appointment.id)) {
    await updateRecord(work, AppointmentInclusion, inclusion, {
      cancelled: true,
      cancellation_reason: given.id == null ? null : String(given.id),
      other_cancellation_reason: given.other_cancellation_reason ?? null,
    });
  }
}

export const deleteAppointment: SpecialMutation = {
  name: 'deleteAppointment',
  input: 'deleteAppointmentInput',
  inputFields: {
    id: 'ID',
    deleteRecurring: 'Boolean',
    appointment_inclusion_uuid: 'ID',
    cancellation_reason: 'CancellationReasonOptionInput',
    suppress_webhook_notifications: 'Boolean',
  },
  payload: 'deleteAppointmentPayload',
  returns: { appointment: 'Appointment' },
  async run(work, input) {
    const asked = parseInput(deleteInput, input);
    const w: Work = asked.suppress_webhook_notifications === true ? { ...work, suppressed: true } : work;
    const appointment = await requireRow(w, Appointment, input.id);
    if (asked.appointment_inclusion_uuid != null) {
      await leave(w, appointment, asked.appointment_inclusion_uuid);
      return { appointment };
    }
    const later =
      asked.deleteRecurring === true ? await laterInSeries(w, appointment, startInstant(appointment)) : [];
    for (const row of [appointment, ...later]) {
      await recordReason(w, row, asked.cancellation_reason);
      await deleteRecord(w, Appointment, row);
    }
    return { appointment };
  },
};
