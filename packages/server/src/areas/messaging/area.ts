/** Messaging: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import {
  conversationFields,
  membershipFields,
  messagingQueries,
  noteSchedulerFields,
} from './conversation-fields.js';
import {
  dateClose,
  deleteConversationMembership,
  inviteOnUpdate,
  openConversation,
} from './conversations.js';
import { noteAttachmentFields } from './note-attachments.js';
import { backDateNote, deleteNote, describeNote, noteFields } from './notes.js';
import { updateConversationMembership } from './internal-conversation-viewed.js';
import { inAppNotificationRoutes, notificationRoutes, notificationSettingRoutes } from './internal-routes.js';
import { notificationFields, updateNotification, updateNotifications } from './notifications.js';
import { settingOf } from './notification-settings.js';
import { resources } from './resources.js';
import { messagingTriggers } from './trigger-recipes.js';
import { createMessageBlast, updateNoteScheduler } from './message-blasts.js';
import { updateNote } from './note-updates.js';
import { customEmailFields, customEmailQueries, customEmailUserFields } from './custom-emails.js';

export const messaging = area({
  name: 'messaging',
  resources,
  special: [
    deleteConversationMembership,
    createMessageBlast,
    updateConversationMembership,
    deleteNote,
    updateNote,
    updateNoteScheduler,
    updateNotification,
    updateNotifications,
  ],
  hooks: {
    createConversation: { after: openConversation },
    updateConversation: { before: dateClose, after: inviteOnUpdate },
    createNote: { before: describeNote, after: backDateNote },
  },
  inputTypes: {
    AddedUsersInput: { label: 'String!', value: 'ID!' },
    NoteInput: { attached_document: 'Upload', attached_image: 'Upload', content: 'String' },
  },
  extend: {
    User: {
      computed: {
        notification_setting: { type: 'NotificationSetting', resolve: settingOf },
        ...customEmailUserFields,
      },
    },
    CustomEmail: { computed: customEmailFields },
    // Healthie's misspelt twin of `marketing_communication_preference`, non-null: the stored choice, or ''
    // while none is made (Healthie does not publish a new account's value).
    NotificationSetting: {
      computed: {
        marketing_communcation_preference: {
          type: 'String!',
          resolve: (row) => String(row.marketing_communication_preference ?? ''),
        },
      },
    },
    Conversation: { computed: conversationFields },
    ConversationMembership: {
      // A member's avatar: users have none here (`User.avatar_url`).
      computed: { ...membershipFields, display_avatar: { type: 'String', resolve: () => null } },
    },
    Note: { computed: { ...noteFields, ...noteAttachmentFields } },
    NoteScheduler: { computed: noteSchedulerFields },
    Notification: { computed: notificationFields },
  },
  extendTypes: { Query: { ...messagingQueries, ...customEmailQueries } },
  // What a custom email may be written for (Healthie's union; see ./custom-emails.ts).
  unions: { CustomEmailRelatedObject: ['AppointmentType', 'Course', 'Offering'] },
  routes: [...notificationRoutes, ...notificationSettingRoutes, ...inAppNotificationRoutes],
  triggers: messagingTriggers,
});
