/**
 * How `carehooks trigger` produces the billing-insurance area's events that no standard create / update /
 * delete emits (accepted plans, CMS 1500 identifiers, recurring payments, cards, and the payment and
 * clearinghouse integrations' reports through the internal API), and makes its records where the
 * declarations do not say enough (see registry/trigger-kit.ts).
 */
import {
  internalFor,
  last,
  mutate,
  type AreaTriggers,
  type Recipe,
  type TriggerContext,
} from '../../registry/index.js';

/** A CMS 1500 form with one other id number. */
async function cms1500WithIdentifier(ctx: TriggerContext): Promise<{ form: string; other: string }> {
  const payload = await mutate(
    ctx,
    'createCms1500',
    { patient: { id: await ctx.ensure('User') }, other_id_numbers: [{ other_id: `A-${ctx.next()}` }] },
    'cms1500 { id other_id_numbers { id } }',
  );
  return {
    form: String(payload.cms1500.id),
    other: last(payload.cms1500.other_id_numbers, 'other id number'),
  };
}

async function recurringItem(ctx: TriggerContext): Promise<string> {
  const payload = await mutate(
    ctx,
    'createBillingItem',
    {
      amount_paid: '50.00',
      sender_id: await ctx.ensure('User'),
      recipient_id: await ctx.caller(),
      is_recurring: true,
      billing_frequency: 'Weekly',
    },
    'billingItem { id recurring_payment { id } }',
  );
  return String(payload.billingItem.recurring_payment.id);
}

export const billingTriggers: AreaTriggers = {
  recipes: {
    'accepted_insurance_plan.created': (ctx) => ctx.create('AcceptedInsurancePlan'),
    'other_id_number.created': async (ctx) => (await cms1500WithIdentifier(ctx)).other,
    'other_id_number.updated': async (ctx) => {
      const { form, other } = await cms1500WithIdentifier(ctx);
      await mutate(
        ctx,
        'updateCms1500',
        { id: form, other_id_numbers: [{ id: other, other_id: `B-${ctx.next()}` }] },
        'cms1500 { id }',
      );
      return other;
    },
    'other_id_number.deleted': internalFor('billing/other-id-numbers/delete', async (ctx) => ({
      other_id_number_id: (await cms1500WithIdentifier(ctx)).other,
    })),
    'recurring_payment.created': (ctx) => recurringItem(ctx),
    'recurring_payment.updated': async (ctx) =>
      String(
        (
          await mutate(
            ctx,
            'cancelRecurringPayment',
            { id: await recurringItem(ctx) },
            'recurring_payment { id }',
          )
        ).recurring_payment.id,
      ),
    'stripe_customer_detail.deleted': async (ctx) => {
      const patient = await ctx.create('User');
      const token = `tok_trigger_${process.pid}_${ctx.next()}`;
      const card = await ctx.create('StripeCustomerDetail', { user_id: patient, token });
      await mutate(
        ctx,
        'deleteStripeCustomerDetail',
        { card_id: token, user_id: patient },
        'stripe_customer_detail { id }',
      );
      return card;
    },
    'charge_back.created': (ctx) => ctx.create('ChargeBack'),
    'charge_back.deleted': internalFor('integrations/payments/charge-back-deleted', async (ctx) => ({
      charge_back_id: await ctx.create('ChargeBack'),
    })),
    'claim_submission.created': internalFor(
      'integrations/clearinghouse/claim-submission-created',
      async (ctx) => ({
        cms1500_id: await ctx.create('Cms1500'),
        status: 'submitted',
      }),
    ),
    ...Object.fromEntries(
      (['updated', 'deleted'] as const).map((action): [string, Recipe] => [
        `claim_submission.${action}`,
        async (ctx) => {
          const { resource_id: submission } = await ctx.api.internal(
            'integrations/clearinghouse/claim-submission-created',
            {
              cms1500_id: await ctx.create('Cms1500'),
              status: 'submitted',
            },
          );
          const body = action === 'updated' ? { status: 'accepted' } : {};
          return (
            await ctx.api.internal(`integrations/clearinghouse/claim-submission-${action}`, {
              claim_submission_id: submission,
              ...body,
            })
          ).resource_id;
        },
      ]),
    ),
  },
  createHints: {
    Cms1500: async (ctx) => ({ patient: { id: await ctx.ensure('User') } }),
    StripeCustomerDetail: async (ctx) => ({ token: `tok_trigger_${process.pid}_${ctx.next()}` }),
    BillingItem: async (ctx) => ({
      amount_paid: '80.00',
      sender_id: await ctx.ensure('User'),
      recipient_id: await ctx.caller(),
    }),
  },
  updateHints: {
    ChargeBack: async () => ({ charge_back_evidence: { customer_name: 'Pat Ient' }, final_submission: true }),
  },
  creators: {
    // Payers are written through a payment request's nested `requested_payer`.
    RequestedPayer: async (ctx) => {
      const payload = await mutate(
        ctx,
        'createRequestedPayment',
        {
          recipient_id: await ctx.ensure('User'),
          price: '10.00',
          requested_payer: {
            name: `Payer ${ctx.next()}`,
            email: `payer.${process.pid}.${ctx.next()}@example.com`,
          },
        },
        'requestedPayment { requested_payer { id } }',
      );
      return String(payload.requestedPayment.requested_payer.id);
    },
    // A plan id this organization has not accepted yet, or the call would emit nothing.
    AcceptedInsurancePlan: async (ctx) => {
      const plan = String(Date.now() * 100 + (ctx.next() % 100));
      const payload = await mutate(
        ctx,
        'createAcceptedInsurancePlan',
        { insurance_plan_ids: [plan] },
        'accepted_insurance_plans { id }',
      );
      return last(payload.accepted_insurance_plans, 'accepted insurance plan');
    },
    ChargeBack: async (ctx) =>
      (
        await ctx.api.internal('integrations/payments/charge-back-created', {
          billing_item_id: await ctx.create('BillingItem'),
          status: 'needs_response',
          reason: 'fraudulent',
          disputed_amount: '80.00',
        })
      ).resource_id,
  },
};
