/**
 * The billing-insurance area's internal endpoints: `POST /internal/integrations/payments/…` (the payment
 * processor's dispute (chargeback) reports) and `POST /internal/integrations/clearinghouse/…` (claim
 * submissions of CMS 1500s and their progress), and `/internal/billing/other-id-numbers/delete`.
 */
import { z } from 'zod';
import { internalRoute, recordAnswer, type InternalRoute } from '../../registry/index.js';
import { id, money, optionalText } from '../../registry/input-schemas.js';
import { removeClaimSubmission, submitClaim, updateClaimSubmission } from './internal-clearinghouse.js';
import { removeOtherIdNumber } from './internal-other-id-numbers.js';
import { openChargeBack, removeChargeBack, updateChargeBack } from './internal-payments.js';
import { CLAIM_DESTINATIONS, ChargeBack, ClaimSubmission, OtherIdNumber } from './resources.js';

const dispute = {
  status: optionalText,
  reason: optionalText,
  disputed_amount: money.nullish(),
  fee: money.nullish(),
  total_amount: money.nullish(),
  response_required_by: optionalText,
  stripe_dispute_id: optionalText,
};

export const paymentRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/payments/charge-back-created',
    body: z.object({ billing_item_id: id, ...dispute }),
    run: async (work, { billing_item_id: itemId, ...details }) =>
      recordAnswer(ChargeBack, await openChargeBack(work, itemId, details)),
  }),
  internalRoute({
    path: '/integrations/payments/charge-back-updated',
    body: z.object({ charge_back_id: id, ...dispute }),
    run: async (work, { charge_back_id: chargeBackId, ...details }) =>
      recordAnswer(ChargeBack, await updateChargeBack(work, chargeBackId, details)),
  }),
  internalRoute({
    path: '/integrations/payments/charge-back-deleted',
    body: z.object({ charge_back_id: id }),
    run: async (work, { charge_back_id: chargeBackId }) =>
      recordAnswer(ChargeBack, await removeChargeBack(work, chargeBackId)),
  }),
];

const details = {
  status: optionalText,
  claim_data: z.record(z.string(), z.unknown()).nullish(),
  // Which clearinghouse the claim went to, and the claim as it formatted it.
  integration: z.enum(CLAIM_DESTINATIONS).nullish(),
  integration_formatted_claim_data: z.record(z.string(), z.unknown()).nullish(),
  // Why the payer rejected or denied the claim; set on the claim.
  reasons: optionalText,
};

export const clearinghouseRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/clearinghouse/claim-submission-created',
    body: z.object({ cms1500_id: id, ...details }),
    run: async (work, { cms1500_id: cms1500Id, ...rest }) =>
      recordAnswer(ClaimSubmission, await submitClaim(work, cms1500Id, rest)),
  }),
  internalRoute({
    path: '/integrations/clearinghouse/claim-submission-updated',
    body: z.object({ claim_submission_id: id, ...details }),
    run: async (work, { claim_submission_id: submissionId, ...rest }) =>
      recordAnswer(ClaimSubmission, await updateClaimSubmission(work, submissionId, rest)),
  }),
  internalRoute({
    path: '/integrations/clearinghouse/claim-submission-deleted',
    body: z.object({ claim_submission_id: id }),
    run: async (work, { claim_submission_id: submissionId }) =>
      recordAnswer(ClaimSubmission, await removeClaimSubmission(work, submissionId)),
  }),
];

export const otherIdNumberRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/billing/other-id-numbers/delete',
    body: z.object({ other_id_number_id: id }),
    run: async (work, { other_id_number_id: otherId }) =>
      recordAnswer(OtherIdNumber, await removeOtherIdNumber(work, otherId)),
  }),
];
