/**
 * Billing and insurance: charges and payments (billing items, their refunds and the recurring payments they
 * set up), payment requests (invoices) with their payers, templates and write-offs, stored cards,
 * superbills with their codes and receipt lines, prior authorizations, CMS 1500 claim forms with their
 * policies, codes, referral info and provider identifiers, claim submissions, chargebacks with their
 * evidence, and accepted insurance plans. Names and types follow healthie-schema.graphql; the declarations
 * are data, their behaviour and derived fields are bound in ./area.ts.
 */
import { sql } from 'kysely';
import { containsKeywords, readKeywords } from '../../core/keywords.js';
import {
  bool,
  date,
  datetime,
  enumOf,
  equals,
  findRow,
  float,
  foreignId,
  json,
  money,
  parseId,
  ref,
  resource,
  text,
  typedDb,
  type ListArg,
  type OrderKey,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';
import { offeringResources } from './offering-resources.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list machinery's queries are dynamic
type Query = any;

/** An `ID` argument naming a user: `column` is that user. */
const userIs = (column: string): ListArg => ({
  type: 'ID',
  apply: (query, value) => query.where(column, '=', parseId(value) ?? -1),
});

/** A user's name, for ordering lists by the person a column names. */
const nameOf =
  (column: string, part: 'first_name' | 'last_name'): OrderKey =>
  (eb) =>
    eb
      .selectFrom('users')
      .select(part)
      .whereRef('users.id', '=', sql.ref(column) as never)
      .limit(1) as never;

/** An amount stored as text, ordered as a number. */
const amountOf =
  (column: string): OrderKey =>
  () =>
    sql`cast(${sql.ref(column)} as double precision)`;

/** Rows whose `columns` or whose person's name (through `personColumn`) contain the keywords. */
const keywordsWithPerson = (personColumns: readonly string[], ...columns: readonly string[]): ListArg => ({
  type: 'String',
  apply: (query, value, reader) => {
    const keywords = readKeywords(value);
    if (keywords === null) return query;
    const people = reader.db
      .selectFrom('users')
      .select('id')
      .where((eb: Query) =>
        eb.or(['first_name', 'last_name', 'email'].map((c) => containsKeywords(eb.ref(c), keywords))),
      );
    return query.where((eb: Query) =>
      eb.or([
        ...columns.map((c) => containsKeywords(eb.ref(c), keywords)),
        ...personColumns.map((c) => eb(c, 'in', people)),
      ]),
    );
  },
});

/** `YYYY-MM-DD` arguments bounding `created_at` (stored as milliseconds), inclusive of the whole day. */
const createdFrom: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const day = Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(day) ? query : query.where('created_at', '>=', day);
  },
};
const createdUntil: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const day = Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(day) ? query : query.where('created_at', '<', day + 86_400_000);
  },
};

// ---------------------------------------------------------------------------------------------------------
// Payments

/** `status` of billingItems: payment states, and `refunded` for payments with a refund. */
const paymentStatuses: ListArg = {
  type: '[String]',
  apply: (query, value) => {
    const wanted = (Array.isArray(value) ? value : [value])
      .map((s) => String(s).trim().toLowerCase())
      .filter((s) => s !== '');
    if (wanted.length === 0) return query;
    return query.where((eb: Query) =>
      eb.or([
        eb('state', 'in', wanted),
        ...(wanted.includes('refunded') ? [eb('refund_amount', 'is not', null)] : []),
      ]),
    );
  },
};

export const BillingItem = resource({
  name: 'BillingItem',
  table: 'billing_items',
  events: 'billing_item',
  owner: 'sender_id',
  softDelete: true,
  timestamps: { created_at: 'String!' },
  fields: {
    amount_paid: money(),
    currency: text({ default: 'usd' }),
    note: text(),
    payment_medium: text({ gql: 'ID' }),
    sender_id: ref('User', { object: 'sender' }),
    recipient_id: ref('User', { object: 'recipient' }),
    // Not checked: checkout may pay a request recorded elsewhere.
    requested_payment_id: foreignId(),
    offering_id: ref('Offering', { object: 'offering' }),
    offering_coupon_id: foreignId({ writable: 'create' }),
    requested_payer_id: ref('RequestedPayer', { writable: 'create', object: 'requested_payer' }),
    stripe_customer_detail_id: ref('StripeCustomerDetail', { writable: 'create' }),
    user_package_selection_id: foreignId({ writable: 'create' }),
    payment_due_date: text({ writable: 'create' }),
    is_canceled: bool({ default: false, writable: 'update' }),
    // createBillingItem's `is_recurring` is a carehooks input; in Healthie the offering decides it, as
    // completeCheckout does here for an offering it buys.
    is_recurring: bool({ default: false, writable: 'create' }),
    // How the payment went: recorded payments succeed; a processor may report a failure.
    state: enumOf(['succeeded', 'failed'], { default: 'succeeded', writable: 'none' }),
    failure_reason: text({ writable: 'none' }),
    // Recorded rather than charged through the card on file (`should_charge` not set).
    is_outside_payment: bool({ writable: 'none' }),
    stripe_charge_id: text({ gql: 'ID', writable: 'none' }),
    coupon_code: text({ writable: 'none' }),
    refund_amount: money({ writable: 'none' }),
    refund_date: text({ writable: 'none' }),
    receipt_last_sent_at: text({ writable: 'none' }),
    gifted_by: text({ writable: 'none' }),
    gifted_to: text({ writable: 'none' }),
    // completeCheckout's `gift` as given (giver, email, message).
    gift_details: json({ writable: 'none' }),
    // The `stripe_idempotency_key` the payment was made with: the same key cannot pay twice.
    idempotency_key: text({ writable: 'none' }),
    intake_flow_uuid: text({ writable: 'none' }),
    // The appointment a checkout booked and paid for.
    appointment_id: ref('Appointment', { writable: 'none' }),
    successful_retried_payment_id: ref('BillingItem', {
      writable: 'none',
      object: 'successful_retried_payment',
    }),
  },
  extras: { requested_payment_id: (row) => row.requested_payment_id },
  byId: 'billingItem',
  list: {
    name: 'billingItems',
    count: 'billingItemsCount',
    cursor: true,
    args: {
      client_id: userIs('sender_id'),
      provider_id: userIs('recipient_id'),
      user_id: {
        type: 'ID',
        apply: (query, value) => {
          const id = parseId(value) ?? -1;
          return query.where((eb: Query) => eb.or([eb('sender_id', '=', id), eb('recipient_id', '=', id)]));
        },
      },
      created_at_start: createdFrom,
      created_at_end: createdUntil,
      keywords: keywordsWithPerson(['sender_id', 'recipient_id'], 'note', 'payment_medium'),
      offerings_only: {
        type: 'Boolean',
        apply: (query, value) => (value ? query.where('offering_id', 'is not', null) : query),
      },
      status: paymentStatuses,
    },
    orderBy: {
      enum: 'BillingItemOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        AMOUNT_PAID_ASC: [amountOf('amount_paid'), 'asc'],
        AMOUNT_PAID_DESC: [amountOf('amount_paid'), 'desc'],
        PATIENT_FIRST_NAME_ASC: [nameOf('billing_items.sender_id', 'first_name'), 'asc'],
        PATIENT_FIRST_NAME_DESC: [nameOf('billing_items.sender_id', 'first_name'), 'desc'],
        PROVIDER_FIRST_NAME_ASC: [nameOf('billing_items.recipient_id', 'first_name'), 'asc'],
        PROVIDER_FIRST_NAME_DESC: [nameOf('billing_items.recipient_id', 'first_name'), 'desc'],
        METHOD_ASC: ['payment_medium', 'asc'],
        METHOD_DESC: ['payment_medium', 'desc'],
        STATE_ASC: ['state', 'asc'],
        STATE_DESC: ['state', 'desc'],
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createBillingItem',
      inputs: {
        is_recurring: { type: 'Boolean', effect: 'starts a recurring payment (`recurring_payment`)' },
        billing_frequency: { type: 'String', effect: 'how often the recurring payment repeats' },
        repeat_times: { type: 'String', effect: 'how many times the recurring payment repeats' },
        created_at: { type: 'String', effect: 'back-dates the payment (`created_at`)' },
        should_charge: {
          type: 'Boolean',
          effect:
            'charges the card on file (the one given, else the sender’s default); without it the payment is recorded as made outside (`is_outside_payment`)',
        },
        stripe_idempotency_key: {
          type: 'String',
          effect: 'a key already used by a payment is refused, so a retried call cannot pay twice',
        },
      },
      nullFields: { stripeError: 'String' },
    },
    update: {
      name: 'updateBillingItem',
      inputs: {
        is_paused: { type: 'Boolean', effect: 'pauses or resumes the recurring payment' },
        new_payment_date: { type: 'String', effect: 'the recurring payment’s next payment date' },
        chosen_refund_amount: {
          type: 'String',
          effect: 'refunds that amount (`refund_items`, `refund_amount`, `refund_date`, `net_payment`)',
        },
        created_at: { type: 'String', effect: 'back-dates the payment (`created_at`)' },
        resend_payment: {
          type: 'Boolean',
          effect: 'retries a failed payment: a new payment (`successful_retried_payment`)',
        },
        resend_receipt: { type: 'Boolean', effect: 'sends the receipt again (`receipt_last_sent_at`)' },
        stripe_idempotency_key: {
          type: 'String',
          effect: 'a refund already made with this key is not made again',
        },
      },
    },
    delete: 'deleteBillingItem',
  },
  many: {
    charge_backs: { type: '[ChargeBack!]', resource: 'ChargeBack', foreignKey: 'billing_item_id' },
    refund_items: { type: '[RefundItem!]', resource: 'RefundItem', foreignKey: 'billing_item_id' },
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

/** A refund of (part of) a payment. */
export const RefundItem = resource({
  name: 'RefundItem',
  table: 'refund_items',
  owner: 'billing_item_id',
  fields: {
    billing_item_id: ref('BillingItem', { gql: 'String', required: true }),
    currency: text({ default: 'usd' }),
    refund_amount: money({ required: true }),
    refund_date: text(),
    status: text({ default: 'succeeded' }),
    // The `stripe_idempotency_key` it was made with.
    idempotency_key: text(),
  },
});

/** `active_status` of recurringPayments: `active` (the default), `canceled` / `inactive`, `paused` or `all`. */
const activeStatus: ListArg = {
  type: 'String',
  always: true,
  apply: (query, value) => {
    switch (String(value ?? 'active').toLowerCase()) {
      case 'active':
        return query.where('is_canceled', '=', 0);
      case 'canceled':
      case 'cancelled':
      case 'inactive':
        return query.where('is_canceled', '=', 1);
      case 'paused':
        return query.where('is_paused', '=', 1).where('is_canceled', '=', 0);
      default:
        return query;
    }
  },
};

/** A repeating charge; only billing items start it, and only updateBillingItem or cancelling change it. */
export const RecurringPayment = resource({
  name: 'RecurringPayment',
  table: 'recurring_payments',
  events: 'recurring_payment',
  timestamps: { created_at: 'String!' },
  fields: {
    billing_item_id: ref('BillingItem', { writable: 'none', object: 'last_billing_item' }),
    sender_id: ref('User', { writable: 'none' }),
    recipient_id: ref('User', { writable: 'none' }),
    offering_id: foreignId({ writable: 'none' }),
    offering_coupon_id: foreignId({ writable: 'none' }),
    appointment_id: ref('Appointment', { writable: 'none' }),
    amount_to_pay: money({ writable: 'none' }),
    billing_frequency: text({ writable: 'none' }),
    repeat_times: text({ writable: 'none' }),
    start_at: text({ writable: 'none' }),
    next_payment_date: text({ writable: 'none' }),
    is_canceled: bool({ default: false, writable: 'none', gql: 'Boolean!' }),
    canceled_at: text({ writable: 'none' }),
    canceled_by_id: ref('User', { writable: 'none', object: 'canceled_by' }),
    is_paused: bool({ default: false, writable: 'none', gql: 'Boolean!' }),
    paused_at: text({ writable: 'none' }),
    paused_by_id: ref('User', { writable: 'none', object: 'paused_by' }),
  },
  byId: 'recurringPayment',
  list: {
    name: 'recurringPayments',
    shouldPaginate: false,
    args: {
      active_status: activeStatus,
      user_id: {
        type: 'ID',
        apply: (query, value) => {
          const id = parseId(value) ?? -1;
          return query.where((eb: Query) => eb.or([eb('sender_id', '=', id), eb('recipient_id', '=', id)]));
        },
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
});

/** `status_filter` of requestedPayments: paid, partial or unpaid (as the request's status says). */
const requestStatus: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const wanted = String(value).trim().toLowerCase();
    if (wanted === '' || wanted === 'all') return query;
    return query.where((eb: Query) => eb(eb.fn('lower', ['status']), '=', wanted));
  },
};

const writeOffTotal: OrderKey = (eb) =>
  eb
    .selectFrom('write_offs')
    .select((inner: Query) => inner.fn.coalesce(inner.fn.sum('amount'), sql.lit(0)).as('total'))
    .whereRef('write_offs.requested_payment_id', '=', sql.ref('requested_payments.id') as never) as never;

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
    offering_id: ref('Offering', { gql: 'String', object: 'offering' }),
    user_package_selection_id: foreignId(),
    price: money(),
    currency: text({ default: 'usd', writable: 'none' }),
    invoice_type: text(),
    is_preview: bool({ default: false, gql: 'Boolean!' }),
    notes: text(),
    service_date: text(),
    services_provided: text(),
    status: text(),
    requested_payer_id: ref('RequestedPayer', { gql: 'String', writable: 'none', object: 'requested_payer' }),
    requested_payment_template_id: ref('RequestedPaymentTemplate', {
      writable: 'none',
      object: 'requested_payment_template',
    }),
    // When the request was last emailed to the client, and its receipt.
    email_sent_at: text({ writable: 'none' }),
    receipt_sent_at: text({ writable: 'none' }),
    // The key of the request's public link.
    uuid: text({ writable: 'none', default: () => crypto.randomUUID() }),
  },
  byId: {
    name: 'requestedPayment',
    args: { invoice_id: 'String', preview: 'Boolean', uuid: 'String' },
    find: findRequestedPayment,
  },
  list: {
    name: 'requestedPayments',
    count: 'requestedPaymentsCount',
    cursor: true,
    args: {
      sender_id: {
        type: 'ID',
        apply: (query, value) => {
          const id = parseId(value) ?? -1;
          return query.where((eb: Query) => eb.or([eb('sender_id', '=', id), eb('recipient_id', '=', id)]));
        },
      },
      keywords: keywordsWithPerson(
        ['recipient_id', 'sender_id'],
        'services_provided',
        'notes',
        'invoice_type',
      ),
      preview: {
        type: 'Boolean',
        always: true,
        apply: (query, value) => query.where('is_preview', '=', value === true ? 1 : 0),
      },
      status_filter: requestStatus,
    },
    orderBy: {
      enum: 'RequestedPaymentOrderKeys',
      values: {
        CLIENT_NAME_ASC: [nameOf('requested_payments.recipient_id', 'last_name'), 'asc'],
        CLIENT_NAME_DESC: [nameOf('requested_payments.recipient_id', 'last_name'), 'desc'],
        PROVIDER_NAME_ASC: [nameOf('requested_payments.sender_id', 'last_name'), 'asc'],
        PROVIDER_NAME_DESC: [nameOf('requested_payments.sender_id', 'last_name'), 'desc'],
        PRICE_ASC: [amountOf('price'), 'asc'],
        PRICE_DESC: [amountOf('price'), 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        STATUS_ASC: ['status', 'asc'],
        STATUS_DESC: ['status', 'desc'],
        TYPE_ASC: ['invoice_type', 'asc'],
        TYPE_DESC: ['invoice_type', 'desc'],
        INVOICE_ID_ASC: ['id', 'asc'],
        INVOICE_ID_DESC: ['id', 'desc'],
        WRITE_OFF_AMOUNT_ASC: [writeOffTotal, 'asc'],
        WRITE_OFF_AMOUNT_DESC: [writeOffTotal, 'desc'],
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createRequestedPayment',
      inputs: {
        requested_payer: {
          type: 'RequestedPayerInput',
          effect: 'who pays instead of the client: a payer named by `id`, or a new one (`requested_payer`)',
        },
        requested_payment_template: {
          type: 'RequestedPaymentTemplateInput',
          effect: 'the template used (by `id`), or a new template made from this request',
        },
        write_offs: {
          type: '[WriteOffInput]',
          effect: 'amounts written off the request (`write_offs`, `write_off_amount`, `balance_due`)',
        },
      },
    },
    update: {
      name: 'updateRequestedPayment',
      field: 'requested_payment',
      idType: 'ID!',
      inputs: {
        requested_payer: {
          type: 'RequestedPayerInput',
          effect: 'changes the payer (by `id`), or adds a new one (`requested_payer`)',
        },
        requested_payment_template: {
          type: 'RequestedPaymentTemplateInput',
          effect: 'the template used (by `id`), or a new template made from this request',
        },
        write_offs: {
          type: '[WriteOffInput]',
          effect: 'adds, changes or (`_destroy`) removes write-offs',
        },
        use_as_template: {
          type: 'Boolean',
          effect: 'saves the request as a new template (`requested_payment_template`)',
        },
        send_request_email: { type: 'Boolean', effect: 'emails the request to the client (`email_sent_at`)' },
        resend_receipt: { type: 'Boolean', effect: 'sends the receipt again (`receipt_sent_at`)' },
      },
    },
    delete: { name: 'deleteRequestedPayment', field: 'requested_payment', idType: 'ID!' },
  },
  many: {
    write_offs: { type: '[WriteOff!]', resource: 'WriteOff', foreignKey: 'requested_payment_id' },
  },
});

/** The invoice number a request shows (`invoice_id`): its id, six digits at least. */
export const invoiceNumber = (id: number) => String(id).padStart(6, '0');

/**
 * `requestedPayment` by its public link key (`uuid`) or invoice number (`invoice_id`); with `preview`, only
 * a request still in preview is answered.
 */
async function findRequestedPayment(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  const byKey = args.uuid != null && args.uuid !== '';
  const byInvoice = args.invoice_id != null && args.invoice_id !== '';
  if (!byKey && !byInvoice && args.preview !== true) return undefined;
  let query = typedDb<BillingInsuranceTables>(reader)
    .selectFrom('requested_payments')
    .selectAll()
    .where('organization_id', 'in', reader.scope);
  if (byKey) query = query.where('uuid', '=', String(args.uuid));
  if (byInvoice) {
    const id = /^\d+$/.test(String(args.invoice_id).trim()) ? Number(String(args.invoice_id).trim()) : -1;
    query = query.where('id', '=', id);
  }
  if (!byKey && !byInvoice) query = query.where('id', '=', parseId(args.id) ?? -1);
  if (args.preview === true) query = query.where('is_preview', '=', 1);
  return ((await query.executeTakeFirst()) ?? null) as StoredRow | null;
}

/** Someone other than the client who pays a request (an employer, a relative). */
export const RequestedPayer = resource({
  name: 'RequestedPayer',
  table: 'requested_payers',
  fields: {
    name: text(),
    email: text(),
    address: text(),
  },
});

/** A request saved to start others from. */
export const RequestedPaymentTemplate = resource({
  name: 'RequestedPaymentTemplate',
  table: 'requested_payment_templates',
  fields: {
    name: text(),
    active_template: bool({ default: true, gql: 'Boolean!' }),
    requested_payment_id: ref('RequestedPayment', { object: 'requested_payment' }),
  },
});

export const WRITE_OFF_TYPES = [
  'DISCOUNT',
  'UNCOLLECTABLE',
  'FINANCIAL_HARDSHIP',
  'BILLING_ERROR',
  'OTHER',
] as const;

/** An amount of a request written off. */
export const WriteOff = resource({
  name: 'WriteOff',
  table: 'write_offs',
  owner: 'requested_payment_id',
  fields: {
    requested_payment_id: ref('RequestedPayment', { required: true }),
    amount: float({ required: true, gql: 'Float!', input: 'Float!' }),
    write_off_type: enumOf(WRITE_OFF_TYPES, { required: true, gql: 'WriteOffType!', input: 'WriteOffType!' }),
    other_reason: text(),
  },
});

/** `stripeCustomerDetails(user_id)`: one client's stored sources. */
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
    // A bank account is `new` until its microdeposits are confirmed, then `verified`; a card is `chargeable`.
    source_status: text({ writable: 'none' }),
    bank_type: text({ writable: 'none' }),
    country: text({ writable: 'none' }),
    zip: text({ writable: 'none' }),
    // When its card issue was marked seen (bulkUpdateCardIssues; ./card-issues.ts).
    issue_seen_at: datetime({ writable: 'none' }),
  },
  extras: { user_id: (row) => row.user_id },
  byId: 'stripeCustomerDetail',
  list: {
    name: 'stripeCustomerDetails',
    shouldPaginate: false,
    cursor: true,
    args: { user_id: equals('user_id') },
    orderBy: {
      enum: 'StripeCustomerDetailOrderKeys',
      values: {
        EXPIRATION_DATE_DESC: [expirationKey, 'desc'],
        EXPIRATION_DATE_ASC: [expirationKey, 'asc'],
        PATIENT_FIRST_NAME_ASC: [nameOf('stripe_customer_details.user_id', 'first_name'), 'asc'],
        PATIENT_FIRST_NAME_DESC: [nameOf('stripe_customer_details.user_id', 'first_name'), 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
      },
    },
  },
  mutations: {
    create: {
      name: 'createStripeCustomerDetail',
      inputs: {
        token: {
          type: 'String',
          effect: 'the client-side token of the card (or, `btok_…`, bank account) stored as the source',
        },
      },
      nullFields: { stripeError: 'String' },
    },
    update: {
      name: 'updateStripeCustomerDetail',
      inputs: {
        first_microdeposit: {
          type: 'String',
          effect: 'with `second_microdeposit`, verifies a bank account (`source_status`)',
        },
        second_microdeposit: {
          type: 'String',
          effect: 'with `first_microdeposit`, verifies a bank account (`source_status`)',
        },
      },
    },
  },
});

/** `MM/YYYY` expirations ordered as dates (`YYYYMM`). */
function expirationKey(): ReturnType<typeof sql> {
  return sql`(substr(${sql.ref('expiration')}, 4, 4) || substr(${sql.ref('expiration')}, 1, 2))`;
}

// ---------------------------------------------------------------------------------------------------------
// Superbills

export const SuperBill = resource({
  name: 'SuperBill',
  table: 'super_bills',
  events: 'super_bill',
  owner: 'patient_id',
  softDelete: true,
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    patient_id: ref('User', { required: true, object: 'patient' }),
    dietitian_id: ref('User', { object: 'provider', default: (caller) => caller.userId }),
    location_id: ref('Location', { object: 'location' }),
    patient_location_id: ref('Location', { writable: 'none', object: 'patient_location' }),
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
    emailed_to_client_at: text({ writable: 'none' }),
  },
  extras: { patient_id: (row) => row.patient_id },
  byId: 'superBill',
  list: {
    name: 'superBills',
    count: 'superBillsCount',
    cursor: true,
    args: {
      client_id: userIs('patient_id'),
      provider_id: userIs('dietitian_id'),
      keywords: keywordsWithPerson(['patient_id'], 'patient_name', 'provider_name', 'status'),
      status: {
        type: 'String',
        apply: (query, value) =>
          String(value).toLowerCase() === 'all' ? query : query.where('status', '=', String(value)),
      },
    },
    orderBy: {
      enum: 'SuperBillOrderKeys',
      values: {
        NAME_ASC: ['patient_name', 'asc'],
        NAME_DESC: ['patient_name', 'desc'],
        SERVICE_DATE_ASC: ['service_date', 'asc'],
        SERVICE_DATE_DESC: ['service_date', 'desc'],
        AMOUNT_PAID_ASC: [amountOf('amount_paid'), 'asc'],
        AMOUNT_PAID_DESC: [amountOf('amount_paid'), 'desc'],
        AMOUNT_BILLED_ASC: [feeTotal, 'asc'],
        AMOUNT_BILLED_DESC: [feeTotal, 'desc'],
        STATUS: ['status', 'asc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: { name: 'createSuperBill', inputs: superBillInputs() },
    update: {
      name: 'updateSuperBill',
      inputs: {
        ...superBillInputs(),
        should_email_to_client: {
          type: 'Boolean',
          effect: 'emails the superbill to the client (`emailed_to_client_at`)',
        },
      },
    },
    delete: 'deleteSuperBill',
  },
  many: {
    receipt_line_items: {
      type: '[ReceiptLineItem!]',
      resource: 'ReceiptLineItem',
      foreignKey: 'super_bill_id',
    },
  },
});

/** The sum of a superbill's CPT fees, for `AMOUNT_BILLED_*`. */
function feeTotal(): ReturnType<typeof sql> {
  return sql`(select coalesce(sum(cast(fee as double precision)), 0) from super_bill_cpt_codes where super_bill_cpt_codes.super_bill_id = super_bills.id)`;
}

function superBillInputs() {
  return {
    cpt_codes_super_bills: {
      type: '[CptCodesSuperBillInput]',
      effect: 'adds, changes or (`_destroy`) removes billed CPT codes (`total_fee`, `balance_due`)',
    },
    icd_codes_super_bills: {
      type: '[IcdCodesSuperBillInput]',
      effect: 'adds or (`_destroy`) removes diagnosis codes',
    },
    location: { type: 'LocationInputs', effect: 'the provider’s address on the superbill (`location`)' },
    patient_location: {
      type: 'PatientLocationInputs',
      effect: 'the patient’s address on the superbill (`patient_location`)',
    },
    receipt_line_items: {
      type: '[ReceiptLineItemInput]',
      effect: 'adds or changes receipt lines (`receipt_line_items`)',
    },
  };
}

/** A CPT code billed on a superbill (Healthie's `CptCodesSuperBill`; its `CptCode` is not modelled). */
export const SuperBillCptCode = resource({
  name: 'SuperBillCptCode',
  table: 'super_bill_cpt_codes',
  owner: 'super_bill_id',
  fields: {
    super_bill_id: ref('SuperBill', { required: true }),
    cpt_code_id: foreignId({ input: 'String' }),
    billing_item_id: ref('BillingItem'),
    fee: money(),
    units: text(),
    service_date: text(),
    mod1: text(),
    mod2: text(),
    mod3: text(),
    mod4: text(),
    pointers: json({ input: '[String]', gql: '[String!]' }),
  },
});

/** A diagnosis code on a superbill (Healthie's `IcdCodesSuperBill`; its `IcdCode` is not modelled). */
export const SuperBillIcdCode = resource({
  name: 'SuperBillIcdCode',
  table: 'super_bill_icd_codes',
  owner: 'super_bill_id',
  fields: {
    super_bill_id: ref('SuperBill', { required: true }),
    icd_code_id: foreignId({ input: 'String' }),
  },
});

/** A line of a superbill's receipt. */
export const ReceiptLineItem = resource({
  name: 'ReceiptLineItem',
  table: 'receipt_line_items',
  owner: 'super_bill_id',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    super_bill_id: ref('SuperBill', { required: true }),
    description: text(),
    price: money(),
    previous_price: money(),
  },
});

// ---------------------------------------------------------------------------------------------------------
// Insurance

/** With `client_id`: that client's authorization (the one named by `id`, else their latest). */
async function clientAuthorization(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (args.client_id == null || args.client_id === '') return undefined;
  let query = typedDb<BillingInsuranceTables>(reader)
    .selectFrom('insurance_authorizations')
    .selectAll()
    .where('user_id', '=', parseId(args.client_id) ?? -1)
    .where('organization_id', 'in', reader.scope);
  if (args.id != null) query = query.where('id', '=', parseId(args.id) ?? -1);
  return ((await query.orderBy('id', 'desc').executeTakeFirst()) ?? null) as StoredRow | null;
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
    units_limit_per_visit: text(),
    visits_authorized: text(),
    visits_used: text(),
  },
  byId: {
    name: 'insuranceAuthorization',
    args: { client_id: 'ID' },
    find: clientAuthorization,
  },
  mutations: {
    create: 'createInsuranceAuthorization',
    update: 'updateInsuranceAuthorization',
    delete: 'deleteInsuranceAuthorization',
  },
});

const cms1500Inputs = {
  patient: {
    type: 'PatientInput',
    effect:
      'the patient (`id`); their date of birth, sex and legal name, address, policies and referring physicians are updated',
  },
  dietitian: {
    type: 'DietitianInput',
    effect: 'the rendering provider (`id`); their NPI and qualifications, and the other id on the claim',
  },
  organization_info: {
    type: 'OrganizationInfoInput',
    effect: 'the billing organization info (`id`, else a new one); its fields and address are updated',
  },
  rendering_provider_other_id_number: {
    type: 'OtherIdNumberInput',
    effect: 'adds or changes one of the rendering provider’s other id numbers',
  },
  other_id_numbers: {
    type: '[Cms1500OtherIdNumberInput]',
    effect: 'adds, changes or (`_destroy`) removes the rendering provider’s other id numbers',
  },
  cms1500_policies: {
    type: '[Cms1500PolicyInput]',
    effect:
      'the policies billed (`cms1500_policies`), each by `policy_id` or a nested `policy` written for the patient',
  },
  cpt_codes_cms1500s: {
    type: '[CptCodesCms1500Input]',
    effect: 'adds, changes or (`_destroy`) removes service lines (`total_charge`, `date_of_service`)',
  },
  icd_codes_cms1500s: {
    type: '[IcdCodesCms1500Input]',
    effect: 'adds, changes or (`_destroy`) removes diagnosis codes',
  },
  referral_info: { type: 'ReferralInfoInput', effect: 'the referral and case details (`referral_info`)' },
};

export const Cms1500 = resource({
  name: 'Cms1500',
  table: 'cms1500s',
  events: 'cms1500',
  idGql: 'ID',
  timestamps: { created_at: 'String!', updated_at: 'ISO8601DateTime' },
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
    // From `dietitian.other_id_qualifier`: what kind of id `rendering_provider_other_id` is.
    rendering_provider_other_id_qualifier: text({ writable: 'none' }),
    // From `patient.ssn`: kept on the claim only.
    patient_ssn: text({ writable: 'none' }),
    resubmission_code: text(),
    status: text({ writable: 'update' }),
    additional_text: text({ writable: 'update' }),
    adjustment: text({ writable: 'update' }),
    amount_reimbursed: money({ writable: 'update' }),
    client_responsibility_removed: bool({ writable: 'update' }),
    copay: text({ writable: 'update' }),
    copay_still_owed: text({ writable: 'update' }),
    reimbursed_at: text({ writable: 'update' }),
    // Why the claim was rejected or denied, as the clearinghouse reports it (./internal-clearinghouse.ts).
    reasons: text({ writable: 'none', gql: 'ID' }),
  },
  byId: 'cms1500',
  list: {
    name: 'cms1500s',
    count: 'cms1500sCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      client_id: userIs('patient_id'),
      provider_id: userIs('dietitian_id'),
      keywords: keywordsWithPerson(['patient_id'], 'patient_account_num', 'status', 'orig_ref_number'),
      status: {
        type: 'String',
        apply: (query, value) =>
          query.where((eb: Query) => eb(eb.fn('lower', ['status']), '=', String(value).toLowerCase())),
      },
    },
    orderBy: {
      enum: 'Cms1500OrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        STATUS_ASC: ['status', 'asc'],
        STATUS_DESC: ['status', 'desc'],
        PRIMARY_PLAN_NAME_ASC: [primaryPlanName, 'asc'],
        PRIMARY_PLAN_NAME_DESC: [primaryPlanName, 'desc'],
        PATIENT_LAST_NAME_ASC: [nameOf('cms1500s.patient_id', 'last_name'), 'asc'],
        PATIENT_LAST_NAME_DESC: [nameOf('cms1500s.patient_id', 'last_name'), 'desc'],
        SERVICE_DATE_ASC: [serviceDate, 'asc'],
        SERVICE_DATE_DESC: [serviceDate, 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: { name: 'createCms1500', inputs: cms1500Inputs },
    update: { name: 'updateCms1500', inputs: cms1500Inputs },
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

/** The claim's earliest service line date, for `SERVICE_DATE_*`. */
function serviceDate(): ReturnType<typeof sql> {
  return sql`(select min(service_date) from cms1500_cpt_codes where cms1500_cpt_codes.cms1500_id = cms1500s.id)`;
}

/** The name of the claim's first policy, for `PRIMARY_PLAN_NAME_*`. */
function primaryPlanName(): ReturnType<typeof sql> {
  return sql`(select policies.name from cms1500_policies join policies on policies.id = cms1500_policies.policy_id where cms1500_policies.cms1500_id = cms1500s.id order by cms1500_policies.id limit 1)`;
}

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

/** A policy a claim bills (Healthie's `Cms1500Policy`). */
export const Cms1500Policy = resource({
  name: 'Cms1500Policy',
  table: 'cms1500_policies',
  owner: 'cms1500_id',
  idGql: 'ID',
  fields: {
    cms1500_id: ref('Cms1500', { gql: 'String', object: 'cms1500', required: true }),
    policy_id: ref('Policy', { input: 'String', gql: 'String', object: 'policy' }),
  },
});

/** A service line of a claim (Healthie's `CptCodesCms1500`; its `CptCode` is made from the id). */
export const Cms1500CptCode = resource({
  name: 'Cms1500CptCode',
  type: 'CptCodesCms1500',
  table: 'cms1500_cpt_codes',
  owner: 'cms1500_id',
  idGql: 'ID',
  fields: {
    cms1500_id: ref('Cms1500', { required: true }),
    cpt_code_id: foreignId({ input: 'String' }),
    epsdt: text(),
    family_planning_service: bool(),
    fee: money(),
    units: text(),
    service_date: text(),
    service_end_date: text(),
    mod1: text(),
    mod2: text(),
    mod3: text(),
    mod4: text(),
    pointers: json({ input: '[String]', gql: '[String]' }),
  },
});

/** A diagnosis of a claim (Healthie's `IcdCodesCms1500`; its `IcdCode` is made from the id). */
export const Cms1500IcdCode = resource({
  name: 'Cms1500IcdCode',
  type: 'IcdCodesCms1500',
  table: 'cms1500_icd_codes',
  owner: 'cms1500_id',
  idGql: 'ID',
  fields: {
    cms1500_id: ref('Cms1500', { required: true }),
    icd_code_id: foreignId({ input: 'String' }),
    active: bool(),
    end_date: text(),
    first_symptom_date: text(),
  },
});

/** A claim's referral and case details (Healthie's `ReferralInfo`). */
export const ReferralInfo = resource({
  name: 'ReferralInfo',
  table: 'referral_infos',
  owner: 'cms1500_id',
  idGql: 'ID',
  fields: {
    cms1500_id: ref('Cms1500', { gql: 'String', object: 'cms1500', required: true }),
    referring_physician_id: ref('ReferringPhysician', { object: 'referring_physician' }),
    auto_accident_state: text(),
    case_date: text(),
    case_qualifier: text(),
    condition_related_to: json({ input: '[String]', gql: '[String]' }),
    hospitalization_start: text(),
    hospitalization_end: text(),
    other_associated_date: text(),
    other_associated_qualifier: text(),
    prior_auth_number: text(),
    ref_provider_first: text(),
    ref_provider_middle: text(),
    ref_provider_last: text(),
    ref_provider_npi: text(),
    ref_provider_other_id: text(),
    ref_provider_other_id_qual: text(),
    ref_provider_qual: text(),
    unable_to_work_start: text(),
    unable_to_work_end: text(),
  },
});

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
  list: {
    name: 'otherIdNumbers',
    shouldPaginate: false,
    args: { user_id: equals('user_id') },
  },
});

export const CLAIM_DESTINATIONS = ['candid', 'claim_md', 'change_health', 'office_ally'] as const;

/** A claim sent to a clearinghouse; only the clearinghouse integration writes these. */
export const ClaimSubmission = resource({
  name: 'ClaimSubmission',
  table: 'claim_submissions',
  events: 'claim_submission',
  timestamps: { created_at: 'ISO8601DateTime' },
  fields: {
    cms1500_id: ref('Cms1500', { object: 'cms1500' }),
    status: text(),
    claim_data: json(),
    // The clearinghouse it went to, and the claim as that clearinghouse formats it.
    integration: enumOf(CLAIM_DESTINATIONS, { gql: 'ClaimDestinationIntegration', writable: 'none' }),
    integration_formatted_claim_data: json({ writable: 'none' }),
  },
  extras: { cms1500_id: (row) => row.cms1500_id },
  byId: 'claimSubmission',
});

/** The payment processor's id of a dispute names it too. */
async function disputeById(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (args.stripe_dispute_id == null || args.stripe_dispute_id === '') return undefined;
  return ((await typedDb<BillingInsuranceTables>(reader)
    .selectFrom('charge_backs')
    .selectAll()
    .where('stripe_dispute_id', '=', String(args.stripe_dispute_id))
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) ?? null) as StoredRow | null;
}

/** A card dispute; the payment processor creates and removes these, a provider answers them. */
export const ChargeBack = resource({
  name: 'ChargeBack',
  table: 'charge_backs',
  events: 'charge_back',
  payloadField: 'charge_back',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    billing_item_id: ref('BillingItem', { writable: 'none', object: 'billing_item' }),
    status: text({ writable: 'none' }),
    reason: text({ writable: 'none' }),
    disputed_amount: money({ writable: 'none' }),
    fee: money({ writable: 'none' }),
    total_amount: money({ writable: 'none' }),
    response_required_by: text({ writable: 'none' }),
    stripe_dispute_id: text({ writable: 'none', gql: 'ID' }),
    charge_back_evidence: json({ writable: 'update', input: 'ChargeBackEvidenceInput' }),
  },
  extras: { billing_item_id: (row) => row.billing_item_id },
  byId: {
    name: 'chargeBack',
    args: { stripe_dispute_id: 'ID' },
    find: disputeById,
  },
  mutations: {
    update: {
      name: 'updateChargeBack',
      inputs: {
        final_submission: {
          type: 'Boolean',
          effect: 'submits the evidence: the dispute goes under review (`status`)',
        },
      },
    },
  },
});

/** The evidence a provider gave to contest a dispute (Healthie's `ChargeBackEvidence`); files by id. */
export const ChargeBackEvidence = resource({
  name: 'ChargeBackEvidence',
  table: 'charge_back_evidences',
  owner: 'charge_back_id',
  fields: {
    charge_back_id: ref('ChargeBack', { required: true }),
    billing_address: text(),
    cancellation_policy: text(),
    cancellation_policy_disclosure: text(),
    cancellation_rebuttal: text(),
    customer_communication: text(),
    customer_email_address: text(),
    customer_name: text(),
    product_description: text(),
    refund_policy: text(),
    refund_policy_disclosure: text(),
    refund_refusal_explanation: text(),
    uncategorized_file: text(),
    uncategorized_text: text(),
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

/**
 * A provider's request to have their payout account verified by the payment processor
 * (updateStripeVerificationDetails; ./payout-verification.ts). Only what a person may see again is kept:
 * the last four digits of the account, SSN and tax id, never the numbers.
 */
export const PayoutVerification = resource({
  name: 'PayoutVerification',
  table: 'payout_verifications',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { writable: 'none' }),
    // pending until the processor answers (verified, or failed with the fields it still needs).
    status: text({ writable: 'none', default: 'pending' }),
    deadline: text({ writable: 'none' }),
    fields_needed: json({ writable: 'none' }),
    entity_type: text({ writable: 'none' }),
    business_name: text({ writable: 'none' }),
    business_url: text({ writable: 'none', maxLength: 2048 }),
    business_description: text({ writable: 'none' }),
    business_tax_id_last_four: text({ writable: 'none' }),
    currency: text({ writable: 'none' }),
    country: text({ writable: 'none' }),
    first_name: text({ writable: 'none' }),
    last_name: text({ writable: 'none' }),
    email: text({ writable: 'none' }),
    dob: text({ writable: 'none' }),
    phone: text({ writable: 'none' }),
    personal_phone: text({ writable: 'none' }),
    ssn_last_four: text({ writable: 'none' }),
    account_holder_name: text({ writable: 'none' }),
    account_last_four: text({ writable: 'none' }),
    routing_number: text({ writable: 'none' }),
    skipped_bank_info: bool({ default: false, writable: 'none' }),
    location: json({ writable: 'none' }),
    personal_address: json({ writable: 'none' }),
    // The documents sent, by their content type (the files are not kept).
    documents: json({ writable: 'none' }),
  },
});

/**
 * The practice's own plan (Healthie's `SubscriptionInstance`): one per organization, held by its owner,
 * changed with updateSubscription (./subscriptions.ts). carehooks charges nothing: it keeps the plan, the
 * billing interval, a trial, and a cancellation as asked.
 */
export const SubscriptionInstance = resource({
  name: 'SubscriptionInstance',
  table: 'subscription_instances',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { writable: 'none', gql: 'String', object: 'user' }),
    plan_name: text({ writable: 'none' }),
    interval: text({ writable: 'none', default: 'month' }),
    set_to_cancel: bool({ default: false, writable: 'none' }),
    access_will_stop_at: text({ writable: 'none' }),
    locked_out_at: text({ writable: 'none' }),
    // When the current billing period began (an interval change starts a new one).
    period_started_at: text({ writable: 'none' }),
    trial_ends_at: text({ writable: 'none' }),
    cancellation_reason: text({ writable: 'none' }),
    cancellation_details: text({ writable: 'none' }),
    // The payment token given for the plan (no processor is called).
    payment_token: text({ writable: 'none' }),
    // The last `stripe_idempotency_key` applied: the same key again changes nothing.
    idempotency_key: text({ writable: 'none' }),
  },
});

export const resources = [
  BillingItem,
  RefundItem,
  RecurringPayment,
  RequestedPayment,
  RequestedPayer,
  RequestedPaymentTemplate,
  WriteOff,
  StripeCustomerDetail,
  SuperBill,
  SuperBillCptCode,
  SuperBillIcdCode,
  ReceiptLineItem,
  InsuranceAuthorization,
  Cms1500,
  Cms1500Policy,
  Cms1500CptCode,
  Cms1500IcdCode,
  ReferralInfo,
  OtherIdNumber,
  ClaimSubmission,
  ChargeBack,
  ChargeBackEvidence,
  AcceptedInsurancePlan,
  PayoutVerification,
  SubscriptionInstance,
  ...offeringResources,
] as const;

export type BillingInsuranceTables = TablesOf<(typeof resources)[number]>;
