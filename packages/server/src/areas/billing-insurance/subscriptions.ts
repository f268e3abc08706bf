/**
 * The practice's plan (Healthie's `SubscriptionInstance`), read with `subscription` and `User.subscription`
 * and changed with `updateSubscription`. carehooks charges nothing and has no price list: it keeps what the
 * practice chose, and answers no amounts.
 *
 * - `new_plan_name` switches the plan at once; `switch_plan` (`month` or `year`) the billing interval, which
 *   starts a new period.
 * - `wants_to_cancel: true` (with `reason`, `details`) cancels at the end of the current period
 *   (`set_to_cancel`, `access_will_stop_at`); `false` withdraws that.
 * - `reactivate_plan` (a plan name) restarts a cancelled plan.
 * - `activate_short_trial` starts a seven-day trial, once.
 * - `token` keeps the payment token for the plan; `stripe_idempotency_key` makes a repeated call change
 *   nothing.
 * The subscription is made on its first change, held by the organization's owner. No event: the reference
 * has none for it, and the owner's record does not change.
 */
import { z } from 'zod';
import {
  fail,
  insertRow,
  parseId,
  parseInput,
  typedDb,
  typedTransaction,
  updateRow,
  type Computed,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import type { PatientsTables } from '../patients/index.js';
import { SubscriptionInstance, type BillingInsuranceTables } from './resources.js';

const DAY = 24 * 60 * 60 * 1000;
const TRIAL_DAYS = 7;

const planName = z.string().trim().min(1, { error: 'A plan name is required' }).max(255);

const subscriptionInput = z.object({
  new_plan_name: planName.nullish(),
  switch_plan: z.enum(['month', 'year'], { error: 'Switch plan must be month or year' }).nullish(),
  wants_to_cancel: z.boolean().nullish(),
  reason: z.string().max(10_000).nullish(),
  details: z.string().max(10_000).nullish(),
  reactivate_plan: planName.nullish(),
  activate_short_trial: z.boolean().nullish(),
  token: z.string().trim().min(1).max(255).nullish(),
  stripe_idempotency_key: z.union([z.string().max(255), z.number()]).nullish(),
});

type SubscriptionInput = z.infer<typeof subscriptionInput>;

/** The organization's subscription (its owner's). */
async function ofOrganization(reader: Reader, organizationId: number): Promise<StoredRow | undefined> {
  return (await typedDb<BillingInsuranceTables>(reader)
    .selectFrom('subscription_instances')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}

async function ownerOf(work: Work): Promise<number> {
  const org = await typedTransaction<PatientsTables>(work)
    .selectFrom('organizations')
    .select('owner_user_id')
    .where('id', '=', work.caller.organizationId)
    .executeTakeFirst();
  return Number(org?.owner_user_id ?? work.caller.userId);
}

function periodEnd(subscription: StoredRow, now: number): string {
  const start = new Date(String(subscription.period_started_at ?? new Date(now).toISOString()));
  const end = new Date(start);
  const step = subscription.interval === 'year' ? 12 : 1;
  // The end of the period that holds `now`.
  while (end.getTime() <= now) end.setUTCMonth(end.getUTCMonth() + step);
  return end.toISOString();
}

function changes(subscription: StoredRow, given: SubscriptionInput, now: number): Record<string, unknown> {
  const at = new Date(now).toISOString();
  const values: Record<string, unknown> = {};
  if ((given.reason != null || given.details != null) && given.wants_to_cancel !== true)
    fail('reason', 'A reason is given with wants_to_cancel: true');
  if (given.reactivate_plan != null) {
    if (given.wants_to_cancel === true) fail('reactivate_plan', 'Reactivate or cancel, not both');
    Object.assign(values, {
      plan_name: given.reactivate_plan,
      set_to_cancel: 0,
      access_will_stop_at: null,
      locked_out_at: null,
      cancellation_reason: null,
      cancellation_details: null,
      period_started_at: at,
    });
  }
  if (given.new_plan_name != null) values.plan_name = given.new_plan_name;
  if (given.switch_plan != null && given.switch_plan !== subscription.interval)
    Object.assign(values, { interval: given.switch_plan, period_started_at: at });
  if (given.wants_to_cancel === true) {
    Object.assign(values, {
      set_to_cancel: 1,
      access_will_stop_at: periodEnd({ ...subscription, ...values }, now),
      cancellation_reason: given.reason ?? null,
      cancellation_details: given.details ?? null,
    });
  } else if (given.wants_to_cancel === false) {
    Object.assign(values, { set_to_cancel: 0, access_will_stop_at: null });
  }
  if (given.activate_short_trial === true) {
    if (subscription.trial_ends_at != null) fail('activate_short_trial', 'The trial was already used');
    values.trial_ends_at = new Date(now + TRIAL_DAYS * DAY).toISOString();
  }
  if (given.token != null) values.payment_token = given.token;
  return values;
}

async function callerRow(work: Work): Promise<unknown> {
  return typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', work.caller.userId)
    .executeTakeFirst();
}

export const updateSubscription: SpecialMutation = {
  name: 'updateSubscription',
  input: 'updateSubscriptionInput',
  inputFields: {
    activate_short_trial: 'Boolean',
    details: 'String',
    id: 'ID',
    new_plan_name: 'String',
    reactivate_plan: 'String',
    reason: 'String',
    stripe_idempotency_key: 'ID',
    switch_plan: 'String',
    token: 'String',
    wants_to_cancel: 'Boolean',
  },
  payload: 'updateSubscriptionPayload',
  returns: { currentUser: 'User', subscription: 'SubscriptionInstance' },
  async run(work, input) {
    const given = parseInput(subscriptionInput, input);
    const now = work.uow.now;
    let subscription = await ofOrganization(work, work.caller.organizationId);
    if (input.id !== undefined && input.id !== null && input.id !== '') {
      const id = parseId(input.id);
      if (!subscription || subscription.id !== id)
        fail('id', `Subscription ${String(input.id)} was not found`);
    }
    const key = given.stripe_idempotency_key == null ? null : String(given.stripe_idempotency_key);
    if (subscription && key !== null && subscription.idempotency_key === key)
      return { currentUser: await callerRow(work), subscription };
    subscription ??= await insertRow(work, SubscriptionInstance, {
      user_id: await ownerOf(work),
      period_started_at: new Date(now).toISOString(),
    });
    const values = changes(subscription, given, now);
    if (Object.keys(values).length === 0) fail('new_plan_name', 'Nothing to change: give the change to make');
    if (key !== null) values.idempotency_key = key;
    const { row } = await updateRow(work, SubscriptionInstance, subscription, values);
    return { currentUser: await callerRow(work), subscription: row };
  },
};

const count = async (reader: Reader, userType: 'patient' | 'provider', organizationId: number) => {
  const row = await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('user_type', '=', userType)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
};

const none = (type: string): Computed => ({ type, resolve: () => null });
const trialEnd = (row: StoredRow) =>
  row.trial_ends_at == null ? null : Date.parse(String(row.trial_ends_at));

/** What carehooks can say of a plan it does not price: counts and dates yes, amounts and invoices no. */
export const subscriptionFields: Record<string, Computed> = {
  is_trialing: { type: 'Boolean', resolve: (row) => (trialEnd(row) ?? 0) > Date.now() },
  days_left_in_trial: {
    type: 'Int',
    resolve: (row) => Math.max(0, Math.ceil(((trialEnd(row) ?? 0) - Date.now()) / DAY)),
  },
  has_scheduled_change: { type: 'Boolean', resolve: (row) => Number(row.set_to_cancel) === 1 },
  client_count: { type: 'Int', resolve: (row, reader) => count(reader, 'patient', row.organization_id) },
  paid_for_providers: {
    type: 'String',
    resolve: async (row, reader) => String(await count(reader, 'provider', row.organization_id)),
  },
  plan_id: { type: 'String', resolve: (row) => (row.plan_name == null ? null : String(row.plan_name)) },
  stripe_plan: {
    type: 'String',
    resolve: (row) => (row.plan_name == null ? null : `${String(row.plan_name)}_${String(row.interval)}`),
  },
  discounts: { type: '[Discount!]', resolve: () => [] },
  discounts_if_switched: { type: '[Discount!]', resolve: () => [] },
  plan_add_ons: { type: '[StripePlan!]', resolve: () => [] },
  // No processor: no card, customer, balance, prices or invoices to answer.
  ...Object.fromEntries(
    [
      'card_expiration',
      'card_type',
      'last_four',
      'stripe_balance',
      'stripe_id',
      'stripe_subscription_id',
      'paid_for_support',
      'amount_savings_on_base_plan',
      'annual_total',
      'cost_of_annual_base_plan',
      'month_total',
      'monthly_cost_of_annual_base_plan',
      'monthly_cost_of_base_plan',
    ].map((name) => [name, none('String')]),
  ),
  card_expired: none('Boolean'),
  amount_saved_if_plan_switched: none('Int'),
  percent_change_if_plan_switched: none('Int'),
  percent_savings_on_base_plan: none('Int'),
  invoice_if_switched: none('StripeInvoice'),
  last_invoice: none('StripeInvoice'),
  upcoming_invoice: none('StripeInvoice'),
};

/** `subscription` (Query) and `User.subscription`: the organization's plan, for its members. */
export const subscriptionOf: Computed = {
  type: 'SubscriptionInstance',
  resolve: async (user, reader) =>
    user.user_type === 'provider' ? ((await ofOrganization(reader, user.organization_id)) ?? null) : null,
};

/** `Organization.owner_subscription`: the plan of an organization the reader sees. */
export const ownerSubscription: Computed = {
  type: 'SubscriptionInstance',
  resolve: async (org, reader) =>
    reader.scope.includes(org.id) ? ((await ofOrganization(reader, org.id)) ?? null) : null,
};

export const subscriptionQuery: Computed = {
  type: 'SubscriptionInstance',
  resolve: async (_root, reader) => (await ofOrganization(reader, reader.caller.organizationId)) ?? null,
};

/** Object types of the subscription that carehooks never fills (no price list, no processor). */
export const subscriptionObjectTypes: Record<string, Record<string, string>> = {
  Discount: {
    amount_off: 'Int',
    annual_discount: 'String',
    duration: 'String',
    duration_in_months: 'Int',
    id: 'String!',
    monthly_discount: 'String',
    name: 'String',
    percent_off: 'Int',
  },
  StripeInvoice: {
    add_ons: '[StripePlan!]',
    applied_balance: 'StripePlan',
    base_plan: 'StripePlan',
    credits: '[StripePlan!]',
    discount: 'Discount',
    id: 'String!',
    period_end: 'String',
    period_start: 'String',
    total: 'String',
  },
  StripePlan: {
    amount: 'String',
    annual_cost: 'String',
    description: 'String',
    id: 'String!',
    interval: 'String',
  },
};
