/**
 * createSentFax's `dietitian` (Healthie's FaxDietitianInput, "AKA the provider"): the provider the cover
 * page names, with the phone number, qualifications and address to print. `id` names an organization
 * member (the caller when left out); the details are kept on the fax as given, not written to the
 * provider's profile. Without `dietitian` the caller is the fax's provider.
 */
import { z } from 'zod';
import {
  fail,
  findRow,
  parseId,
  parseInput,
  within,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';

const text = z.string().max(255).nullish();

const dietitianInput = z.object({
  id: z.unknown().optional(),
  phone_number: text,
  qualifications: z.string().max(10_000).nullish(),
  location: z
    .object({
      id: z.unknown().optional(),
      line1: text,
      line2: text,
      city: text,
      state: text,
      zip: text,
      country: text,
    })
    .nullish(),
});

export async function faxDietitian(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const raw = input.dietitian;
  values.dietitian_id = work.caller.userId;
  if (raw === undefined || raw === null) return;
  await within('dietitian', async () => {
    const dietitian = parseInput(dietitianInput, raw);
    if (dietitian.id !== undefined && dietitian.id !== null && dietitian.id !== '') {
      const id = parseId(dietitian.id);
      const user: StoredRow | undefined = id === null ? undefined : await findRow(work, User, id);
      if (!user || user.user_type !== 'provider')
        fail('id', `Organization member ${String(dietitian.id)} was not found`);
      values.dietitian_id = user.id;
    }
    if (dietitian.phone_number != null) values.dietitian_phone_number = dietitian.phone_number;
    if (dietitian.qualifications != null) values.dietitian_qualifications = dietitian.qualifications;
    if (dietitian.location) {
      const location = Object.fromEntries(
        Object.entries(dietitian.location).filter(([, value]) => value !== undefined && value !== null),
      );
      values.dietitian_location = JSON.stringify(location);
    }
  });
}

const STATUS_NAMES: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** `SentFax.status_display_string`: the status as a person reads it ("in_progress" → "In progress"). */
export function statusDisplay(fax: StoredRow): string | null {
  if (typeof fax.status !== 'string' || fax.status === '') return null;
  const known = STATUS_NAMES[fax.status.toLowerCase()];
  if (known) return known;
  const words = fax.status.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The ids in a comma-separated list, as given (blank entries left out). */
export function idList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** `SentFax.resendable`: the fax names what it sent (documents or charting notes). */
export function resendable(fax: StoredRow): boolean {
  return (
    typeof fax.document_id === 'number' ||
    idList(fax.document_ids).length > 0 ||
    idList(fax.form_answer_group_ids).length > 0
  );
}
