/**
 * Events from internal sources: the internal API's routes (integration callbacks, internal mechanisms) and
 * the message scheduler of the server's worker role.
 */
import { TriggerRefused } from './client.js';
import type { TriggerContext } from './context.js';
import { cms1500WithIdentifier, goalTemplate, mutate } from './prerequisites.js';
import type { Recipe } from './standard.js';

const SCHEDULER_WAIT_MS = 15_000;

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

const internalFor =
  (path: string, body: (ctx: TriggerContext) => Promise<Record<string, unknown>>): Recipe =>
  async (ctx) =>
    (await ctx.api.internal(path, await body(ctx))).resource_id;

export const internalRecipes = new Map<string, Recipe>([
  // Scheduling
  ['appointment.participant_joined', videoReport('participant-joined', participant)],
  ['appointment.participant_left', videoReport('participant-left', participant)],
  ['appointment.recording_started', videoReport('recording-started')],
  ['appointment.recording_stopped', videoReport('recording-stopped')],
  [
    'appointment.transcript_available',
    videoReport('transcript-available', { transcript_url: 'https://example.com/t.vtt' }),
  ],
  [
    'external_calendar.authorization_error',
    async (ctx) => {
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
  ],
  // Forms and charting
  [
    'generated_form_answer_group.created',
    internalFor('forms/generated-form-answer-groups', async (ctx) => ({
      patient_id: await ctx.ensure('User'),
    })),
  ],
  [
    'appointment_form_answer_group_connection.created',
    internalFor('forms/appointment-connections/create', async (ctx) => ({
      appointment_id: await ctx.create('Appointment'),
      form_answer_group_id: await ctx.create('FormAnswerGroup'),
    })),
  ],
  [
    'appointment_form_answer_group_connection.updated',
    async (ctx) => {
      const { resource_id: connection } = await ctx.api.internal('forms/appointment-connections/create', {
        appointment_id: await ctx.create('Appointment'),
        form_answer_group_id: await ctx.create('FormAnswerGroup'),
      });
      return (
        await ctx.api.internal('forms/appointment-connections/update', {
          appointment_form_answer_group_connection_id: connection,
          form_answer_group_id: await ctx.create('FormAnswerGroup'),
        })
      ).resource_id;
    },
  ],
  [
    'appointment_form_answer_group_connection.deleted',
    async (ctx) => {
      const { resource_id: connection } = await ctx.api.internal('forms/appointment-connections/create', {
        appointment_id: await ctx.create('Appointment'),
        form_answer_group_id: await ctx.create('FormAnswerGroup'),
      });
      return (
        await ctx.api.internal('forms/appointment-connections/delete', {
          appointment_form_answer_group_connection_id: connection,
        })
      ).resource_id;
    },
  ],
  [
    'charting_note_addendum.updated',
    internalFor('charting/addenda/update', async (ctx) => ({
      charting_note_addendum_id: await ctx.create('ChartingNoteAddendum'),
      content: 'Corrected dosage',
    })),
  ],
  [
    'charting_note_addendum.deleted',
    internalFor('charting/addenda/delete', async (ctx) => ({
      charting_note_addendum_id: await ctx.create('ChartingNoteAddendum'),
    })),
  ],
  [
    'completed_onboarding_item.updated',
    internalFor('onboarding/completed-items/update', async (ctx) => ({
      completed_onboarding_item_id: await ctx.create('CompletedOnboardingItem'),
      skipped: true,
    })),
  ],
  [
    'completed_onboarding_item.deleted',
    internalFor('onboarding/completed-items/delete', async (ctx) => ({
      completed_onboarding_item_id: await ctx.create('CompletedOnboardingItem'),
    })),
  ],
  // Clinical
  [
    'goal_template.updated',
    internalFor('goals/templates/update', async (ctx) => ({
      goal_template_id: await goalTemplate(ctx),
      name: `Drink more water ${ctx.next()}`,
    })),
  ],
  [
    'goal_template.deleted',
    internalFor('goals/templates/delete', async (ctx) => ({ goal_template_id: await goalTemplate(ctx) })),
  ],
  [
    'prescription.updated',
    async (ctx) => {
      const { resource_id: prescription } = await ctx.api.internal('integrations/dosespot/prescriptions', {
        patient_id: await ctx.ensure('User'),
        product_name: 'Amoxicillin 500 mg capsule',
        status: 'pending',
        quantity: '30',
      });
      return (
        await ctx.api.internal('integrations/dosespot/prescription-updated', {
          prescription_id: prescription,
          status: 'sent',
        })
      ).resource_id;
    },
  ],
  [
    'dosespot_notification.created',
    internalFor('integrations/dosespot/notifications', async (ctx) => ({
      user_id: await ctx.caller(),
      notification_type: 'refill_request',
      count: 1,
    })),
  ],
  // Billing and insurance
  ['charge_back.created', (ctx) => ctx.create('ChargeBack')],
  [
    'charge_back.deleted',
    internalFor('integrations/payments/charge-back-deleted', async (ctx) => ({
      charge_back_id: await ctx.create('ChargeBack'),
    })),
  ],
  [
    'claim_submission.created',
    internalFor('integrations/clearinghouse/claim-submission-created', async (ctx) => ({
      cms1500_id: await ctx.create('Cms1500'),
      status: 'submitted',
    })),
  ],
  ...(['updated', 'deleted'] as const).map((action): [string, Recipe] => [
    `claim_submission.${action}`,
    async (ctx) => {
      const { resource_id: submission } = await ctx.api.internal(
        'integrations/clearinghouse/claim-submission-created',
        {
          cms1500_id: await ctx.create('Cms1500'),
          status: 'submitted',
        },
      );
      const body = action === 'updated' ? { status: 'accepted' } : {};
      return (
        await ctx.api.internal(`integrations/clearinghouse/claim-submission-${action}`, {
          claim_submission_id: submission,
          ...body,
        })
      ).resource_id;
    },
  ]),
  [
    'other_id_number.deleted',
    internalFor('billing/other-id-numbers/delete', async (ctx) => ({
      other_id_number_id: (await cms1500WithIdentifier(ctx)).other,
    })),
  ],
  // Messaging
  ['notification_setting.created', (ctx) => ctx.create('NotificationSetting')],
  [
    'notification_setting.deleted',
    internalFor('notification-settings/delete', async (ctx) => ({
      notification_setting_id: await ctx.create('NotificationSetting'),
    })),
  ],
  [
    'sent_notification_record.created',
    internalFor('integrations/notifications/sent', async (ctx) => ({
      user_id: await ctx.ensure('User'),
      category: 'appointment',
      delivery_status: 'sent',
      notification_type: 'email',
    })),
  ],
  [
    'sent_notification_record.updated',
    async (ctx) => {
      const { resource_id: record } = await ctx.api.internal('integrations/notifications/sent', {
        user_id: await ctx.ensure('User'),
        delivery_status: 'sent',
      });
      return (
        await ctx.api.internal('integrations/notifications/status', {
          sent_notification_record_id: record,
          delivery_status: 'delivered',
        })
      ).resource_id;
    },
  ],
  ['scheduled_message.sent', (ctx) => scheduledMessage(ctx)],
  // Documents
  [
    'received_fax.created',
    internalFor('integrations/fax/received', async () => ({ from_number: '+15555550100' })),
  ],
  ...(['sent_fax.status_changed', 'sent_fax.updated'] as const).map((type): [string, Recipe] => [
    type,
    internalFor('integrations/fax/sent-fax-status', async (ctx) => ({
      sent_fax_id: await ctx.create('SentFax'),
      status: 'delivered',
    })),
  ]),
]);

/** createMessageBlast queues a message due now; the server's scheduler sends it, emitting the event. */
async function scheduledMessage(ctx: TriggerContext): Promise<string> {
  const payload = await mutate(
    ctx,
    'createMessageBlast',
    { note: { content: 'A message from carehooks trigger' }, simple_added_users: await ctx.ensure('User') },
    'noteScheduler { id }',
  );
  const id = String(payload.noteScheduler.id);
  const deadline = Date.now() + SCHEDULER_WAIT_MS;
  while (Date.now() < deadline) {
    const data = await ctx.api.query('query($id: ID) { note_scheduler(id: $id) { sent_at } }', { id });
    if (data.note_scheduler?.sent_at) return id;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new TriggerRefused(
    `NoteScheduler ${id} was queued but not sent within ${SCHEDULER_WAIT_MS / 1000} s: no carehooks process with role worker or all runs the message scheduler on this server's store`,
  );
}
