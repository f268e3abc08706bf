/**
 * Billing area: billing items and recurring payments, payment requests, stored cards, superbills,
 * authorizations, CMS 1500 forms with their provider identifiers, chargebacks, accepted plans.
 */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { eventsOf, expectBodies, post } from '../../integrations/support.js';
import { createPatient, createPolicy, uniqueEmail } from './fixtures.js';

/** `mutation { name(input) { <field> { <selection> } messages } }` with Healthie's input type name. */
const doc = (name: string, field: string, selection = 'id', input = `${name}Input`) =>
  `mutation($input: ${input}) { ${name}(input: $input) { ${field} { ${selection} } messages { field message } } }`;

async function run(
  api: CaseApi,
  name: string,
  field: string,
  input: Record<string, unknown>,
): Promise<string> {
  const data = await api.gql<Data>(doc(name, field), { input });
  return data[name][field].id as string;
}

/** Rows only integrations write (claim submissions, chargebacks): the test stands in for them. */
async function insert(api: CaseApi, table: string, values: Record<string, unknown>): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<Record<string, Record<string, unknown> & { id: number }>>()
    .insertInto(table)
    .values({ created_at: 0, updated_at: 0, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

const itemFields =
  'id amount_paid note is_recurring is_canceled recurring_payment { id amount_to_pay is_paused }';
const createBillingItem = doc('createBillingItem', 'billingItem', itemFields);
const updateBillingItem = doc('updateBillingItem', 'billingItem', itemFields);
const deleteBillingItem = doc('deleteBillingItem', 'billingItem');
const cancelRecurringPayment = doc(
  'cancelRecurringPayment',
  'recurring_payment',
  'id is_canceled canceled_at last_billing_item { id }',
);
const createRequestedPayment = doc('createRequestedPayment', 'requestedPayment', 'id price recipient { id }');
const updateRequestedPayment = doc('updateRequestedPayment', 'requested_payment', 'id status');
const deleteRequestedPayment = doc('deleteRequestedPayment', 'requested_payment');
const cardFields = 'id user_id stripe_id card_type_label';
const createStripeCustomerDetail = doc('createStripeCustomerDetail', 'stripe_customer_detail', cardFields);
const updateStripeCustomerDetail = doc('updateStripeCustomerDetail', 'stripe_customer_detail', cardFields);
const deleteStripeCustomerDetail = doc('deleteStripeCustomerDetail', 'stripe_customer_detail');
const createSuperBill = doc('createSuperBill', 'superBill', 'id patient_id status patient { id }');
const updateSuperBill = doc('updateSuperBill', 'superBill', 'id status');
const deleteSuperBill = doc('deleteSuperBill', 'superBill');
const authFields = 'id user_id authorization_number units_authorized units_used';
const createInsuranceAuthorization = doc(
  'createInsuranceAuthorization',
  'insuranceAuthorization',
  authFields,
);
const updateInsuranceAuthorization = doc(
  'updateInsuranceAuthorization',
  'insuranceAuthorization',
  authFields,
);
const deleteInsuranceAuthorization = doc('deleteInsuranceAuthorization', 'insuranceAuthorization');
const cmsFields =
  'id patient_id status accept_assignment other_id_numbers { id other_id other_id_qualifier }';
const createCms1500 = doc('createCms1500', 'cms1500', cmsFields);
const updateCms1500 = doc('updateCms1500', 'cms1500', cmsFields);
const deleteCms1500 = doc('deleteCms1500', 'cms1500');
const updateChargeBack = doc(
  'updateChargeBack',
  'charge_back',
  'id status charge_back_evidence billing_item { id }',
);
const createAcceptedInsurancePlan = doc(
  'createAcceptedInsurancePlan',
  'accepted_insurance_plans',
  'id insurance_plan_id',
);
const deleteAcceptedInsurancePlan = doc('deleteAcceptedInsurancePlan', 'accepted_insurance_plan');

const billingItem = (api: CaseApi, patient: string, provider: string, extra: Record<string, unknown> = {}) =>
  api.gql<Data>(createBillingItem, {
    input: { amount_paid: '80.00', sender_id: patient, recipient_id: provider, ...extra },
  });

const recurringItem = async (api: CaseApi, { provider }: Record<string, string>) => {
  const patient = await createPatient(api);
  const data = await billingItem(api, patient, provider!, { is_recurring: true });
  return {
    patient,
    item: data.createBillingItem.billingItem.id as string,
    recurring: data.createBillingItem.billingItem.recurring_payment.id as string,
  };
};

const requestedPayment = (api: CaseApi, patient: string) =>
  run(api, 'createRequestedPayment', 'requestedPayment', { recipient_id: patient, price: '120.00' });

const card = async (api: CaseApi, token = `tok_${Math.random().toString(36).slice(2)}`) => {
  const patient = await createPatient(api);
  const id = await run(api, 'createStripeCustomerDetail', 'stripe_customer_detail', {
    user_id: patient,
    token,
  });
  return { patient, card: id, token };
};

const bulkUpdateCardIssuesDoc = `mutation($input: bulkUpdateCardIssuesInput) {
  bulkUpdateCardIssues(input: $input) { card_issues { id expiration } messages { field message } }
}`;

/** The processor's expiry date on a card (only it knows one; the test stands in for it). */
async function expires(api: CaseApi, id: string, expiration: string): Promise<void> {
  await api.server.runtime.services.store.db
    .withTables<{ stripe_customer_details: { id: number; expiration: string | null } }>()
    .updateTable('stripe_customer_details')
    .set({ expiration })
    .where('id', '=', Number(id))
    .execute();
}

const uploadFields = 'cms1500s { id status claim_submissions { id status integration } }';
const uploadDoc = (name: string, input: string) => `mutation($input: ${input}) {
  ${name}(input: $input) { ${uploadFields} success_string messages { field message } }
}`;
const uploadToIntegrationsDoc = `mutation($input: uploadToIntegrationsInput) {
  uploadCms1500sToIntegrations(input: $input) { ${uploadFields} success_message messages { field message } }
}`;

/** The events of sending claims: per claim its submission, then its status (`Submitted`). */
const sentEvents = (forms: string[], data: Data) =>
  forms.flatMap((form, i) => [
    ev('claim_submission.created', data.cms1500s[i].claim_submissions.at(-1).id, { cms1500_id: form }),
    ev('cms1500.updated', form, {}, ['status']),
  ]);

const createChangeHealthPatientDoc = `mutation($input: CreateChangeHealthPatientInput) {
  createChangeHealthPatient(input: $input) {
    user { id change_health_requested_at change_health_patient_id } messages { field message }
  }
}`;

const verificationDoc = `mutation($input: updateStripeVerificationDetailsInput) {
  updateStripeVerificationDetails(input: $input) {
    user { id bank_account_verified_status default_currency skipped_bank_account } messages { field message }
  }
}`;

const subscriptionFields =
  'id plan_name interval set_to_cancel access_will_stop_at is_trialing days_left_in_trial client_count user { id }';
const updateSubscriptionDoc = `mutation($input: updateSubscriptionInput) {
  updateSubscription(input: $input) { subscription { ${subscriptionFields} } currentUser { id } messages { field message } }
}`;

const cms1500 = async (api: CaseApi, extra: Record<string, unknown> = {}) => {
  const patient = await createPatient(api);
  const data = await api.gql<Data>(createCms1500, { input: { patient: { id: patient }, ...extra } });
  return { patient, form: data.createCms1500.cms1500.id as string, data: data.createCms1500.cms1500 as Data };
};

const chargeBack = async (api: CaseApi, { org, provider }: Record<string, string>) => {
  const patient = await createPatient(api);
  const item = (await billingItem(api, patient, provider!)).createBillingItem.billingItem.id as string;
  const dispute = await insert(api, 'charge_backs', {
    organization_id: Number(org),
    billing_item_id: Number(item),
    status: 'needs_response',
    reason: 'fraudulent',
    disputed_amount: '80.00',
  });
  return { item, dispute };
};

let plan = 9000;
const nextPlan = () => String(++plan);

// ---------------------------------------------------------------------------------------------------------
// Parity with Healthie (issue #10): charges and refunds, invoices with payers, write-offs and templates,
// bank accounts, superbill and claim details, chargeback evidence, and the billing lists.

/** Any value in an event body the test cannot know in advance (a record made by the mutation). */
const someId = expect.any(String) as unknown as string;

const fullItemFields = `id amount_paid is_outside_payment stripe_customer_detail_id created_at idempotency_key state
  net_payment original_price invoice_id item_position_number shown_note shown_description provider { id }
  refund_amount refund_date receipt_last_sent_at refund_items { billing_item_id refund_amount status currency }
  stripe_error card_source next_scheduled_payment_amount cursor deleted_at`;

async function readItem(api: CaseApi, id: string): Promise<Data> {
  return (await api.gql<Data>(`query($id: ID) { billingItem(id: $id) { ${fullItemFields} } }`, { id }))
    .billingItem;
}

const requestFields = `id price currency uuid invoice_id user_package_selection_id is_manually_paid
  requested_payer { name email address } other_requested_payer { name }
  write_offs { id amount write_off_type other_reason requested_payment { id } }
  write_off_amount balance_due debt debt_decimal paid_percent paid_at billing_item_id billing_items { id }
  requested_payment_template { name active_template requested_payment { id } }
  email_sent_at receipt_sent_at date_to_show details cursor`;
const createRequestDoc = doc('createRequestedPayment', 'requestedPayment', requestFields);
const updateRequestDoc = doc('updateRequestedPayment', 'requested_payment', requestFields);

const superBillFields = `id patient_location_id total_fee balance_due emailed_to_client_at deleted_at cursor created_at
  location { line1 city } patient_location { line1 } receipt_line_items { description price created_at }`;

const cmsFullFields = `id patient_ssn rendering_provider_other_id rendering_provider_other_id_qualifier total_charge
  date_of_service primary_plan_name billing_provider { id } billing_provider_id client_responsibility check_numbers
  updated_by_sftp created_at updated_at org_info { id name npi }
  cms1500_policies { id cms1500_id policy_id policy { id name num } cms1500 { id } }
  referral_info { id cms1500_id case_date referral_date prior_auth_number condition_related_to
    referring_physician { id first_name last_name } }
  rendering_provider_other_id_object { other_id }`;

export const billingMutations: MutationCase[] = [
  {
    mutation: 'createOrganization',
    title: "a new billing entity's tax id is the one `provider(organization_info_id:)` shows",
    document: `mutation($input: createOrganizationInput) {
      createOrganization(input: $input) { organization { id } messages { field message } }
    }`,
    variables: () => ({
      input: { organization_info: { name: 'Billing entity', primary: false, tax_id: '98-7654321' } },
    }),
    events: () => [ev('organization_info.created', someId)],
    check: async ({ provider }, _data, api, bodies) => {
      const info = bodies[0]!.resource_id as string;
      const read = await api.gql<Data>(
        `query($info: ID, $id: ID) {
          shown: provider(organization_info_id: $info) { id tax_id }
          named: provider(id: $id, organization_info_id: $info) { id tax_id }
          plain: provider(id: $id) { id tax_id }
        }`,
        { info, id: provider },
      );
      expect(read).toEqual({
        shown: { id: provider, tax_id: '98-7654321' },
        named: { id: provider, tax_id: '98-7654321' },
        plain: { id: provider, tax_id: null },
      });
    },
  },
  {
    mutation: 'createBillingItem',
    title: 'records a one-off payment',
    setup: async (api) => ({ patient: await createPatient(api) }),
    // Healthie's payload also has `stripeError`; carehooks charges no card, so it is always null.
    document: `mutation($input: createBillingItemInput) {
      createBillingItem(input: $input) { billingItem { ${itemFields} } stripeError messages { field message } }
    }`,
    variables: ({ patient, provider }) => ({
      input: { amount_paid: '80.00', sender_id: patient, recipient_id: provider, note: 'Session' },
    }),
    events: (_ids, data) => [ev('billing_item.created', data.billingItem.id, { requested_payment_id: null })],
    check: (_ids, data) => {
      expect(data.stripeError).toBeNull();
      expect(data.billingItem).toMatchObject({
        amount_paid: '80.00',
        is_recurring: false,
        recurring_payment: null,
      });
    },
  },
  {
    mutation: 'createBillingItem',
    title: 'pays a payment request',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, request: await requestedPayment(api, patient) };
    },
    document: createBillingItem,
    variables: ({ patient, provider, request }) => ({
      input: {
        amount_paid: '120.00',
        sender_id: patient,
        recipient_id: provider,
        requested_payment_id: request,
      },
    }),
    events: ({ request }, data) => [
      ev('billing_item.created', data.billingItem.id, { requested_payment_id: request! }),
    ],
  },
  {
    mutation: 'createBillingItem',
    title: 'a recurring charge: the item, then the recurring payment it starts',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createBillingItem,
    variables: ({ patient, provider }) => ({
      input: {
        amount_paid: '50.00',
        sender_id: patient,
        recipient_id: provider,
        is_recurring: true,
        billing_frequency: 'Weekly',
      },
    }),
    events: (_ids, data) => [
      ev('billing_item.created', data.billingItem.id, { requested_payment_id: null }),
      ev('recurring_payment.created', data.billingItem.recurring_payment.id),
    ],
    check: (_ids, data) =>
      expect(data.billingItem).toMatchObject({
        is_recurring: true,
        recurring_payment: { amount_to_pay: '50.00', is_paused: false },
      }),
  },
  {
    mutation: 'updateBillingItem',
    title: 'edits a one-off payment',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      return { item: (await billingItem(api, patient, provider!)).createBillingItem.billingItem.id };
    },
    document: updateBillingItem,
    variables: ({ item }) => ({
      input: { id: item, amount_paid: '85.00', note: 'Adjusted', resend_receipt: false },
    }),
    events: ({ item }) => [
      ev('billing_item.updated', item!, { requested_payment_id: null }, ['amount_paid', 'note']),
    ],
  },
  {
    mutation: 'updateBillingItem',
    title: 'a recurring item: new amount and a pause carry over to the recurring payment',
    setup: recurringItem,
    document: updateBillingItem,
    variables: ({ item }) => ({ input: { id: item, amount_paid: '90.00', is_paused: true } }),
    events: ({ item, recurring }) => [
      ev('billing_item.updated', item!, { requested_payment_id: null }, ['amount_paid']),
      ev('recurring_payment.updated', recurring!, {}, ['amount_to_pay', 'is_paused', 'paused_at']),
    ],
    check: (_ids, data) =>
      expect(data.billingItem.recurring_payment).toMatchObject({ amount_to_pay: '90.00', is_paused: true }),
  },
  {
    mutation: 'updateBillingItem',
    title: 'cancelling a recurring item cancels its recurring payment',
    setup: recurringItem,
    document: updateBillingItem,
    variables: ({ item }) => ({ input: { id: item, is_canceled: true } }),
    events: ({ item, recurring }) => [
      ev('billing_item.updated', item!, { requested_payment_id: null }, ['is_canceled']),
      ev('recurring_payment.updated', recurring!, {}, ['is_canceled', 'canceled_at']),
    ],
  },
  {
    mutation: 'deleteBillingItem',
    title: 'removes a payment',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      const request = await requestedPayment(api, patient);
      const data = await billingItem(api, patient, provider!, { requested_payment_id: request });
      return { request, item: data.createBillingItem.billingItem.id };
    },
    document: deleteBillingItem,
    variables: ({ item }) => ({ input: { id: item } }),
    events: ({ item, request }) => [ev('billing_item.deleted', item!, { requested_payment_id: request! })],
  },
  {
    mutation: 'cancelRecurringPayment',
    title: 'cancels a recurring payment',
    setup: recurringItem,
    document: cancelRecurringPayment,
    variables: ({ recurring }) => ({ input: { id: recurring } }),
    events: ({ recurring }) => [
      ev('recurring_payment.updated', recurring!, {}, ['is_canceled', 'canceled_at']),
    ],
    check: ({ item }, data) =>
      expect(data.recurring_payment).toMatchObject({ is_canceled: true, last_billing_item: { id: item } }),
  },
  {
    mutation: 'createRequestedPayment',
    title: 'asks a patient to pay',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createRequestedPayment,
    variables: ({ patient }) => ({
      input: { recipient_id: patient, price: '120.00', services_provided: 'Consult', write_offs: [] },
    }),
    events: (_ids, data) => [ev('requested_payment.created', data.requestedPayment.id)],
    check: ({ patient }, data) =>
      expect(data.requestedPayment).toMatchObject({ price: '120.00', recipient: { id: patient } }),
  },
  {
    mutation: 'updateRequestedPayment',
    title: 'marks a request paid',
    setup: async (api) => ({ request: await requestedPayment(api, await createPatient(api)) }),
    document: updateRequestedPayment,
    variables: ({ request }) => ({ input: { id: request, status: 'Paid', send_request_email: false } }),
    events: ({ request }) => [ev('requested_payment.updated', request!, {}, ['status'])],
  },
  {
    mutation: 'deleteRequestedPayment',
    title: 'withdraws a request',
    setup: async (api) => ({ request: await requestedPayment(api, await createPatient(api)) }),
    document: deleteRequestedPayment,
    variables: ({ request }) => ({ input: { id: request } }),
    events: ({ request }) => [ev('requested_payment.deleted', request!)],
  },
  {
    mutation: 'createStripeCustomerDetail',
    title: 'stores a card; the token stands for the source',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createStripeCustomerDetail,
    variables: ({ patient }) => ({
      input: { user_id: patient, token: 'tok_visa', card_type_label: 'Personal' },
    }),
    events: ({ patient }, data) => [
      ev('stripe_customer_detail.created', data.stripe_customer_detail.id, { user_id: patient! }),
    ],
    check: ({ patient }, data) =>
      expect(data.stripe_customer_detail).toMatchObject({ user_id: patient, stripe_id: 'tok_visa' }),
  },
  {
    mutation: 'updateStripeCustomerDetail',
    title: 'relabels a card',
    setup: (api) => card(api),
    document: updateStripeCustomerDetail,
    variables: ({ card: id }) => ({ input: { id, card_type_label: 'HSA' } }),
    events: ({ card: id, patient }) => [
      ev('stripe_customer_detail.updated', id!, { user_id: patient! }, ['card_type_label']),
    ],
  },
  {
    mutation: 'deleteStripeCustomerDetail',
    title: "removes a user's card named by its source id",
    setup: (api) => card(api),
    document: deleteStripeCustomerDetail,
    variables: ({ token, patient }) => ({ input: { card_id: token, user_id: patient } }),
    events: ({ card: id, patient }) => [ev('stripe_customer_detail.deleted', id!, { user_id: patient! })],
  },
  {
    mutation: 'createSuperBill',
    title: 'produces a superbill for a patient',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createSuperBill,
    variables: ({ patient }) => ({
      input: { patient_id: patient, service_date: '2030-01-07', amount_paid: '100', receipt_line_items: [] },
    }),
    events: ({ patient }, data) => [ev('super_bill.created', data.superBill.id, { patient_id: patient! })],
    check: ({ patient }, data) => expect(data.superBill.patient).toEqual({ id: patient }),
  },
  {
    mutation: 'updateSuperBill',
    title: 'changes its status',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, bill: await run(api, 'createSuperBill', 'superBill', { patient_id: patient }) };
    },
    document: updateSuperBill,
    variables: ({ bill }) => ({ input: { id: bill, status: 'sent', should_email_to_client: false } }),
    events: ({ bill, patient }) => [ev('super_bill.updated', bill!, { patient_id: patient! }, ['status'])],
  },
  {
    mutation: 'deleteSuperBill',
    title: 'removes a superbill',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, bill: await run(api, 'createSuperBill', 'superBill', { patient_id: patient }) };
    },
    document: deleteSuperBill,
    variables: ({ bill }) => ({ input: { id: bill } }),
    events: ({ bill, patient }) => [ev('super_bill.deleted', bill!, { patient_id: patient! })],
  },
  {
    mutation: 'createInsuranceAuthorization',
    title: 'records a prior authorization on a policy',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, policy: await createPolicy(api, patient) };
    },
    document: createInsuranceAuthorization,
    variables: ({ patient, policy }) => ({
      input: { user_id: patient, policy_id: policy, authorization_number: 'AUTH-1', units_authorized: '10' },
    }),
    events: (_ids, data) => [ev('insurance_authorization.created', data.insuranceAuthorization.id)],
  },
  {
    mutation: 'updateInsuranceAuthorization',
    title: 'uses units',
    setup: async (api) => ({
      auth: await run(api, 'createInsuranceAuthorization', 'insuranceAuthorization', {
        user_id: await createPatient(api),
        units_authorized: '10',
      }),
    }),
    document: updateInsuranceAuthorization,
    variables: ({ auth }) => ({ input: { id: auth, units_used: '2', units_authorized: '10' } }),
    events: ({ auth }) => [ev('insurance_authorization.updated', auth!, {}, ['units_used'])],
  },
  {
    mutation: 'deleteInsuranceAuthorization',
    title: 'removes an authorization',
    setup: async (api) => ({
      auth: await run(api, 'createInsuranceAuthorization', 'insuranceAuthorization', {
        user_id: await createPatient(api),
      }),
    }),
    document: deleteInsuranceAuthorization,
    variables: ({ auth }) => ({ input: { id: auth } }),
    events: ({ auth }) => [ev('insurance_authorization.deleted', auth!)],
  },
  {
    mutation: 'createCms1500',
    title: "drafts a claim form with the rendering provider's identifier",
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createCms1500,
    variables: ({ patient }) => ({
      input: {
        patient: { id: patient },
        accept_assignment: true,
        cpt_codes_cms1500s: [],
        rendering_provider_other_id_number: { other_id: 'G-100', other_id_qualifier: '0B' },
      },
    }),
    events: (_ids, data) => [
      ev('cms1500.created', data.cms1500.id),
      ev('other_id_number.created', data.cms1500.other_id_numbers.at(-1).id),
    ],
    check: ({ patient }, data) => {
      expect(data.cms1500).toMatchObject({ patient_id: patient, accept_assignment: true });
      expect(data.cms1500.other_id_numbers.at(-1)).toMatchObject({
        other_id: 'G-100',
        other_id_qualifier: '0B',
      });
    },
  },
  {
    mutation: 'updateCms1500',
    title: 'the form, then each identifier updated, removed and added',
    setup: async (api) => {
      const { form, data } = await cms1500(api, {
        other_id_numbers: [{ other_id: 'A-1' }, { other_id: 'B-2' }],
      });
      const [a, b] = (data.other_id_numbers as Array<{ id: string }>).slice(-2).map((o) => o.id);
      return { form, a: a!, b: b! };
    },
    document: updateCms1500,
    variables: ({ form, a, b }) => ({
      input: {
        id: form,
        status: 'ready',
        other_id_numbers: [
          { id: a, other_id: 'A-9' },
          { id: b, _destroy: true },
          { other_id: 'C-3', label: 'Medicaid' },
        ],
      },
    }),
    events: ({ form, a, b }, data) => [
      ev('cms1500.updated', form!, {}, ['status']),
      ev('other_id_number.updated', a!, {}, ['other_id']),
      ev('other_id_number.deleted', b!),
      ev('other_id_number.created', data.cms1500.other_id_numbers.at(-1).id),
    ],
  },
  {
    mutation: 'deleteCms1500',
    title: 'removes a claim form',
    setup: async (api) => ({ form: (await cms1500(api)).form }),
    document: deleteCms1500,
    variables: ({ form }) => ({ input: { id: form } }),
    events: ({ form }) => [ev('cms1500.deleted', form!)],
  },
  {
    mutation: 'updateChargeBack',
    title: 'submits evidence: the dispute goes under review',
    setup: chargeBack,
    document: updateChargeBack,
    variables: ({ dispute }) => ({
      input: { id: dispute, charge_back_evidence: { customer_name: 'Pat Ient' }, final_submission: true },
    }),
    events: ({ dispute, item }) => [
      ev('charge_back.updated', dispute!, { billing_item_id: item! }, ['status', 'charge_back_evidence']),
    ],
    check: ({ item }, data) =>
      expect(data.charge_back).toMatchObject({
        status: 'under_review',
        charge_back_evidence: { customer_name: 'Pat Ient' },
        billing_item: { id: item },
      }),
  },
  {
    mutation: 'createAcceptedInsurancePlan',
    title: 'accepts several plans, one event each; an accepted plan is not repeated',
    setup: async (api) => {
      const [a, b] = [nextPlan(), nextPlan()];
      const existing = await api.gql<Data>(createAcceptedInsurancePlan, {
        input: { insurance_plan_ids: [a] },
      });
      return { a, b, existing: existing.createAcceptedInsurancePlan.accepted_insurance_plans[0].id };
    },
    document: createAcceptedInsurancePlan,
    variables: ({ a, b }) => ({ input: { insurance_plan_ids: [a, b] } }),
    events: (_ids, data) => [ev('accepted_insurance_plan.created', data.accepted_insurance_plans[1].id)],
    check: ({ existing }, data) => expect(data.accepted_insurance_plans[0].id).toBe(existing),
  },
  {
    mutation: 'deleteAcceptedInsurancePlan',
    title: 'stops accepting a plan',
    setup: async (api) => {
      const data = await api.gql<Data>(createAcceptedInsurancePlan, {
        input: { insurance_plan_ids: [nextPlan()] },
      });
      return { accepted: data.createAcceptedInsurancePlan.accepted_insurance_plans[0].id };
    },
    document: deleteAcceptedInsurancePlan,
    variables: ({ accepted }) => ({ input: { id: accepted } }),
    events: ({ accepted }) => [ev('accepted_insurance_plan.deleted', accepted!)],
  },
  {
    mutation: 'createBillingItem',
    title: 'charges the sender’s card on file, back-dated, with an idempotency key',
    setup: (api) => card(api),
    document: doc('createBillingItem', 'billingItem', fullItemFields),
    variables: ({ patient, provider }) => ({
      input: {
        amount_paid: '40.00',
        sender_id: patient,
        recipient_id: provider,
        note: 'Card visit',
        should_charge: true,
        created_at: '2030-12-01',
        stripe_idempotency_key: `charge-${patient}`,
      },
    }),
    events: (_ids, data) => [ev('billing_item.created', data.billingItem.id, { requested_payment_id: null })],
    check: async ({ patient, card: source, provider }, data, api) => {
      expect(await readItem(api, data.billingItem.id)).toMatchObject({
        is_outside_payment: false,
        stripe_customer_detail_id: source,
        created_at: '2030-12-01T00:00:00.000Z',
        idempotency_key: `charge-${patient}`,
        state: 'succeeded',
        net_payment: '40.00',
        original_price: '40.00',
        provider: { id: provider },
        shown_note: 'Card visit',
        shown_description: 'Card visit',
        refund_items: [],
        stripe_error: null,
        card_source: null,
        next_scheduled_payment_amount: null,
        deleted_at: null,
      });
      const lists = await api.gql<Data>(
        `query($p: ID) {
          byClient: billingItems(client_id: $p) { id }
          inDay: billingItems(client_id: $p, created_at_start: "2030-12-01", created_at_end: "2030-12-01") { id }
          later: billingItems(client_id: $p, created_at_start: "2030-12-02") { id }
          succeeded: billingItems(client_id: $p, status: ["succeeded"]) { id }
          refunded: billingItems(client_id: $p, status: ["refunded"]) { id }
          words: billingItems(client_id: $p, keywords: "card visit") { id }
          count: billingItemsCount(client_id: $p)
        }`,
        { p: patient },
      );
      const id = { id: data.billingItem.id };
      expect(lists).toEqual({
        byClient: [id],
        inDay: [id],
        later: [],
        succeeded: [id],
        refunded: [],
        words: [id],
        count: 1,
      });
    },
  },
  {
    mutation: 'updateBillingItem',
    title: 'refunds part of a payment and sends the receipt again; the same key refunds nothing more',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      return { item: (await billingItem(api, patient, provider!)).createBillingItem.billingItem.id };
    },
    document: doc('updateBillingItem', 'billingItem', fullItemFields),
    variables: ({ item }) => ({
      input: {
        id: item,
        chosen_refund_amount: '30.00',
        stripe_idempotency_key: 'refund-1',
        resend_receipt: true,
      },
    }),
    events: ({ item }) => [
      ev('billing_item.updated', item!, { requested_payment_id: null }, [
        'refund_amount',
        'refund_date',
        'receipt_last_sent_at',
      ]),
    ],
    check: async ({ item }, data, api) => {
      expect(data.billingItem).toMatchObject({
        refund_amount: '30.00',
        net_payment: '50.00',
        refund_items: [
          { billing_item_id: item, refund_amount: '30.00', status: 'succeeded', currency: 'usd' },
        ],
        receipt_last_sent_at: expect.any(String),
      });
      await api.gql(doc('updateBillingItem', 'billingItem'), {
        input: { id: item, chosen_refund_amount: '30.00', stripe_idempotency_key: 'refund-1' },
      });
      expect((await readItem(api, item!)).refund_items).toHaveLength(1);
    },
  },
  {
    mutation: 'createRequestedPayment',
    title: 'an invoice paid by someone else, with a write-off, saved as a new template',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createRequestDoc,
    variables: ({ patient }) => ({
      input: {
        recipient_id: patient,
        price: '100.00',
        services_provided: 'Nutrition consult',
        user_package_selection_id: '77',
        requested_payer: { name: 'Acme Corp', email: 'ap@acme.example', address: '1 Main St' },
        write_offs: [{ amount: 15.5, write_off_type: 'DISCOUNT', other_reason: 'Loyalty' }],
        requested_payment_template: { name: `Standard ${patient}`, active_template: true },
      },
    }),
    events: (_ids, data) => [ev('requested_payment.created', data.requestedPayment.id)],
    check: async ({ patient }, data, api) => {
      const request = data.requestedPayment;
      const read = (
        await api.gql<Data>(`query($id: ID) { requestedPayment(id: $id) { ${requestFields} } }`, {
          id: request.id,
        })
      ).requestedPayment;
      expect(read).toMatchObject({
        currency: 'usd',
        invoice_id: request.id.padStart(6, '0'),
        user_package_selection_id: '77',
        is_manually_paid: false,
        requested_payer: { name: 'Acme Corp', email: 'ap@acme.example', address: '1 Main St' },
        other_requested_payer: { name: 'Acme Corp' },
        write_offs: [
          {
            amount: 15.5,
            write_off_type: 'DISCOUNT',
            other_reason: 'Loyalty',
            requested_payment: { id: request.id },
          },
        ],
        write_off_amount: 15.5,
        balance_due: 84.5,
        debt_decimal: 84.5,
        debt: 85,
        paid_percent: 0,
        paid_at: null,
        billing_items: [],
        details: 'Nutrition consult',
        requested_payment_template: {
          name: `Standard ${patient}`,
          active_template: true,
          requested_payment: { id: request.id },
        },
      });
      const found = await api.gql<Data>(
        `query($uuid: String, $invoice: String, $k: String, $wo: ID!, $p: ID) {
          byKey: requestedPayment(uuid: $uuid) { id }
          byInvoice: requestedPayment(invoice_id: $invoice) { id }
          templates: invoiceTemplates(keywords: $k) { name }
          writeOff(id: $wo) { amount }
          list: requestedPayments(sender_id: $p) { id }
          unpaid: requestedPayments(sender_id: $p, status_filter: "paid") { id }
          count: requestedPaymentsCount(sender_id: $p)
        }`,
        {
          uuid: read.uuid,
          invoice: read.invoice_id,
          k: `Standard ${patient}`,
          wo: read.write_offs[0].id,
          p: patient,
        },
      );
      expect(found).toEqual({
        byKey: { id: request.id },
        byInvoice: { id: request.id },
        templates: [{ name: `Standard ${patient}` }],
        writeOff: { amount: 15.5 },
        list: [{ id: request.id }],
        unpaid: [],
        count: 1,
      });
    },
  },
  {
    mutation: 'updateRequestedPayment',
    title: 'partly paid; a write-off removed; emailed, receipt sent, saved as a template',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      const made = await api.gql<Data>(createRequestDoc, {
        input: {
          recipient_id: patient,
          price: '120.00',
          write_offs: [{ amount: 20, write_off_type: 'OTHER' }],
        },
      });
      const request = made.createRequestedPayment.requestedPayment;
      const paid = await billingItem(api, patient, provider!, {
        amount_paid: '50.00',
        requested_payment_id: request.id,
      });
      return {
        request: request.id,
        writeOff: request.write_offs[0].id,
        item: paid.createBillingItem.billingItem.id,
      };
    },
    document: updateRequestDoc,
    variables: ({ request, writeOff }) => ({
      input: {
        id: request,
        write_offs: [{ id: writeOff, amount: 20, write_off_type: 'OTHER', _destroy: true }],
        send_request_email: true,
        resend_receipt: true,
        use_as_template: true,
      },
    }),
    events: ({ request }) => [
      ev('requested_payment.updated', request!, {}, ['email_sent_at', 'receipt_sent_at']),
    ],
    check: ({ request, item }, data) =>
      expect(data.requested_payment).toMatchObject({
        write_offs: [],
        write_off_amount: 0,
        balance_due: 70,
        paid_percent: 42,
        billing_item_id: item,
        billing_items: [{ id: item }],
        email_sent_at: expect.any(String),
        receipt_sent_at: expect.any(String),
        requested_payment_template: { name: `Invoice ${request}`, active_template: true },
      }),
  },
  {
    mutation: 'updateStripeCustomerDetail',
    title: 'verifies a bank account with its microdeposits',
    setup: (api) => card(api, `btok_${Math.random().toString(36).slice(2)}`),
    document: doc(
      'updateStripeCustomerDetail',
      'stripe_customer_detail',
      'id source_type source_status expiring_next_month cursor',
    ),
    variables: ({ card: id }) => ({ input: { id, first_microdeposit: '32', second_microdeposit: '45' } }),
    events: ({ card: id, patient }) => [
      ev('stripe_customer_detail.updated', id!, { user_id: patient! }, ['source_status']),
    ],
    check: async ({ patient, card: id }, data, api) => {
      expect(data.stripe_customer_detail).toMatchObject({
        source_type: 'Bank Account',
        source_status: 'verified',
        expiring_next_month: false,
      });
      const lists = await api.gql<Data>('query($p: ID) { stripeCustomerDetails(user_id: $p) { id } }', {
        p: patient,
      });
      expect(lists.stripeCustomerDetails).toEqual([{ id }]);
    },
  },
  {
    mutation: 'createSuperBill',
    title: 'with codes, a back-dated receipt line, and the provider’s and the patient’s addresses',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: doc('createSuperBill', 'superBill', superBillFields),
    variables: ({ patient }) => ({
      input: {
        patient_id: patient,
        amount_paid: '50.00',
        status: 'draft',
        location: { line1: '1 Provider Way', city: 'Town', state: 'CA', zip: '90000' },
        patient_location: { line1: '2 Home St', city: 'Village' },
        cpt_codes_super_bills: [{ cpt_code_id: '99213', fee: '120.00', units: '1', pointers: ['A'] }],
        icd_codes_super_bills: [{ icd_code_id: '55' }],
        receipt_line_items: [{ description: 'Visit', price: '120.00', created_at: '2030-11-05' }],
      },
    }),
    events: ({ patient }, data) => [
      ev('location.created', someId),
      ev('location.created', data.superBill.patient_location_id),
      ev('super_bill.created', data.superBill.id, { patient_id: patient! }),
    ],
    check: async ({ patient }, data, api) => {
      expect(data.superBill).toMatchObject({
        location: { line1: '1 Provider Way', city: 'Town' },
        patient_location: { line1: '2 Home St' },
        total_fee: '120.00',
        balance_due: '70.00',
        deleted_at: null,
        receipt_line_items: [
          { description: 'Visit', price: '120.00', created_at: '2030-11-05T00:00:00.000Z' },
        ],
      });
      const lists = await api.gql<Data>(
        `query($p: ID, $bill: ID) {
          bills: superBills(client_id: $p) { id }
          drafts: superBills(client_id: $p, status: "draft") { id }
          sent: superBills(client_id: $p, status: "sent") { id }
          count: superBillsCount(client_id: $p)
          lines: receiptLineItems(super_bill_id: $bill) { description }
        }`,
        { p: patient, bill: data.superBill.id },
      );
      const id = { id: data.superBill.id };
      expect(lists).toEqual({
        bills: [id],
        drafts: [id],
        sent: [],
        count: 1,
        lines: [{ description: 'Visit' }],
      });
    },
  },
  {
    mutation: 'updateSuperBill',
    title: 'emails the superbill to the client',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, bill: await run(api, 'createSuperBill', 'superBill', { patient_id: patient }) };
    },
    document: doc('updateSuperBill', 'superBill', superBillFields),
    variables: ({ bill }) => ({ input: { id: bill, should_email_to_client: true } }),
    events: ({ bill, patient }) => [
      ev('super_bill.updated', bill!, { patient_id: patient! }, ['emailed_to_client_at']),
    ],
    check: (_ids, data) => expect(data.superBill.emailed_to_client_at).toEqual(expect.any(String)),
  },
  {
    mutation: 'createCms1500',
    title: 'writes what its nested patient, provider, policies, lines and referral describe',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, policy: await createPolicy(api, patient, { name: 'Acme Gold' }) };
    },
    document: doc('createCms1500', 'cms1500', cmsFullFields),
    variables: ({ patient, provider, policy }) => ({
      input: {
        patient: {
          id: patient,
          dob: '1980-02-03',
          sex: 'Female',
          ssn: '123-45-6789',
          location: { line1: '3 Claim Rd', city: 'Claimville' },
          referring_physicians: [{ full_name: 'Rita Referrer' }],
        },
        dietitian: {
          id: provider,
          npi: '1112223333',
          qualifications: 'RD',
          other_id: 'G-7',
          other_id_qualifier: '0B',
        },
        cms1500_policies: [{ policy_id: policy }],
        cpt_codes_cms1500s: [
          { cpt_code_id: '99213', fee: '100.00', units: '1', service_date: '2030-10-02' },
          {
            cpt_code_id: '97802',
            fee: '50.00',
            units: '2',
            service_date: '2030-10-01',
            pointers: ['A', 'B'],
          },
        ],
        icd_codes_cms1500s: [{ icd_code_id: '55', active: true }],
        referral_info: {
          case_date: '2030-09-01',
          prior_auth_number: 'PA-9',
          condition_related_to: ['employment'],
        },
      },
    }),
    events: ({ patient, provider }, data) => [
      ev('cms1500.created', data.cms1500.id),
      ev('patient.updated', patient!, {}, ['dob', 'sex']),
      ev('location.created', someId),
      ev('referring_physician.created', data.cms1500.referral_info.referring_physician.id),
      ev('organization_member.updated', provider!, {}, ['npi', 'qualifications']),
    ],
    check: async ({ patient, policy, org }, data, api) => {
      const form = data.cms1500;
      expect(form).toMatchObject({
        patient_ssn: '123-45-6789',
        rendering_provider_other_id: 'G-7',
        rendering_provider_other_id_qualifier: '0B',
        total_charge: '150.00',
        date_of_service: '2030-10-01',
        primary_plan_name: 'Acme Gold',
        billing_provider: { id: org },
        billing_provider_id: org,
        client_responsibility: null,
        check_numbers: [],
        updated_by_sftp: false,
        cms1500_policies: [
          {
            id: expect.any(String),
            cms1500_id: form.id,
            policy_id: policy,
            policy: { id: policy, name: 'Acme Gold' },
            cms1500: { id: form.id },
          },
        ],
        referral_info: {
          cms1500_id: form.id,
          case_date: '2030-09-01',
          referral_date: '2030-09-01',
          prior_auth_number: 'PA-9',
          condition_related_to: ['employment'],
          referring_physician: { first_name: 'Rita', last_name: 'Referrer' },
        },
      });
      const people = await api.gql<Data>(
        'query($p: ID, $form: String) { user(id: $p) { dob legal_name } cms1500s(client_id: $p) { id } cms1500sCount(client_id: $p) base: baseCms1500ForUser(patient_id: $p, base_date: "2030-12-24", cms1500_id: $form) { id patient { id } date_of_service cms1500_policies { policy { id } } patient_account_num } }',
        { p: patient, form: form.id },
      );
      expect(people).toEqual({
        user: { dob: '1980-02-03', legal_name: null },
        cms1500s: [{ id: form.id }],
        cms1500sCount: 1,
        base: {
          id: null,
          patient: { id: patient },
          date_of_service: '2030-12-24',
          cms1500_policies: [{ policy: { id: policy } }],
          patient_account_num: null,
        },
      });
    },
  },
  {
    mutation: 'updateChargeBack',
    title: 'saves evidence with a file (kept by id) without submitting it',
    setup: chargeBack,
    document: doc(
      'updateChargeBack',
      'charge_back',
      `id status evidence { customer_name cancellation_policy } evidence_fields_to_submit formatted_reason formatted_status
       created_at updated_at`,
    ),
    variables: ({ dispute }) => ({
      input: {
        id: dispute,
        charge_back_evidence: {
          customer_name: 'Pat Ient',
          cancellation_policy: 'data:application/pdf;base64,JVBERi0=',
        },
      },
    }),
    events: ({ dispute, item }) => [
      ev('charge_back.updated', dispute!, { billing_item_id: item! }, ['charge_back_evidence']),
    ],
    check: async ({ dispute }, data, api) => {
      expect(data.charge_back).toMatchObject({
        status: 'needs_response',
        evidence: {
          customer_name: 'Pat Ient',
          cancellation_policy: expect.stringMatching(/^file_[0-9a-f]{24}$/),
        },
        evidence_fields_to_submit: expect.arrayContaining(['customer_name']),
        formatted_reason: 'Fraudulent',
        formatted_status: 'Needs response',
      });
      const lists = await api.gql<Data>(
        '{ all: chargeBacks(show_all_for_org: true, per_page: 100) { id } mine: chargeBacks(per_page: 100) { id } count: chargeBacksCount(show_all_for_org: true) }',
      );
      expect(lists.all).toContainEqual({ id: dispute });
      expect(lists.mine).toContainEqual({ id: dispute });
      expect(lists.count).toBeGreaterThanOrEqual(1);
    },
  },
  {
    mutation: 'cancelRecurringPayment',
    title: 'who cancelled it, and the recurring payments list by status',
    setup: recurringItem,
    document: doc(
      'cancelRecurringPayment',
      'recurring_payment',
      `id canceled_by { id } amount_paid original_price payments_remaining billing_items_count has_next_payment_date
       has_scheduled_billing_item repeat_tiems created_at`,
    ),
    variables: ({ recurring }) => ({ input: { id: recurring } }),
    events: ({ recurring }) => [
      ev('recurring_payment.updated', recurring!, {}, ['is_canceled', 'canceled_at']),
    ],
    check: async ({ provider, patient, recurring }, data, api) => {
      expect(data.recurring_payment).toMatchObject({
        canceled_by: { id: provider },
        amount_paid: '80.00',
        original_price: '80.00',
        payments_remaining: 'Until Canceled',
        billing_items_count: '1',
        has_next_payment_date: false,
        has_scheduled_billing_item: false,
        repeat_tiems: null,
      });
      const lists = await api.gql<Data>(
        'query($p: ID) { active: recurringPayments(user_id: $p) { id } canceled: recurringPayments(user_id: $p, active_status: "canceled") { id } }',
        { p: patient },
      );
      expect(lists).toEqual({ active: [], canceled: [{ id: recurring }] });
    },
  },
  {
    mutation: 'createInsuranceAuthorization',
    title: 'units and visits left, a per-visit limit, its period as a chart; read by its client',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: doc(
      'createInsuranceAuthorization',
      'insuranceAuthorization',
      `id units_left visits_left units_limit_per_visit
       chart_info { earliest_date_title earliest_date_value latest_date_title latest_date_value middle_date_title
         left_section_width right_section_width }`,
    ),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        start_on: '2020-01-01',
        end_on: '2020-12-31',
        units_authorized: '10',
        units_used: '4',
        visits_authorized: '6',
        visits_used: '1',
        units_limit_per_visit: '2',
      },
    }),
    events: (_ids, data) => [ev('insurance_authorization.created', data.insuranceAuthorization.id)],
    check: async ({ patient }, data, api) => {
      expect(data.insuranceAuthorization).toMatchObject({
        units_left: '6',
        visits_left: '5',
        units_limit_per_visit: '2',
        chart_info: {
          earliest_date_title: 'Start',
          earliest_date_value: '2020-01-01',
          latest_date_title: 'End',
          latest_date_value: '2020-12-31',
          middle_date_title: 'Today',
          left_section_width: '100%',
          right_section_width: '0%',
        },
      });
      const read = await api.gql<Data>('query($p: ID) { insuranceAuthorization(client_id: $p) { id } }', {
        p: patient,
      });
      expect(read.insuranceAuthorization).toEqual({ id: data.insuranceAuthorization.id });
    },
  },
  {
    mutation: 'bulkUpdateCardIssues',
    title: 'marks every card issue seen: the unseen count drops to zero (no event: screen state)',
    setup: async (api) => {
      const expired = (await card(api)).card;
      const expiring = (await card(api)).card;
      const fine = (await card(api)).card;
      await expires(api, expired, '01/2020');
      const now = new Date();
      await expires(
        api,
        expiring,
        `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${now.getUTCFullYear()}`,
      );
      await expires(api, fine, '12/2099');
      const before = await api.gql<Data>('{ currentUser { card_issues_count } cardIssues { id } }');
      expect(before.currentUser.card_issues_count).toBeGreaterThanOrEqual(2);
      return { expired, expiring, fine };
    },
    document: bulkUpdateCardIssuesDoc,
    variables: () => ({ input: { mark_all_as_seen: true } }),
    events: () => [],
    check: async ({ expired, expiring, fine }, data, api) => {
      const ids = data.card_issues.map((c: Data) => c.id);
      expect(ids).toEqual(expect.arrayContaining([expired, expiring]));
      expect(ids).not.toContain(fine);
      const after = await api.gql<Data>('{ currentUser { card_issues_count } }');
      expect(after.currentUser.card_issues_count).toBe(0);
    },
  },
  {
    mutation: 'uploadBatchToCandidHealth',
    title: 'sends each claim to Candid Health: a submission, then the claim Submitted',
    setup: async (api) => ({ a: (await cms1500(api)).form, b: (await cms1500(api)).form }),
    document: uploadDoc('uploadBatchToCandidHealth', 'uploadBatchToCandidHealthInput'),
    variables: ({ a, b }) => ({ input: { cms1500_ids: [a, b, a] } }),
    events: ({ a, b }, data) => sentEvents([a!, b!], data),
    check: ({ a, b }, data) => {
      expect(data.success_string).toBe('2 claims sent to Candid Health');
      expect(data.cms1500s.map((c: Data) => [c.id, c.status])).toEqual([
        [a, 'Submitted'],
        [b, 'Submitted'],
      ]);
      expect(data.cms1500s[0].claim_submissions).toEqual([
        { id: expect.any(String), status: 'submitted', integration: 'candid' },
      ]);
    },
  },
  {
    mutation: 'uploadBatchToChangeHealth',
    title: 'sends each claim to Change Healthcare: a submission, then the claim Submitted',
    setup: async (api) => ({ a: (await cms1500(api)).form, b: (await cms1500(api)).form }),
    document: uploadDoc('uploadBatchToChangeHealth', 'uploadBatchToChangeHealthInput'),
    variables: ({ a, b }) => ({ input: { cms1500_ids: [a, b, a] } }),
    events: ({ a, b }, data) => sentEvents([a!, b!], data),
    check: ({ a, b }, data) => {
      expect(data.success_string).toBe('2 claims sent to Change Healthcare');
      expect(data.cms1500s.map((c: Data) => [c.id, c.status])).toEqual([
        [a, 'Submitted'],
        [b, 'Submitted'],
      ]);
      expect(data.cms1500s[0].claim_submissions).toEqual([
        { id: expect.any(String), status: 'submitted', integration: 'change_health' },
      ]);
    },
  },
  {
    mutation: 'uploadBatchToOfficeally',
    title: 'sends each claim to Office Ally: a submission, then the claim Submitted',
    setup: async (api) => ({ a: (await cms1500(api)).form, b: (await cms1500(api)).form }),
    document: uploadDoc('uploadBatchToOfficeally', 'uploadBatchToOfficeallyInput'),
    variables: ({ a, b }) => ({ input: { cms1500_ids: [a, b, a] } }),
    events: ({ a, b }, data) => sentEvents([a!, b!], data),
    check: ({ a, b }, data) => {
      expect(data.success_string).toBe('2 claims sent to Office Ally');
      expect(data.cms1500s.map((c: Data) => [c.id, c.status])).toEqual([
        [a, 'Submitted'],
        [b, 'Submitted'],
      ]);
      expect(data.cms1500s[0].claim_submissions).toEqual([
        { id: expect.any(String), status: 'submitted', integration: 'office_ally' },
      ]);
    },
  },
  {
    mutation: 'uploadCms1500sToIntegrations',
    title: 'sends to the named clearinghouse; a claim already Submitted only gets a new submission',
    setup: async (api) => {
      const form = (await cms1500(api)).form;
      await api.gql(uploadDoc('uploadBatchToOfficeally', 'uploadBatchToOfficeallyInput'), {
        input: { cms1500_ids: [form] },
      });
      return { form };
    },
    document: uploadToIntegrationsDoc,
    variables: ({ form }) => ({ input: { cms1500_id: form, destination_integration: 'claim_md' } }),
    events: ({ form }, data) => [
      ev('claim_submission.created', data.cms1500s[0].claim_submissions.at(-1).id, { cms1500_id: form! }),
    ],
    check: (_ids, data) => {
      expect(data.success_message).toBe('1 claim sent to Claim.MD');
      expect(data.cms1500s[0].claim_submissions.map((c: Data) => c.integration)).toEqual([
        'office_ally',
        'claim_md',
      ]);
    },
  },
  {
    mutation: 'createChangeHealthPatient',
    title: "records the request (no event); Change Healthcare's answer stores its id (patient.updated)",
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createChangeHealthPatientDoc,
    variables: ({ patient }) => ({ input: { id: patient } }),
    events: () => [],
    check: async ({ patient }, data, api) => {
      expect(data.user.id).toBe(patient);
      expect(Number.isNaN(Date.parse(data.user.change_health_requested_at))).toBe(false);
      expect(data.user.change_health_patient_id).toBeNull();
      const bodies = await eventsOf(api.server, async () => {
        const answer = await post(api.server, '/integrations/change-health/patient-created', {
          user_id: Number(patient),
          change_health_patient_id: 'CH-1001',
        });
        expect(answer.body).toEqual({ resource_id_type: 'User', resource_id: patient });
      });
      expectBodies(bodies, [ev('patient.updated', patient!, {}, ['change_health_patient_id'])]);
      const read = await api.gql<Data>('query($id: ID) { user(id: $id) { change_health_patient_id } }', {
        id: patient,
      });
      expect(read.user.change_health_patient_id).toBe('CH-1001');
    },
  },
  {
    mutation: 'updateStripeVerificationDetails',
    title:
      "records the caller's payout verification, pending, without the numbers; the processor's answer reads back",
    document: verificationDoc,
    variables: () => ({
      input: {
        entity_type: 'individual',
        first_name: 'Pat',
        last_name: 'Payee',
        dob: '1980-02-03',
        ssn: '123-45-6789',
        account_holder_name: 'Pat Payee',
        account_number: '000123456789',
        routing_number: '110000000',
        currency: 'USD',
        new_country: 'us',
        verification_document: 'data:image/jpeg;base64,/9j/',
        personal_address: { line1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
      },
    }),
    events: () => [],
    check: async ({ provider }, data, api) => {
      expect(data.user).toEqual({
        id: provider,
        bank_account_verified_status: 'pending',
        default_currency: 'usd',
        skipped_bank_account: false,
      });
      const stored = await api.server.runtime.services.store.db
        .withTables<{ payout_verifications: Record<string, unknown> & { id: number; user_id: number } }>()
        .selectFrom('payout_verifications')
        .selectAll()
        .where('user_id', '=', Number(provider))
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ ssn_last_four: '6789', account_last_four: '6789', country: 'US' });
      expect(JSON.stringify(stored)).not.toMatch(/123456789|000123456789/);
      const answer = await post(api.server, '/integrations/payments/verification-updated', {
        user_id: Number(provider),
        status: 'failed',
        deadline: '2031-01-31',
        fields_needed: ['individual.id_number'],
      });
      expect(answer.status).toBe(200);
      const read = await api.gql<Data>(
        '{ currentUser { bank_account_verified_status bank_verification_deadline verification_fields } }',
      );
      expect(read.currentUser).toEqual({
        bank_account_verified_status: 'failed',
        bank_verification_deadline: '2031-01-31',
        verification_fields: ['individual.id_number'],
      });
    },
  },
  {
    mutation: 'updateSubscription',
    title: "chooses the practice's plan and interval, with a trial (no event)",
    document: updateSubscriptionDoc,
    variables: () => ({ input: { new_plan_name: 'Plus', switch_plan: 'year', activate_short_trial: true } }),
    events: () => [],
    check: async ({ provider }, data, api) => {
      expect(data.currentUser).toEqual({ id: provider });
      expect(data.subscription).toMatchObject({
        plan_name: 'Plus',
        interval: 'year',
        set_to_cancel: false,
        access_will_stop_at: null,
        is_trialing: true,
        days_left_in_trial: 7,
        user: { id: provider },
      });
      expect(data.subscription.client_count).toBeGreaterThanOrEqual(0);
      const read = await api.gql<Data>(
        '{ subscription { id plan_name } currentUser { subscription { id } } organization { owner_subscription { id } } }',
      );
      expect(read).toEqual({
        subscription: { id: data.subscription.id, plan_name: 'Plus' },
        currentUser: { subscription: { id: data.subscription.id } },
        organization: { owner_subscription: { id: data.subscription.id } },
      });
    },
  },
  {
    mutation: 'updateSubscription',
    title: 'cancels at the end of the period; the same idempotency key again changes nothing; reactivates',
    setup: async (api) => {
      await api.gql(updateSubscriptionDoc, { input: { new_plan_name: 'Starter' } });
      return {};
    },
    document: updateSubscriptionDoc,
    variables: () => ({
      input: {
        wants_to_cancel: true,
        reason: 'Too expensive',
        stripe_idempotency_key: `cancel-${process.pid}`,
      },
    }),
    events: () => [],
    check: async (_ids, data, api) => {
      expect(data.subscription.set_to_cancel).toBe(true);
      expect(Date.parse(data.subscription.access_will_stop_at)).toBeGreaterThan(Date.now());
      const again = await api.gql<Data>(updateSubscriptionDoc, {
        input: { wants_to_cancel: false, stripe_idempotency_key: `cancel-${process.pid}` },
      });
      expect(again.updateSubscription.subscription.set_to_cancel).toBe(true);
      const back = await api.gql<Data>(updateSubscriptionDoc, { input: { reactivate_plan: 'Essentials' } });
      expect(back.updateSubscription.subscription).toMatchObject({
        plan_name: 'Essentials',
        set_to_cancel: false,
        access_will_stop_at: null,
      });
    },
  },
];

export const billingInvalid: InvalidCase[] = [
  {
    mutation: 'createBillingItem',
    title: 'a sender that does not exist',
    document: createBillingItem,
    variables: () => ({ input: { amount_paid: '10', sender_id: '999999' } }),
    field: 'sender_id',
  },
  {
    mutation: 'createBillingItem',
    title: 'a recurring charge without an amount',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createBillingItem,
    variables: ({ patient }) => ({ input: { sender_id: patient, is_recurring: true } }),
    field: 'amount_paid',
  },
  {
    mutation: 'updateBillingItem',
    title: 'a malformed next payment date on a recurring item',
    setup: recurringItem,
    document: updateBillingItem,
    variables: ({ item }) => ({ input: { id: item, note: 'x', new_payment_date: 'soon' } }),
    field: 'new_payment_date',
  },
  {
    mutation: 'cancelRecurringPayment',
    title: 'a recurring payment already canceled',
    setup: async (api, ids) => {
      const made = await recurringItem(api, ids);
      await api.gql(cancelRecurringPayment, { input: { id: made.recurring } });
      return made;
    },
    document: cancelRecurringPayment,
    variables: ({ recurring }) => ({ input: { id: recurring } }),
    field: 'id',
  },
  {
    mutation: 'createRequestedPayment',
    title: 'no recipient',
    document: createRequestedPayment,
    variables: () => ({ input: { price: '10' } }),
    field: 'recipient_id',
  },
  {
    mutation: 'updateRequestedPayment',
    title: 'an unknown id',
    document: updateRequestedPayment,
    variables: () => ({ input: { id: '999999', status: 'Paid' } }),
    field: 'id',
  },
  {
    mutation: 'createStripeCustomerDetail',
    title: 'no token',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createStripeCustomerDetail,
    variables: ({ patient }) => ({ input: { user_id: patient } }),
    field: 'token',
  },
  {
    mutation: 'deleteStripeCustomerDetail',
    title: 'a card the user does not have',
    setup: (api) => card(api),
    document: deleteStripeCustomerDetail,
    variables: ({ patient }) => ({ input: { card_id: 'tok_unknown', user_id: patient } }),
    field: 'card_id',
  },
  {
    mutation: 'createSuperBill',
    title: 'no patient',
    document: createSuperBill,
    variables: () => ({ input: { status: 'draft' } }),
    field: 'patient_id',
  },
  {
    mutation: 'createInsuranceAuthorization',
    title: 'a malformed start date',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createInsuranceAuthorization,
    variables: ({ patient }) => ({ input: { user_id: patient, start_on: '07/01/2030' } }),
    field: 'start_on',
  },
  {
    mutation: 'createCms1500',
    title: 'no patient',
    document: createCms1500,
    variables: () => ({ input: { accept_assignment: true } }),
    field: 'patient',
  },
  {
    mutation: 'updateCms1500',
    title: 'an identifier that does not exist',
    setup: async (api) => ({ form: (await cms1500(api)).form }),
    document: updateCms1500,
    variables: ({ form }) => ({ input: { id: form, status: 'x', other_id_numbers: [{ id: '999999' }] } }),
    field: 'other_id_numbers[0].id',
  },
  {
    mutation: 'updateChargeBack',
    title: 'an unknown dispute',
    document: updateChargeBack,
    variables: () => ({ input: { id: '999999', final_submission: true } }),
    field: 'id',
  },
  {
    mutation: 'createAcceptedInsurancePlan',
    title: 'no plans',
    document: createAcceptedInsurancePlan,
    variables: () => ({ input: { insurance_plan_ids: [] } }),
    field: 'insurance_plan_ids',
  },
  {
    mutation: 'deleteAcceptedInsurancePlan',
    title: 'an unknown id',
    document: deleteAcceptedInsurancePlan,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createBillingItem',
    title: 'a charge for a sender with no card on file',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createBillingItem,
    variables: ({ patient, provider }) => ({
      input: { amount_paid: '10', sender_id: patient, recipient_id: provider, should_charge: true },
    }),
    field: 'should_charge',
  },
  {
    mutation: 'createBillingItem',
    title: 'an idempotency key another payment used',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      await billingItem(api, patient, provider!, { stripe_idempotency_key: `used-${patient}` });
      return { patient };
    },
    document: createBillingItem,
    variables: ({ patient, provider }) => ({
      input: {
        amount_paid: '10',
        sender_id: patient,
        recipient_id: provider,
        stripe_idempotency_key: `used-${patient}`,
      },
    }),
    field: 'stripe_idempotency_key',
  },
  {
    mutation: 'updateBillingItem',
    title: 'a refund above what is left',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      return { item: (await billingItem(api, patient, provider!)).createBillingItem.billingItem.id };
    },
    document: updateBillingItem,
    variables: ({ item }) => ({ input: { id: item, chosen_refund_amount: '80.01' } }),
    field: 'chosen_refund_amount',
  },
  {
    mutation: 'updateBillingItem',
    title: 'retrying a payment that did not fail',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      return { item: (await billingItem(api, patient, provider!)).createBillingItem.billingItem.id };
    },
    document: updateBillingItem,
    variables: ({ item }) => ({ input: { id: item, resend_payment: true } }),
    field: 'resend_payment',
  },
  {
    mutation: 'createRequestedPayment',
    title: 'a payer that does not exist',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createRequestedPayment,
    variables: ({ patient }) => ({ input: { recipient_id: patient, requested_payer: { id: '999999' } } }),
    field: 'requested_payer.id',
  },
  {
    mutation: 'updateStripeCustomerDetail',
    title: 'microdeposits for a card',
    setup: (api) => card(api),
    document: updateStripeCustomerDetail,
    variables: ({ card: id }) => ({ input: { id, first_microdeposit: '32', second_microdeposit: '45' } }),
    field: 'first_microdeposit',
  },
  {
    mutation: 'createSuperBill',
    title: 'a receipt line dated with something that is no date',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createSuperBill,
    variables: ({ patient }) => ({
      input: { patient_id: patient, receipt_line_items: [{ description: 'x', created_at: 'yesterday' }] },
    }),
    field: 'receipt_line_items[0].created_at',
  },
  {
    mutation: 'createCms1500',
    title: 'a policy of someone else than the patient',
    setup: async (api) => ({ patient: await createPatient(api), other: await createPatient(api) }),
    document: createCms1500,
    variables: ({ patient, other }) => ({
      input: { patient: { id: patient }, cms1500_policies: [{ policy: { name: 'X', user_id: other } }] },
    }),
    field: 'cms1500_policies[0].policy.user_id',
  },
  {
    mutation: 'updateChargeBack',
    title: 'evidence with a file that is no data URL',
    setup: chargeBack,
    document: updateChargeBack,
    variables: ({ dispute }) => ({
      input: { id: dispute, charge_back_evidence: { refund_policy: 'policy.pdf' } },
    }),
    field: 'charge_back_evidence.refund_policy',
  },
  {
    mutation: 'bulkUpdateCardIssues',
    title: 'mark_all_as_seen not true',
    document: bulkUpdateCardIssuesDoc,
    variables: () => ({ input: { mark_all_as_seen: false } }),
    field: 'mark_all_as_seen',
  },
  {
    mutation: 'uploadBatchToCandidHealth',
    title: 'an unknown claim among the named',
    setup: async (api) => ({ form: (await cms1500(api)).form }),
    document: uploadDoc('uploadBatchToCandidHealth', 'uploadBatchToCandidHealthInput'),
    variables: ({ form }) => ({ input: { cms1500_ids: [form, '999999'] } }),
    field: 'cms1500_ids',
  },
  {
    mutation: 'uploadBatchToChangeHealth',
    title: 'no claims',
    document: uploadDoc('uploadBatchToChangeHealth', 'uploadBatchToChangeHealthInput'),
    variables: () => ({ input: { cms1500_ids: [] } }),
    field: 'cms1500_ids',
  },
  {
    mutation: 'uploadCms1500sToIntegrations',
    title: 'no destination',
    setup: async (api) => ({ form: (await cms1500(api)).form }),
    document: uploadToIntegrationsDoc,
    variables: ({ form }) => ({ input: { cms1500_id: form } }),
    field: 'destination_integration',
  },
  {
    mutation: 'createChangeHealthPatient',
    title: 'an unknown client',
    document: createChangeHealthPatientDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'updateStripeVerificationDetails',
    title: 'a client instead of a provider',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: verificationDoc,
    variables: ({ patient }) => ({ input: { id: patient, entity_type: 'individual' } }),
    field: 'id',
  },
  {
    mutation: 'updateStripeVerificationDetails',
    title: 'an SSN that is not nine digits',
    document: verificationDoc,
    variables: () => ({ input: { ssn: '12-34' } }),
    field: 'ssn',
  },
  {
    mutation: 'updateStripeVerificationDetails',
    title: 'an account number without a routing number',
    document: verificationDoc,
    variables: () => ({ input: { account_number: '000123456789' } }),
    field: 'routing_number',
  },
  {
    mutation: 'updateSubscription',
    title: 'an interval that is not month or year',
    document: updateSubscriptionDoc,
    variables: () => ({ input: { switch_plan: 'weekly' } }),
    field: 'switch_plan',
  },
  {
    mutation: 'updateSubscription',
    title: 'nothing to change',
    document: updateSubscriptionDoc,
    variables: () => ({ input: {} }),
    field: 'new_plan_name',
  },
];

export const billingReadBack: ReadBackCase[] = [
  {
    resource: 'RecurringPayment',
    setup: recurringItem,
    query:
      'query($id: ID) { recurringPayment(id: $id) { id amount_to_pay billing_frequency is_canceled sender_id last_billing_item { id } } }',
    id: ({ recurring }) => recurring!,
    expected: ({ recurring, patient, item }) => ({
      id: recurring,
      amount_to_pay: '80.00',
      billing_frequency: 'Monthly',
      is_canceled: false,
      sender_id: patient,
      last_billing_item: { id: item },
    }),
  },
  {
    resource: 'RequestedPayment',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, request: await requestedPayment(api, patient) };
    },
    query: 'query($id: ID) { requestedPayment(id: $id) { id price is_preview recipient_id sender { id } } }',
    id: ({ request }) => request!,
    expected: ({ request, patient, provider }) => ({
      id: request,
      price: '120.00',
      is_preview: false,
      recipient_id: patient,
      sender: { id: provider },
    }),
  },
  {
    resource: 'StripeCustomerDetail',
    setup: (api) => card(api, 'tok_read'),
    query: 'query($id: ID) { stripeCustomerDetail(id: $id) { id stripe_id source_type user { id } } }',
    id: ({ card: id }) => id!,
    expected: ({ card: id, patient }) => ({
      id,
      stripe_id: 'tok_read',
      source_type: 'card',
      user: { id: patient },
    }),
  },
  {
    resource: 'SuperBill',
    setup: async (api) => {
      const patient = await createPatient(api);
      return {
        patient,
        bill: await run(api, 'createSuperBill', 'superBill', { patient_id: patient, npi: '1234567890' }),
      };
    },
    query: 'query($id: ID) { superBill(id: $id) { id npi patient_id provider { id } } }',
    id: ({ bill }) => bill!,
    expected: ({ bill, patient, provider }) => ({
      id: bill,
      npi: '1234567890',
      patient_id: patient,
      provider: { id: provider },
    }),
  },
  {
    resource: 'InsuranceAuthorization',
    setup: async (api) => {
      const patient = await createPatient(api);
      return {
        patient,
        auth: await run(api, 'createInsuranceAuthorization', 'insuranceAuthorization', {
          user_id: patient,
          start_on: '2030-01-01',
          visits_authorized: '12',
        }),
      };
    },
    query: 'query($id: ID) { insuranceAuthorization(id: $id) { id user_id start_on visits_authorized } }',
    id: ({ auth }) => auth!,
    expected: ({ auth, patient }) => ({
      id: auth,
      user_id: patient,
      start_on: '2030-01-01',
      visits_authorized: '12',
    }),
  },
  {
    resource: 'Cms1500',
    setup: async (api) => {
      const { patient, form } = await cms1500(api, { patient_account_num: 'ACC-7' });
      return { patient, form };
    },
    query:
      'query($id: ID) { cms1500(id: $id) { id patient_account_num patient { id } rendering_provider { id } } }',
    id: ({ form }) => form!,
    expected: ({ form, patient, provider }) => ({
      id: form,
      patient_account_num: 'ACC-7',
      patient: { id: patient },
      rendering_provider: { id: provider },
    }),
  },
  {
    resource: 'OtherIdNumber',
    setup: async (api) => {
      const { data } = await cms1500(api, { rendering_provider_other_id_number: { other_id: 'R-5' } });
      return { other: data.other_id_numbers.at(-1).id };
    },
    query: 'query($id: ID) { otherIdNumber(id: $id) { id other_id user_id } }',
    id: ({ other }) => other!,
    expected: ({ other, provider }) => ({ id: other, other_id: 'R-5', user_id: provider }),
  },
  {
    resource: 'ClaimSubmission',
    setup: async (api, { org }) => {
      const { form } = await cms1500(api);
      const claim = await insert(api, 'claim_submissions', {
        organization_id: Number(org),
        cms1500_id: Number(form),
        status: 'submitted',
        claim_data: JSON.stringify({ payer: 'Acme' }),
      });
      return { form, claim };
    },
    query: 'query($id: ID) { claimSubmission(id: $id) { id cms1500_id status claim_data cms1500 { id } } }',
    id: ({ claim }) => claim!,
    expected: ({ claim, form }) => ({
      id: claim,
      cms1500_id: form,
      status: 'submitted',
      claim_data: { payer: 'Acme' },
      cms1500: { id: form },
    }),
  },
  {
    resource: 'ChargeBack',
    setup: chargeBack,
    query: 'query($id: ID) { chargeBack(id: $id) { id status reason disputed_amount billing_item { id } } }',
    id: ({ dispute }) => dispute!,
    expected: ({ dispute, item }) => ({
      id: dispute,
      status: 'needs_response',
      reason: 'fraudulent',
      disputed_amount: '80.00',
      billing_item: { id: item },
    }),
  },
  {
    resource: 'AcceptedInsurancePlan',
    setup: async (api) => {
      const id = nextPlan();
      const data = await api.gql<Data>(createAcceptedInsurancePlan, { input: { insurance_plan_ids: [id] } });
      return { plan: id, accepted: data.createAcceptedInsurancePlan.accepted_insurance_plans[0].id };
    },
    query:
      'query($id: ID) { acceptedInsurancePlan(id: $id) { id insurance_plan_id insurance_plan { id is_accepted } } }',
    id: ({ accepted }) => accepted!,
    expected: ({ accepted, plan: id }) => ({
      id: accepted,
      insurance_plan_id: id,
      insurance_plan: { id, is_accepted: true },
    }),
  },
  {
    resource: 'User (provider by super_bill_id)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const bill = await run(api, 'createSuperBill', 'superBill', {
        patient_id: patient,
        tax_id: '12-3456789',
      });
      return { bill };
    },
    query: 'query($id: ID) { provider(super_bill_id: $id) { id tax_id } }',
    id: ({ bill }) => bill!,
    expected: ({ provider }) => ({ id: provider, tax_id: '12-3456789' }),
  },
  {
    resource: 'User (provider by client_id)',
    setup: async (api) => {
      const data = await api.gql<Data>(
        `mutation($input: createOrganizationMembershipInput) {
          createOrganizationMembership(input: $input) { organizationMembership { user { id } } messages { field message } }
        }`,
        {
          input: {
            email: uniqueEmail('billingstaff'),
            first_name: 'Bill',
            last_name: 'Ing',
            org_role: 'Standard',
          },
        },
      );
      const staff = data.createOrganizationMembership.organizationMembership.user.id as string;
      return { staff, patient: await createPatient(api, { dietitian_id: staff }) };
    },
    query: 'query($id: ID) { provider(client_id: $id) { id first_name tax_id } }',
    id: ({ patient }) => patient!,
    expected: ({ staff }) => ({ id: staff, first_name: 'Bill', tax_id: null }),
  },
  {
    resource: "User (provider: a client's id answers none)",
    setup: async (api) => ({ patient: await createPatient(api) }),
    query: 'query($id: ID) { provider(id: $id) { id } }',
    id: ({ patient }) => patient!,
    expected: () => null,
  },
  {
    resource: 'Cms1500 (code lines and their codes)',
    setup: async (api) => {
      const { form } = await cms1500(api, {
        cpt_codes_cms1500s: [
          { cpt_code_id: '99499', fee: '75.00', units: '1' },
          { cpt_code_id: '97803', fee: '40.00', units: '2' },
        ],
        icd_codes_cms1500s: [{ icd_code_id: '4101', active: true }],
      });
      return { form };
    },
    query: `query($id: ID) { cms1500(id: $id) {
      cpt_code_names
      cpt_codes_cms1500s { cpt_code_id fee cpt_code { id code display_name description category is_favorite last_fee created_at cursor } }
      icd_codes_cms1500s { icd_code_id display_name active icd_code { id code display_name updated_at } }
    } }`,
    id: ({ form }) => form!,
    expected: () => ({
      cpt_code_names: '99499, 97803',
      cpt_codes_cms1500s: [
        {
          cpt_code_id: '99499',
          fee: '75.00',
          cpt_code: {
            id: '99499',
            code: '99499',
            display_name: '99499',
            description: null,
            category: null,
            is_favorite: false,
            last_fee: 75,
            created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
            cursor: expect.any(String),
          },
        },
        {
          cpt_code_id: '97803',
          fee: '40.00',
          cpt_code: expect.objectContaining({ id: '97803', code: '97803', last_fee: 40 }),
        },
      ],
      icd_codes_cms1500s: [
        {
          icd_code_id: '4101',
          display_name: '4101',
          active: true,
          icd_code: {
            id: '4101',
            code: '4101',
            display_name: '4101',
            updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          },
        },
      ],
    }),
  },
  {
    resource: 'SuperBill (codes billed, place of service)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const data = await api.gql<Data>(doc('createSuperBill', 'superBill', 'id'), {
        input: {
          patient_id: patient,
          place_of_service_id: '11',
          cpt_codes_super_bills: [{ cpt_code_id: '90837', fee: '150' }, { cpt_code_id: '90791' }],
        },
      });
      return { bill: data.createSuperBill.superBill.id };
    },
    query: 'query($id: ID) { superBill(id: $id) { cpt_code_names place_of_service { code name } } }',
    id: ({ bill }) => bill!,
    expected: () => ({ cpt_code_names: '90837, 90791', place_of_service: { code: '11', name: 'Office' } }),
  },
];
