/**
 * The payment processor's dispute (chargeback) reports on a billing item's charge: a new dispute creates a
 * `ChargeBack`, progress updates it, and a withdrawn dispute removes it.
 */
import {
  createInternal,
  deleteRecord,
  requireInScope,
  requireRefs,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { BillingItem, ChargeBack } from './resources.js';

export type DisputeDetails = Partial<
  Record<
    | 'status'
    | 'reason'
    | 'disputed_amount'
    | 'fee'
    | 'total_amount'
    | 'response_required_by'
    | 'stripe_dispute_id',
    string | null
  >
>;

export async function openChargeBack(
  work: Work,
  billingItemId: number,
  details: DisputeDetails,
): Promise<StoredRow> {
  const organizationId = await requireRefs(work, { billing_item_id: [BillingItem, billingItemId] });
  return createInternal(work, ChargeBack, { ...details, billing_item_id: billingItemId }, organizationId);
}

export async function updateChargeBack(
  work: Work,
  chargeBackId: number,
  details: DisputeDetails,
): Promise<StoredRow> {
  const chargeBack = await requireInScope(work, ChargeBack, chargeBackId, 'charge_back_id');
  return (await updateInternal(work, ChargeBack, chargeBack, details)).row;
}

export async function removeChargeBack(work: Work, chargeBackId: number): Promise<StoredRow> {
  const chargeBack = await requireInScope(work, ChargeBack, chargeBackId, 'charge_back_id');
  return deleteRecord(work, ChargeBack, chargeBack);
}
