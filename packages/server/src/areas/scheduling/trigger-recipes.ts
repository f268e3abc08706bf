/**
 * How `carehooks trigger` produces the scheduling area's events that no standard create / update / delete
 * emits: a deleted appointment (deleteAppointment is special), attendee changes, and the video and calendar integrations' reports through the internal API
 * (see registry/trigger-kit.ts).
 */
import { mutate, type AreaTriggers, type Recipe, type TriggerContext } from '../../registry/index.js';
import { Appointment } from './resources.js';

/** An appointment with these attendees, then its attendees changed: patient_added / patient_removed. */
async function attendeesChanged(ctx: TriggerContext, before: number, after: number): Promise<string> {
  const people = [await ctx.create('User'), await ctx.create('User')];
  const appointment = await ctx.create('Appointment', {
    user_id: people[0],
    attendee_ids: people.slice(0, before).join(','),
  });
  await ctx.standard(Appointment, 'update', {
    id: appointment,
    attendee_ids: people.slice(before - 1, before - 1 + after).join(','),
  });
  return appointment;
}

const videoReport =
  (path: string, extra: Record<string, unknown> = {}): Recipe =>
  async (ctx) =>
    (
      await ctx.api.internal(`integrations/video/${path}`, {
        appointment_id: await ctx.create('Appointment'),
        ...extra,
      })
    ).resource_id;

const participant = { user_name: 'Pat Ient', user_email: 'pat.ient@example.com' };

export const schedulingTriggers: AreaTriggers = {
  recipes: {
    // deleteAppointment is a special mutation (an attendee may leave instead), so its recipe is written here.
    'appointment.deleted': async (ctx) => {
      const appointment = await ctx.create('Appointment');
      await mutate(ctx, 'deleteAppointment', { id: appointment }, 'appointment { id }');
      return appointment;
    },
    'appointment.patient_added': (ctx) => attendeesChanged(ctx, 1, 2),
    'appointment.patient_removed': (ctx) => attendeesChanged(ctx, 2, 1),
    'appointment.participant_joined': videoReport('participant-joined', participant),
    'appointment.participant_left': videoReport('participant-left', participant),
    'appointment.recording_started': videoReport('recording-started'),
    'appointment.recording_stopped': videoReport('recording-stopped'),
    'appointment.transcript_available': videoReport('transcript-available', {
      transcript_url: 'https://example.com/t.vtt',
    }),
    'external_calendar.authorization_error': async (ctx) => {
      const { resource_id: calendar } = await ctx.api.internal('integrations/calendar/connected', {
        user_id: await ctx.caller(),
        external_type: 'google',
        email: `trigger.${process.pid}.${ctx.next()}@example.com`,
      });
      return (
        await ctx.api.internal('integrations/calendar/authorization-error', {
          external_calendar_id: calendar,
          error: 'invalid_grant',
        })
      ).resource_id;
    },
  },
};
