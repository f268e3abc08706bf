/**
 * The claims clearinghouse: submitting a CMS 1500 records a `ClaimSubmission`, the clearinghouse's
 * progress reports update it, and a withdrawn submission is removed. A report giving `reasons` (why the
 * payer rejected or denied the claim) sets them on the claim (`cms1500.updated`, changed_fields
 * ["reasons"]).
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
import { ClaimSubmission, Cms1500 } from './resources.js';

/** The rejection or denial reasons a report gives, set on its claim. */
async function recordReasons(work: Work, cms1500Id: unknown, details: SubmissionDetails): Promise<void> {
  if (details.reasons === undefined || typeof cms1500Id !== 'number') return;
  const claim = await requireInScope(work, Cms1500, cms1500Id, 'cms1500_id');
  await updateInternal(work, Cms1500, claim, { reasons: details.reasons });
}

export interface SubmissionDetails {
  status?: string | null | undefined;
  claim_data?: unknown;
  integration?: string | null | undefined;
  integration_formatted_claim_data?: unknown;
  reasons?: string | null | undefined;
}

function stored(details: SubmissionDetails): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (details.status !== undefined) values.status = details.status;
  if (details.claim_data !== undefined) values.claim_data = JSON.stringify(details.claim_data);
  if (details.integration !== undefined) values.integration = details.integration;
  if (details.integration_formatted_claim_data !== undefined)
    values.integration_formatted_claim_data = JSON.stringify(details.integration_formatted_claim_data);
  return values;
}

export async function submitClaim(
  work: Work,
  cms1500Id: number,
  details: SubmissionDetails,
): Promise<StoredRow> {
  const organizationId = await requireRefs(work, { cms1500_id: [Cms1500, cms1500Id] });
  const submission = await createInternal(
    work,
    ClaimSubmission,
    { ...stored(details), cms1500_id: cms1500Id },
    organizationId,
  );
  await recordReasons(work, cms1500Id, details);
  return submission;
}

export async function updateClaimSubmission(
  work: Work,
  submissionId: number,
  details: SubmissionDetails,
): Promise<StoredRow> {
  const submission = await requireInScope(work, ClaimSubmission, submissionId, 'claim_submission_id');
  const updated = (await updateInternal(work, ClaimSubmission, submission, stored(details))).row;
  await recordReasons(work, updated.cms1500_id, details);
  return updated;
}

export async function removeClaimSubmission(work: Work, submissionId: number): Promise<StoredRow> {
  const submission = await requireInScope(work, ClaimSubmission, submissionId, 'claim_submission_id');
  return deleteRecord(work, ClaimSubmission, submission);
}
