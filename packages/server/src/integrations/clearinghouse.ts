/** `POST /internal/integrations/clearinghouse/…`: claim submissions of CMS 1500s and their progress. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import {
  removeClaimSubmission,
  submitClaim,
  updateClaimSubmission,
} from '../areas/billing-insurance/internal-clearinghouse.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText } from './schemas.js';

const details = { status: optionalText, claim_data: z.record(z.string(), z.unknown()).nullish() };

export function clearinghouseRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/integrations/clearinghouse/claim-submission-created',
    body: z.object({ cms1500_id: id, ...details }),
    run: async (work, { cms1500_id: cms1500Id, ...rest }) =>
      recordAnswer('ClaimSubmission', await submitClaim(work, cms1500Id, rest)),
  });
  internalRoute(app, services, {
    path: '/integrations/clearinghouse/claim-submission-updated',
    body: z.object({ claim_submission_id: id, ...details }),
    run: async (work, { claim_submission_id: submissionId, ...rest }) =>
      recordAnswer('ClaimSubmission', await updateClaimSubmission(work, submissionId, rest)),
  });
  internalRoute(app, services, {
    path: '/integrations/clearinghouse/claim-submission-deleted',
    body: z.object({ claim_submission_id: id }),
    run: async (work, { claim_submission_id: submissionId }) =>
      recordAnswer('ClaimSubmission', await removeClaimSubmission(work, submissionId)),
  });
}
