/**
 * How `carehooks trigger` produces the patients area's events that no standard create / update / delete
 * emits, and makes its records where the declarations do not say enough (see registry/trigger-kit.ts).
 * Applied tags carry no id in any answer: it is read from the delivery.
 */
import { last, mutate, uniqueEmail, type AreaTriggers, type TriggerContext } from '../../registry/index.js';

/** A Policy and the patient it belongs to (Healthie adds policies only through updateClient). */
async function policyOf(ctx: TriggerContext): Promise<{ patient: string; policy: string }> {
  const patient = await ctx.create('User');
  const payload = await mutate(
    ctx,
    'updateClient',
    { id: patient, policies: [{ name: 'Acme Health', num: `A-${ctx.next()}`, holder_relationship: 'Self' }] },
    'user { policies { id } }',
  );
  return { patient, policy: last(payload.user?.policies, 'policy') };
}

async function appliedTag(ctx: TriggerContext): Promise<{ tag: string; patient: string; applied: string }> {
  const tag = await ctx.create('Tag');
  const patient = await ctx.create('User');
  const applied = await ctx.observer.watch(
    'applied_tag.created',
    () => mutate(ctx, 'bulkApply', { ids: [tag], taggable_user_id: patient }, 'tags { id }'),
    (event) => String(event.tag_id) === tag && String(event.user_id) === patient,
  );
  return { tag, patient, applied };
}

export const patientsTriggers: AreaTriggers = {
  recipes: {
    'applied_tag.created': async (ctx) => (await appliedTag(ctx)).applied,
    'applied_tag.deleted': async (ctx) => {
      const { tag, patient, applied } = await appliedTag(ctx);
      return ctx.observer.watch(
        'applied_tag.deleted',
        () => mutate(ctx, 'removeAppliedTag', { id: tag, taggable_user_id: patient }, 'tag { id }'),
        (event) => String(event.resource_id) === applied,
      );
    },
    'patient.merged': async (ctx) => {
      const [target, source] = [await ctx.create('User'), await ctx.create('User')];
      const payload = await mutate(
        ctx,
        'mergeClients',
        { ids: [source], target_user_id: target },
        'user { id }',
      );
      return String(payload.user.id);
    },
    'policy.created': async (ctx) => (await policyOf(ctx)).policy,
    'policy.deleted': async (ctx) => {
      const { patient, policy } = await policyOf(ctx);
      await mutate(
        ctx,
        'updateClient',
        { id: patient, policies: [{ id: policy, _destroy: true }] },
        'user { id }',
      );
      return policy;
    },
  },
  createHints: {
    User: async (ctx) => ({ email: uniqueEmail(ctx, 'trigger') }),
  },
  updateHints: {
    Policy: async () => ({ holder_relationship: 'Child' }),
  },
  creators: {
    Policy: async (ctx) => (await policyOf(ctx)).policy,
  },
  observed: ['applied_tag.created', 'applied_tag.deleted'],
};
