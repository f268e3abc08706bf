/**
 * Recurring charges. `createBillingItem` with `is_recurring` records the first charge
 * (`billing_item.created`) and then the recurring payment it starts (`recurring_payment.created`).
 * `updateBillingItem` of such an item carries its amount, cancel and pause flags and next payment date
 * over to the recurring payment (`recurring_payment.updated`, after the item's own event), and
 * `cancelRecurringPayment` (named by the webhook reference, missing from the schema; designed here)
 * cancels one directly.
 */
import {
  emitFor,
  fail,
  insertRow,
  requireRow,
  updateRow,
  type AnyResource,
  type Reader,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { typedDb, typedTransaction } from '../typed-db.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function startRecurringPayment(work: Work, change: RecordChange): Promise<void> {
  const { input, row: item } = change;
  if (input.is_recurring !== true) return;
  if (item.amount_paid == null) fail('amount_paid', 'Amount paid is required for a recurring charge');
  const recurring = work.registry.get('RecurringPayment');
  const row = await insertRow(
    work,
    recurring,
    {
      billing_item_id: item.id,
      sender_id: item.sender_id,
      recipient_id: item.recipient_id,
      offering_id: item.offering_id,
      amount_to_pay: item.amount_paid,
      billing_frequency: optionalText(input.billing_frequency) ?? 'Monthly',
      repeat_times: optionalText(input.repeat_times),
      start_at: isoDay(work.uow.now),
    },
    item.organization_id,
  );
  await emitFor(work, recurring, 'created', row);
}

async function recurringPaymentOf(work: Work, itemId: number): Promise<StoredRow | undefined> {
  return (await typedTransaction(work)
    .selectFrom('recurring_payments')
    .selectAll()
    .where('billing_item_id', '=', itemId)
    .where('organization_id', 'in', work.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** `BillingItem.recurring_payment`: the recurring payment the item started, if any. */
export async function recurringPaymentOfItem(row: StoredRow, reader: Reader): Promise<unknown> {
  return (
    (await typedDb(reader)
      .selectFrom('recurring_payments')
      .selectAll()
      .where('billing_item_id', '=', row.id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) ?? null
  );
}

/** Writes what changed and emits `recurring_payment.updated` with those fields. */
async function changeRecurringPayment(
  work: Work,
  recurring: AnyResource,
  row: StoredRow,
  values: Record<string, unknown>,
): Promise<StoredRow> {
  const { row: updated, changed } = await updateRow(work, recurring, row, values);
  if (changed.length > 0) await emitFor(work, recurring, 'updated', updated, { changedFields: changed });
  return updated;
}

export async function updateRecurringPayment(work: Work, change: RecordChange): Promise<void> {
  const { input, row: item } = change;
  const current = await recurringPaymentOf(work, item.id);
  if (!current) return;
  const now = new Date(work.uow.now).toISOString();
  const values: Record<string, unknown> = {};
  if (change.changedFields.includes('amount_paid')) values.amount_to_pay = item.amount_paid;
  if (input.is_canceled === true && current.is_canceled !== 1) {
    Object.assign(values, { is_canceled: 1, canceled_at: now });
  }
  if (typeof input.is_paused === 'boolean' && Number(current.is_paused) !== Number(input.is_paused)) {
    Object.assign(
      values,
      input.is_paused ? { is_paused: 1, paused_at: now } : { is_paused: 0, paused_at: null },
    );
  }
  const next = optionalText(input.new_payment_date);
  if (next !== null) {
    if (!DATE.test(next)) fail('new_payment_date', 'New payment date must be a date (YYYY-MM-DD)');
    values.next_payment_date = next;
  }
  await changeRecurringPayment(work, work.registry.get('RecurringPayment'), current, values);
}

export const cancelRecurringPayment: SpecialMutation = {
  name: 'cancelRecurringPayment',
  input: 'cancelRecurringPaymentInput',
  inputFields: { id: 'ID' },
  payload: 'cancelRecurringPaymentPayload',
  returns: { recurring_payment: 'RecurringPayment' },
  async run(work, input) {
    const recurring = work.registry.get('RecurringPayment');
    const row = await requireRow(work, recurring, input.id);
    if (row.is_canceled === 1) fail('id', `Recurring payment ${row.id} is already canceled`);
    const updated = await changeRecurringPayment(work, recurring, row, {
      is_canceled: 1,
      canceled_at: new Date(work.uow.now).toISOString(),
    });
    return { recurring_payment: updated };
  },
};
