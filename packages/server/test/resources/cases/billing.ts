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
import { createPatient, createPolicy } from './fixtures.js';

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
    query: 'query($id: ID) { acceptedInsurancePlan(id: $id) { id insurance_plan_id } }',
    id: ({ accepted }) => accepted!,
    expected: ({ accepted, plan: id }) => ({ id: accepted, insurance_plan_id: id }),
  },
];
