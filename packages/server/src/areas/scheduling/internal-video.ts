/**
 * Reports from the video integration about an appointment's session. Each is kept (see
 * ../integration-reports.ts) and announced as its `appointment.*` event; a participant event names the
 * host (the appointment's provider) and the participant as reported.
 */
import {
  emitFor,
  fail,
  requireInScope,
  typedTransaction,
  updateRow,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import type { PatientsTables } from '../patients/index.js';
import { keepReport } from './integration-reports.js';
import { Appointment, AppointmentInclusion, type SchedulingTables } from './resources.js';

export type VideoSessionReport =
  | 'participant_joined'
  | 'participant_left'
  | 'recording_started'
  | 'recording_stopped'
  | 'transcript_available';

export interface Participant {
  user_name: string;
  user_email: string;
}

export async function reportVideoSession(
  work: Work,
  report: VideoSessionReport,
  appointmentId: number,
  details: Partial<Participant> & { transcript_url?: string | null | undefined } = {},
): Promise<StoredRow> {
  const appointment = await requireInScope(work, Appointment, appointmentId, 'appointment_id');
  const participant = report === 'participant_joined' || report === 'participant_left';
  if (participant && appointment.other_party_id == null) {
    fail('appointment_id', 'The appointment has no provider to host its video session');
  }
  await keepReport(work, {
    provider: 'video',
    report,
    resource: Appointment,
    row: appointment,
    details,
  });
  if (participant) await markPresence(work, appointment, report, details.user_email);
  await emitFor(work, Appointment, report, appointment, {
    given: participant ? { user_name: details.user_name, user_email: details.user_email } : {},
  });
  return appointment;
}

/** A reported attendee (by email) gets the time they joined or left on their place in the appointment. */
async function markPresence(
  work: Work,
  appointment: StoredRow,
  report: VideoSessionReport,
  email: string | undefined,
): Promise<void> {
  if (!email) return;
  const inclusion = (await typedTransaction<SchedulingTables & PatientsTables>(work)
    .selectFrom('appointment_inclusions')
    .innerJoin('users', 'users.id', 'appointment_inclusions.user_id')
    .selectAll('appointment_inclusions')
    .where('appointment_inclusions.appointment_id', '=', appointment.id)
    .where('users.email', '=', email.trim().toLowerCase())
    .executeTakeFirst()) as StoredRow | undefined;
  if (!inclusion) return;
  const at = new Date(work.uow.now).toISOString();
  await updateRow(
    work,
    AppointmentInclusion,
    inclusion,
    report === 'participant_joined' ? { join_time: at } : { leave_time: at },
  );
}
