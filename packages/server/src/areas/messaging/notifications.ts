/**
 * In-app notifications (Healthie's `Notification`).
 *
 * - `updateNotification(id, seen?, read?)`: marks one notification loaded (`seen`) or clicked (`read`).
 * - `updateNotifications(notification_ids | updateAllNotifications, seen?)`: marks several, or every one
 *   of the caller's, seen (or unseen).
 * - `POST /internal/notifications`: the notifier records a notification for a user.
 * Notifications have no webhook events in the reference, so none of these emits one.
 */
import { z } from 'zod';
import {
  fail,
  insertRow,
  MAX_PAGE_SIZE,
  parseInput,
  requireRefs,
  requireRow,
  typedTransaction,
  updateRow,
  type Computed,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { fullName, User } from '../patients/index.js';
import { Notification, type MessagingTables } from './resources.js';

/** The most notifications one call marks. */
const BULK_LIMIT = 10 * MAX_PAGE_SIZE;

async function callerRow(work: Work): Promise<StoredRow | undefined> {
  return (await typedTransaction<MessagingTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', work.caller.userId)
    .executeTakeFirst()) as StoredRow | undefined;
}

const flags = (given: { seen?: boolean | null; read?: boolean | null }) => {
  const values: Record<string, number> = {};
  if (given.seen != null) values.seen = given.seen ? 1 : 0;
  if (given.read != null) values.read = given.read ? 1 : 0;
  return values;
};

const updateNotificationInput = z.object({ seen: z.boolean().nullish(), read: z.boolean().nullish() });

export const updateNotification: SpecialMutation = {
  name: 'updateNotification',
  input: 'updateNotificationInput',
  inputFields: { id: 'ID', read: 'Boolean', seen: 'Boolean' },
  payload: 'updateNotificationPayload',
  returns: { currentUser: 'User', notification: 'Notification' },
  async run(work, input) {
    const notification = await requireRow(work, Notification, input.id);
    const values = flags(parseInput(updateNotificationInput, input));
    if (Object.keys(values).length === 0) fail('seen', 'Give seen or read to set on the notification');
    const { row } = await updateRow(work, Notification, notification, values);
    return { currentUser: await callerRow(work), notification: row };
  },
};

const updateNotificationsInput = z.object({
  notification_ids: z
    .array(z.unknown())
    .max(BULK_LIMIT, { error: `At most ${BULK_LIMIT} notifications can be changed at once` })
    .nullish()
    .transform((ids) => ids ?? []),
  updateAllNotifications: z.boolean().nullish(),
  seen: z.boolean({ error: 'Seen must be true or false' }).nullish(),
});

/** Every notification for the caller, oldest first. */
async function callerNotifications(work: Work): Promise<StoredRow[]> {
  const rows = (await typedTransaction<MessagingTables>(work)
    .selectFrom('user_notifications')
    .selectAll()
    .where('other_party_id', '=', work.caller.userId)
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .limit(BULK_LIMIT + 1)
    .execute()) as unknown as StoredRow[];
  if (rows.length > BULK_LIMIT)
    fail('updateAllNotifications', `At most ${BULK_LIMIT} notifications can be changed at once`);
  return rows;
}

async function namedNotifications(work: Work, ids: readonly unknown[]): Promise<StoredRow[]> {
  if (ids.length === 0) fail('notification_ids', 'Name at least one notification');
  const found = new Map<number, StoredRow>();
  for (const id of ids) {
    const row = await requireRow(work, Notification, id, 'notification_ids');
    if (!found.has(row.id)) found.set(row.id, row);
  }
  return [...found.values()];
}

export const updateNotifications: SpecialMutation = {
  name: 'updateNotifications',
  input: 'bulkUpdateNotificationsInput',
  inputFields: { notification_ids: '[String]', seen: 'Boolean', updateAllNotifications: 'Boolean' },
  payload: 'bulkUpdateNotificationsPayload',
  returns: { current_user: 'User', notifications: '[Notification]' },
  async run(work, input) {
    const given = parseInput(updateNotificationsInput, input);
    if (given.seen == null) fail('seen', 'Seen is required');
    if (given.updateAllNotifications === true && given.notification_ids.length > 0)
      fail('notification_ids', 'Give notification_ids or updateAllNotifications, not both');
    const rows =
      given.updateAllNotifications === true
        ? await callerNotifications(work)
        : await namedNotifications(work, given.notification_ids);
    const notifications: StoredRow[] = [];
    for (const row of rows) notifications.push((await updateRow(work, Notification, row, flags(given))).row);
    return { current_user: await callerRow(work), notifications };
  },
};

export interface NewNotification {
  other_party_id: number;
  user_id?: number | null | undefined;
  type?: string | null | undefined;
  message?: string | null | undefined;
  link?: string | null | undefined;
  associated_object?: string | null | undefined;
}

/** The notifier's record of a notification for a user (in that user's organization). */
export async function recordNotification(work: Work, notification: NewNotification): Promise<StoredRow> {
  const organizationId = await requireRefs(work, {
    other_party_id: [User, notification.other_party_id],
    user_id: [User, notification.user_id],
  });
  return insertRow(work, Notification, { ...notification }, organizationId);
}

async function creatorName(row: StoredRow, reader: Reader): Promise<string | null> {
  if (typeof row.user_id !== 'number') return null;
  const creator = await userInScope(reader, row.user_id);
  return creator ? fullName(creator) : null;
}

async function userInScope(reader: Reader, id: number): Promise<StoredRow | undefined> {
  return (await reader.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** The entry an `EntryNotification` names (read by table name: the clinical area is not imported here). */
async function associatedEntry(row: StoredRow, reader: Reader): Promise<unknown> {
  if (row.type !== 'EntryNotification' || typeof row.associated_object !== 'string') return null;
  const id = Number(row.associated_object);
  if (!Number.isSafeInteger(id)) return null;
  return (
    (await reader.db
      .selectFrom('entries')
      .selectAll()
      .where('id', '=', id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) ?? null
  );
}

export const notificationFields: Record<string, Computed> = {
  creator_user_name: { type: 'String', resolve: creatorName },
  link_string: { type: 'String', resolve: (row) => row.link ?? null },
  associated_entry: { type: 'Entry', resolve: associatedEntry },
};
