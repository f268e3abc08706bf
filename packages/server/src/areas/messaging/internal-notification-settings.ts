/**
 * Notification settings are created the first time a user's preferences are configured (later
 * configurations update them), and removed by an internal clean-up on request.
 */
import { deleteRecord, type StoredRow, type Work } from '../../registry/index.js';
import { createInternal, requireInScope, updateInternal } from '../../registry/internal-writes.js';

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
  const user = await requireInScope(work, 'User', userId, 'user_id');
  const Setting = work.registry.get('NotificationSetting');
  const existing = (await work.db
    .selectFrom(Setting.table)
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
  if (existing)
    return { row: (await updateInternal(work, Setting, existing, stored(preferences))).row, created: false };
  const row = await createInternal(
    work,
    Setting,
    { ...stored(preferences), user_id: user.id },
    user.organization_id,
  );
  return { row, created: true };
}

export async function removeNotificationSetting(work: Work, settingId: number): Promise<StoredRow> {
  const setting = await requireInScope(work, 'NotificationSetting', settingId, 'notification_setting_id');
  return deleteRecord(work, work.registry.get('NotificationSetting'), setting);
}
