/**
 * `POST /internal/integrations/notifications/…`: the notification sender's log and delivery status
 * reports; `/internal/notification-settings/…`: a user's notification preferences, which no public
 * mutation creates or removes; `/internal/notifications`: an in-app notification for a user.
 */
import { z } from 'zod';
import { internalRoute, recordAnswer, type AnyField, type InternalRoute } from '../../registry/index.js';
import { id, optionalText } from '../../registry/input-schemas.js';
import { recordSentNotification, updateSentNotification } from './internal-notification-records.js';
import {
  configureNotificationSettings,
  removeNotificationSetting,
} from './internal-notification-settings.js';
import { recordNotification } from './notifications.js';
import { Notification, NotificationSetting, SentNotificationRecord } from './resources.js';

/** Left out (or null), a record keeps its default: an email, sent. */
const withDefault = optionalText.transform((value) => value ?? undefined);

const details = {
  category: withDefault,
  delivery_status: withDefault,
  notification_description: optionalText,
  notification_type: optionalText,
  representation_type: optionalText,
};

export const notificationRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/notifications/sent',
    body: z.object({ user_id: id, ...details }),
    run: async (work, { user_id: userId, ...rest }) =>
      recordAnswer(SentNotificationRecord, await recordSentNotification(work, userId, rest)),
  }),
  internalRoute({
    path: '/integrations/notifications/status',
    body: z.object({ sent_notification_record_id: id, ...details }),
    run: async (work, { sent_notification_record_id: recordId, ...rest }) =>
      recordAnswer(SentNotificationRecord, await updateSentNotification(work, recordId, rest)),
  }),
];

/** The declared preferences of a NotificationSetting: flags as booleans, anything else as text. */
function preferencesSchema() {
  const fields = Object.entries(NotificationSetting.fields as Record<string, AnyField>);
  const shape = Object.fromEntries(
    fields
      .filter(([name]) => name !== 'user_id')
      .map(([name, f]) => [name, f.kind === 'bool' ? z.boolean().optional() : optionalText]),
  );
  return z.strictObject(shape);
}

export const notificationSettingRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/notification-settings/configure',
    body: z.object({ user_id: id, preferences: preferencesSchema() }),
    run: async (work, { user_id: userId, preferences }) => {
      const { row, created } = await configureNotificationSettings(
        work,
        userId,
        preferences as Record<string, boolean | string | null>,
      );
      return { ...recordAnswer(NotificationSetting, row), created };
    },
  }),
  internalRoute({
    path: '/notification-settings/delete',
    body: z.object({ notification_setting_id: id }),
    run: async (work, { notification_setting_id: setting }) =>
      recordAnswer(NotificationSetting, await removeNotificationSetting(work, setting)),
  }),
];

export const inAppNotificationRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/notifications',
    body: z.object({
      other_party_id: id,
      user_id: id.nullish(),
      type: optionalText,
      message: optionalText,
      link: z.string().max(2048).nullish(),
      associated_object: optionalText,
    }),
    run: async (work, body) => recordAnswer(Notification, await recordNotification(work, body)),
  }),
];
