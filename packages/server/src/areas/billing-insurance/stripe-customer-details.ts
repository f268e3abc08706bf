/**
 * Stored payment sources. carehooks calls no payment processor: `createStripeCustomerDetail` keeps the
 * client-side token as the source id, and `deleteStripeCustomerDetail` (Healthie's input names the card
 * and its user, not the record) removes the user's source whose id or source id is `card_id`.
 */
import {
  deleteRecord,
  fail,
  findRow,
  parseId,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { typedTransaction } from '../typed-db.js';

export async function sourceFromToken(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (typeof input.token !== 'string' || input.token.trim() === '') fail('token', 'Token is required');
  values.stripe_id = input.token.trim();
  values.source_type = 'card';
}

export const deleteStripeCustomerDetail: SpecialMutation = {
  name: 'deleteStripeCustomerDetail',
  input: 'deleteStripeCustomerDetailInput',
  inputFields: { card_id: 'String', user_id: 'String' },
  payload: 'deleteStripeCustomerDetailPayload',
  returns: { stripe_customer_detail: 'StripeCustomerDetail' },
  async run(work, input) {
    const userId = parseId(input.user_id);
    const user = userId === null ? undefined : await findRow(work, work.registry.get('User'), userId);
    if (!user) fail('user_id', `User ${String(input.user_id ?? '')} was not found`);
    if (typeof input.card_id !== 'string' || input.card_id.trim() === '') fail('card_id', 'Card is required');
    const card = input.card_id.trim();
    const row = (await typedTransaction(work)
      .selectFrom('stripe_customer_details')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('organization_id', 'in', work.scope)
      .where((eb) => eb.or([eb('stripe_id', '=', card), eb('id', '=', parseId(card) ?? -1)]))
      .orderBy('id')
      .executeTakeFirst()) as StoredRow | undefined;
    if (!row) fail('card_id', `Card ${card} was not found for user ${user.id}`);
    await deleteRecord(work, work.registry.get('StripeCustomerDetail'), row);
    return { stripe_customer_detail: row };
  },
};
