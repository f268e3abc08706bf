import { event, nullable } from '../builder.js';

const paymentRequest = { requested_payment_id: nullable('40000') } as const;
const chargedItem = { billing_item_id: '55555' } as const;
const claimForm = { cms1500_id: '32000' } as const;
const customer = { user_id: '22222' } as const;
const billedPatient = { patient_id: nullable('22222') } as const;

export const billingInsuranceEvents = [
  event('accepted_insurance_plan.created', 'AcceptedInsurancePlan', {
    description: 'An insurance plan was marked as accepted by the practice.',
    mutations: ['createAcceptedInsurancePlan'],
    example: { resource_id: '47000' },
  }),
  event('accepted_insurance_plan.deleted', 'AcceptedInsurancePlan', {
    description: 'An insurance plan is no longer accepted by the practice.',
    mutations: ['deleteAcceptedInsurancePlan'],
    example: { resource_id: '47000' },
  }),
  event('billing_item.created', 'BillingItem', {
    description: 'A charge or payment was recorded.',
    mutations: ['createBillingItem', 'completeCheckout'],
    extras: paymentRequest,
    example: { resource_id: '55555' },
  }),
  event('billing_item.deleted', 'BillingItem', {
    description: 'A recorded charge or payment was removed.',
    mutations: ['deleteBillingItem'],
    extras: paymentRequest,
    example: { resource_id: '55555' },
  }),
  event('billing_item.updated', 'BillingItem', {
    description: 'A recorded charge or payment was edited.',
    mutations: ['updateBillingItem'],
    extras: paymentRequest,
    example: { resource_id: '55555', changed_fields: ['amount', 'code'] },
  }),
  event('charge_back.created', 'ChargeBack', {
    description: 'A card payment was disputed.',
    mutations: [],
    triggers:
      'the payment processor reports a new dispute (chargeback) on a charge (POST /internal/integrations/payments/charge-back-created)',
    extras: chargedItem,
    example: { resource_id: '54000' },
  }),
  event('charge_back.deleted', 'ChargeBack', {
    description: 'A payment dispute was dropped.',
    mutations: [],
    triggers:
      'the payment processor reports that a dispute was removed (POST /internal/integrations/payments/charge-back-deleted)',
    extras: chargedItem,
    example: { resource_id: '54000' },
  }),
  event('charge_back.updated', 'ChargeBack', {
    description: 'A payment dispute changed, e.g. its status.',
    mutations: ['updateChargeBack'],
    extras: chargedItem,
    example: { resource_id: '54000', changed_fields: ['status'] },
  }),
  event('claim_submission.created', 'ClaimSubmission', {
    description: 'An insurance claim was sent off.',
    mutations: [
      'uploadBatchToCandidHealth',
      'uploadBatchToChangeHealth',
      'uploadBatchToOfficeally',
      'uploadCms1500sToIntegrations',
    ],
    triggers:
      'also when a CMS 1500 claim is submitted to the clearinghouse by other means (POST /internal/integrations/clearinghouse/claim-submission-created)',
    extras: claimForm,
    example: { resource_id: '55000' },
    decision:
      'The reference names no mutation: it fires when a claim reaches a clearinghouse. uploadBatchToCandidHealth, uploadBatchToChangeHealth, uploadBatchToOfficeally and uploadCms1500sToIntegrations send claims to a clearinghouse, each recorded as a submission (status submitted, the clearinghouse in integration), so they fire it once per claim sent, each followed by cms1500.updated (status Submitted) when the claim was not already Submitted.',
  }),
  event('claim_submission.deleted', 'ClaimSubmission', {
    description: 'A claim submission record was removed.',
    mutations: [],
    triggers:
      'the submission record is withdrawn (POST /internal/integrations/clearinghouse/claim-submission-deleted); there is no delete mutation',
    extras: claimForm,
    example: { resource_id: '55000' },
  }),
  event('claim_submission.updated', 'ClaimSubmission', {
    description: 'A claim submission changed, e.g. its status.',
    mutations: [],
    triggers:
      'the clearinghouse reports progress on a submitted claim (POST /internal/integrations/clearinghouse/claim-submission-updated)',
    extras: claimForm,
    example: { resource_id: '55000', changed_fields: ['status'] },
  }),
  event('cms1500.created', 'Cms1500', {
    description: 'A CMS 1500 claim form was drafted.',
    mutations: ['createCms1500'],
    example: { resource_id: '88888' },
  }),
  event('cms1500.deleted', 'Cms1500', {
    description: 'A CMS 1500 claim form was removed.',
    mutations: ['deleteCms1500'],
    example: { resource_id: '88888' },
  }),
  event('cms1500.updated', 'Cms1500', {
    description: 'A CMS 1500 claim form was edited.',
    mutations: [
      'updateCms1500',
      'uploadBatchToCandidHealth',
      'uploadBatchToChangeHealth',
      'uploadBatchToOfficeally',
      'uploadCms1500sToIntegrations',
    ],
    triggers:
      'also when the clearinghouse reports why a claim was rejected or denied (`reasons` on POST /internal/integrations/clearinghouse/claim-submission-created or -updated)',
    example: { resource_id: '88888', changed_fields: ['status'] },
    decision:
      'Sending a claim to a clearinghouse (uploadBatchToCandidHealth, uploadBatchToChangeHealth, uploadBatchToOfficeally, uploadCms1500sToIntegrations) sets its status to Submitted, so those fire cms1500.updated (changed_fields status) after the claim_submission.created of the same claim, unless it was already Submitted.',
  }),
  event('insurance_authorization.created', 'InsuranceAuthorization', {
    description: 'A prior authorization from an insurer was recorded.',
    mutations: ['createInsuranceAuthorization'],
    example: { resource_id: '17000' },
  }),
  event('insurance_authorization.deleted', 'InsuranceAuthorization', {
    description: 'A prior authorization was removed.',
    mutations: ['deleteInsuranceAuthorization'],
    example: { resource_id: '17000' },
  }),
  event('insurance_authorization.updated', 'InsuranceAuthorization', {
    description: 'A prior authorization was edited.',
    mutations: ['updateInsuranceAuthorization'],
    example: { resource_id: '17000', changed_fields: ['units_authorized'] },
  }),
  event('other_id_number.created', 'OtherIdNumber', {
    description: 'An additional identifier was recorded for a provider.',
    mutations: ['createCms1500', 'updateCms1500'],
    triggers: 'the identifier is saved as part of a CMS 1500 form',
    example: { resource_id: '38000' },
    decision:
      'The reference lists no mutation but says these identifiers are written as nested input of createCms1500 and updateCms1500, so both are listed as indirect sources.',
  }),
  event('other_id_number.deleted', 'OtherIdNumber', {
    description: 'An additional provider identifier was removed.',
    mutations: [],
    triggers:
      'the identifier record is destroyed by an internal clean-up (POST /internal/billing/other-id-numbers/delete); there is no delete mutation',
    example: { resource_id: '38000' },
  }),
  event('other_id_number.updated', 'OtherIdNumber', {
    description: 'An additional provider identifier was edited.',
    mutations: ['updateCms1500'],
    triggers: 'the identifier is changed as part of a CMS 1500 form',
    example: { resource_id: '38000', changed_fields: ['id_number'] },
    decision:
      'The reference lists no mutation but says these identifiers are edited as nested input of updateCms1500, so it is listed as the indirect source.',
  }),
  event('policy.created', 'Policy', {
    description: 'An insurance policy was added for a patient.',
    mutations: ['updateClient'],
    example: { resource_id: '16000' },
  }),
  event('policy.deleted', 'Policy', {
    description: 'An insurance policy was taken off a patient.',
    mutations: ['updateClient'],
    example: { resource_id: '16000' },
  }),
  event('policy.updated', 'Policy', {
    description: 'An insurance policy was edited.',
    mutations: ['updatePolicy'],
    example: { resource_id: '16000', changed_fields: ['holder_relationship'] },
  }),
  event('recurring_payment.created', 'RecurringPayment', {
    description: 'A repeating charge was set up.',
    mutations: ['createBillingItem', 'completeCheckout'],
    example: { resource_id: '77777' },
    decision:
      'The reference calls the trigger internal yet lists createBillingItem; we read it as: a billing item that sets up a repeating charge creates the recurring payment, so createBillingItem is listed. Buying a recurring offering through completeCheckout is the other internal way a repeating charge is set up, so completeCheckout is listed too.',
  }),
  event('recurring_payment.updated', 'RecurringPayment', {
    description: 'A repeating charge was changed or cancelled.',
    mutations: ['updateBillingItem', 'cancelRecurringPayment'],
    example: { resource_id: '77777', changed_fields: ['amount'] },
    decision:
      'cancelRecurringPayment is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('requested_payment.created', 'RequestedPayment', {
    description: 'A patient was asked to pay.',
    mutations: ['createRequestedPayment'],
    example: { resource_id: '66666' },
  }),
  event('requested_payment.deleted', 'RequestedPayment', {
    description: 'A payment request was withdrawn.',
    mutations: ['deleteRequestedPayment'],
    example: { resource_id: '66666' },
  }),
  event('requested_payment.updated', 'RequestedPayment', {
    description: 'A payment request changed, e.g. it was paid.',
    mutations: ['updateRequestedPayment'],
    example: { resource_id: '66666', changed_fields: ['is_paid'] },
  }),
  event('stripe_customer_detail.created', 'StripeCustomerDetail', {
    description: 'Stripe customer details were stored for a user.',
    mutations: ['createStripeCustomerDetail'],
    extras: customer,
    example: { resource_id: '48000' },
  }),
  event('stripe_customer_detail.deleted', 'StripeCustomerDetail', {
    description: 'Stored Stripe customer details were removed.',
    mutations: ['deleteStripeCustomerDetail'],
    extras: customer,
    example: { resource_id: '48000' },
  }),
  event('stripe_customer_detail.updated', 'StripeCustomerDetail', {
    description: 'Stored Stripe customer details were changed.',
    mutations: ['updateStripeCustomerDetail'],
    extras: customer,
    example: { resource_id: '48000', changed_fields: ['stripe_id'] },
    decision:
      'bulkUpdateCardIssues marks card issues (expired or expiring cards) seen; that is screen state, not the card, so it fires no stripe_customer_detail.updated.',
  }),
  event('super_bill.created', 'SuperBill', {
    description: 'A superbill (itemised receipt for insurance) was produced.',
    mutations: ['createSuperBill'],
    extras: billedPatient,
    example: { resource_id: '53000' },
  }),
  event('super_bill.deleted', 'SuperBill', {
    description: 'A superbill was removed.',
    mutations: ['deleteSuperBill'],
    extras: billedPatient,
    example: { resource_id: '53000' },
  }),
  event('super_bill.updated', 'SuperBill', {
    description: 'A superbill was edited.',
    mutations: ['updateSuperBill'],
    extras: billedPatient,
    example: { resource_id: '53000', changed_fields: ['status'] },
  }),
] as const;
