/**
 * Notification settings are created the first time a user's preferences are configured (later
 * configurations update them), and removed by an internal clean-up on request.
 */
import {
  createInternal,
  deleteRecord,
  requireInScope,
  typedTransaction,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { NotificationSetting, type MessagingTables } from './resources.js';

/** Preference name → on/off, or text for `marketing_communication_preference`. */
export type Preferences = Record<string, boolean | string | null>;

function stored(preferences: Preferences): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(preferences).map(([name, value]) => [
      name,
      typeof value === 'boolean' ? (value ? 1 : 0) : value,
    ]),
  );
}

export async function configureNotificationSettings(
  work: Work,
  userId: number,
  preferences: Preferences,
): Promise<{ row: StoredRow; created: boolean }> {
  const user = await requireInScope(work, User, userId, 'user_id');
  const existing = (await typedTransaction<MessagingTables>(work)
    .selectFrom('notification_settings')
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
  if (existing) {
    const { row } = await updateInternal(work, NotificationSetting, existing, stored(preferences));
    return { row, created: false };
  }
  const row = await createInternal(
    work,
    NotificationSetting,
    { ...stored(preferences), user_id: user.id },
    user.organization_id,
  );
  return { row, created: true };
}

export async function removeNotificationSetting(work: Work, settingId: number): Promise<StoredRow> {
  const setting = await requireInScope(work, NotificationSetting, settingId, 'notification_setting_id');
  return deleteRecord(work, NotificationSetting, setting);
}
