/** `POST /internal/integrations/notifications/…`: the notification sender's log and delivery status reports. */
import { z } from 'zod';
import { internalRoute, recordAnswer, type InternalRoute } from '../../registry/index.js';
import { id, optionalText } from '../../registry/input-schemas.js';
import { recordSentNotification, updateSentNotification } from './internal-notification-records.js';
import { SentNotificationRecord } from './resources.js';

const details = {
  category: optionalText,
  delivery_status: optionalText,
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
