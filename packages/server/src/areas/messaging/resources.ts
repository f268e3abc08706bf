/**
 * Messaging: conversations, their members, the messages in them (Healthie's `Note`, whose events are
 * `message.*`), notification preferences, scheduled messages and the log of sent notifications. Names and
 * types follow healthie-schema.graphql; createConversationMembership is not in that schema and is designed
 * after Healthie's create mutations (input `conversation_id`, `user_id`; payload `conversationMembership`).
 * The declarations are data; the behaviour of their mutations is bound in ./area.ts.
 */
import {
  bool,
  datetime,
  json,
  ref,
  resource,
  text,
  typedDb,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

export const Conversation = resource({
  name: 'Conversation',
  table: 'conversations',
  events: 'conversation',
  fields: {
    name: text(),
    owner_id: ref('User', { object: 'owner', writable: 'create', default: (caller) => caller.userId }),
    appointment_id: ref('Appointment', { input: 'String', writable: 'create' }),
    closed_by_id: ref('User', { object: 'closed_by', writable: 'update' }),
    closed_date: text({ writable: 'none' }),
  },
  byId: 'conversation',
  mutations: {
    create: {
      name: 'createConversation',
      inputs: { added_users: '[AddedUsersInput]', simple_added_users: 'String', note: 'NoteInput' },
      ignored: { select_all_status: 'String' },
    },
    update: {
      name: 'updateConversation',
      inputs: { simple_added_users: 'String' },
      ignored: { select_all_status: 'String', hide_close_confirmation: 'Boolean' },
    },
  },
  many: {
    conversation_memberships: {
      type: '[ConversationMembership!]!',
      resource: 'ConversationMembership',
      foreignKey: 'conversation_id',
    },
    notes: { type: '[Note!]!', resource: 'Note', foreignKey: 'conversation_id' },
  },
});

export const ConversationMembership = resource({
  name: 'ConversationMembership',
  table: 'conversation_memberships',
  events: 'conversation_membership',
  owner: 'conversation_id',
  uniqueBy: ['conversation_id', 'user_id'],
  fields: {
    conversation_id: ref('Conversation', { required: true, object: 'convo' }),
    user_id: ref('User', { required: true, object: 'user' }),
    archived: bool({ default: false, writable: 'none' }),
    viewed: bool({ default: false, writable: 'none' }),
  },
  // Healthie's `id` argument names a conversation (its owner's membership); here it is the membership's id.
  byId: { name: 'conversationMembership', idArgs: ['conversation_membership_id'] },
  mutations: { create: 'createConversationMembership' },
});

export const Note = resource({
  name: 'Note',
  table: 'notes',
  events: 'message',
  owner: 'conversation_id',
  fields: {
    conversation_id: ref('Conversation', { required: true, input: 'String' }),
    user_id: ref('User', { input: 'String', object: 'creator', default: (caller) => caller.userId }),
    content: text(),
    scheduled_at: datetime(),
    deleted_by_user: bool({ default: false, writable: 'none' }),
  },
  byId: 'note',
  mutations: {
    create: {
      name: 'createNote',
      ignored: {
        attached_image_string: 'String',
        org_chat: 'Boolean',
        hide_org_chat_confirmation: 'Boolean',
        created_at: 'String',
        updated_at: 'String',
      },
    },
    delete: { name: 'deleteNote', ignored: { deleted_by_user: 'Boolean' } },
  },
});

const preference = () => bool({ writable: 'update' });

export const NotificationSetting = resource({
  name: 'NotificationSetting',
  table: 'notification_settings',
  events: 'notification_setting',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { object: 'user', writable: 'none' }),
    marketing_communication_preference: text({ writable: 'update' }),
    notification_on_module_completion: bool({ default: false, writable: 'update' }),
    receive_updates_and_offers: bool({ default: false, writable: 'update' }),
    send_comment_emails: preference(),
    send_comment_push: preference(),
    send_course_complete_email: preference(),
    send_email_before_appointment: preference(),
    send_email_on_appointment_book: preference(),
    send_email_on_appointment_cancel: preference(),
    send_email_on_client_has_been_assigned_to_you: preference(),
    send_email_on_fax_delivery_failure: preference(),
    send_email_on_fax_received: preference(),
    send_email_on_intake_flow_complete: preference(),
    send_email_on_intake_flow_item_complete: preference(),
    send_email_on_intake_flow_start: preference(),
    send_email_on_new_document: preference(),
    send_email_on_new_folder: preference(),
    send_email_on_package_purchase: preference(),
    send_email_on_scheduled_payment_failed: preference(),
    send_email_receipt_for_subscription_payment: preference(),
    send_emoji_email: preference(),
    send_emoji_push: preference(),
    send_entry_emails: preference(),
    send_goal_reminder_email: preference(),
    send_goal_reminder_push: preference(),
    send_group_message_emails: preference(),
    send_group_message_push: preference(),
    send_insurance_expiry_notifications: preference(),
    send_message_emails: preference(),
    send_message_push: preference(),
    send_new_clients_emails: preference(),
    send_new_insurance_added_notifications: preference(),
    send_new_module_email: preference(),
    send_new_module_push: preference(),
    send_push_before_appointment: preference(),
  },
  extras: { user_id: (row) => row.user_id },
  byId: 'notificationSetting',
  // Settings are created internally when preferences are first saved; clients only update them.
  mutations: { update: 'updateNotificationSetting' },
});

/** `NoteScheduler.scheduled_at` / `sent_at`, read from the schedule row. */
async function scheduleOf(
  row: StoredRow,
  reader: Reader,
): Promise<{ send_at: string | null; sent_at: string | null } | undefined> {
  return typedDb<MessagingTables>(reader)
    .selectFrom('message_schedules')
    .select(['send_at', 'sent_at'])
    .where('note_scheduler_id', '=', row.id)
    .executeTakeFirst();
}

/** A message queued for later; the message scheduler (an internal source) sends it. */
export const NoteScheduler = resource({
  name: 'NoteScheduler',
  table: 'note_schedulers',
  events: 'scheduled_message',
  fields: {
    user_id: ref('User', { object: 'user' }),
    note_id: ref('Note', { object: 'note' }),
    note_content: text(),
    participant_ids: json({ gql: '[ID]' }),
  },
  byId: 'note_scheduler',
  computed: {
    scheduled_at: {
      type: 'String',
      resolve: async (row, reader) => (await scheduleOf(row, reader))?.send_at ?? null,
    },
    sent_at: {
      type: 'String',
      resolve: async (row, reader) => (await scheduleOf(row, reader))?.sent_at ?? null,
    },
  },
});

/** The log of an email, text or push notification; written by the notification sender, not by clients. */
export const SentNotificationRecord = resource({
  name: 'SentNotificationRecord',
  table: 'sent_notification_records',
  events: 'sent_notification_record',
  fields: {
    user_id: ref('User'),
    category: text(),
    delivery_status: text(),
    notification_description: text(),
    notification_type: text(),
    representation_type: text(),
  },
  // Healthie only lists these (`sentNotificationRecords`); the by-id query lets receivers read one back.
  byId: 'sentNotificationRecord',
});

/** When a `NoteScheduler` is due (ISO-8601 UTC, which sorts as it compares) and when it was sent. */
export const MessageSchedule = resource({
  name: 'MessageSchedule',
  table: 'message_schedules',
  owner: 'note_scheduler_id',
  fields: {
    note_scheduler_id: ref('NoteScheduler', { required: true }),
    send_at: text({ required: true }),
    sent_at: text(),
  },
});

export const resources = [
  Conversation,
  ConversationMembership,
  Note,
  NotificationSetting,
  NoteScheduler,
  SentNotificationRecord,
  MessageSchedule,
] as const;

export type MessagingTables = TablesOf<(typeof resources)[number]>;
