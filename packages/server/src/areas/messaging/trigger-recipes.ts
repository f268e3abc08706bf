/**
 * How `carehooks trigger` produces the messaging area's events that no standard create / update / delete
 * emits: conversation membership changes, notification settings and records from the internal API, and a
 * scheduled message sent by the server's worker role (see registry/trigger-kit.ts).
 */
import {
  internalFor,
  mutate,
  TriggerRefused,
  type AreaTriggers,
  type TriggerContext,
} from '../../registry/index.js';

const SCHEDULER_WAIT_MS = 15_000;

async function conversationMember(
  ctx: TriggerContext,
): Promise<{ conversation: string; patient: string; membership: string }> {
  const conversation = await ctx.create('Conversation');
  const patient = await ctx.create('User');
  const membership = await ctx.create('ConversationMembership', {
    conversation_id: conversation,
    user_id: patient,
  });
  return { conversation, patient, membership };
}

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

export const messagingTriggers: AreaTriggers = {
  recipes: {
    // deleteNote is a special mutation (`deleted_by_user` keeps the message, marked).
    'message.deleted': async (ctx) => {
      const note = await ctx.create('Note');
      await mutate(ctx, 'deleteNote', { id: note }, 'note { id }');
      return note;
    },
    'conversation_membership.deleted': async (ctx) => {
      const { conversation, patient } = await conversationMember(ctx);
      const payload = await mutate(
        ctx,
        'deleteConversationMembership',
        { conversation_id: conversation, user_id: patient },
        'conversationMembership { id }',
      );
      return String(payload.conversationMembership.id);
    },
    'conversation_membership.viewed': async (ctx) => {
      const { membership: id } = await conversationMember(ctx);
      return String(
        (
          await mutate(
            ctx,
            'updateConversationMembership',
            { id, viewed: true },
            'conversation_membership { id }',
          )
        ).conversation_membership.id,
      );
    },
    'notification_setting.created': (ctx) => ctx.create('NotificationSetting'),
    'notification_setting.deleted': internalFor('notification-settings/delete', async (ctx) => ({
      notification_setting_id: await ctx.create('NotificationSetting'),
    })),
    'sent_notification_record.created': internalFor('integrations/notifications/sent', async (ctx) => ({
      user_id: await ctx.ensure('User'),
      category: 'appointment',
      delivery_status: 'sent',
      notification_type: 'email',
    })),
    'sent_notification_record.updated': async (ctx) => {
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
    'scheduled_message.sent': (ctx) => scheduledMessage(ctx),
  },
  creators: {
    NotificationSetting: async (ctx) =>
      (
        await ctx.api.internal('notification-settings/configure', {
          user_id: await ctx.create('User'),
          preferences: {},
        })
      ).resource_id,
  },
};
