/**
 * What the registry cannot say by itself about making records: input a create needs beyond its required
 * fields, the field an update changes where the derived one will not do, and records made by other means
 * than a standard create. Names and inputs follow the resource test rows.
 */
import { TriggerRefused, type Payload } from './client.js';
import type { Creator, InputHint, TriggerContext } from './context.js';
import type { UpdateHint } from './standard.js';

export const mutate = (
  ctx: TriggerContext,
  name: string,
  input: Record<string, unknown>,
  selection: string,
  type?: string,
) => ctx.api.mutate(name, type ?? `${name}Input`, input, selection);

export const last = (records: Payload[] | null | undefined, what: string): string => {
  const id = records?.at(-1)?.id as unknown;
  if (id === undefined || id === null) throw new TriggerRefused(`the answer lists no ${what}`);
  return String(id);
};

const email = (ctx: TriggerContext, name: string) => `${name}.${process.pid}.${ctx.next()}@example.com`;

export const createHints: Record<string, InputHint> = {
  User: async (ctx) => ({ email: email(ctx, 'trigger') }),
  Cms1500: async (ctx) => ({ patient: { id: await ctx.ensure('User') } }),
  StripeCustomerDetail: async (ctx) => ({ token: `tok_trigger_${process.pid}_${ctx.next()}` }),
  Entry: async (ctx) => ({ user_id: await ctx.ensure('User'), type: 'NoteEntry', description: 'Slept well' }),
  BillingItem: async (ctx) => ({
    amount_paid: '80.00',
    sender_id: await ctx.ensure('User'),
    recipient_id: await ctx.caller(),
  }),
};

export const updateHints: Record<string, UpdateHint> = {
  ChargeBack: async () => ({ charge_back_evidence: { customer_name: 'Pat Ient' }, final_submission: true }),
  OrganizationMembership: async () => ({ can_see_billing: true }),
  Policy: async () => ({ holder_relationship: 'Child' }),
};

/** A Policy and the patient it belongs to (Healthie adds policies only through updateClient). */
export async function policyOf(ctx: TriggerContext): Promise<{ patient: string; policy: string }> {
  const patient = await ctx.create('User');
  const payload = await mutate(
    ctx,
    'updateClient',
    { id: patient, policies: [{ name: 'Acme Health', num: `A-${ctx.next()}`, holder_relationship: 'Self' }] },
    'user { policies { id } }',
  );
  return { patient, policy: last(payload.user?.policies, 'policy') };
}

export const creators: Record<string, Creator> = {
  Policy: async (ctx) => (await policyOf(ctx)).policy,
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
  OrganizationInfo: async (ctx) => {
    const payload = await mutate(
      ctx,
      'createOrganization',
      { organization_info: { name: `Trigger Clinic ${ctx.next()}`, primary: true } },
      'organization { organization_info { id } }',
    );
    return String(payload.organization.organization_info.id);
  },
  OrganizationMembership: async (ctx) => (await membership(ctx)).membership,
  NotificationSetting: async (ctx) =>
    (
      await ctx.api.internal('notification-settings/configure', {
        user_id: await ctx.create('User'),
        preferences: {},
      })
    ).resource_id,
  GoalTemplate: (ctx) => goalTemplate(ctx),
};

export async function membership(ctx: TriggerContext): Promise<{ membership: string; member: string }> {
  const payload = await mutate(
    ctx,
    'createOrganizationMembership',
    { email: email(ctx, 'staff'), first_name: 'Sam', last_name: 'Staff', org_role: 'Standard' },
    'organizationMembership { id user { id } }',
  );
  return {
    membership: String(payload.organizationMembership.id),
    member: String(payload.organizationMembership.user.id),
  };
}

export async function goalTemplate(ctx: TriggerContext): Promise<string> {
  const user = await ctx.ensure('User');
  return ctx.observer.watch(
    'goal_template.created',
    () => ctx.create('Goal', { user_id: user, name: 'Drink water', repeat: 'Daily', use_as_template: true }),
    (event, goal) => String(event.goal_id) === goal,
  );
}

export async function cms1500WithIdentifier(ctx: TriggerContext): Promise<{ form: string; other: string }> {
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
