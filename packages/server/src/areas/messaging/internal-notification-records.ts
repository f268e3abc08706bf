/**
 * The notification sender's log: each email, text or push it dispatches is recorded as a
 * `SentNotificationRecord`, and the delivery provider's status reports update it.
 */
import {
  createInternal,
  requireInScope,
  requireRefs,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { SentNotificationRecord } from './resources.js';

export type NotificationDetails = Partial<
  Record<
    'category' | 'delivery_status' | 'notification_description' | 'notification_type' | 'representation_type',
    string | null
  >
>;

export async function recordSentNotification(
  work: Work,
  userId: number,
  details: NotificationDetails,
): Promise<StoredRow> {
  const organizationId = await requireRefs(work, { user_id: [User, userId] });
  return createInternal(work, SentNotificationRecord, { ...details, user_id: userId }, organizationId);
}

export async function updateSentNotification(
  work: Work,
  recordId: number,
  details: NotificationDetails,
): Promise<StoredRow> {
  const record = await requireInScope(work, SentNotificationRecord, recordId, 'sent_notification_record_id');
  return (await updateInternal(work, SentNotificationRecord, record, details)).row;
}
