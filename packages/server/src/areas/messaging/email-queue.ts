/**
 * Emails to users (patients' care plans, shared documents): a mutation queues one in its own transaction,
 * so it is mailed only if the mutation commits; the email sender (./email-sender.ts) mails it afterwards.
 * Queuing emits nothing: what was sent is logged as a `SentNotificationRecord` when it is sent.
 */
import { fail, insertRow, type StoredRow, type Work } from '../../registry/index.js';
import { QueuedEmail } from './resources.js';

export interface EmailMessage {
  subject: string;
  body: string;
  /** What the email is about, as the sent record names it (`care_plan_sent`, `document_shared`, …). */
  notificationType: string;
}

/** Queues the email to a user; `field` names the input that chose the user, for a user without email. */
export async function queueEmail(
  work: Work,
  user: StoredRow,
  message: EmailMessage,
  field: string,
): Promise<StoredRow> {
  if (typeof user.email !== 'string' || user.email === '')
    fail(field, `User ${user.id} has no email address`);
  return insertRow(
    work,
    QueuedEmail,
    {
      user_id: user.id,
      sender_id: work.caller.userId,
      recipient: user.email,
      subject: message.subject,
      body: message.body,
      notification_type: message.notificationType,
    },
    user.organization_id,
  );
}
