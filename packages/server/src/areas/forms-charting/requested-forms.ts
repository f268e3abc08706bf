/**
 * Requests to fill in a form: one recipient per request, its status, and the submission that fulfilled it
 * (found through the submission's `requested_form_completion_id`, so fulfilling changes only `is_complete`).
 */
import { fail, type Reader, type StoredRow } from '../../registry/index.js';
import { typedDb } from '../typed-db.js';

/** Healthie's `recipient_ids` (comma-separated) with exactly one id stands for `recipient_id`. */
export function singleRecipient(input: Record<string, unknown>): Record<string, unknown> {
  const given = input.recipient_id;
  if ((given !== undefined && given !== null && given !== '') || typeof input.recipient_ids !== 'string') {
    return input;
  }
  const ids = input.recipient_ids
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length > 1) fail('recipient_ids', 'Recipient ids must name one recipient; send one request each');
  return ids.length === 1 ? { ...input, recipient_id: ids[0] } : input;
}

export function requestedFormStatus(row: StoredRow): string {
  return Number(row.is_complete) === 1 ? 'Completed' : 'Incomplete';
}

/** The finished submission that fulfilled the request, if any. */
export async function requestedFormAnswerGroup(row: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const found = await typedDb(reader)
    .selectFrom('form_answer_groups')
    .selectAll()
    .where('requested_form_completion_id', '=', row.id)
    .where('finished', '=', 1)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return (found as StoredRow | undefined) ?? null;
}
