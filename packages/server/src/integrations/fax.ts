/** `POST /internal/integrations/fax/…`: the fax provider's inbound faxes and outbound transmission status. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { receiveFax, reportSentFaxStatus } from '../areas/documents/internal-fax.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText, requiredText } from './schemas.js';

export function faxRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/integrations/fax/received',
    body: z.object({
      from_number: requiredText,
      referring_provider_name: optionalText,
      comments: optionalText,
    }),
    run: async (work, fax) => recordAnswer('ReceivedFax', await receiveFax(work, fax)),
  });
  internalRoute(app, services, {
    path: '/integrations/fax/sent-fax-status',
    body: z.object({ sent_fax_id: id, status: requiredText }),
    run: async (work, { sent_fax_id: faxId, status }) =>
      recordAnswer('SentFax', await reportSentFaxStatus(work, faxId, status)),
  });
}
