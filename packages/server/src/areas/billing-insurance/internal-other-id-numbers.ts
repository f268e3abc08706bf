/** An internal clean-up removes a provider's additional identifier (no public mutation deletes one). */
import { deleteRecord, requireInScope, type StoredRow, type Work } from '../../registry/index.js';
import { OtherIdNumber } from './resources.js';

export async function removeOtherIdNumber(work: Work, otherIdNumberId: number): Promise<StoredRow> {
  const row = await requireInScope(work, OtherIdNumber, otherIdNumberId, 'other_id_number_id');
  return deleteRecord(work, OtherIdNumber, row);
}
