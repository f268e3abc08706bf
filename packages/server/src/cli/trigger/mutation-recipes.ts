/**
 * Events no standard create / update / delete emits, produced through the GraphQL mutations that do:
 * multi-effect mutations, toggles, merges, lock and sign, nested records. Where no answer carries the
 * resource id (applied tags, folder sharings, goal templates, test sends), it is read from the delivery.
 */
import { cms1500WithIdentifier, goalTemplate, last, membership, mutate, policyOf } from './prerequisites.js';
import type { TriggerContext } from './context.js';
import type { Recipe } from './standard.js';

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

async function sharedFolder(
  ctx: TriggerContext,
): Promise<{ folder: string; patient: string; sharing: string }> {
  const folder = await ctx.create('Folder');
  const patient = await ctx.create('User');
  const sharing = await ctx.observer.watch(
    'folder_sharing.created',
    () =>
      mutate(
        ctx,
        'createSharings',
        { id: folder, shareable_type: 'FOLDER', patient_ids: [patient] },
        'folder { id }',
        'CreateSharingsInput',
      ),
    (event) => String(event.folder_id) === folder && String(event.user_id) === patient,
  );
  return { folder, patient, sharing };
}

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

async function conversationMember(
  ctx: TriggerContext,
): Promise<{ conversation: string; patient: string; membership: string }> {
  const conversation = await ctx.create('Conversation');
  const patient = await ctx.create('User');
  const membership = await ctx.create('ConversationMembership', {
    conversation_id: conversation,
    user_id: patient,
  });
  return { conversation, patient, membership };
}

/** An appointment with these attendees, then its attendees changed: patient_added / patient_removed. */
async function attendeesChanged(ctx: TriggerContext, before: number, after: number): Promise<string> {
  const people = [await ctx.create('User'), await ctx.create('User')];
  const appointment = await ctx.create('Appointment', {
    user_id: people[0],
    attendee_ids: people.slice(0, before).join(','),
  });
  const appointmentType = ctx.registry.get('Appointment');
  await ctx.standard(appointmentType, 'update', {
    id: appointment,
    attendee_ids: people.slice(before - 1, before - 1 + after).join(','),
  });
  return appointment;
}

async function entryOf(ctx: TriggerContext, kind: 'entry' | 'metric_entry'): Promise<string> {
  return ctx.create(
    'Entry',
    kind === 'entry'
      ? {}
      : { type: 'MetricEntry', category: 'Weight', metric_stat: '180', description: null },
  );
}

export const mutationRecipes = new Map<string, Recipe>([
  // Patients
  ['applied_tag.created', async (ctx) => (await appliedTag(ctx)).applied],
  [
    'applied_tag.deleted',
    async (ctx) => {
      const { tag, patient, applied } = await appliedTag(ctx);
      return ctx.observer.watch(
        'applied_tag.deleted',
        () => mutate(ctx, 'removeAppliedTag', { id: tag, taggable_user_id: patient }, 'tag { id }'),
        (event) => String(event.resource_id) === applied,
      );
    },
  ],
  [
    'patient.merged',
    async (ctx) => {
      const [target, source] = [await ctx.create('User'), await ctx.create('User')];
      const payload = await mutate(
        ctx,
        'mergeClients',
        { ids: [source], target_user_id: target },
        'user { id }',
      );
      return String(payload.user.id);
    },
  ],
  ['policy.created', async (ctx) => (await policyOf(ctx)).policy],
  [
    'policy.deleted',
    async (ctx) => {
      const { patient, policy } = await policyOf(ctx);
      await mutate(
        ctx,
        'updateClient',
        { id: patient, policies: [{ id: policy, _destroy: true }] },
        'user { id }',
      );
      return policy;
    },
  ],
  [
    'diagnosis.created',
    async (ctx) => diagnosis(ctx, await ctx.ensure('User'), { icd_code_id: '4242', primary: true }),
  ],
  [
    'diagnosis.updated',
    async (ctx) => {
      const patient = await ctx.ensure('User');
      const id = await diagnosis(ctx, patient, { icd_code_id: '4242' });
      await diagnosis(ctx, patient, { id, active: false });
      return id;
    },
  ],
  [
    'diagnosis.deleted',
    async (ctx) => {
      const patient = await ctx.ensure('User');
      const id = await diagnosis(ctx, patient, { icd_code_id: '4242' });
      await mutate(ctx, 'updateClient', { id: patient, diagnoses: [{ id, _destroy: true }] }, 'user { id }');
      return id;
    },
  ],
  // Scheduling
  ['appointment.patient_added', (ctx) => attendeesChanged(ctx, 1, 2)],
  ['appointment.patient_removed', (ctx) => attendeesChanged(ctx, 2, 1)],
  // Forms and charting
  ['form_answer_group.locked', async (ctx) => lock(ctx, (await submitted(ctx)).group)],
  [
    'form_answer_group.unlocked',
    async (ctx) => {
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
  ],
  [
    'form_answer_group.signed',
    async (ctx) => {
      const { group } = await submitted(ctx);
      return String(
        (await mutate(ctx, 'signFormAnswerGroup', { id: group }, 'form_answer_group { id }', 'SignInput'))
          .form_answer_group.id,
      );
    },
  ],
  [
    'requested_form_completion.updated',
    async (ctx) => {
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
  ],
  ['entry.created', (ctx) => entryOf(ctx, 'entry')],
  ['metric_entry.created', (ctx) => entryOf(ctx, 'metric_entry')],
  ...(['entry', 'metric_entry'] as const).flatMap((kind): Array<[string, Recipe]> => [
    [
      `${kind}.updated`,
      async (ctx) => {
        const id = await entryOf(ctx, kind);
        const change = kind === 'entry' ? { description: 'Slept badly' } : { metric_stat: '178' };
        await ctx.standard(ctx.registry.get('Entry'), 'update', { id, ...change });
        return id;
      },
    ],
    [
      `${kind}.deleted`,
      async (ctx) => {
        const id = await entryOf(ctx, kind);
        await ctx.standard(ctx.registry.get('Entry'), 'delete', { id });
        return id;
      },
    ],
  ]),
  // Clinical
  ['care_plan.activated', (ctx) => carePlan(ctx, [true])],
  ['care_plan.deactivated', (ctx) => carePlan(ctx, [true, false])],
  ['goal_template.created', (ctx) => goalTemplate(ctx)],
  // Billing and insurance
  ['accepted_insurance_plan.created', (ctx) => ctx.create('AcceptedInsurancePlan')],
  ['other_id_number.created', async (ctx) => (await cms1500WithIdentifier(ctx)).other],
  [
    'other_id_number.updated',
    async (ctx) => {
      const { form, other } = await cms1500WithIdentifier(ctx);
      await mutate(
        ctx,
        'updateCms1500',
        { id: form, other_id_numbers: [{ id: other, other_id: `B-${ctx.next()}` }] },
        'cms1500 { id }',
      );
      return other;
    },
  ],
  ['recurring_payment.created', (ctx) => recurringItem(ctx)],
  [
    'recurring_payment.updated',
    async (ctx) =>
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
  ],
  [
    'stripe_customer_detail.deleted',
    async (ctx) => {
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
  ],
  // Organization
  ['organization_info.created', (ctx) => ctx.create('OrganizationInfo')],
  [
    'organization_info.updated',
    async (ctx) => {
      const id = await ctx.create('OrganizationInfo');
      const payload = await mutate(
        ctx,
        'updateOrganization',
        { organization_info: { id, name: `Renamed Clinic ${ctx.next()}` } },
        'updated_organization_info { id }',
      );
      return String(payload.updated_organization_info.id);
    },
  ],
  [
    'organization_member.updated',
    async (ctx) => {
      const { member } = await membership(ctx);
      const payload = await mutate(
        ctx,
        'updateOrganizationMember',
        { id: member, first_name: 'Samantha' },
        'user { id }',
      );
      return String(payload.user.id);
    },
  ],
  ['organization_membership.created', (ctx) => ctx.create('OrganizationMembership')],
  // Messaging
  [
    'conversation_membership.deleted',
    async (ctx) => {
      const { conversation, patient } = await conversationMember(ctx);
      const payload = await mutate(
        ctx,
        'deleteConversationMembership',
        { conversation_id: conversation, user_id: patient },
        'conversationMembership { id }',
      );
      return String(payload.conversationMembership.id);
    },
  ],
  [
    'conversation_membership.viewed',
    async (ctx) => {
      const { membership: id } = await conversationMember(ctx);
      return String(
        (
          await mutate(
            ctx,
            'updateConversationMembership',
            { id, viewed: true },
            'conversation_membership { id }',
          )
        ).conversation_membership.id,
      );
    },
  ],
  // Documents
  ['folder_sharing.created', async (ctx) => (await sharedFolder(ctx)).sharing],
  [
    'folder_sharing.deleted',
    async (ctx) => {
      const { folder, patient, sharing } = await sharedFolder(ctx);
      return ctx.observer.watch(
        'folder_sharing.deleted',
        () =>
          mutate(
            ctx,
            'destroySharings',
            { id: folder, shareable_type: 'FOLDER', patient_ids: [patient] },
            'folder { id }',
            'DestroySharingsInput',
          ),
        (event) => String(event.resource_id) === sharing,
      );
    },
  ],
  // A test send goes to one webhook only: the trigger's own, whose delivery carries the id.
  [
    'test.created',
    async (ctx) => {
      const webhook = await ctx.observer.webhookId();
      return ctx.observer.watch(
        'test.created',
        () => mutate(ctx, 'sendTestWebhook', { id: webhook }, 'sent'),
        () => true,
      );
    },
  ],
]);
