/**
 * The billing-insurance area's face: what other areas may use of it (its declarations and table types). Its
 * assembly, with behaviour bound, is ./area.ts, which only areas/all.ts imports.
 */
export {
  AcceptedInsurancePlan,
  BillingItem,
  ChargeBack,
  ClaimSubmission,
  Cms1500,
  InsuranceAuthorization,
  OtherIdNumber,
  RecurringPayment,
  RequestedPayment,
  StripeCustomerDetail,
  SuperBill,
  type BillingInsuranceTables,
} from './resources.js';
export {
  offeringPrice,
  offeringRepeats,
  offeringToBuy,
  purchaseOf,
  recordPurchase,
} from './offering-purchase.js';
