/**
 * `sendCarePlanEmail`: emails a care plan (its name, description and goals) to a patient it belongs to
 * (`patient_id`), or to each of its patients who has not skipped email. The email is queued in the
 * mutation's transaction and mailed after commit by the email sender, which logs it as a
 * `SentNotificationRecord` (`sent_notification_record.created`); the mutation itself changes no record.
 */
import {
  fail,
  requireRow,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { queueEmail, type EmailMessage } from '../messaging/index.js';
import { User } from '../patients/index.js';
import { mailablePatientsOf, patientsOf } from './care-plans.js';
import { CarePlan, type ClinicalTables } from './resources.js';

/** The plan as an email: what it is called, what it says, and its goals with their sub-goals. */
export async function carePlanEmail(
  work: Work,
  plan: StoredRow,
  notificationType: string,
): Promise<EmailMessage> {
  const goals = await typedTransaction<ClinicalTables>(work)
    .selectFrom('goals')
    .select(['id', 'name', 'parent_id', 'due_date'])
    .where('care_plan_id', '=', plan.id)
    .orderBy('id')
    .execute();
  const lines = [`Your care plan: ${String(plan.name)}`];
  if (typeof plan.description === 'string' && plan.description.trim() !== '')
    lines.push('', plan.description);
  const top = goals.filter((g) => g.parent_id == null);
  if (top.length > 0) lines.push('', 'Goals:');
  for (const goal of top) {
    lines.push(`- ${String(goal.name)}${goal.due_date ? ` (due ${goal.due_date})` : ''}`);
    for (const sub of goals.filter((g) => g.parent_id === goal.id)) lines.push(`  - ${String(sub.name)}`);
  }
  return { subject: `Your care plan: ${String(plan.name)}`, body: lines.join('\n'), notificationType };
}

/** The patients to email: the one named (who must be one of the plan's), or every mailable one. */
async function recipients(work: Work, plan: StoredRow, raw: unknown): Promise<StoredRow[]> {
  if (raw === undefined || raw === null || raw === '') {
    const mailable = await mailablePatientsOf(plan, work);
    if (mailable.length === 0)
      fail('id', `Care plan ${plan.id} has no patient with an email address to send to`);
    return mailable;
  }
  const patient = await requireRow(work, User, raw, 'patient_id');
  const ofPlan = await patientsOf(plan, work);
  if (!ofPlan.some((p) => p.id === patient.id))
    fail('patient_id', `Care plan ${plan.id} is not a plan of patient ${patient.id}`);
  return [patient];
}

export const sendCarePlanEmail: SpecialMutation = {
  name: 'sendCarePlanEmail',
  input: 'sendCarePlanEmailInput',
  inputFields: { id: 'ID', patient_id: 'ID' },
  payload: 'sendCarePlanEmailPayload',
  returns: { carePlan: 'CarePlan' },
  async run(work, input) {
    const plan = await requireRow(work, CarePlan, input.id);
    if (Number(plan.is_template) === 1)
      fail('id', `Care plan ${plan.id} is a template; templates are not sent`);
    const message = await carePlanEmail(work, plan, 'care_plan_sent');
    for (const patient of await recipients(work, plan, input.patient_id))
      await queueEmail(work, patient, message, 'patient_id');
    return { carePlan: plan };
  },
};
