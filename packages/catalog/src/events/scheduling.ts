import { event, text } from '../builder.js';

const appointmentOrganization = { resource_organization_id: 'org_123' } as const;
const organizationDecision =
  'resource_organization_id (the organization that owns the appointment) is sent on created and updated only, as in the reference, and is always present; the example keeps the reference value org_123 although real organization IDs are numeric strings.';

const videoParticipant = {
  host_user_id: '1234',
  user_name: text('username'),
  user_email: text('user@email.com'),
} as const;
const participantDecision =
  'host_user_id is the provider hosting the appointment; user_name and user_email describe the participant and are plain text, not IDs. The reference marks none of them nullable, so all three are required.';

const attendeeDecision =
  'The reference lists no mutation, only "a patient is assigned/unassigned". In carehooks attendees change ' +
  'through updateAppointment (its user_id and attendee_ids), so updateAppointment is listed as the trigger.';

export const schedulingEvents = [
  event('appointment.created', 'Appointment', {
    description: 'An appointment was booked.',
    mutations: ['createAppointment', 'completeCheckout'],
    extras: appointmentOrganization,
    example: { resource_id: '67890' },
    decision: organizationDecision,
  }),
  event('appointment.deleted', 'Appointment', {
    description: 'An appointment was removed.',
    mutations: ['deleteAppointment'],
    example: { resource_id: '67890' },
  }),
  event('appointment.participant_joined', 'Appointment', {
    description: 'Someone entered the video session of an appointment.',
    mutations: [],
    triggers:
      'the video integration reports a participant joining (POST /internal/integrations/video/participant-joined)',
    extras: videoParticipant,
    example: { resource_id: '67890' },
    decision: participantDecision,
  }),
  event('appointment.participant_left', 'Appointment', {
    description: 'Someone exited the video session of an appointment.',
    mutations: [],
    triggers:
      'the video integration reports a participant leaving (POST /internal/integrations/video/participant-left)',
    extras: videoParticipant,
    example: { resource_id: '67890' },
    decision: participantDecision,
  }),
  event('appointment.patient_added', 'Appointment', {
    description: 'A patient was attached to an existing appointment.',
    mutations: ['updateAppointment'],
    triggers: 'a patient is assigned to the appointment as an attendee',
    decision: attendeeDecision,
    example: { resource_id: '67890' },
  }),
  event('appointment.patient_removed', 'Appointment', {
    description: 'A patient was detached from an appointment.',
    mutations: ['updateAppointment'],
    triggers: 'a patient is unassigned from the appointment',
    decision: attendeeDecision,
    example: { resource_id: '67890' },
  }),
  event('appointment.recording_started', 'Appointment', {
    description: 'Recording of an appointment session began.',
    mutations: [],
    triggers:
      'the video integration reports that recording began (POST /internal/integrations/video/recording-started)',
    example: { resource_id: '67890' },
  }),
  event('appointment.recording_stopped', 'Appointment', {
    description: 'Recording of an appointment session ended.',
    mutations: [],
    triggers:
      'the video integration reports that recording ended (POST /internal/integrations/video/recording-stopped)',
    example: { resource_id: '67890' },
  }),
  event('appointment.transcript_available', 'Appointment', {
    description: 'A transcript of an appointment session is ready.',
    mutations: [],
    triggers:
      'the transcription service delivers the transcript of the session (POST /internal/integrations/video/transcript-available)',
    example: { resource_id: '67890' },
  }),
  event('appointment.updated', 'Appointment', {
    description: 'Details of an appointment changed.',
    mutations: ['updateAppointment'],
    extras: appointmentOrganization,
    example: { resource_id: '67890', changed_fields: ['date', 'pm_status'] },
    decision: organizationDecision,
  }),
  event('availability.created', 'Availability', {
    description: 'A provider opened a block of bookable time.',
    mutations: ['createAvailability', 'bulkCreateAvailability'],
    example: { resource_id: '40000' },
  }),
  event('availability.deleted', 'Availability', {
    description: 'A block of bookable time was withdrawn.',
    mutations: ['deleteAvailability'],
    example: { resource_id: '40000' },
  }),
  event('availability.updated', 'Availability', {
    description: 'A block of bookable time was edited.',
    mutations: ['updateAvailability'],
    example: { resource_id: '40000', changed_fields: ['day_of_week'] },
    decision:
      'updateAvailability is not in the 2024-06 schema baseline (which has editAvailability); it is kept because the reference names it.',
  }),
  event('external_calendar.authorization_error', 'ExternalCalendar', {
    description: 'A connected external calendar could no longer be accessed.',
    mutations: [],
    triggers:
      'calendar sync finds the access grant for a connected calendar rejected or expired (POST /internal/integrations/calendar/authorization-error)',
    example: { resource_id: '43000' },
    decision:
      'The reference documents no other ExternalCalendar event, so createExternalCalendar, updateExternalCalendar and deleteExternalCalendar fire none.',
  }),
] as const;
