/**
 * `currentUserNotificationsCount` of the lab order payloads (Healthie's `UserNotificationsCount`): the
 * caller's unread conversations and the lab orders they placed that have no appointment yet.
 */
import { typedDb, type Computed, type Reader } from '../../registry/index.js';
import type { MessagingTables } from '../messaging/index.js';
import type { ClinicalTables } from './resources.js';

async function counts(reader: Reader) {
  const unread = await typedDb<MessagingTables>(reader)
    .selectFrom('conversation_memberships')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('user_id', '=', reader.caller.userId)
    .where('viewed', '=', 0)
    .where('archived', '=', 0)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  const unscheduled = await typedDb<ClinicalTables>(reader)
    .selectFrom('lab_orders')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('orderer_id', '=', reader.caller.userId)
    .where('appt_confirmation_code', 'is', null)
    .where('test_date', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return {
    id: String(reader.caller.userId),
    conversation_notification_count: Number(unread?.count ?? 0),
    unscheduled_lab_orders_count: Number(unscheduled?.count ?? 0),
  };
}

const currentUserNotificationsCount: Computed = {
  type: 'UserNotificationsCount',
  resolve: (_payload, reader) => counts(reader),
};

export const labOrderPayloadFields = {
  createLabOrderPayload: { currentUserNotificationsCount },
  updateLabOrderPayload: { currentUserNotificationsCount },
};

/** The object types these fields answer (not resources). */
export const notificationCountTypes = {
  UserNotificationsCount: {
    id: 'ID',
    conversation_notification_count: 'Int',
    unscheduled_lab_orders_count: 'Int',
  },
};
