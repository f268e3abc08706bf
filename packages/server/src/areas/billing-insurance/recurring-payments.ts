/**
 * Recurring charges. `createBillingItem` with `is_recurring` records the first charge
 * (`billing_item.created`) and then the recurring payment it starts (`recurring_payment.created`).
 * `updateBillingItem` of such an item carries its amount, cancel and pause flags and next payment date
 * over to the recurring payment (`recurring_payment.updated`, after the item's own event), and
 * `cancelRecurringPayment` (named by the webhook reference, missing from the schema; designed here)
 * cancels one directly.
 */
import { z } from 'zod';
import {
  emitFor,
  fail,
  insertRow,
  parseInput,
  requireRow,
  typedTransaction,
  updateRow,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { RecurringPayment, type BillingInsuranceTables } from './resources.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A text input, trimmed; blank or absent is no value. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value == null || value.trim() === '' ? null : value.trim()));

/** createBillingItem's recurring settings. */
const recurringStart = z.object({ billing_frequency: optionalText, repeat_times: optionalText });

/** updateBillingItem's inputs for the recurring payment. */
const recurringChange = z.object({
  is_paused: z.boolean().nullish(),
  new_payment_date: optionalText.pipe(
    z.string().regex(DATE, { error: 'New payment date must be a date (YYYY-MM-DD)' }).nullable(),
  ),
});

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function startRecurringPayment(work: Work, change: RecordChange): Promise<void> {
  const { input, row: item } = change;
  if (input.is_recurring !== true) return;
  if (item.amount_paid == null) fail('amount_paid', 'Amount paid is required for a recurring charge');
  const settings = parseInput(recurringStart, input);
  const row = await insertRow(
    work,
    RecurringPayment,
    {
      billing_item_id: item.id,
      sender_id: item.sender_id,
      recipient_id: item.recipient_id,
      offering_id: item.offering_id,
      offering_coupon_id: item.offering_coupon_id,
      amount_to_pay: item.amount_paid,
      billing_frequency: settings.billing_frequency ?? 'Monthly',
      repeat_times: settings.repeat_times,
      start_at: isoDay(work.uow.now),
    },
    item.organization_id,
  );
  await emitFor(work, RecurringPayment, 'created', row);
}

async function recurringPaymentOf(work: Work, itemId: number): Promise<StoredRow | undefined> {
  return (await typedTransaction<BillingInsuranceTables>(work)
    .selectFrom('recurring_payments')
    .selectAll()
    .where('billing_item_id', '=', itemId)
    .where('organization_id', 'in', work.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/**
 * Writes what changed and emits `recurring_payment.updated` with those fields. Who cancelled or paused it
 * is kept beside the change (`canceled_by`, `paused_by`), not announced as a changed field.
 */
async function changeRecurringPayment(
  work: Work,
  row: StoredRow,
  values: Record<string, unknown>,
): Promise<StoredRow> {
  const { row: updated, changed } = await updateRow(work, RecurringPayment, row, values);
  if (changed.length > 0) {
    await emitFor(work, RecurringPayment, 'updated', updated, { changedFields: changed });
  }
  const actor: Record<string, number | null> = {};
  if (changed.includes('is_canceled'))
    actor.canceled_by_id = Number(updated.is_canceled) === 1 ? work.caller.userId : null;
  if (changed.includes('is_paused'))
    actor.paused_by_id = Number(updated.is_paused) === 1 ? work.caller.userId : null;
  if (Object.keys(actor).length === 0) return updated;
  await typedTransaction<BillingInsuranceTables>(work)
    .updateTable('recurring_payments')
    .set(actor)
    .where('id', '=', updated.id)
    .execute();
  return { ...updated, ...actor };
}

export async function updateRecurringPayment(work: Work, change: RecordChange): Promise<void> {
  const { input, row: item } = change;
  const current = await recurringPaymentOf(work, item.id);
  if (!current) return;
  const asked = parseInput(recurringChange, input);
  const now = new Date(work.uow.now).toISOString();
  const values: Record<string, unknown> = {};
  if (change.changedFields.includes('amount_paid')) values.amount_to_pay = item.amount_paid;
  if (input.is_canceled === true && current.is_canceled !== 1) {
    Object.assign(values, { is_canceled: 1, canceled_at: now });
  }
  if (asked.is_paused != null && Number(current.is_paused) !== Number(asked.is_paused)) {
    Object.assign(
      values,
      asked.is_paused ? { is_paused: 1, paused_at: now } : { is_paused: 0, paused_at: null },
    );
  }
  if (asked.new_payment_date !== null) values.next_payment_date = asked.new_payment_date;
  await changeRecurringPayment(work, current, values);
}

export const cancelRecurringPayment: SpecialMutation = {
  name: 'cancelRecurringPayment',
  input: 'cancelRecurringPaymentInput',
  inputFields: { id: 'ID' },
  payload: 'cancelRecurringPaymentPayload',
  returns: { recurring_payment: 'RecurringPayment' },
  async run(work, input) {
    const row = await requireRow(work, RecurringPayment, input.id);
    if (row.is_canceled === 1) fail('id', `Recurring payment ${row.id} is already canceled`);
    const updated = await changeRecurringPayment(work, row, {
      is_canceled: 1,
      canceled_at: new Date(work.uow.now).toISOString(),
    });
    return { recurring_payment: updated };
  },
};
