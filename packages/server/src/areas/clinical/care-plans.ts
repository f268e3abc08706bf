/**
 * Care plan activation. A patient has at most one active care plan of their own and one active plan of
 * their group; an activation row records each. `toggleCarePlanStatusForSpecificUser` switches a plan on or
 * off for one patient: switching on first switches off the patient's other plan of the same kind
 * (`care_plan.deactivated`), then `care_plan.activated`; switching off sends `care_plan.deactivated`; either
 * way the patient's `active_care_plan` (or `active_group_care_plan`) changed, so `patient.updated` follows.
 * A toggle that changes nothing writes nothing and emits nothing.
 */
import {
  createRecord,
  deleteRow,
  emitFor,
  fail,
  findRow,
  parseId,
  requireRow,
  type Reader,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { typedDb, typedTransaction } from '../typed-db.js';

/** updateCarePlan's `new_patient_id` moves the plan to another patient. */
export async function newCarePlanPatient(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const raw = input.new_patient_id;
  if (raw === undefined || raw === null || raw === '') return;
  values.patient_id = (await requireRow(work, work.registry.get('User'), raw, 'new_patient_id')).id;
}

/** A removed plan is no longer anyone's active plan. */
export async function removeActivations(work: Work, change: RecordChange): Promise<void> {
  await typedTransaction(work)
    .deleteFrom('care_plan_activations')
    .where('care_plan_id', '=', change.row.id)
    .execute();
}

export async function carePlanIsActive(row: StoredRow, reader: Reader): Promise<boolean> {
  const found = await typedDb(reader)
    .selectFrom('care_plan_activations')
    .select('id')
    .where('care_plan_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return found !== undefined;
}

export async function groupPlanIsActiveFor(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<boolean> {
  const found = await typedDb(reader)
    .selectFrom('care_plan_activations')
    .select('id')
    .where('care_plan_id', '=', row.id)
    .where('user_id', '=', parseId(args.patient_id) ?? -1)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return found !== undefined;
}

/** `User.active_care_plan` / `User.active_group_care_plan`. */
export function activeCarePlan(group: boolean) {
  return async (row: StoredRow, reader: Reader): Promise<unknown> =>
    (await typedDb(reader)
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
  const patient = await requireRow(
    work,
    work.registry.get('User'),
    given ? raw : plan.patient_id,
    'patient_id',
  );
  const belongs = group
    ? patient.user_group_id != null && Number(patient.user_group_id) === Number(plan.user_group_id)
    : patient.id === plan.patient_id;
  if (!belongs) fail('patient_id', `Care plan ${plan.id} is not a plan of patient ${patient.id}`);
  return patient;
}

export const toggleCarePlanStatusForSpecificUser: SpecialMutation = {
  name: 'toggleCarePlanStatusForSpecificUser',
  input: 'toggleCarePlanStatusForSpecificUserInput',
  inputFields: { activate: 'Boolean!', id: 'ID', patient_id: 'ID' },
  payload: 'toggleCarePlanStatusForSpecificUserPayload',
  returns: { carePlan: 'CarePlan' },
  async run(work, input) {
    if (typeof input.activate !== 'boolean') fail('activate', 'Activate is required');
    const CarePlan = work.registry.get('CarePlan');
    const Activation = work.registry.get('CarePlanActivation');
    const plan = await requireRow(work, CarePlan, input.id);
    if (plan.is_template === 1) fail('id', `Care plan ${plan.id} is a template and cannot be activated`);
    const patient = await patientFor(work, plan, input.patient_id);
    const group = plan.user_group_id != null;
    const current = (await typedTransaction(work)
      .selectFrom('care_plan_activations')
      .selectAll()
      .where('user_id', '=', patient.id)
      .where('is_group', '=', group ? 1 : 0)
      .orderBy('id')
      .execute()) as StoredRow[];
    const mine = current.find((a) => a.care_plan_id === plan.id);
    if (input.activate === (mine !== undefined)) return { carePlan: plan };
    if (input.activate) {
      for (const other of current) {
        await deleteRow(work, Activation, other);
        const otherPlan = await findRow(work, CarePlan, Number(other.care_plan_id));
        if (otherPlan) await emitFor(work, CarePlan, 'deactivated', otherPlan);
      }
      await createRecord(work, Activation, { care_plan_id: plan.id, user_id: patient.id, is_group: group });
      await emitFor(work, CarePlan, 'activated', plan);
    } else {
      await deleteRow(work, Activation, mine!);
      await emitFor(work, CarePlan, 'deactivated', plan);
    }
    await emitFor(work, work.registry.get('User'), 'updated', patient, {
      changedFields: [group ? 'active_group_care_plan' : 'active_care_plan'],
    });
    return { carePlan: plan };
  },
};
