/** Billing and insurance: declarations with their behaviour bound. */
import {
  ownerSubscription,
  subscriptionFields,
  subscriptionObjectTypes,
  subscriptionOf,
  subscriptionQuery,
  updateSubscription,
} from './subscriptions.js';
import { payoutFields, payoutRoutes, updateStripeVerificationDetails } from './payout-verification.js';
import { changeHealthRoutes, createChangeHealthPatient } from './change-health.js';
import {
  uploadBatchToCandidHealth,
  uploadBatchToChangeHealth,
  uploadBatchToOfficeally,
  uploadCms1500sToIntegrations,
} from './claim-uploads.js';
import { bulkUpdateCardIssues, cardIssuesCount } from './card-issues.js';
import { accountDefault, area, type AnyField } from '../../registry/index.js';
import { createAcceptedInsurancePlan } from './accepted-insurance-plans.js';
import {
  billingItemFields,
  billingObjectTypes,
  cms1500Fields,
  insuranceAuthorizationFields,
  otherIdNumberFields,
  recurringPaymentFields,
  referralInfoFields,
  requestedPaymentFields,
  stripeCustomerDetailFields,
  superBillFields,
  writeOffFields,
} from './billing-fields.js';
import { createBillingItemHooks, updateBillingItemHooks } from './billing-items.js';
import { chargeBackFields, chargeBackHooks } from './charge-backs.js';
import { cms1500After, cms1500Before, nestedIds } from './cms1500.js';
import {
  claimCodeFields,
  codeLineExtensions,
  diagnosisLineFields,
  estimatedCptFees,
  superBillCodeFields,
  superBillLineTypes,
} from './code-lines.js';
import { formClaimFields } from './form-claims.js';
import { insurancePlanField } from '../patients/index.js';
import { clearinghouseRoutes, otherIdNumberRoutes, paymentRoutes } from './internal-routes.js';
import { providerQueries } from './provider-query.js';
import { billingQueries } from './queries.js';
import { cancelRecurringPayment } from './recurring-payments.js';
import { requestedPaymentHooks } from './requested-payments.js';
import { CLAIM_DESTINATIONS, ReferralInfo, resources, WRITE_OFF_TYPES } from './resources.js';
import { deleteStripeCustomerDetail, sourceFromToken, verifyBankAccount } from './stripe-customer-details.js';
import { superBillHooks } from './super-bills.js';
import {
  billingItemOfferingFields,
  courseOfferingFields,
  formAnswerGroupOfferingFields,
  offeringPartExtensions,
  offeringQueries,
  recurringPaymentOfferingFields,
  requestedPaymentOfferingFields,
  userOfferingFields,
} from './offering-fields.js';
import { offeringInputTypes } from './offering-resources.js';
import { deleteOfferingHooks, offeringHooks } from './offerings.js';
import { billingTriggers } from './trigger-recipes.js';

const otherIdNumberInput = { id: 'ID', other_id: 'String', other_id_qualifier: 'String', user_id: 'String' };

const cms1500Hooks = { prepare: nestedIds, before: cms1500Before, after: cms1500After };

const address = {
  id: 'ID',
  name: 'String',
  line1: 'String',
  line2: 'String',
  city: 'String',
  state: 'String',
  zip: 'String',
  country: 'String',
};

const codeLine = {
  _destroy: 'Boolean',
  id: 'ID',
  cpt_code_id: 'String',
  fee: 'String',
  units: 'String',
  service_date: 'String',
  mod1: 'String',
  mod2: 'String',
  mod3: 'String',
  mod4: 'String',
  pointers: '[String]',
};

/** updateCms1500's `referral_info`: every stored referral field, as it is written. */
const referralInput = Object.fromEntries(
  (Object.entries(ReferralInfo.fields) as Array<[string, AnyField]>)
    .filter(([name]) => name !== 'cms1500_id')
    .map(([name, f]) => [name, f.input]),
);

export const billing = area({
  name: 'billing',
  resources,
  special: [
    cancelRecurringPayment,
    deleteStripeCustomerDetail,
    createAcceptedInsurancePlan,
    bulkUpdateCardIssues,
    createChangeHealthPatient,
    updateStripeVerificationDetails,
    updateSubscription,
    uploadBatchToCandidHealth,
    uploadBatchToChangeHealth,
    uploadBatchToOfficeally,
    uploadCms1500sToIntegrations,
  ],
  hooks: {
    createBillingItem: createBillingItemHooks,
    createOffering: offeringHooks,
    updateOffering: offeringHooks,
    deleteOffering: deleteOfferingHooks,
    updateBillingItem: updateBillingItemHooks,
    createRequestedPayment: requestedPaymentHooks,
    updateRequestedPayment: requestedPaymentHooks,
    createStripeCustomerDetail: { before: sourceFromToken },
    updateStripeCustomerDetail: { before: verifyBankAccount },
    createSuperBill: superBillHooks,
    updateSuperBill: superBillHooks,
    createCms1500: cms1500Hooks,
    updateCms1500: cms1500Hooks,
    updateChargeBack: chargeBackHooks,
  },
  extend: {
    BillingItem: { computed: { ...billingItemFields, ...billingItemOfferingFields } },
    RecurringPayment: { computed: { ...recurringPaymentFields, ...recurringPaymentOfferingFields } },
    RequestedPayment: { computed: { ...requestedPaymentFields, ...requestedPaymentOfferingFields } },
    ...offeringPartExtensions,
    Course: { computed: courseOfferingFields },
    WriteOff: { computed: writeOffFields },
    StripeCustomerDetail: { computed: stripeCustomerDetailFields },
    SuperBill: { computed: { ...superBillFields, ...superBillCodeFields.computed } },
    Cms1500: {
      many: claimCodeFields.many,
      computed: {
        ...cms1500Fields,
        ...claimCodeFields.computed,
        estimated_cpt_fees_for_user: estimatedCptFees,
        // Paying claims out to staff is Healthie's payroll feature, which carehooks does not run.
        paid_out_at: accountDefault('String', null),
      },
    },
    Diagnosis: { computed: diagnosisLineFields },
    ...codeLineExtensions,
    FormAnswerGroup: { computed: { ...formClaimFields, ...formAnswerGroupOfferingFields } },
    AcceptedInsurancePlan: { computed: { insurance_plan: insurancePlanField('insurance_plan_id') } },
    ReferralInfo: { computed: referralInfoFields },
    InsuranceAuthorization: { computed: insuranceAuthorizationFields },
    OtherIdNumber: { computed: otherIdNumberFields },
    ChargeBack: { computed: chargeBackFields },
    User: {
      computed: {
        card_issues_count: cardIssuesCount,
        subscription: subscriptionOf,
        ...payoutFields,
        ...userOfferingFields,
      },
    },
    SubscriptionInstance: { computed: subscriptionFields },
  },
  extendTypes: {
    Query: { ...billingQueries, ...providerQueries, subscription: subscriptionQuery, ...offeringQueries },
    Organization: { owner_subscription: ownerSubscription },
  },
  objectTypes: { ...billingObjectTypes, ...subscriptionObjectTypes, ...superBillLineTypes },
  enums: {
    WriteOffType: WRITE_OFF_TYPES,
    ClaimDestinationIntegration: CLAIM_DESTINATIONS,
    // chargeBacks (./queries.ts) is not a resource list, so its order keys are declared here.
    ChargeBackOrderKeys: ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'UPDATED_AT_DESC', 'UPDATED_AT_ASC'],
  },
  inputTypes: {
    ...offeringInputTypes,
    OtherIdNumberInput: otherIdNumberInput,
    Cms1500OtherIdNumberInput: { ...otherIdNumberInput, label: 'String', _destroy: 'Boolean' },
    Cms1500PolicyInput: { _destroy: 'Boolean', id: 'ID', policy: 'PolicyInput', policy_id: 'String' },
    PolicyInput: {
      id: 'ID',
      user_id: 'String',
      name: 'String',
      num: 'String',
      group_num: 'String',
      priority_type: 'String',
      type_string: 'String',
      holder_relationship: 'String',
      holder_first: 'String',
      holder_mi: 'String',
      holder_last: 'String',
      holder_dob: 'String',
      holder_gender: 'String',
      holder_phone: 'String',
      holder_location: 'LocationInput',
      insurance_card_back_id: 'String',
      insurance_card_front_id: 'String',
      insurance_plan: 'InsurancePlanInput',
      insurance_plan_id: 'String',
      payer_location: 'LocationInput',
      policy_phone_number: 'String',
      same_address_as_client: 'Boolean',
    },
    LocationInput: {
      ...address,
      npi: 'String',
      other_id: 'String',
      other_id_qual: 'String',
      place_of_service_id: 'String',
      user_id: 'String',
    },
    InsurancePlanInput: { id: 'String', payer_name: 'String' },
    CptCodesCms1500Input: {
      ...codeLine,
      epsdt: 'String',
      family_planning_service: 'Boolean',
      service_end_date: 'String',
    },
    IcdCodesCms1500Input: {
      _destroy: 'Boolean',
      id: 'ID',
      icd_code_id: 'String',
      active: 'Boolean',
      end_date: 'String',
      first_symptom_date: 'String',
    },
    DietitianInput: {
      id: 'ID',
      npi: 'String',
      other_id: 'String',
      other_id_qualifier: 'String',
      qualifications: 'String',
    },
    OrganizationInfoInput: {
      id: 'ID',
      location: 'LocationInput',
      name: 'String',
      npi: 'String',
      organization_id: 'ID',
      other_id: 'String',
      other_id_qual: 'String',
      phone_number: 'String',
      tax_id: 'String',
      tax_id_type: 'String',
    },
    PatientInput: {
      id: 'ID',
      dob: 'String',
      full_legal_name_with_preferred: 'String',
      location: 'LocationInput',
      policies: '[PolicyInput]',
      referring_physicians: '[Cms1500ReferringPhysicianInput]',
      sex: 'String',
      ssn: 'String',
    },
    Cms1500ReferringPhysicianInput: { full_name: 'String', id: 'ID' },
    ReferralInfoInput: { id: 'ID', ...referralInput },
    RequestedPayerInput: { address: 'String', email: 'String', id: 'ID', name: 'String' },
    RequestedPaymentTemplateInput: { active_template: 'Boolean', id: 'ID', name: 'String' },
    WriteOffInput: {
      _destroy: 'Boolean',
      amount: 'Float!',
      id: 'ID',
      other_reason: 'String',
      write_off_type: 'WriteOffType!',
    },
    CptCodesSuperBillInput: codeLine,
    IcdCodesSuperBillInput: { _destroy: 'Boolean', icd_code_id: 'String', id: 'ID' },
    LocationInputs: address,
    PatientLocationInputs: address,
    ReceiptLineItemInput: {
      created_at: 'String',
      description: 'String',
      id: 'ID',
      previous_price: 'String',
      price: 'String',
    },
    ChargeBackEvidenceInput: {
      billing_address: 'String',
      cancellation_policy: 'Upload',
      cancellation_policy_disclosure: 'String',
      cancellation_rebuttal: 'String',
      customer_communication: 'Upload',
      customer_email_address: 'String',
      customer_name: 'String',
      product_description: 'String',
      refund_policy: 'Upload',
      refund_policy_disclosure: 'String',
      refund_refusal_explanation: 'String',
      uncategorized_file: 'Upload',
      uncategorized_text: 'String',
    },
  },
  routes: [
    ...paymentRoutes,
    ...clearinghouseRoutes,
    ...otherIdNumberRoutes,
    ...changeHealthRoutes,
    ...payoutRoutes,
  ],
  triggers: billingTriggers,
});
