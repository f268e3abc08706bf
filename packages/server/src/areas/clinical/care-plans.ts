/**
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
  deleteRow,
  emitFor,
  fail,
  findRow,
  parseInput,
  requireRow,
  typedDb,
  typedTransaction,
  type Reader,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { CarePlan, CarePlanActivation, type ClinicalTables } from './resources.js';

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
    const group = plan.user_group_id != null;
    const current = (await typedTransaction<ClinicalTables>(work)
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
        await deleteRow(work, CarePlanActivation, other);
        const otherPlan = await findRow(work, CarePlan, Number(other.care_plan_id));
        if (otherPlan) await emitFor(work, CarePlan, 'deactivated', otherPlan);
      }
      await createRecord(work, CarePlanActivation, {
        care_plan_id: plan.id,
        user_id: patient.id,
        is_group: group,
      });
      await emitFor(work, CarePlan, 'activated', plan);
    } else {
      await deleteRow(work, CarePlanActivation, mine!);
      await emitFor(work, CarePlan, 'deactivated', plan);
    }
    await emitFor(work, User, 'updated', patient, {
      changedFields: [group ? 'active_group_care_plan' : 'active_care_plan'],
    });
    return { carePlan: plan };
  },
};
