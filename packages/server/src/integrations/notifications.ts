/** `POST /internal/integrations/notifications/…`: the notification sender's log and delivery status reports. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import {
  recordSentNotification,
  updateSentNotification,
} from '../areas/messaging/internal-notification-records.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText } from './schemas.js';

const details = {
  category: optionalText,
  delivery_status: optionalText,
  notification_description: optionalText,
  notification_type: optionalText,
  representation_type: optionalText,
};

export function notificationRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/integrations/notifications/sent',
    body: z.object({ user_id: id, ...details }),
    run: async (work, { user_id: userId, ...rest }) =>
      recordAnswer('SentNotificationRecord', await recordSentNotification(work, userId, rest)),
  });
  internalRoute(app, services, {
    path: '/integrations/notifications/status',
    body: z.object({ sent_notification_record_id: id, ...details }),
    run: async (work, { sent_notification_record_id: recordId, ...rest }) =>
      recordAnswer('SentNotificationRecord', await updateSentNotification(work, recordId, rest)),
  });
}
