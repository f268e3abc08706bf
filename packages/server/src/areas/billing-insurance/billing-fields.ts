/**
 * Billing fields derived from stored data: what a payment nets after refunds, what a request still owes
 * after payments and write-offs, how far a recurring payment has run, a superbill's and a claim's totals,
 * an authorization's remaining units and visits, and cards about to expire.
 */
import { findRow, typedDb, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import { organizationOf, User } from '../patients/index.js';
import { invoiceNumber, RequestedPayment, type BillingInsuranceTables } from './resources.js';

const db = (reader: Reader) => typedDb<BillingInsuranceTables>(reader);

const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100);
const amount = (value: number) => (value / 100).toFixed(2);
const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

// ---------------------------------------------------------------------------------------------------------
// Payments

/** The payments of a request (not deleted, within scope), oldest first. */
async function paymentsOf(reader: Reader, requestId: number, onlySuccessful = false): Promise<StoredRow[]> {
  let query = db(reader)
    .selectFrom('billing_items')
    .selectAll()
    .where('requested_payment_id', '=', requestId)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope);
  if (onlySuccessful) query = query.where('state', '=', 'succeeded');
  return (await query.orderBy('created_at').orderBy('id').execute()) as StoredRow[];
}

const netOf = (item: StoredRow) => cents(item.amount_paid) - cents(item.refund_amount);

export const billingItemFields: Record<string, Computed> = {
  net_payment: {
    type: 'String',
    resolve: (row) => (row.amount_paid == null ? null : amount(netOf(row))),
  },
  original_price: { type: 'String', resolve: (row) => row.amount_paid ?? null },
  invoice_id: { type: 'ID', resolve: (row) => row.requested_payment_id ?? null },
  shown_note: { type: 'String', resolve: (row) => row.note ?? null },
  shown_description: {
    type: 'String',
    resolve: async (row, reader) => {
      if (typeof row.requested_payment_id === 'number') {
        const request = await findRow(reader, RequestedPayment, row.requested_payment_id);
        if (filled(request?.services_provided)) return request.services_provided;
      }
      return row.note ?? null;
    },
  },
  provider: {
    type: 'User',
    resolve: async (row, reader) =>
      typeof row.recipient_id === 'number' ? ((await findRow(reader, User, row.recipient_id)) ?? null) : null,
  },
  item_position_number: {
    type: 'Int',
    resolve: async (row, reader) => {
      if (typeof row.requested_payment_id !== 'number') return null;
      const index = (await paymentsOf(reader, row.requested_payment_id)).findIndex((p) => p.id === row.id);
      return index < 0 ? null : index + 1;
    },
  },
  card_source: {
    type: 'String',
    // Only a failed charge names the card it tried.
    resolve: async (row, reader) => {
      if (row.state !== 'failed' || typeof row.stripe_customer_detail_id !== 'number') return null;
      const card = await db(reader)
        .selectFrom('stripe_customer_details')
        .select(['card_type', 'last_four'])
        .where('id', '=', row.stripe_customer_detail_id)
        .executeTakeFirst();
      return card ? [card.card_type, card.last_four].filter(Boolean).join(' ') || null : null;
    },
  },
  stripe_error: {
    type: 'String',
    resolve: (row) => (row.state === 'failed' ? (row.failure_reason ?? null) : null),
  },
  cpt_codes_super_bills_id: {
    type: 'ID',
    resolve: async (row, reader) =>
      (
        await db(reader)
          .selectFrom('super_bill_cpt_codes')
          .select('id')
          .where('billing_item_id', '=', row.id)
          .where('organization_id', 'in', reader.scope)
          .executeTakeFirst()
      )?.id ?? null,
  },
  // carehooks records payments made; none is an uncharged payment scheduled for later.
  next_scheduled_payment_amount: { type: 'String', resolve: () => null },
};

export const recurringPaymentFields: Record<string, Computed> = {
  amount_paid: { type: 'String', resolve: (row) => row.amount_to_pay ?? null },
  original_price: { type: 'String', resolve: (row) => row.amount_to_pay ?? null },
  repeat_tiems: { type: 'String', resolve: (row) => row.repeat_times ?? null },
  billing_items_count: { type: 'String', resolve: (row) => String(row.billing_item_id == null ? 0 : 1) },
  payments_remaining: {
    type: 'String',
    resolve: (row) => {
      const times = Number(row.repeat_times);
      if (!filled(row.repeat_times) || !Number.isFinite(times)) return 'Until Canceled';
      return String(Math.max(0, times - (row.billing_item_id == null ? 0 : 1)));
    },
  },
  has_next_payment_date: {
    type: 'Boolean',
    resolve: (row) => {
      const times = Number(row.repeat_times);
      const remaining = !filled(row.repeat_times) || times - 1 > 0;
      return filled(row.next_payment_date) && remaining && Number(row.is_canceled) !== 1;
    },
  },
  // Each charge is recorded when it is made; none waits scheduled.
  has_scheduled_billing_item: { type: 'Boolean', resolve: () => false },
  next_restart_payment_date: {
    type: 'String',
    resolve: (row) => (Number(row.is_paused) === 1 ? (row.next_payment_date ?? null) : null),
  },
};

// ---------------------------------------------------------------------------------------------------------
// Requests

async function writeOffTotal(reader: Reader, row: StoredRow): Promise<number> {
  const found = await db(reader)
    .selectFrom('write_offs')
    .select((eb) => eb.fn.sum<number>('amount').as('total'))
    .where('requested_payment_id', '=', row.id)
    .executeTakeFirst();
  return Math.round(Number(found?.total ?? 0) * 100);
}

/** Price, paid (net of refunds) and written off, in cents. */
async function standing(reader: Reader, row: StoredRow) {
  const payments = await paymentsOf(reader, row.id, true);
  const paid = payments.reduce((sum, p) => sum + netOf(p), 0);
  return {
    price: row.price == null ? null : cents(row.price),
    paid,
    writtenOff: await writeOffTotal(reader, row),
    payments,
  };
}

async function balance(reader: Reader, row: StoredRow): Promise<number | null> {
  const { price, paid, writtenOff } = await standing(reader, row);
  return price === null ? null : Math.max(0, price - paid - writtenOff);
}

export const requestedPaymentFields: Record<string, Computed> = {
  invoice_id: { type: 'String', resolve: (row) => invoiceNumber(row.id) },
  billing_items: {
    type: '[BillingItem!]!',
    args: { only_successful: 'Boolean' },
    resolve: (row, reader, args) => paymentsOf(reader, row.id, args.only_successful !== false),
  },
  billing_item_id: {
    type: 'String',
    resolve: async (row, reader) => {
      const [first] = await paymentsOf(reader, row.id, true);
      return first ? String(first.id) : null;
    },
  },
  write_off_amount: {
    type: 'Float',
    resolve: async (row, reader) => (await writeOffTotal(reader, row)) / 100,
  },
  balance_due: {
    type: 'Float',
    resolve: async (row, reader) => {
      const due = await balance(reader, row);
      return due === null ? null : due / 100;
    },
  },
  debt_decimal: {
    type: 'Float',
    resolve: async (row, reader) => {
      const due = await balance(reader, row);
      return due === null ? null : due / 100;
    },
  },
  debt: {
    type: 'Int',
    resolve: async (row, reader) => {
      const due = await balance(reader, row);
      return due === null ? null : Math.round(due / 100);
    },
  },
  paid_percent: {
    type: 'Int',
    resolve: async (row, reader) => {
      const { price, paid } = await standing(reader, row);
      return price === null || price <= 0 ? null : Math.min(100, Math.round((paid / price) * 100));
    },
  },
  paid_at: {
    type: 'String',
    // When the payments reached the price: the payment that completed it.
    resolve: async (row, reader) => {
      const { price, writtenOff, payments } = await standing(reader, row);
      if (price === null || payments.length === 0) return null;
      let total = writtenOff;
      for (const payment of payments) {
        total += netOf(payment);
        if (total >= price) return new Date(Number(payment.created_at)).toISOString();
      }
      return null;
    },
  },
  is_manually_paid: {
    type: 'Boolean',
    resolve: async (row, reader) =>
      String(row.status ?? '').toLowerCase() === 'paid' &&
      (await paymentsOf(reader, row.id, true)).length === 0,
  },
  date_to_show: {
    type: 'String',
    resolve: (row) =>
      filled(row.service_date)
        ? row.service_date
        : new Date(Number(row.created_at)).toISOString().slice(0, 10),
  },
  details: {
    type: 'String',
    resolve: (row) => (filled(row.services_provided) ? row.services_provided : (row.notes ?? null)),
  },
  offering_price_at_invoice_creation: {
    type: 'String',
    resolve: (row) => (row.offering_id == null ? null : (row.price ?? null)),
  },
  cms1500_service_date: {
    type: 'String',
    resolve: async (row, reader) =>
      typeof row.cms1500_id === 'number'
        ? ((
            await db(reader)
              .selectFrom('cms1500_cpt_codes')
              .select((eb) => eb.fn.min<string>('service_date').as('first'))
              .where('cms1500_id', '=', row.cms1500_id)
              .executeTakeFirst()
          )?.first ?? null)
        : null,
  },
  other_requested_payer: {
    type: 'RequestedPayer',
    // The payer, unless they are a client of the organization.
    resolve: async (row, reader) => {
      if (typeof row.requested_payer_id !== 'number') return null;
      const payer = await db(reader)
        .selectFrom('requested_payers')
        .selectAll()
        .where('id', '=', row.requested_payer_id)
        .executeTakeFirst();
      if (!payer) return null;
      if (filled(payer.email)) {
        const client = await reader.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', payer.email.trim().toLowerCase())
          .where('organization_id', 'in', reader.scope)
          .executeTakeFirst();
        if (client) return null;
      }
      return payer;
    },
  },
};

export const writeOffFields: Record<string, Computed> = {
  requested_payment: {
    type: 'RequestedPayment!',
    resolve: (row, reader) => findRow(reader, RequestedPayment, Number(row.requested_payment_id)),
  },
};

export const stripeCustomerDetailFields: Record<string, Computed> = {
  expiring_next_month: {
    type: 'Boolean',
    resolve: (row) => {
      const match =
        typeof row.expiration === 'string' ? /^(\d{1,2})\/(\d{2,4})$/.exec(row.expiration.trim()) : null;
      if (!match) return false;
      const year = Number(match[2]!.length === 2 ? `20${match[2]}` : match[2]);
      const now = new Date();
      const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
      return Number(match[1]) === next.getUTCMonth() + 1 && year === next.getUTCFullYear();
    },
  },
};

// ---------------------------------------------------------------------------------------------------------
// Superbills and claims

async function feeSum(
  reader: Reader,
  table: 'super_bill_cpt_codes' | 'cms1500_cpt_codes',
  column: string,
  id: number,
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- either line table, chosen by the caller
  const lines = (await (db(reader) as any)
    .selectFrom(table)
    .select(['fee'])
    .where(column, '=', id)
    .execute()) as Array<{ fee: string | null }>;
  return lines.length === 0 ? null : lines.reduce((sum, l) => sum + cents(l.fee), 0);
}

export const superBillFields: Record<string, Computed> = {
  total_fee: {
    type: 'String',
    resolve: async (row, reader) => {
      const total = await feeSum(reader, 'super_bill_cpt_codes', 'super_bill_id', row.id);
      return total === null ? null : amount(total);
    },
  },
  balance_due: {
    type: 'String',
    resolve: async (row, reader) => {
      const total = await feeSum(reader, 'super_bill_cpt_codes', 'super_bill_id', row.id);
      return total === null ? null : amount(Math.max(0, total - cents(row.amount_paid)));
    },
  },
};

async function claimPolicies(reader: Reader, row: StoredRow, onlyAssigned: boolean): Promise<StoredRow[]> {
  let query = db(reader).selectFrom('cms1500_policies').selectAll().where('cms1500_id', '=', row.id);
  if (onlyAssigned) query = query.where('policy_id', 'is not', null);
  return (await query.orderBy('id').execute()) as StoredRow[];
}

export const cms1500Fields: Record<string, Computed> = {
  billing_provider: { type: 'Organization', resolve: (row, reader) => organizationOf(row, reader) },
  billing_provider_id: { type: 'String', resolve: (row) => String(row.organization_id) },
  cms1500_policies: {
    type: '[Cms1500Policy!]',
    args: { only_with_assigned_policies: 'Boolean' },
    // A draft (baseCms1500ForUser) lists the patient's policies it would bill.
    resolve: (row, reader, args) =>
      row.id == null
        ? (row.draft_policies ?? [])
        : claimPolicies(reader, row, args.only_with_assigned_policies === true),
  },
  primary_plan_name: {
    type: 'String',
    resolve: async (row, reader) => {
      const [first] =
        row.id == null ? ((row.draft_policies ?? []) as StoredRow[]) : await claimPolicies(reader, row, true);
      if (!first) return null;
      const policy = await reader.db
        .selectFrom('policies')
        .select('name')
        .where('id', '=', first.policy_id)
        .executeTakeFirst();
      return (policy?.name as string | undefined) ?? null;
    },
  },
  date_of_service: {
    type: 'String',
    resolve: async (row, reader) =>
      row.id == null
        ? (row.draft_date_of_service ?? null)
        : ((
            await db(reader)
              .selectFrom('cms1500_cpt_codes')
              .select((eb) => eb.fn.min<string>('service_date').as('first'))
              .where('cms1500_id', '=', row.id)
              .executeTakeFirst()
          )?.first ?? null),
  },
  total_charge: {
    type: 'String',
    resolve: async (row, reader) => {
      const total = await feeSum(reader, 'cms1500_cpt_codes', 'cms1500_id', row.id);
      return total === null ? null : amount(total);
    },
  },
  client_responsibility: {
    type: 'String',
    resolve: (row) =>
      Number(row.client_responsibility_removed) === 1 ? '0.00' : (row.copay_still_owed ?? row.copay ?? null),
  },
  referral_info: {
    type: 'ReferralInfo',
    resolve: async (row, reader) =>
      (await db(reader)
        .selectFrom('referral_infos')
        .selectAll()
        .where('cms1500_id', '=', row.id)
        .executeTakeFirst()) ?? null,
  },
  rendering_provider_other_id_object: {
    type: 'OtherIdNumber',
    resolve: async (row, reader) => {
      if (typeof row.dietitian_id !== 'number' || !filled(row.rendering_provider_other_id)) return null;
      return (
        (await db(reader)
          .selectFrom('other_id_numbers')
          .selectAll()
          .where('user_id', '=', row.dietitian_id)
          .where('other_id', '=', row.rendering_provider_other_id)
          .where('organization_id', 'in', reader.scope)
          .executeTakeFirst()) ?? null
      );
    },
  },
  // Reimbursements are not imported from remittances (ERA) or SFTP here: none names a check.
  check_numbers: { type: '[String]', resolve: () => [] },
  updated_by_sftp: { type: 'Boolean', resolve: () => false },
};

export const referralInfoFields: Record<string, Computed> = {
  // The referral's date as the claim gives it: the date of the case it names.
  referral_date: { type: 'String', resolve: (row) => row.case_date ?? null },
};

/** Whole days from one `YYYY-MM-DD` to another. */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * `chart_info`: the authorization's period as a bar from its start to its end, today in the middle; the
 * sections' widths are the shares of the period behind and ahead of today (percent).
 */
function chartOf(row: StoredRow): Record<string, string | null> | null {
  if (!filled(row.start_on) || !filled(row.end_on)) return null;
  const today = new Date().toISOString().slice(0, 10);
  const total = Math.max(1, daysBetween(row.start_on, row.end_on));
  const passed = Math.min(total, Math.max(0, daysBetween(row.start_on, today)));
  const left = Math.round((passed / total) * 100);
  return {
    earliest_date_title: 'Start',
    earliest_date_value: row.start_on,
    middle_date_title: 'Today',
    middle_date_value: today,
    latest_date_title: 'End',
    latest_date_value: row.end_on,
    left_section_width: `${left}%`,
    right_section_width: `${100 - left}%`,
  };
}

export const billingObjectTypes: Record<string, Record<string, string>> = {
  InsuranceAuthorizationChartType: {
    earliest_date_title: 'String',
    earliest_date_value: 'String',
    latest_date_title: 'String',
    latest_date_value: 'String',
    left_section_width: 'String',
    middle_date_title: 'String',
    middle_date_value: 'String',
    right_section_width: 'String',
  },
};

export const insuranceAuthorizationFields: Record<string, Computed> = {
  chart_info: { type: 'InsuranceAuthorizationChartType', resolve: (row) => chartOf(row) },
  units_left: {
    type: 'String',
    resolve: (row) =>
      filled(row.units_authorized)
        ? String(Number(row.units_authorized) - Number(row.units_used ?? 0))
        : null,
  },
  visits_left: {
    type: 'String',
    resolve: (row) =>
      filled(row.visits_authorized)
        ? String(Number(row.visits_authorized) - Number(row.visits_used ?? 0))
        : null,
  },
};

export const otherIdNumberFields: Record<string, Computed> = {
  organization: { type: 'Organization', resolve: (row, reader) => organizationOf(row, reader) },
  organization_id: { type: 'String', resolve: (row) => String(row.organization_id) },
};
