/** `POST /internal/integrations/video/…`: the video session integration's reports on an appointment. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { reportVideoSession, type VideoSessionReport } from '../areas/scheduling/internal-video.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText, requiredText } from './schemas.js';

const session = z.object({ appointment_id: id });
const participant = session.extend({ user_name: requiredText, user_email: z.email() });
const transcript = session.extend({ transcript_url: optionalText });

export function videoRoutes(app: FastifyInstance, services: Services): void {
  const participantRoute = (path: string, report: VideoSessionReport) =>
    internalRoute(app, services, {
      path: `/integrations/video/${path}`,
      body: participant,
      run: async (work, { appointment_id: appointmentId, ...who }) =>
        recordAnswer('Appointment', await reportVideoSession(work, report, appointmentId, who)),
    });
  const sessionRoute = (path: string, report: VideoSessionReport, body: typeof session | typeof transcript) =>
    internalRoute(app, services, {
      path: `/integrations/video/${path}`,
      body,
      run: async (work, { appointment_id: appointmentId, ...details }) =>
        recordAnswer('Appointment', await reportVideoSession(work, report, appointmentId, details)),
    });
  participantRoute('participant-joined', 'participant_joined');
  participantRoute('participant-left', 'participant_left');
  sessionRoute('recording-started', 'recording_started', session);
  sessionRoute('recording-stopped', 'recording_stopped', session);
  sessionRoute('transcript-available', 'transcript_available', transcript);
}
