/**
 * Billing and insurance: charges and payments (billing items and the recurring payments they set up),
 * payment requests, stored cards, superbills, prior authorizations, CMS 1500 claim forms with their
 * provider identifiers, claim submissions, chargebacks and accepted insurance plans. Names and types
 * follow healthie-schema.graphql; nested inputs carehooks does not model are accepted as JSON and ignored.
 */
import {
  bool,
  date,
  findRow,
  foreignId,
  json,
  money,
  ref,
  resource,
  text,
  typedDb,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

export const BillingItem = resource({
  name: 'BillingItem',
  table: 'billing_items',
  events: 'billing_item',
  owner: 'sender_id',
  fields: {
    amount_paid: money(),
    currency: text({ default: 'usd' }),
    note: text(),
    payment_medium: text({ gql: 'ID' }),
    sender_id: ref('User', { object: 'sender' }),
    recipient_id: ref('User', { object: 'recipient' }),
    // Not checked: checkout may pay a request recorded elsewhere.
    requested_payment_id: foreignId(),
    offering_id: foreignId(),
    offering_coupon_id: foreignId({ writable: 'create' }),
    requested_payer_id: foreignId({ writable: 'create' }),
    stripe_customer_detail_id: ref('StripeCustomerDetail', { writable: 'create' }),
    user_package_selection_id: foreignId({ writable: 'create' }),
    payment_due_date: text({ writable: 'create' }),
    is_canceled: bool({ default: false, writable: 'update' }),
    // createBillingItem's `is_recurring` is a carehooks input: offerings, which decide it in Healthie,
    // are not modelled.
    is_recurring: bool({ default: false, writable: 'create' }),
  },
  extras: { requested_payment_id: (row) => row.requested_payment_id },
  byId: 'billingItem',
  mutations: {
    create: {
      name: 'createBillingItem',
      inputs: { is_recurring: 'Boolean', billing_frequency: 'String', repeat_times: 'String' },
      ignored: { created_at: 'String', should_charge: 'Boolean', stripe_idempotency_key: 'String' },
      nullFields: { stripeError: 'String' },
    },
    update: {
      name: 'updateBillingItem',
      inputs: { is_paused: 'Boolean', new_payment_date: 'String' },
      ignored: {
        chosen_refund_amount: 'String',
        created_at: 'String',
        resend_payment: 'Boolean',
        resend_receipt: 'Boolean',
        stripe_idempotency_key: 'String',
      },
    },
    delete: 'deleteBillingItem',
  },
  computed: {
    recurring_payment: { type: 'RecurringPayment', resolve: recurringPaymentOfItem },
    requested_payment: { type: 'RequestedPayment', resolve: requestedPaymentOfItem },
  },
});

/** `BillingItem.recurring_payment`: the recurring payment the item started, if any. */
async function recurringPaymentOfItem(row: StoredRow, reader: Reader): Promise<unknown> {
  return (
    (await typedDb<BillingInsuranceTables>(reader)
      .selectFrom('recurring_payments')
      .selectAll()
      .where('billing_item_id', '=', row.id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) ?? null
  );
}

/** `BillingItem.requested_payment`: the payment request the item pays, when it is within scope. */
async function requestedPaymentOfItem(row: StoredRow, reader: Reader): Promise<unknown> {
  return typeof row.requested_payment_id === 'number'
    ? findRow(reader, RequestedPayment, row.requested_payment_id)
    : null;
}

/** A repeating charge; only billing items start it, and only updateBillingItem or cancelling change it. */
export const RecurringPayment = resource({
  name: 'RecurringPayment',
  table: 'recurring_payments',
  events: 'recurring_payment',
  fields: {
    billing_item_id: ref('BillingItem', { writable: 'none', object: 'last_billing_item' }),
    sender_id: ref('User', { writable: 'none' }),
    recipient_id: ref('User', { writable: 'none' }),
    offering_id: foreignId({ writable: 'none' }),
    amount_to_pay: money({ writable: 'none' }),
    billing_frequency: text({ writable: 'none' }),
    repeat_times: text({ writable: 'none' }),
    start_at: text({ writable: 'none' }),
    next_payment_date: text({ writable: 'none' }),
    is_canceled: bool({ default: false, writable: 'none' }),
    canceled_at: text({ writable: 'none' }),
    is_paused: bool({ default: false, writable: 'none' }),
    paused_at: text({ writable: 'none' }),
  },
  byId: 'recurringPayment',
});

export const RequestedPayment = resource({
  name: 'RequestedPayment',
  table: 'requested_payments',
  events: 'requested_payment',
  owner: 'recipient_id',
  fields: {
    sender_id: ref('User', { gql: 'String', object: 'sender', default: (caller) => caller.userId }),
    recipient_id: ref('User', { required: true, gql: 'String', object: 'recipient' }),
    appointment_id: ref('Appointment', { gql: 'String', object: 'appointment' }),
    cms1500_id: ref('Cms1500', { gql: 'String' }),
    offering_id: foreignId({ gql: 'String' }),
    price: money(),
    invoice_type: text(),
    is_preview: bool({ default: false }),
    notes: text(),
    service_date: text(),
    services_provided: text(),
    status: text(),
  },
  byId: { name: 'requestedPayment', ignored: { invoice_id: 'String', preview: 'Boolean', uuid: 'String' } },
  mutations: {
    create: {
      name: 'createRequestedPayment',
      ignored: {
        requested_payer: 'JSON',
        requested_payment_template: 'JSON',
        user_package_selection_id: 'ID',
        write_offs: 'JSON',
      },
    },
    update: {
      name: 'updateRequestedPayment',
      field: 'requested_payment',
      idType: 'ID!',
      ignored: {
        requested_payer: 'JSON',
        requested_payment_template: 'JSON',
        resend_receipt: 'Boolean',
        send_request_email: 'Boolean',
        use_as_template: 'Boolean',
        write_offs: 'JSON',
      },
    },
    delete: { name: 'deleteRequestedPayment', field: 'requested_payment', idType: 'ID!' },
  },
});

/** A stored card or bank account. carehooks calls no payment processor: the token stands for the source. */
export const StripeCustomerDetail = resource({
  name: 'StripeCustomerDetail',
  table: 'stripe_customer_details',
  events: 'stripe_customer_detail',
  owner: 'user_id',
  payloadField: 'stripe_customer_detail',
  fields: {
    user_id: ref('User', { required: true, gql: 'String', object: 'user' }),
    card_type_label: text(),
    is_default: bool({ default: false }),
    stripe_id: text({ writable: 'none' }),
    card_type: text({ writable: 'none' }),
    last_four: text({ writable: 'none' }),
    expiration: text({ writable: 'none' }),
    source_type: text({ writable: 'none' }),
  },
  extras: { user_id: (row) => row.user_id },
  byId: 'stripeCustomerDetail',
  mutations: {
    create: {
      name: 'createStripeCustomerDetail',
      inputs: { token: 'String' },
      nullFields: { stripeError: 'String' },
    },
    update: {
      name: 'updateStripeCustomerDetail',
      ignored: { first_microdeposit: 'String', second_microdeposit: 'String' },
    },
  },
});

export const SuperBill = resource({
  name: 'SuperBill',
  table: 'super_bills',
  events: 'super_bill',
  owner: 'patient_id',
  fields: {
    patient_id: ref('User', { required: true, object: 'patient' }),
    dietitian_id: ref('User', { object: 'provider', default: (caller) => caller.userId }),
    location_id: ref('Location', { object: 'location' }),
    place_of_service_id: foreignId(),
    service_date: text(),
    status: text(),
    amount_paid: money(),
    address: text(),
    license_num: text(),
    npi: text(),
    tax_id: text(),
    patient_dob: text(),
    patient_name: text(),
    patient_phone: text(),
    provider_name: text(),
    prov_city: text(),
    prov_email: text(),
    prov_line1: text(),
    prov_line2: text(),
    prov_phone: text(),
    prov_state: text(),
    prov_zip: text(),
    referrer_name: text(),
    referrer_npi: text(),
  },
  extras: { patient_id: (row) => row.patient_id },
  byId: 'superBill',
  mutations: {
    create: { name: 'createSuperBill', ignored: superBillLists() },
    update: { name: 'updateSuperBill', ignored: { ...superBillLists(), should_email_to_client: 'Boolean' } },
    delete: 'deleteSuperBill',
  },
});

function superBillLists(): Record<string, string> {
  return {
    cpt_codes_super_bills: 'JSON',
    icd_codes_super_bills: 'JSON',
    location: 'JSON',
    patient_location: 'JSON',
    receipt_line_items: 'JSON',
  };
}

export const InsuranceAuthorization = resource({
  name: 'InsuranceAuthorization',
  type: 'InsuranceAuthorizationType',
  table: 'insurance_authorizations',
  events: 'insurance_authorization',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, writable: 'create', object: 'user' }),
    policy_id: ref('Policy', { input: 'String', gql: 'String', object: 'policy' }),
    authorization_number: text(),
    start_on: date(),
    end_on: date(),
    unit_type: text(),
    units_authorized: text(),
    units_used: text(),
    visits_authorized: text(),
    visits_used: text(),
  },
  byId: { name: 'insuranceAuthorization', ignored: { client_id: 'ID' } },
  mutations: {
    create: 'createInsuranceAuthorization',
    update: 'updateInsuranceAuthorization',
    delete: 'deleteInsuranceAuthorization',
  },
});

const cms1500Inputs = {
  patient: 'JSON',
  dietitian: 'JSON',
  organization_info: 'JSON',
  rendering_provider_other_id_number: 'OtherIdNumberInput',
  other_id_numbers: '[Cms1500OtherIdNumberInput]',
};

const cms1500Ignored = {
  cms1500_policies: 'JSON',
  cpt_codes_cms1500s: 'JSON',
  icd_codes_cms1500s: 'JSON',
  referral_info: 'JSON',
};

export const Cms1500 = resource({
  name: 'Cms1500',
  table: 'cms1500s',
  events: 'cms1500',
  fields: {
    patient_id: ref('User', { writable: 'none', gql: 'String', object: 'patient' }),
    dietitian_id: ref('User', {
      input: 'String',
      gql: 'String',
      object: 'rendering_provider',
      default: (caller) => caller.userId,
    }),
    organization_info_id: ref('OrganizationInfo', { input: 'String', gql: 'String', object: 'org_info' }),
    service_location_id: ref('Location', { input: 'String', gql: 'String', object: 'service_location' }),
    form_answer_group_id: foreignId(),
    accept_assignment: bool(),
    amount_paid: money(),
    client_sig_on_file: bool(),
    include_referrer_information: bool(),
    insured_sig_on_file: bool(),
    use_indiv_npi: bool(),
    nineteen_reserved: text(),
    tend_reserved: text(),
    orig_ref_number: text(),
    patient_account_num: text(),
    rendering_provider_other_id: text(),
    resubmission_code: text(),
    status: text({ writable: 'update' }),
    additional_text: text({ writable: 'update' }),
    adjustment: text({ writable: 'update' }),
    amount_reimbursed: money({ writable: 'update' }),
    client_responsibility_removed: bool({ writable: 'update' }),
    copay: text({ writable: 'update' }),
    copay_still_owed: text({ writable: 'update' }),
    reimbursed_at: text({ writable: 'update' }),
  },
  byId: 'cms1500',
  mutations: {
    create: {
      name: 'createCms1500',
      inputs: cms1500Inputs,
      ignored: cms1500Ignored,
    },
    update: {
      name: 'updateCms1500',
      inputs: cms1500Inputs,
      ignored: cms1500Ignored,
    },
    delete: 'deleteCms1500',
  },
  many: {
    claim_submissions: { type: '[ClaimSubmission!]', resource: 'ClaimSubmission', foreignKey: 'cms1500_id' },
  },
  computed: {
    // Healthie lists these on the provider (`User.other_id_numbers`); the form shows its provider's.
    other_id_numbers: { type: '[OtherIdNumber!]', resolve: providerOtherIdNumbers },
  },
});

async function providerOtherIdNumbers(row: StoredRow, reader: Reader): Promise<unknown[]> {
  if (typeof row.dietitian_id !== 'number') return [];
  return typedDb<BillingInsuranceTables>(reader)
    .selectFrom('other_id_numbers')
    .selectAll()
    .where('user_id', '=', row.dietitian_id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute();
}

/** A provider's additional identifier; written only as nested input of createCms1500 / updateCms1500. */
export const OtherIdNumber = resource({
  name: 'OtherIdNumber',
  table: 'other_id_numbers',
  events: 'other_id_number',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { input: 'String', gql: 'String', object: 'user' }),
    label: text(),
    other_id: text(),
    other_id_qualifier: text(),
  },
  byId: 'otherIdNumber',
});

/** A claim sent to a clearinghouse; only the clearinghouse integration writes these. */
export const ClaimSubmission = resource({
  name: 'ClaimSubmission',
  table: 'claim_submissions',
  events: 'claim_submission',
  fields: {
    cms1500_id: ref('Cms1500', { object: 'cms1500' }),
    status: text(),
    claim_data: json(),
  },
  extras: { cms1500_id: (row) => row.cms1500_id },
  byId: 'claimSubmission',
});

/** A card dispute; the payment processor creates and removes these, a provider answers them. */
export const ChargeBack = resource({
  name: 'ChargeBack',
  table: 'charge_backs',
  events: 'charge_back',
  payloadField: 'charge_back',
  fields: {
    billing_item_id: ref('BillingItem', { writable: 'none', object: 'billing_item' }),
    status: text({ writable: 'none' }),
    reason: text({ writable: 'none' }),
    disputed_amount: money({ writable: 'none' }),
    fee: money({ writable: 'none' }),
    total_amount: money({ writable: 'none' }),
    response_required_by: text({ writable: 'none' }),
    stripe_dispute_id: text({ writable: 'none', gql: 'ID' }),
    charge_back_evidence: json({ writable: 'update' }),
  },
  extras: { billing_item_id: (row) => row.billing_item_id },
  byId: { name: 'chargeBack', ignored: { stripe_dispute_id: 'ID' } },
  mutations: {
    update: { name: 'updateChargeBack', inputs: { final_submission: 'Boolean' } },
  },
});

export const AcceptedInsurancePlan = resource({
  name: 'AcceptedInsurancePlan',
  table: 'accepted_insurance_plans',
  events: 'accepted_insurance_plan',
  fields: {
    insurance_plan_id: foreignId({ required: true }),
  },
  byId: 'acceptedInsurancePlan',
  mutations: { delete: { name: 'deleteAcceptedInsurancePlan', field: 'accepted_insurance_plan' } },
});

export const resources = [
  BillingItem,
  RecurringPayment,
  RequestedPayment,
  StripeCustomerDetail,
  SuperBill,
  InsuranceAuthorization,
  Cms1500,
  OtherIdNumber,
  ClaimSubmission,
  ChargeBack,
  AcceptedInsurancePlan,
] as const;

export type BillingInsuranceTables = TablesOf<(typeof resources)[number]>;
