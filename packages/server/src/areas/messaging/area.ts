/** Messaging: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import {
  dateClose,
  deleteConversationMembership,
  inviteOnUpdate,
  openConversation,
} from './conversations.js';
import { updateConversationMembership } from './internal-conversation-viewed.js';
import { notificationRoutes, notificationSettingRoutes } from './internal-routes.js';
import { settingOf } from './notification-settings.js';
import { resources } from './resources.js';
import { messagingTriggers } from './trigger-recipes.js';
import { createMessageBlast } from './message-blasts.js';

export const messaging = area({
  name: 'messaging',
  resources,
  special: [deleteConversationMembership, createMessageBlast, updateConversationMembership],
  hooks: {
    createConversation: { after: openConversation },
    updateConversation: { before: dateClose, after: inviteOnUpdate },
  },
  inputTypes: {
    AddedUsersInput: { label: 'String', value: 'ID' },
    NoteInput: { content: 'String' },
  },
  extend: {
    User: { computed: { notification_setting: { type: 'NotificationSetting', resolve: settingOf } } },
  },
  routes: [...notificationRoutes, ...notificationSettingRoutes],
  triggers: messagingTriggers,
});
