/**
 * How `carehooks trigger` produces the forms-charting area's events that no standard create / update /
 * delete emits: lock, unlock and sign, a request completed by a submission, and the internal routes of
 * generated groups, appointment connections, addenda and onboarding items (see registry/trigger-kit.ts).
 */
import { internalFor, mutate, type AreaTriggers, type TriggerContext } from '../../registry/index.js';

/** A patient, a form with one question, and a finished submission of it. */
async function submitted(
  ctx: TriggerContext,
): Promise<{ patient: string; form: string; question: string; group: string }> {
  const patient = await ctx.create('User');
  const form = await ctx.create('CustomModuleForm', { name: 'Intake', use_for_charting: true });
  const question = await ctx.create('CustomModule', {
    custom_module_form_id: form,
    label: 'Allergies?',
    mod_type: 'text',
  });
  const group = await ctx.create('FormAnswerGroup', {
    user_id: patient,
    custom_module_form_id: form,
    finished: true,
    form_answers: [{ custom_module_id: question, answer: 'None' }],
  });
  return { patient, form, question, group };
}

const lock = async (ctx: TriggerContext, group: string) =>
  String(
    (await mutate(ctx, 'lockFormAnswerGroup', { id: group }, 'form_answer_group { id }', 'LockInput'))
      .form_answer_group.id,
  );

export const formsChartingTriggers: AreaTriggers = {
  recipes: {
    // deleteFormAnswerGroup is a special mutation (with `user_id` it only takes a patient off a group note).
    'form_answer_group.deleted': async (ctx) => {
      const group = await ctx.create('FormAnswerGroup');
      await mutate(ctx, 'deleteFormAnswerGroup', { id: group }, 'form_answer_group { id }');
      return group;
    },
    'form_answer_group.locked': async (ctx) => lock(ctx, (await submitted(ctx)).group),
    'form_answer_group.unlocked': async (ctx) => {
      const group = await lock(ctx, (await submitted(ctx)).group);
      const payload = await mutate(
        ctx,
        'unlockFormAnswerGroup',
        { id: group, description: 'Correct the dosage' },
        'form_answer_group { id }',
        'UnlockInput',
      );
      return String(payload.form_answer_group.id);
    },
    'form_answer_group.signed': async (ctx) => {
      const { group } = await submitted(ctx);
      return String(
        (await mutate(ctx, 'signFormAnswerGroup', { id: group }, 'form_answer_group { id }', 'SignInput'))
          .form_answer_group.id,
      );
    },
    'requested_form_completion.updated': async (ctx) => {
      const patient = await ctx.create('User');
      const form = await ctx.create('CustomModuleForm', { name: 'Intake' });
      const question = await ctx.create('CustomModule', {
        custom_module_form_id: form,
        label: 'Allergies?',
        mod_type: 'text',
      });
      const request = await ctx.create('RequestedFormCompletion', {
        custom_module_form_id: form,
        recipient_id: patient,
      });
      await ctx.create('FormAnswerGroup', {
        user_id: patient,
        custom_module_form_id: form,
        finished: true,
        requested_form_completion_id: request,
        form_answers: [{ custom_module_id: question, answer: 'Yes' }],
      });
      return request;
    },
    'generated_form_answer_group.created': internalFor('forms/generated-form-answer-groups', async (ctx) => ({
      patient_id: await ctx.ensure('User'),
    })),
    'appointment_form_answer_group_connection.created': internalFor(
      'forms/appointment-connections/create',
      async (ctx) => ({
        appointment_id: await ctx.create('Appointment'),
        form_answer_group_id: await ctx.create('FormAnswerGroup'),
      }),
    ),
    'appointment_form_answer_group_connection.updated': async (ctx) => {
      const { resource_id: connection } = await ctx.api.internal('forms/appointment-connections/create', {
        appointment_id: await ctx.create('Appointment'),
        form_answer_group_id: await ctx.create('FormAnswerGroup'),
      });
      return (
        await ctx.api.internal('forms/appointment-connections/update', {
          appointment_form_answer_group_connection_id: connection,
          form_answer_group_id: await ctx.create('FormAnswerGroup'),
        })
      ).resource_id;
    },
    'appointment_form_answer_group_connection.deleted': async (ctx) => {
      const { resource_id: connection } = await ctx.api.internal('forms/appointment-connections/create', {
        appointment_id: await ctx.create('Appointment'),
        form_answer_group_id: await ctx.create('FormAnswerGroup'),
      });
      return (
        await ctx.api.internal('forms/appointment-connections/delete', {
          appointment_form_answer_group_connection_id: connection,
        })
      ).resource_id;
    },
    'charting_note_addendum.updated': internalFor('charting/addenda/update', async (ctx) => ({
      charting_note_addendum_id: await ctx.create('ChartingNoteAddendum'),
      content: 'Corrected dosage',
    })),
    'charting_note_addendum.deleted': internalFor('charting/addenda/delete', async (ctx) => ({
      charting_note_addendum_id: await ctx.create('ChartingNoteAddendum'),
    })),
    'completed_onboarding_item.updated': internalFor('onboarding/completed-items/update', async (ctx) => ({
      completed_onboarding_item_id: await ctx.create('CompletedOnboardingItem'),
      skipped: true,
    })),
    'completed_onboarding_item.deleted': internalFor('onboarding/completed-items/delete', async (ctx) => ({
      completed_onboarding_item_id: await ctx.create('CompletedOnboardingItem'),
    })),
  },
  createHints: {
    // A request names its form unless it asks for a generic one (`form`).
    RequestedFormCompletion: async (ctx) => ({
      custom_module_form_id: await ctx.ensure('CustomModuleForm'),
      recipient_id: await ctx.ensure('User'),
    }),
  },
};
