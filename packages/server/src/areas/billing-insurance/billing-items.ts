/**
 * Billing item specifics. carehooks charges no card: a payment is recorded, and with `should_charge` it is
 * marked as charged to the card on file (which must exist) rather than made outside. `created_at` back-dates
 * it; a `stripe_idempotency_key` already used by a payment is refused. On update, `chosen_refund_amount`
 * refunds part or all of it (a `RefundItem`; a refund already made with the same key is not repeated),
 * `resend_receipt` records the receipt sent again, and `resend_payment` retries a failed payment as a new
 * one. Recurring payments follow the item (./recurring-payments.ts).
 */
import { z } from 'zod';
import {
  createRecord,
  fail,
  parseInput,
  requireRow,
  typedTransaction,
  type MutationHooks,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { startRecurringPayment, updateRecurringPayment } from './recurring-payments.js';
import { BillingItem, RefundItem, type BillingInsuranceTables } from './resources.js';

const WRITTEN_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;

/** A written date or date and time (UTC unless it gives an offset) as milliseconds; null if not one. */
export function writtenInstant(text: string): number | null {
  const match = WRITTEN_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  const naive = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
  );
  if (Number.isNaN(naive)) return null;
  if (!zone || zone === 'Z' || zone === 'UTC') return naive;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return naive - sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

const backDate = z.object({
  created_at: z
    .string()
    .nullish()
    .transform((value, ctx) => {
      if (value == null || value.trim() === '') return null;
      const instant = writtenInstant(value);
      if (instant === null) {
        ctx.addIssue({
          code: 'custom',
          message: 'Created at must be a date (YYYY-MM-DD) or a date and time',
        });
        return z.NEVER;
      }
      return instant;
    }),
});

const amount = z
  .string()
  .trim()
  .regex(/^\d+(\.\d{1,2})?$/, { error: 'Chosen refund amount must be an amount such as 10.00' });

const refundInput = z.object({ chosen_refund_amount: amount.nullish() });

const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100);
const asAmount = (value: number) => (value / 100).toFixed(2);
const nowIso = (work: Work) => new Date(work.uow.now).toISOString();
const key = (input: Record<string, unknown>) =>
  typeof input.stripe_idempotency_key === 'string' && input.stripe_idempotency_key.trim() !== ''
    ? input.stripe_idempotency_key.trim()
    : null;

/** The card a charge uses: the one named, else the sender's default (else their newest). */
async function cardOnFile(work: Work, values: Record<string, unknown>): Promise<number | null> {
  if (typeof values.stripe_customer_detail_id === 'number') return values.stripe_customer_detail_id;
  if (typeof values.sender_id !== 'number') return null;
  const card = await typedTransaction<BillingInsuranceTables>(work)
    .selectFrom('stripe_customer_details')
    .select('id')
    .where('user_id', '=', values.sender_id)
    .where('organization_id', 'in', work.scope)
    .orderBy('is_default', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return card?.id ?? null;
}

async function beforeCreate(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  parseInput(backDate, input);
  const idempotency = key(input);
  if (idempotency) {
    const used = await typedTransaction<BillingInsuranceTables>(work)
      .selectFrom('billing_items')
      .select('id')
      .where('idempotency_key', '=', idempotency)
      .where('organization_id', 'in', work.scope)
      .executeTakeFirst();
    if (used)
      fail('stripe_idempotency_key', `A payment was already made with this key (billing item ${used.id})`);
    values.idempotency_key = idempotency;
  }
  if (input.should_charge === true) {
    const card = await cardOnFile(work, values);
    if (card === null) fail('should_charge', 'The sender has no card on file to charge');
    values.stripe_customer_detail_id = card;
    values.is_outside_payment = 0;
  } else values.is_outside_payment = 1;
}

/** `created_at`: the payment's date as given (the row keeps it; the answer shows it). */
async function applyBackDate(work: Work, change: RecordChange): Promise<void> {
  const { created_at: at } = parseInput(backDate, change.input);
  if (at === null || at === Number(change.row.created_at)) return;
  await typedTransaction<BillingInsuranceTables>(work)
    .updateTable('billing_items')
    .set({ created_at: at })
    .where('id', '=', change.row.id)
    .execute();
  change.row.created_at = at;
}

async function afterCreate(work: Work, change: RecordChange): Promise<void> {
  await applyBackDate(work, change);
  await startRecurringPayment(work, change);
}

/** The refunds already made of the item, and whether one was made with this key. */
async function refundsOf(work: Work, itemId: number): Promise<StoredRow[]> {
  return (await typedTransaction<BillingInsuranceTables>(work)
    .selectFrom('refund_items')
    .selectAll()
    .where('billing_item_id', '=', itemId)
    .orderBy('id')
    .execute()) as StoredRow[];
}

async function beforeUpdate(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  parseInput(backDate, input);
  const item = await requireRow(work, BillingItem, input.id);
  const { chosen_refund_amount: chosen } = parseInput(refundInput, input);
  if (chosen != null && cents(chosen) > 0) {
    const idempotency = key(input);
    const refunds = await refundsOf(work, item.id);
    if (!idempotency || !refunds.some((r) => r.idempotency_key === idempotency)) {
      const refunded = refunds.reduce((sum, r) => sum + cents(r.refund_amount), 0);
      const paid = cents(values.amount_paid ?? item.amount_paid);
      if (refunded + cents(chosen) > paid)
        fail('chosen_refund_amount', `At most ${asAmount(paid - refunded)} is left to refund`);
      values.refund_amount = asAmount(refunded + cents(chosen));
      values.refund_date = nowIso(work);
    }
  }
  if (input.resend_receipt === true) values.receipt_last_sent_at = nowIso(work);
  if (input.resend_payment === true) {
    if (item.state !== 'failed') fail('resend_payment', 'Only a failed payment can be sent again');
    const retried = await createRecord(work, BillingItem, {
      amount_paid: item.amount_paid,
      currency: item.currency,
      note: item.note,
      sender_id: item.sender_id,
      recipient_id: item.recipient_id,
      requested_payment_id: item.requested_payment_id,
      offering_id: item.offering_id,
      stripe_customer_detail_id: item.stripe_customer_detail_id,
    });
    values.successful_retried_payment_id = retried.id;
  }
}

/** A refund just made (its amount is the increase of `refund_amount`) becomes a `RefundItem`. */
async function recordRefund(work: Work, change: RecordChange): Promise<void> {
  if (!change.changedFields.includes('refund_amount')) return;
  const made = cents(change.row.refund_amount) - cents(change.before?.refund_amount);
  await createRecord(work, RefundItem, {
    billing_item_id: change.row.id,
    currency: change.row.currency ?? 'usd',
    refund_amount: asAmount(made),
    refund_date: change.row.refund_date,
    idempotency_key: key(change.input),
  });
}

async function afterUpdate(work: Work, change: RecordChange): Promise<void> {
  await applyBackDate(work, change);
  await recordRefund(work, change);
  await updateRecurringPayment(work, change);
}

export const createBillingItemHooks: MutationHooks = { before: beforeCreate, after: afterCreate };
export const updateBillingItemHooks: MutationHooks = { before: beforeUpdate, after: afterUpdate };
