/**
 * Requests to fill in a form: one recipient per request. The request's status and the submission that
 * fulfilled it are read in ./resources.ts (found through the submission's `requested_form_completion_id`,
 * so fulfilling changes only `is_complete`).
 */
import { fail } from '../../registry/index.js';

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
