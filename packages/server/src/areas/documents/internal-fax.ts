/**
 * The fax provider's callbacks: an inbound fax is stored as a `ReceivedFax`; a status report on an
 * outbound fax updates its `status`, announced as `sent_fax.status_changed` (the report) and then
 * `sent_fax.updated` (the record, changed_fields ["status"]). A report of the status already stored
 * changes nothing and emits nothing.
 */
import {
  createInternal,
  requireInScope,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { ReceivedFax, SentFax } from './resources.js';

export interface InboundFax {
  from_number: string;
  referring_provider_name?: string | null | undefined;
  comments?: string | null | undefined;
}

export async function receiveFax(work: Work, fax: InboundFax): Promise<StoredRow> {
  return createInternal(work, ReceivedFax, {
    from_number: fax.from_number,
    referring_provider_name: fax.referring_provider_name ?? null,
    comments: fax.comments ?? null,
  });
}

export async function reportSentFaxStatus(work: Work, sentFaxId: number, status: string): Promise<StoredRow> {
  const fax = await requireInScope(work, SentFax, sentFaxId, 'sent_fax_id');
  const { row } = await updateInternal(
    work,
    SentFax,
    fax,
    { status },
    {
      before: ['status_changed'],
    },
  );
  return row;
}
