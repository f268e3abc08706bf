/**
 * Buying an offering (through `completeCheckout`): the offering must exist in scope, not be archived and be
 * under its purchase cap. The purchase is a `UserPackageSelection` naming the client, the offering, the
 * payment (which names it back), the payment request it paid and the first price charged; a recurring
 * offering's payment starts its recurring payment (`recurring_payment.created`), as createBillingItem's
 * `is_recurring` does.
 */
import {
  fail,
  findRow,
  insertRow,
  parseId,
  typedTransaction,
  updateRow,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { initialPayment, isRecurring } from './offering-fields.js';
import { Offering, UserPackageSelection } from './offering-resources.js';
import { startRecurringPayment } from './recurring-payments.js';
import { BillingItem, type BillingInsuranceTables } from './resources.js';

/** The offering a checkout buys, refused (naming `offering_id`) when it cannot be bought. */
export async function offeringToBuy(work: Work, raw: unknown): Promise<StoredRow> {
  const id = parseId(raw);
  const offering = id === null ? undefined : await findRow(work, Offering, id);
  if (!offering) fail('offering_id', `Offering ${String(raw)} was not found`);
  if (offering.archived === 1) fail('offering_id', 'This offering is archived and cannot be bought');
  if (offering.max_purchases != null) {
    const bought = await typedTransaction<BillingInsuranceTables>(work)
      .selectFrom('user_package_selections')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('offering_id', '=', offering.id)
      .executeTakeFirst();
    if (Number(bought?.count ?? 0) >= Number(offering.max_purchases))
      fail('offering_id', 'This offering has reached its purchase limit');
  }
  return offering;
}

/** What the checkout charges first for the offering when it names no price. */
export const offeringPrice = (offering: StoredRow): string | null => initialPayment(offering);

/** Whether the offering's payment repeats (the checkout's payment is then recurring). */
export const offeringRepeats = (offering: StoredRow): boolean => isRecurring(offering);

export interface Purchase {
  client: StoredRow;
  offering: StoredRow;
  payment: StoredRow | null;
  requestedPaymentId: unknown;
}

/** Records the purchase (and starts a recurring offering's payments); answers the `UserPackageSelection`. */
export async function recordPurchase(work: Work, purchase: Purchase): Promise<StoredRow> {
  const { client, offering, payment } = purchase;
  if (payment && isRecurring(offering)) {
    await startRecurringPayment(work, {
      row: payment,
      before: undefined,
      changedFields: [],
      input: {
        is_recurring: true,
        billing_frequency: offering.billing_frequency,
        repeat_times: offering.repeat_times,
      },
    });
  }
  const selection = await insertRow(
    work,
    UserPackageSelection,
    {
      user_id: client.id,
      offering_id: offering.id,
      billing_item_id: payment?.id ?? null,
      requested_payment_id: parseId(purchase.requestedPaymentId),
      initial_price_with_offering_coupon: payment?.amount_paid ?? offeringPrice(offering),
    },
    client.organization_id,
  );
  if (payment) await updateRow(work, BillingItem, payment, { user_package_selection_id: selection.id });
  return selection;
}

/** The purchase a payment recorded, for a repeated checkout's answer. */
export async function purchaseOf(work: Work, payment: StoredRow): Promise<StoredRow | null> {
  return ((await typedTransaction<BillingInsuranceTables>(work)
    .selectFrom('user_package_selections')
    .selectAll()
    .where('billing_item_id', '=', payment.id)
    .where('organization_id', 'in', work.scope)
    .executeTakeFirst()) ?? null) as StoredRow | null;
}
