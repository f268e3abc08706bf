/**
 * How `carehooks trigger` produces the clinical area's events that no standard create / update / delete
 * emits (or that need more than the derived recipe), and makes its records where the declarations do not
 * say enough (see registry/trigger-kit.ts). Goal templates carry no id in any answer: it is read from the
 * delivery.
 */
import {
  internalFor,
  last,
  mutate,
  type AreaTriggers,
  type Recipe,
  type TriggerContext,
} from '../../registry/index.js';
import { Entry } from './resources.js';

/** A diagnosis written through updateClient's nested `diagnoses` (its only source). */
async function diagnosis(
  ctx: TriggerContext,
  patient: string,
  item: Record<string, unknown>,
): Promise<string> {
  const payload = await mutate(
    ctx,
    'updateClient',
    { id: patient, diagnoses: [item] },
    'user { diagnoses { id } }',
  );
  return last(payload.user?.diagnoses, 'diagnosis');
}

async function entryOf(ctx: TriggerContext, kind: 'entry' | 'metric_entry'): Promise<string> {
  return ctx.create(
    'Entry',
    kind === 'entry'
      ? {}
      : { type: 'MetricEntry', category: 'Weight', metric_stat: '180', description: null },
  );
}

async function carePlan(ctx: TriggerContext, activate: boolean[]): Promise<string> {
  const patient = await ctx.create('User');
  const plan = await ctx.create('CarePlan', { patient_id: patient });
  for (const state of activate) {
    await mutate(
      ctx,
      'toggleCarePlanStatusForSpecificUser',
      { id: plan, patient_id: patient, activate: state },
      'carePlan { id }',
    );
  }
  return plan;
}

async function goalTemplate(ctx: TriggerContext): Promise<string> {
  const user = await ctx.ensure('User');
  return ctx.observer.watch(
    'goal_template.created',
    () => ctx.create('Goal', { user_id: user, name: 'Drink water', repeat: 'Daily', use_as_template: true }),
    (event, goal) => String(event.goal_id) === goal,
  );
}

export const clinicalTriggers: AreaTriggers = {
  recipes: {
    'diagnosis.created': async (ctx) =>
      diagnosis(ctx, await ctx.ensure('User'), { icd_code_id: '4242', primary: true }),
    'diagnosis.updated': async (ctx) => {
      const patient = await ctx.ensure('User');
      const id = await diagnosis(ctx, patient, { icd_code_id: '4242' });
      await diagnosis(ctx, patient, { id, active: false });
      return id;
    },
    'diagnosis.deleted': async (ctx) => {
      const patient = await ctx.ensure('User');
      const id = await diagnosis(ctx, patient, { icd_code_id: '4242' });
      await mutate(ctx, 'updateClient', { id: patient, diagnoses: [{ id, _destroy: true }] }, 'user { id }');
      return id;
    },
    'entry.created': (ctx) => entryOf(ctx, 'entry'),
    'metric_entry.created': (ctx) => entryOf(ctx, 'metric_entry'),
    ...Object.fromEntries(
      (['entry', 'metric_entry'] as const).flatMap((kind): Array<[string, Recipe]> => [
        [
          `${kind}.updated`,
          async (ctx) => {
            const id = await entryOf(ctx, kind);
            const change = kind === 'entry' ? { description: 'Slept badly' } : { metric_stat: '178' };
            await ctx.standard(Entry, 'update', { id, ...change });
            return id;
          },
        ],
        [
          `${kind}.deleted`,
          async (ctx) => {
            const id = await entryOf(ctx, kind);
            await ctx.standard(Entry, 'delete', { id });
            return id;
          },
        ],
      ]),
    ),
    // deleteGoalHistory is a special mutation (its `id` names a goal when `completed_on` is given).
    'goal_history.deleted': async (ctx) => {
      const id = await ctx.create('GoalHistory');
      await mutate(ctx, 'deleteGoalHistory', { id }, 'goal_history { id }');
      return id;
    },
    'care_plan.activated': (ctx) => carePlan(ctx, [true]),
    'care_plan.deactivated': (ctx) => carePlan(ctx, [true, false]),
    'goal_template.created': (ctx) => goalTemplate(ctx),
    'goal_template.updated': internalFor('goals/templates/update', async (ctx) => ({
      goal_template_id: await goalTemplate(ctx),
      name: `Drink more water ${ctx.next()}`,
    })),
    'goal_template.deleted': internalFor('goals/templates/delete', async (ctx) => ({
      goal_template_id: await goalTemplate(ctx),
    })),
    'prescription.updated': async (ctx) => {
      const { resource_id: prescription } = await ctx.api.internal('integrations/dosespot/prescriptions', {
        patient_id: await ctx.ensure('User'),
        product_name: 'Amoxicillin 500 mg capsule',
        status: 'pending',
        quantity: '30',
      });
      return (
        await ctx.api.internal('integrations/dosespot/prescription-updated', {
          prescription_id: prescription,
          status: 'sent',
        })
      ).resource_id;
    },
    'dosespot_notification.created': internalFor('integrations/dosespot/notifications', async (ctx) => ({
      user_id: await ctx.caller(),
      notification_type: 'refill_request',
      count: 1,
    })),
  },
  createHints: {
    Entry: async (ctx) => ({
      user_id: await ctx.ensure('User'),
      type: 'NoteEntry',
      description: 'Slept well',
    }),
  },
  creators: {
    GoalTemplate: (ctx) => goalTemplate(ctx),
  },
  observed: ['goal_template.created'],
};
