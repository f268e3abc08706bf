/**
 * Notification contacts:
 * - createNotificationContact with client portal access and no `linked_client_id` creates the contact's
 *   own client record first (`patient.created`), then the contact linked to it
 *   (`notification_contact.created`); `send_invitation` queues that client's portal invitation.
 * - `client_portal_setting` (create and update) sets what the contact may do in the portal.
 * - deleteNotificationContact with `user_id` deletes only a contact of that client.
 */
import { z } from 'zod';
import {
  createRecord,
  fail,
  parseId,
  parseInput,
  typedTransaction,
  updateRecord,
  within,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { stamp } from './clients.js';
import { ClientPortalSetting, User, type PatientsTables } from './resources.js';

export async function createLinkedClient(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (values.client_portal_access !== 1 || values.linked_client_id != null) return;
  const client = await createRecord(work, User, {
    first_name: input.first_name,
    last_name: input.last_name,
    email: input.email,
    phone_number: input.phone_number,
    dietitian_id: input.dietitian_id,
    user_group_id: input.user_group_id,
  });
  values.linked_client_id = client.id;
}

const PERMISSIONS = [
  'chat_with_provider',
  'schedule_appointments',
  'view_and_complete_forms',
  'view_and_create_goals',
  'view_and_create_journal_entries',
  'view_and_pay_bills',
  'view_and_purchase_packages',
  'view_and_upload_documents',
] as const;

const settingInput = z.object({
  client_portal_setting: z.record(z.string(), z.unknown()).nullish(),
  send_invitation: z.boolean().nullish(),
});

/** Creates or updates the contact's portal permissions from `client_portal_setting`. */
async function applyPortalSetting(
  work: Work,
  contact: StoredRow,
  given: Record<string, unknown>,
): Promise<void> {
  const values = Object.fromEntries(
    PERMISSIONS.filter((name) => name in given).map((name) => [name, given[name]]),
  );
  const existing = (await typedTransaction<PatientsTables>(work)
    .selectFrom('client_portal_settings')
    .selectAll()
    .where('notification_contact_id', '=', contact.id)
    .executeTakeFirst()) as StoredRow | undefined;
  if (given.id != null && given.id !== '' && (!existing || parseId(given.id) !== existing.id))
    fail('id', `ClientPortalSetting ${String(given.id)} was not found for this contact`);
  if (existing) await updateRecord(work, ClientPortalSetting, existing, values);
  else await createRecord(work, ClientPortalSetting, { ...values, notification_contact_id: contact.id });
}

export async function afterContactWrite(work: Work, change: RecordChange): Promise<void> {
  const input = parseInput(settingInput, change.input);
  const setting = input.client_portal_setting;
  if (setting) await within('client_portal_setting', () => applyPortalSetting(work, change.row, setting));
  if (input.send_invitation === true) {
    if (Number(change.row.client_portal_access) !== 1 || change.row.linked_client_id == null)
      fail('send_invitation', 'Only a contact with client portal access can be invited');
    await typedTransaction<PatientsTables>(work)
      .updateTable('notification_contacts')
      .set({ invitation_sent_at: stamp(work) })
      .where('id', '=', change.row.id)
      .execute();
  }
}

export async function checkContactOwner(_work: Work, change: RecordChange): Promise<void> {
  const owner = change.input.user_id;
  if (owner === undefined || owner === null || owner === '') return;
  if (parseId(owner) !== change.row.user_id)
    fail('user_id', `NotificationContact ${change.row.id} is not a contact of user ${String(owner)}`);
}
