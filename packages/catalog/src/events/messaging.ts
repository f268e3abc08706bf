import { event, nullable } from '../builder.js';

const settingOwner = { user_id: nullable('22222') } as const;

export const messagingEvents = [
  event('conversation.created', 'Conversation', {
    description: 'A chat conversation was opened.',
    mutations: ['createConversation'],
    example: { resource_id: '13000' },
  }),
  event('conversation.updated', 'Conversation', {
    description: 'A chat conversation was edited, e.g. renamed.',
    mutations: ['updateConversation'],
    example: { resource_id: '13000', changed_fields: ['name'] },
  }),
  event('conversation_membership.created', 'ConversationMembership', {
    description: 'A user joined a chat conversation.',
    mutations: ['createConversationMembership'],
    example: { resource_id: '14000' },
    decision:
      'createConversationMembership is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('conversation_membership.deleted', 'ConversationMembership', {
    description: 'A user was taken out of a chat conversation.',
    mutations: ['deleteConversationMembership'],
    example: { resource_id: '14000' },
  }),
  event('conversation_membership.viewed', 'ConversationMembership', {
    description: 'A member read a chat conversation.',
    mutations: [],
    triggers:
      'a member opens the conversation and it is marked as read: updateConversationMembership with viewed true, on an unread membership',
    example: { resource_id: '14000' },
  }),
  event('message.created', 'Note', {
    description: 'A chat message was posted.',
    mutations: ['createNote'],
    example: { resource_id: '55443' },
    decision:
      'The reference documents no message.updated, so updateNote (an edit of a posted or scheduled message) fires no event.',
  }),
  event('message.deleted', 'Note', {
    description: 'A chat message was removed.',
    mutations: ['deleteNote'],
    example: { resource_id: '55443' },
  }),
  event('scheduled_message.sent', 'NoteScheduler', {
    description: 'A message queued for later went out.',
    mutations: [],
    triggers:
      'the message scheduler (worker role) sends a message queued by createMessageBlast once its scheduled_at has come',
    example: { resource_id: '46000' },
    decision:
      'updateNoteScheduler changes the recipients of a queued message before it is sent; the reference documents no other NoteScheduler event, so it fires none.',
  }),
  event('notification_setting.created', 'NotificationSetting', {
    description: 'A notification preference record was set up for a user.',
    mutations: [],
    triggers:
      'notification preferences are first configured for a user, which creates the setting record (POST /internal/notification-settings/configure)',
    extras: settingOwner,
    example: { resource_id: '56000' },
  }),
  event('notification_setting.deleted', 'NotificationSetting', {
    description: 'A notification preference record was removed.',
    mutations: [],
    triggers:
      'an internal clean-up run on request removes the setting (POST /internal/notification-settings/delete)',
    extras: settingOwner,
    example: { resource_id: '56000' },
  }),
  event('notification_setting.updated', 'NotificationSetting', {
    description: 'A notification preference was changed.',
    mutations: ['updateNotificationSetting'],
    extras: settingOwner,
    example: { resource_id: '56000', changed_fields: ['enabled'] },
  }),
  event('sent_notification_record.created', 'SentNotificationRecord', {
    description: 'An outgoing notification was logged.',
    mutations: [],
    triggers:
      'a notification (email, text or push) is dispatched and recorded (POST /internal/integrations/notifications/sent); also when the email sender mails an email a mutation queued (sendCarePlanEmail, bulkUpdateCarePlanUsers with notify, shareAnswersAsDocument with email_notification), after that mutation committed',
    example: { resource_id: '51000' },
  }),
  event('sent_notification_record.updated', 'SentNotificationRecord', {
    description: 'The log entry of a sent notification changed, e.g. its delivery status.',
    mutations: [],
    triggers:
      'the delivery provider reports a new status for a logged notification (POST /internal/integrations/notifications/status)',
    example: { resource_id: '51000', changed_fields: ['status'] },
  }),
] as const;
