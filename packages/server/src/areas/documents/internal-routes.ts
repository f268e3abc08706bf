/** `POST /internal/integrations/fax/…`: the fax provider's inbound faxes and outbound transmission status. */
import { z } from 'zod';
import { internalRoute, recordAnswer, type InternalRoute } from '../../registry/index.js';
import { id, optionalText, requiredText } from '../../registry/input-schemas.js';
import { receiveFax, reportSentFaxStatus } from './internal-fax.js';
import { ReceivedFax, SentFax } from './resources.js';

export const faxRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/fax/received',
    body: z.object({
      from_number: requiredText,
      referring_provider_name: optionalText,
      comments: optionalText,
    }),
    run: async (work, fax) => recordAnswer(ReceivedFax, await receiveFax(work, fax)),
  }),
  internalRoute({
    path: '/integrations/fax/sent-fax-status',
    body: z.object({ sent_fax_id: id, status: requiredText }),
    run: async (work, { sent_fax_id: faxId, status }) =>
      recordAnswer(SentFax, await reportSentFaxStatus(work, faxId, status)),
  }),
];
