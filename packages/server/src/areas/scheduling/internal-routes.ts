/**
 * The scheduling area's internal endpoints: `POST /internal/integrations/video/…` (the video session
 * integration's reports on an appointment) and `POST /internal/integrations/calendar/…` (calendar sync
 * connecting a provider's external calendar, and its problems with a connected one).
 */
import { z } from 'zod';
import { internalRoute, recordAnswer, type InternalRoute } from '../../registry/index.js';
import { id, optionalText, requiredText } from '../../registry/input-schemas.js';
import { connectExternalCalendar, reportCalendarAuthorizationError } from './internal-calendar.js';
import { reportVideoSession, type VideoSessionReport } from './internal-video.js';
import { Appointment, ExternalCalendar } from './resources.js';

const session = z.object({ appointment_id: id });
const participant = session.extend({ user_name: requiredText, user_email: z.email() });
const transcript = session.extend({ transcript_url: optionalText });

const participantRoute = (path: string, report: VideoSessionReport): InternalRoute =>
  internalRoute({
    path: `/integrations/video/${path}`,
    body: participant,
    run: async (work, { appointment_id: appointmentId, ...who }) =>
      recordAnswer(Appointment, await reportVideoSession(work, report, appointmentId, who)),
  });

const sessionRoute = (
  path: string,
  report: VideoSessionReport,
  body: typeof session | typeof transcript,
): InternalRoute =>
  internalRoute({
    path: `/integrations/video/${path}`,
    body,
    run: async (work, { appointment_id: appointmentId, ...details }) =>
      recordAnswer(Appointment, await reportVideoSession(work, report, appointmentId, details)),
  });

export const videoRoutes: readonly InternalRoute[] = [
  participantRoute('participant-joined', 'participant_joined'),
  participantRoute('participant-left', 'participant_left'),
  sessionRoute('recording-started', 'recording_started', session),
  sessionRoute('recording-stopped', 'recording_stopped', session),
  sessionRoute('transcript-available', 'transcript_available', transcript),
];

const connection = z.object({
  user_id: id,
  external_type: z.enum(['google', 'outlook']),
  email: z.email().max(320),
  resource_name: optionalText,
  add_to_calendar: z.boolean().optional(),
  pull_from_calendar: z.boolean().optional(),
  pull_in_event_details: z.boolean().optional(),
  calendar_list: z.array(z.string().max(1000)).max(500).optional(),
  pulled_in_calendars: z.array(z.string().max(1000)).max(500).optional(),
});

export const calendarRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/calendar/connected',
    body: connection,
    run: async (work, calendar) =>
      recordAnswer(ExternalCalendar, await connectExternalCalendar(work, calendar)),
  }),
  internalRoute({
    path: '/integrations/calendar/authorization-error',
    body: z.object({ external_calendar_id: id, error: optionalText }),
    run: async (work, { external_calendar_id: calendarId, error }) =>
      recordAnswer(ExternalCalendar, await reportCalendarAuthorizationError(work, calendarId, { error })),
  }),
];
