/**
 * `createNotificationContact` with client portal access and no `linked_client_id` creates the contact's
 * own client record first (`patient.created`), then the contact linked to it (`notification_contact.created`).
 */
import { createRecord, type Work } from '../../registry/index.js';
import { User } from './resources.js';

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
