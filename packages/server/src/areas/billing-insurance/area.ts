/** Billing and insurance: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { createAcceptedInsurancePlan } from './accepted-insurance-plans.js';
import { submitChargeBackEvidence } from './charge-backs.js';
import { applyOtherIdNumbers, cms1500Patient, nestedIds } from './cms1500.js';
import { clearinghouseRoutes, otherIdNumberRoutes, paymentRoutes } from './internal-routes.js';
import {
  cancelRecurringPayment,
  startRecurringPayment,
  updateRecurringPayment,
} from './recurring-payments.js';
import { resources } from './resources.js';
import { deleteStripeCustomerDetail, sourceFromToken } from './stripe-customer-details.js';
import { billingTriggers } from './trigger-recipes.js';

const otherIdNumberInput = { id: 'ID', other_id: 'String', other_id_qualifier: 'String', user_id: 'String' };

const cms1500Hooks = { prepare: nestedIds, before: cms1500Patient, after: applyOtherIdNumbers };

export const billing = area({
  name: 'billing',
  resources,
  special: [cancelRecurringPayment, deleteStripeCustomerDetail, createAcceptedInsurancePlan],
  hooks: {
    createBillingItem: { after: startRecurringPayment },
    updateBillingItem: { after: updateRecurringPayment },
    createStripeCustomerDetail: { before: sourceFromToken },
    createCms1500: cms1500Hooks,
    updateCms1500: cms1500Hooks,
    updateChargeBack: { before: submitChargeBackEvidence },
  },
  inputTypes: {
    OtherIdNumberInput: otherIdNumberInput,
    Cms1500OtherIdNumberInput: { ...otherIdNumberInput, label: 'String', _destroy: 'Boolean' },
  },
  routes: [...paymentRoutes, ...clearinghouseRoutes, ...otherIdNumberRoutes],
  triggers: billingTriggers,
});
