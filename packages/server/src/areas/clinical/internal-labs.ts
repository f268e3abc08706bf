/**
 * The lab vendor's reports on an order it received (Rupa Health, Change Health, …): its identifiers for the
 * order (`external_identifier`, `lta_id`, `rupa_order_id`), which integration carries it, and the order's
 * progress, written on the lab order (`lab_order.updated` with what changed).
 */
import { requireInScope, updateInternal, type StoredRow, type Work } from '../../registry/index.js';
import { LabOrder } from './resources.js';

export type LabOrderReport = Partial<
  Record<
    'status' | 'normalized_status' | 'test_date' | 'external_identifier' | 'lta_id' | 'rupa_order_id',
    string | null
  >
> & { integration?: string | undefined; abnormal?: boolean | null | undefined };

export async function reportLabOrder(
  work: Work,
  orderId: number,
  report: LabOrderReport,
): Promise<StoredRow> {
  const order = await requireInScope(work, LabOrder, orderId, 'lab_order_id');
  const { abnormal, ...fields } = report;
  const flag = abnormal === undefined ? {} : { abnormal: abnormal === null ? null : abnormal ? 1 : 0 };
  return (await updateInternal(work, LabOrder, order, { ...fields, ...flag })).row;
}
