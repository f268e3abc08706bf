/** `POST /internal/integrations/payments/…`: the payment processor's dispute (chargeback) reports. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import {
  openChargeBack,
  removeChargeBack,
  updateChargeBack,
} from '../areas/billing-insurance/internal-payments.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, money, optionalText } from './schemas.js';

const dispute = {
  status: optionalText,
  reason: optionalText,
  disputed_amount: money.nullish(),
  fee: money.nullish(),
  total_amount: money.nullish(),
  response_required_by: optionalText,
  stripe_dispute_id: optionalText,
};

export function paymentRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/integrations/payments/charge-back-created',
    body: z.object({ billing_item_id: id, ...dispute }),
    run: async (work, { billing_item_id: itemId, ...details }) =>
      recordAnswer('ChargeBack', await openChargeBack(work, itemId, details)),
  });
  internalRoute(app, services, {
    path: '/integrations/payments/charge-back-updated',
    body: z.object({ charge_back_id: id, ...dispute }),
    run: async (work, { charge_back_id: chargeBackId, ...details }) =>
      recordAnswer('ChargeBack', await updateChargeBack(work, chargeBackId, details)),
  });
  internalRoute(app, services, {
    path: '/integrations/payments/charge-back-deleted',
    body: z.object({ charge_back_id: id }),
    run: async (work, { charge_back_id: chargeBackId }) =>
      recordAnswer('ChargeBack', await removeChargeBack(work, chargeBackId)),
  });
}
