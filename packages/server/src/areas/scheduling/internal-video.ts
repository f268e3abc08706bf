/**
 * Reports from the video integration about an appointment's session. Each is kept (see
 * ../integration-reports.ts) and announced as its `appointment.*` event; a participant event names the
 * host (the appointment's provider) and the participant as reported.
 */
import { emitFor, fail, requireInScope, type StoredRow, type Work } from '../../registry/index.js';
import { keepReport } from './integration-reports.js';
import { Appointment } from './resources.js';

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
  await emitFor(work, Appointment, report, appointment, {
    given: participant ? { user_name: details.user_name, user_email: details.user_email } : {},
  });
  return appointment;
}
