/**
 * Care plans applied and switched on or off in bulk. `exportCarePlanToTemplate` copies a plan (with its
 * goals) into the template library; `bulkApplyCarePlanTemplate` gives each patient and user group named a
 * copy of a template (with its goals); `bulkUpdateCarePlanUsers` and `updateGroupCarePlan` switch plans on
 * or off for their patients (a group plan for every member of its group).
 */
import { z } from 'zod';
import {
  fail,
  parseInput,
  requireRow,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { queueEmail } from '../messaging/index.js';
import { User, UserGroup } from '../patients/index.js';
import { carePlanEmail } from './care-plan-email.js';
import { switchOff, switchOn } from './care-plan-activation.js';
import { insertPlanCopy, patientsOf } from './care-plans.js';
import { CarePlan } from './resources.js';

/** A copy of `plan` (with its goals) for a patient, a group, or (neither) the template library. */
async function copyPlan(
  work: Work,
  plan: StoredRow,
  owner: { patient?: StoredRow; group?: StoredRow },
): Promise<StoredRow> {
  return insertPlanCopy(
    work,
    plan,
    {
      name: plan.name,
      description: plan.description,
      is_hidden: plan.is_hidden,
      patient_id: owner.patient?.id ?? null,
      user_group_id: owner.group?.id ?? null,
      is_template: owner.patient || owner.group ? 0 : 1,
      creator_id: work.caller.userId,
    },
    (owner.patient ?? owner.group)?.organization_id,
  );
}

export const exportCarePlanToTemplate: SpecialMutation = {
  name: 'exportCarePlanToTemplate',
  input: 'exportToTemplateInput',
  inputFields: { id: 'ID' },
  payload: 'exportToTemplatePayload',
  returns: { carePlan: 'CarePlan' },
  async run(work, input) {
    const plan = await requireRow(work, CarePlan, input.id);
    if (Number(plan.is_template) === 1) fail('id', `Care plan ${plan.id} is already a template`);
    return { carePlan: await copyPlan(work, plan, {}) };
  },
};

const idList = z
  .array(z.unknown())
  .nullish()
  .transform((ids) => ids ?? []);

const applyInput = z.object({
  id: z.unknown().optional(),
  user_ids: idList,
  user_group_ids: idList,
  force_activation: z.boolean().nullish(),
});

export const bulkApplyCarePlanTemplate: SpecialMutation = {
  name: 'bulkApplyCarePlanTemplate',
  input: 'bulkApplyCarePlanTemplateInput',
  // `force_activation`: each copy is switched on for its patients, replacing a plan already active; without
  // it, a copy is switched on only for patients who have no active plan of its kind.
  inputFields: { force_activation: 'Boolean', id: 'ID', user_group_ids: '[ID]', user_ids: '[ID]' },
  payload: 'bulkApplyCarePlanTemplatePayload',
  returns: { carePlans: '[CarePlan]' },
  async run(work, raw) {
    const input = parseInput(applyInput, raw);
    const template = await requireRow(work, CarePlan, input.id);
    if (Number(template.is_template) !== 1) fail('id', `Care plan ${template.id} is not a template`);
    if (input.user_ids.length === 0 && input.user_group_ids.length === 0)
      fail('user_ids', 'Name at least one client (user_ids) or group (user_group_ids)');
    const patients: StoredRow[] = [];
    for (const id of input.user_ids) patients.push(await requireRow(work, User, id, 'user_ids'));
    const groups: StoredRow[] = [];
    for (const id of input.user_group_ids)
      groups.push(await requireRow(work, UserGroup, id, 'user_group_ids'));
    const replace = input.force_activation === true;
    const carePlans: StoredRow[] = [];
    for (const patient of patients) {
      const copy = await copyPlan(work, template, { patient });
      await switchOn(work, copy, [patient], replace);
      carePlans.push(copy);
    }
    for (const group of groups) {
      const copy = await copyPlan(work, template, { group });
      await switchOn(work, copy, await patientsOf(copy, work), replace);
      carePlans.push(copy);
    }
    return { carePlans };
  },
};

const usersInput = z.object({
  ids: idList,
  activate: z.boolean().nullish(),
  notify: z.boolean().nullish(),
});

export const bulkUpdateCarePlanUsers: SpecialMutation = {
  name: 'bulkUpdateCarePlanUsers',
  input: 'bulkUpdateCarePlanUsersInput',
  // `notify`: each patient a plan is switched on for is emailed the plan.
  inputFields: { activate: 'Boolean', ids: '[ID]', notify: 'Boolean' },
  payload: 'bulkUpdateCarePlanUsersPayload',
  returns: { carePlans: '[CarePlan]' },
  async run(work, raw) {
    const input = parseInput(usersInput, raw);
    if (input.ids.length === 0) fail('ids', 'Ids must name at least one care plan');
    if (input.notify === true && input.activate !== true)
      fail('notify', 'Notify emails the patients a plan is switched on for; give activate: true');
    const plans: StoredRow[] = [];
    for (const id of input.ids) {
      const plan = await requireRow(work, CarePlan, id, 'ids');
      if (Number(plan.is_template) === 1)
        fail('ids', `Care plan ${plan.id} is a template and cannot be activated`);
      if (!plans.some((p) => p.id === plan.id)) plans.push(plan);
    }
    for (const plan of plans) {
      const patients = await patientsOf(plan, work);
      if (input.activate !== true) {
        await switchOff(work, plan, patients);
        continue;
      }
      const changed = await switchOn(work, plan, patients, true);
      if (input.notify !== true) continue;
      const message = await carePlanEmail(work, plan, 'care_plan_activated');
      for (const patient of changed)
        if (typeof patient.email === 'string' && patient.email !== '' && Number(patient.skipped_email) !== 1)
          await queueEmail(work, patient, message, 'ids');
    }
    return { carePlans: plans };
  },
};

export const updateGroupCarePlan: SpecialMutation = {
  name: 'updateGroupCarePlan',
  input: 'updateGroupCarePlanInput',
  inputFields: { id: 'ID', is_active: 'Boolean' },
  payload: 'updateGroupCarePlanPayload',
  returns: { carePlan: 'CarePlan' },
  async run(work, input) {
    const plan = await requireRow(work, CarePlan, input.id);
    if (plan.user_group_id == null) fail('id', `Care plan ${plan.id} is not a plan of a user group`);
    if (Number(plan.is_template) === 1)
      fail('id', `Care plan ${plan.id} is a template and cannot be activated`);
    if (typeof input.is_active !== 'boolean') fail('is_active', 'Is active is required');
    const members = await patientsOf(plan, work);
    if (input.is_active) await switchOn(work, plan, members, true);
    else await switchOff(work, plan, members);
    return { carePlan: plan };
  },
};
