/**
 * Care plans. `createCarePlan` / `updateCarePlan` with `is_managing_templates` keep the plan in the template
 * library; `updateCarePlan` with `from_template` assigns a template: the update is made to a new copy of it
 * (with its goals), which the mutation answers; `doc_id` attaches a document; `is_creating` / `is_updating`
 * announce the plan to its patients by email (recorded as sent notifications: carehooks has no mail partner
 * for patients), unless the plan is hidden or the patient skipped email.
 *
 * Care plan activation. A patient has at most one active care plan of their own and one active plan of
 * their group; an activation row records each. `toggleCarePlanStatusForSpecificUser` switches a plan on or
 * off for one patient: switching on first switches off the patient's other plan of the same kind
 * (`care_plan.deactivated`), then `care_plan.activated`; switching off sends `care_plan.deactivated`; either
 * way the patient's `active_care_plan` (or `active_group_care_plan`) changed, so `patient.updated` follows.
 * A toggle that changes nothing writes nothing and emits nothing.
 */
import { z } from 'zod';
import {
  createRecord,
  emitFor,
  fail,
  findRow,
  insertRow,
  parseInput,
  requireRow,
  typedDb,
  typedTransaction,
  updateRecord,
  type Reader,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Document } from '../documents/index.js';
import { recordSentNotification } from '../messaging/index.js';
import type { OrganizationTables } from '../organization/index.js';
import { fullName, User, type PatientsTables } from '../patients/index.js';
import { switchOff, switchOn } from './care-plan-activation.js';
import { CarePlan, Goal, type ClinicalTables } from './resources.js';

/** `is_managing_templates`: the plan is made (or kept) in the template library. */
export async function managingTemplates(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (input.is_managing_templates === true) values.is_template = 1;
}

/** Plans made from a template by an update (`from_template`), by input, until the update's answer. */
const copies = new WeakMap<object, StoredRow>();

/**
 * Makes a copy of `template` from `fields` in `organizationId`: `care_plan.created`, then the template's
 * goals copied to it.
 */
export async function insertPlanCopy(
  work: Work,
  template: StoredRow,
  fields: Record<string, unknown>,
  organizationId: number | undefined,
): Promise<StoredRow> {
  const copy = await insertRow(work, CarePlan, fields, organizationId);
  await emitFor(work, CarePlan, 'created', copy);
  await copyGoals(work, template, copy);
  return copy;
}

/** Copies a plan's goals (and their sub-goals) to another plan, each `goal.created`. */
async function copyGoals(work: Work, template: StoredRow, copy: StoredRow): Promise<void> {
  const goals = (await typedTransaction<ClinicalTables>(work)
    .selectFrom('goals')
    .selectAll()
    .where('care_plan_id', '=', template.id)
    .where('parent_id', 'is', null)
    .orderBy('id')
    .execute()) as StoredRow[];
  for (const goal of goals) {
    const made = await copyGoal(work, goal, copy, null);
    const subgoals = (await typedTransaction<ClinicalTables>(work)
      .selectFrom('goals')
      .selectAll()
      .where('parent_id', '=', goal.id)
      .orderBy('id')
      .execute()) as StoredRow[];
    for (const subgoal of subgoals) await copyGoal(work, subgoal, copy, made.id);
  }
}

function copyGoal(work: Work, goal: StoredRow, plan: StoredRow, parentId: number | null) {
  return createRecord(work, Goal, {
    user_id: plan.patient_id ?? goal.user_id,
    care_plan_id: plan.id,
    parent_id: parentId,
    name: goal.name,
    description: goal.description,
    repeat: goal.repeat,
    start_on: goal.start_on,
    due_date: goal.due_date,
    title_link: goal.title_link,
    program_goal: goal.program_goal === 1,
    source_template_id: goal.source_template_id,
  });
}

/**
 * `from_template`: the plan named is a template; a copy of it (its name, description and goals, the
 * update's values on top) is made instead of changing it, and the mutation answers the copy.
 */
export async function fromTemplate(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (input.from_template !== true) return;
  const template = await requireRow(work, CarePlan, input.id);
  if (Number(template.is_template) !== 1) fail('from_template', `Care plan ${template.id} is not a template`);
  const fields = {
    name: template.name,
    description: template.description,
    patient_id: template.patient_id,
    user_group_id: template.user_group_id,
    is_hidden: template.is_hidden,
    ...values,
    is_template: values.is_template ?? 0,
    creator_id: work.caller.userId,
  };
  const patient =
    typeof fields.patient_id === 'number' ? await findRow(work, User, fields.patient_id) : undefined;
  const copy = await insertPlanCopy(work, template, fields, patient?.organization_id);
  for (const name of Object.keys(values)) delete values[name];
  copies.set(input, copy);
}

/** The update answers the copy `from_template` made; the other steps apply to it. */
export async function answerCopy(_work: Work, change: RecordChange): Promise<void> {
  const copy = copies.get(change.input);
  if (copy) Object.assign(change.row, copy);
}

/** `doc_id`: the document is attached to the plan (`CarePlan.documents`). */
export async function attachDocument(work: Work, change: RecordChange): Promise<void> {
  const raw = change.input.doc_id;
  if (raw === undefined || raw === null || raw === '') return;
  const document = await requireRow(work, Document, raw, 'doc_id');
  await updateRecord(work, Document, document, { care_plan_id: change.row.id });
}

/** The patients a plan reaches: its patient, or the patients of its user group. */
export async function patientsOf(plan: StoredRow, reader: Reader): Promise<StoredRow[]> {
  let query = typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .selectAll()
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', reader.scope);
  if (plan.user_group_id != null) query = query.where('user_group_id', '=', Number(plan.user_group_id));
  else if (plan.patient_id != null) query = query.where('id', '=', Number(plan.patient_id));
  else return [];
  return (await query.orderBy('id').execute()) as StoredRow[];
}

/** Patients an email about the plan would reach: not skipping email, with an address. */
export async function mailablePatientsOf(plan: StoredRow, reader: Reader): Promise<StoredRow[]> {
  return (await patientsOf(plan, reader)).filter(
    (user) => Number(user.skipped_email) !== 1 && typeof user.email === 'string' && user.email !== '',
  );
}

/** `CarePlan.has_users_with_real_emails`. */
export async function hasUsersWithRealEmails(plan: StoredRow, reader: Reader): Promise<boolean> {
  return (await mailablePatientsOf(plan, reader)).length > 0;
}

/** `CarePlan.assigned_to`: its user group's name, or its patient's. */
export async function assignedTo(plan: StoredRow, reader: Reader): Promise<string | null> {
  if (typeof plan.user_group_id === 'number') {
    const group = await typedDb<PatientsTables>(reader)
      .selectFrom('user_groups')
      .select('name')
      .where('id', '=', plan.user_group_id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst();
    return group?.name ?? null;
  }
  if (typeof plan.patient_id !== 'number') return null;
  const patient = await findRow(reader, User, plan.patient_id);
  return patient ? fullName(patient) : null;
}

/** `CarePlan.feature_toggle`: the feature toggle made for the plan, if any. */
export async function planFeatureToggle(plan: StoredRow, reader: Reader): Promise<unknown> {
  return (
    (await typedDb<OrganizationTables>(reader)
      .selectFrom('feature_toggles')
      .selectAll()
      .where('care_plan_id', '=', plan.id)
      .where('organization_id', 'in', reader.scope)
      .orderBy('id')
      .executeTakeFirst()) ?? null
  );
}

/** `is_creating` / `is_updating`: the plan's patients are told by email, when they can see it. */
export async function announcePlan(work: Work, change: RecordChange): Promise<void> {
  const kind =
    change.input.is_creating === true ? 'created' : change.input.is_updating === true ? 'updated' : undefined;
  if (!kind || Number(change.row.is_hidden) === 1) return;
  for (const patient of await mailablePatientsOf(change.row, work)) {
    await recordSentNotification(work, patient.id, {
      category: 'email',
      notification_type: `care_plan_${kind}`,
      representation_type: 'goals',
      notification_description: `Care plan ${String(change.row.name)} ${kind}`,
    });
  }
}

/** updateCarePlan's `new_patient_id` moves the plan to another patient. */
export async function newCarePlanPatient(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const raw = input.new_patient_id;
  if (raw === undefined || raw === null || raw === '') return;
  values.patient_id = (await requireRow(work, User, raw, 'new_patient_id')).id;
}

/** A removed plan is no longer anyone's active plan. */
export async function removeActivations(work: Work, change: RecordChange): Promise<void> {
  await typedTransaction<ClinicalTables>(work)
    .deleteFrom('care_plan_activations')
    .where('care_plan_id', '=', change.row.id)
    .execute();
}

/** `User.active_care_plan` / `User.active_group_care_plan`. */
export function activeCarePlan(group: boolean) {
  return async (row: StoredRow, reader: Reader): Promise<unknown> =>
    (await typedDb<ClinicalTables>(reader)
      .selectFrom('care_plans')
      .innerJoin('care_plan_activations', 'care_plan_activations.care_plan_id', 'care_plans.id')
      .selectAll('care_plans')
      .where('care_plan_activations.user_id', '=', row.id)
      .where('care_plan_activations.is_group', '=', group ? 1 : 0)
      .where('care_plans.organization_id', 'in', reader.scope)
      // After a merge of two clients both plans may be on; the latest switched on wins.
      .orderBy('care_plan_activations.id', 'desc')
      .executeTakeFirst()) ?? null;
}

async function patientFor(work: Work, plan: StoredRow, raw: unknown): Promise<StoredRow> {
  const group = plan.user_group_id != null;
  const given = raw !== undefined && raw !== null && raw !== '';
  if (!given && (group || plan.patient_id == null)) fail('patient_id', 'Patient is required');
  const patient = await requireRow(work, User, given ? raw : plan.patient_id, 'patient_id');
  const belongs = group
    ? patient.user_group_id != null && Number(patient.user_group_id) === Number(plan.user_group_id)
    : patient.id === plan.patient_id;
  if (!belongs) fail('patient_id', `Care plan ${plan.id} is not a plan of patient ${patient.id}`);
  return patient;
}

/** The toggle's input; `id` and `patient_id` name records, so they are checked against the database. */
const toggleInput = z.object({
  activate: z.boolean({ error: 'Activate is required' }),
  id: z.unknown().optional(),
  patient_id: z.unknown().optional(),
});

export const toggleCarePlanStatusForSpecificUser: SpecialMutation = {
  name: 'toggleCarePlanStatusForSpecificUser',
  input: 'toggleCarePlanStatusForSpecificUserInput',
  inputFields: { activate: 'Boolean!', id: 'ID', patient_id: 'ID' },
  payload: 'toggleCarePlanStatusForSpecificUserPayload',
  returns: { carePlan: 'CarePlan' },
  async run(work, raw) {
    const input = parseInput(toggleInput, raw);
    const plan = await requireRow(work, CarePlan, input.id);
    if (plan.is_template === 1) fail('id', `Care plan ${plan.id} is a template and cannot be activated`);
    const patient = await patientFor(work, plan, input.patient_id);
    if (input.activate) await switchOn(work, plan, [patient], true);
    else await switchOff(work, plan, [patient]);
    return { carePlan: plan };
  },
};
