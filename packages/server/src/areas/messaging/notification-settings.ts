/** `User.notification_setting`: the user's notification preferences, read within the caller's scope. */
import { typedDb, type Reader, type StoredRow } from '../../registry/index.js';
import type { MessagingTables } from './resources.js';

export async function settingOf(user: StoredRow, reader: Reader): Promise<unknown> {
  return (
    (await typedDb<MessagingTables>(reader)
      .selectFrom('notification_settings')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('organization_id', 'in', reader.scope)
      .orderBy('id')
      .executeTakeFirst()) ?? null
  );
}
