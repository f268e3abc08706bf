/**
 * What a person does with faxes after they are sent or received.
 *
 * - `updateReceivedFax`: files an inbound fax (`archived`) or notes on it (`comments`).
 * - `deleteReceivedFax`: removes an inbound fax.
 *   The reference documents no `received_fax.updated` / `.deleted`, so neither fires an event.
 * - `resendSentFax(sent_fax_id)`: sends the same fax again as a new outbound fax (the caller its sender,
 *   status `queued`), announced as `sent_fax.created`; the fax provider's status reports then follow it
 *   (./internal-fax.ts). Only a fax that names what it sent can be resent (`SentFax.resendable`).
 */
import { z } from 'zod';
import {
  deleteRow,
  emitFor,
  fail,
  insertRow,
  parseInput,
  requireRow,
  updateRow,
  validateInput,
  type SpecialMutation,
} from '../../registry/index.js';
import { resendable } from './faxes.js';
import { ReceivedFax, SentFax } from './resources.js';

const receivedFaxEdits = z.object({
  archived: z.boolean({ error: 'Archived must be true or false' }).nullish(),
  comments: z.string().max(10_000).nullish(),
});

export const updateReceivedFax: SpecialMutation = {
  name: 'updateReceivedFax',
  input: 'updateReceivedFaxInput',
  inputFields: { archived: 'Boolean', comments: 'String', id: 'ID' },
  payload: 'updateReceivedFaxPayload',
  returns: { receivedFax: 'ReceivedFax' },
  async run(work, input) {
    const fax = await requireRow(work, ReceivedFax, input.id);
    const edits = parseInput(receivedFaxEdits, input);
    const { values } = await validateInput(work, ReceivedFax, edits, 'update', fax);
    const { row } = await updateRow(work, ReceivedFax, fax, values);
    return { receivedFax: row };
  },
};

export const deleteReceivedFax: SpecialMutation = {
  name: 'deleteReceivedFax',
  input: 'deleteReceivedFaxInput',
  inputFields: { id: 'ID' },
  payload: 'deleteReceivedFaxPayload',
  returns: { receivedFax: 'ReceivedFax' },
  async run(work, input) {
    const fax = await requireRow(work, ReceivedFax, input.id);
    await deleteRow(work, ReceivedFax, fax);
    return { receivedFax: fax };
  },
};

/** What a resent fax copies from the original (the cover page and what it sends). */
const COPIED = [
  'destination_number',
  'patient_id',
  'recipient_name',
  'recipient_company',
  'subject',
  'remarks',
  'date',
  'document_id',
  'document_ids',
  'form_answer_group_ids',
  'answer_ids',
  'include_header_on_every_page',
  'include_hipaa_disclaimer',
  'skip_cover_page',
  'dietitian_id',
  'dietitian_phone_number',
  'dietitian_qualifications',
  'dietitian_location',
] as const;

export const resendSentFax: SpecialMutation = {
  name: 'resendSentFax',
  input: 'resendSentFaxInput',
  inputFields: { sent_fax_id: 'String' },
  payload: 'resendSentFaxPayload',
  returns: { sent_fax: 'SentFax' },
  async run(work, input) {
    const original = await requireRow(work, SentFax, input.sent_fax_id, 'sent_fax_id');
    if (!resendable(original))
      fail('sent_fax_id', 'This fax names no document or charting note to send again');
    // The original's stored values, written as they are: they were checked when it was sent.
    const copy = Object.fromEntries(COPIED.map((name) => [name, original[name]]));
    const values = { ...copy, sender_id: work.caller.userId, status: 'queued' };
    const sent = await insertRow(work, SentFax, values, original.organization_id);
    await emitFor(work, SentFax, 'created', sent);
    return { sent_fax: sent };
  },
};
