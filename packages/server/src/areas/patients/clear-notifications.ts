/**
 * `user(clear_notifs: true)`: reading a user clears their notification count, as Healthie's apps do when
 * they open the notifications: every in-app notification for that user (the user read, or the caller
 * without an id) is marked seen (`Notification.seen`). Reads the messaging table by name, like the
 * other finders; no event (notifications have none).
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

export async function clearNotifications(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (args.clear_notifs !== true) return undefined;
  const userId = args.id === undefined || args.id === null ? reader.caller.userId : parseId(args.id);
  if (userId === null) return undefined;
  await reader.db
    .updateTable('user_notifications')
    .set({ seen: 1 })
    .where('other_party_id', '=', userId)
    .where('seen', '=', 0)
    .where('organization_id', 'in', reader.scope)
    .execute();
  // The user is read as usual.
  return undefined;
}
