/**
 * Billing and insurance. Declared minimally for now (what completeCheckout writes); the billing area
 * adds its remaining resources and the standard billing mutations here.
 */
import { area, foreignId, money, ref, resource, text } from '../registry/index.js';

export const BillingItem = resource({
  name: 'BillingItem',
  table: 'billing_items',
  events: 'billing_item',
  owner: 'sender_id',
  fields: {
    amount_paid: money(),
    currency: text({ default: 'usd' }),
    note: text(),
    payment_medium: text({ gql: 'ID' }),
    sender_id: ref('User', { object: 'sender' }),
    recipient_id: ref('User', { object: 'recipient' }),
    requested_payment_id: foreignId(),
    offering_id: foreignId(),
  },
  extras: { requested_payment_id: (row) => row.requested_payment_id },
  byId: 'billingItem',
});

export const billing = area({ name: 'billing', resources: [BillingItem] });
