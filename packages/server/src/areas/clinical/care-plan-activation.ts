/**
 * Care plans switched on or off for their patients, for toggleCarePlanStatusForSpecificUser (one patient)
 * and bulkUpdateCarePlanUsers / updateGroupCarePlan (many at once). A patient has at most
 * one active plan of their own and one of their group, so switching a plan on first switches off the other
 * one; `care_plan.deactivated` for each plan switched off, then `care_plan.activated`, each once however
 * many patients it concerns, then `patient.updated` (`active_care_plan` or `active_group_care_plan`) for each
 * patient whose active plan changed. Nothing that is already so is written or sent.
 */
import {
  createRecord,
  deleteRow,
  emitFor,
  findRow,
  typedTransaction,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { CarePlan, CarePlanActivation, type ClinicalTables } from './resources.js';

/** Switches `plan` on for `patients`; with `replace` false a patient's other active plan stays. */
export async function switchOn(
  work: Work,
  plan: StoredRow,
  patients: readonly StoredRow[],
  replace: boolean,
): Promise<StoredRow[]> {
  const group = plan.user_group_id != null;
  const switchedOff: number[] = [];
  const changed: StoredRow[] = [];
  for (const patient of patients) {
    const current = (await typedTransaction<ClinicalTables>(work)
      .selectFrom('care_plan_activations')
      .selectAll()
      .where('user_id', '=', patient.id)
      .where('is_group', '=', group ? 1 : 0)
      .orderBy('id')
      .execute()) as StoredRow[];
    if (current.some((a) => a.care_plan_id === plan.id)) continue;
    if (current.length > 0 && !replace) continue;
    for (const other of current) {
      await deleteRow(work, CarePlanActivation, other);
      const otherId = Number(other.care_plan_id);
      if (!switchedOff.includes(otherId)) switchedOff.push(otherId);
    }
    await createRecord(work, CarePlanActivation, {
      care_plan_id: plan.id,
      user_id: patient.id,
      is_group: group,
    });
    changed.push(patient);
  }
  for (const id of switchedOff) {
    const other = await findRow(work, CarePlan, id);
    if (other) await emitFor(work, CarePlan, 'deactivated', other);
  }
  if (changed.length > 0) await emitFor(work, CarePlan, 'activated', plan);
  await announceActivePlan(work, plan, changed);
  return changed;
}

/** Switches `plan` off for `patients`. */
export async function switchOff(
  work: Work,
  plan: StoredRow,
  patients: readonly StoredRow[],
): Promise<StoredRow[]> {
  const changed: StoredRow[] = [];
  for (const patient of patients) {
    const mine = (await typedTransaction<ClinicalTables>(work)
      .selectFrom('care_plan_activations')
      .selectAll()
      .where('user_id', '=', patient.id)
      .where('care_plan_id', '=', plan.id)
      .executeTakeFirst()) as StoredRow | undefined;
    if (!mine) continue;
    await deleteRow(work, CarePlanActivation, mine);
    changed.push(patient);
  }
  if (changed.length > 0) await emitFor(work, CarePlan, 'deactivated', plan);
  await announceActivePlan(work, plan, changed);
  return changed;
}

async function announceActivePlan(
  work: Work,
  plan: StoredRow,
  patients: readonly StoredRow[],
): Promise<void> {
  const field = plan.user_group_id != null ? 'active_group_care_plan' : 'active_care_plan';
  for (const patient of patients) await emitFor(work, User, 'updated', patient, { changedFields: [field] });
}
