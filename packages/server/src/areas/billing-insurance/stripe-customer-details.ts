/**
 * Stored payment sources. carehooks calls no payment processor: `createStripeCustomerDetail` keeps the
 * client-side token as the source id, and `deleteStripeCustomerDetail` (Healthie's input names the card
 * and its user, not the record) removes the user's source whose id or source id is `card_id`.
 */
import { z } from 'zod';
import {
  deleteRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { StripeCustomerDetail, type BillingInsuranceTables } from './resources.js';

/** Required text, trimmed; blank counts as missing. */
const filledText = (message: string) => z.string({ error: message }).trim().min(1, { error: message });

const tokenInput = z.object({ token: filledText('Token is required') });
const cardInput = z.object({ card_id: filledText('Card is required') });

/**
 * The token stands for the source: a bank account token (`btok_…`) makes a bank account, `new` until its
 * microdeposits are confirmed; any other token a card, ready to charge.
 */
export async function sourceFromToken(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const { token } = parseInput(tokenInput, input);
  values.stripe_id = token;
  const bank = token.startsWith('btok_');
  values.source_type = bank ? 'Bank Account' : 'card';
  values.source_status = bank ? 'new' : 'chargeable';
}

const microdeposit = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, { error: 'must be the deposit in cents (e.g. 32)' })
  .nullish();

const deposits = z.object({ first_microdeposit: microdeposit, second_microdeposit: microdeposit });

/** updateStripeCustomerDetail's microdeposits confirm a bank account: it becomes `verified`. */
export async function verifyBankAccount(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const given = parseInput(deposits, input);
  if (given.first_microdeposit == null && given.second_microdeposit == null) return;
  if (given.first_microdeposit == null) fail('first_microdeposit', 'First microdeposit is required');
  if (given.second_microdeposit == null) fail('second_microdeposit', 'Second microdeposit is required');
  const row = await requireRow(work, StripeCustomerDetail, input.id);
  if (row.source_type !== 'Bank Account')
    fail('first_microdeposit', 'Only a bank account is verified with microdeposits');
  values.source_status = 'verified';
}

export const deleteStripeCustomerDetail: SpecialMutation = {
  name: 'deleteStripeCustomerDetail',
  input: 'deleteStripeCustomerDetailInput',
  inputFields: { card_id: 'String', user_id: 'String' },
  payload: 'deleteStripeCustomerDetailPayload',
  returns: { stripe_customer_detail: 'StripeCustomerDetail' },
  async run(work, input) {
    const userId = parseId(input.user_id);
    const user = userId === null ? undefined : await findRow(work, User, userId);
    if (!user) fail('user_id', `User ${String(input.user_id ?? '')} was not found`);
    const { card_id: card } = parseInput(cardInput, input);
    const row = (await typedTransaction<BillingInsuranceTables>(work)
      .selectFrom('stripe_customer_details')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('organization_id', 'in', work.scope)
      .where((eb) => eb.or([eb('stripe_id', '=', card), eb('id', '=', parseId(card) ?? -1)]))
      .orderBy('id')
      .executeTakeFirst()) as StoredRow | undefined;
    if (!row) fail('card_id', `Card ${card} was not found for user ${user.id}`);
    await deleteRecord(work, StripeCustomerDetail, row);
    return { stripe_customer_detail: row };
  },
};
