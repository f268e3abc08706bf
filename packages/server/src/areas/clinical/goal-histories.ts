/**
 * Goal progress: a history's user and day default to the goal's patient and today; with
 * `mark_parent_complete`, completing a subgoal also completes its parent goal for that day (one more
 * `goal_history.created`, unless the parent is already complete that day). `deleteGoalHistory` unchecks a
 * goal for a day.
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseInput,
  requireRow,
  typedTransaction,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Goal, GoalHistory, type ClinicalTables } from './resources.js';

export const today = (work: Work) => new Date(work.uow.now).toISOString().slice(0, 10);

export async function goalHistoryDefaults(work: Work, values: Record<string, unknown>): Promise<void> {
  if (values.completed_on == null) values.completed_on = today(work);
  if (values.user_id != null || typeof values.goal_id !== 'number') return;
  const goal = await findRow(work, Goal, values.goal_id);
  values.user_id = goal?.user_id ?? work.caller.userId;
}

export async function markParentComplete(work: Work, change: RecordChange): Promise<void> {
  if (change.input.mark_parent_complete !== true) return;
  const goal = await findRow(work, Goal, Number(change.row.goal_id));
  const parentId = goal?.parent_id;
  if (typeof parentId !== 'number') return;
  const done = await typedTransaction<ClinicalTables>(work)
    .selectFrom('goal_histories')
    .select('id')
    .where('goal_id', '=', parentId)
    .where('completed_on', '=', String(change.row.completed_on))
    .executeTakeFirst();
  if (done) return;
  const parent: StoredRow | undefined = await findRow(work, Goal, parentId);
  if (!parent) return;
  await createRecord(work, GoalHistory, {
    goal_id: parent.id,
    user_id: change.row.user_id,
    completed_on: change.row.completed_on,
  });
}

/**
 * Healthie's `deleteGoalHistory`: with `completed_on`, `id` names the goal and its history of that day is
 * removed (unchecking the goal for the day); without it, `id` names the history itself.
 */
const deleteInput = z.object({
  completed_on: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Completed on must be a date (YYYY-MM-DD)')
    .nullish(),
});

export const deleteGoalHistory: SpecialMutation = {
  name: 'deleteGoalHistory',
  input: 'deleteGoalHistoryInput',
  inputFields: { completed_on: 'String', id: 'ID' },
  payload: 'deleteGoalHistoryPayload',
  returns: { goal_history: 'GoalHistory' },
  async run(work, input) {
    const { completed_on: day } = parseInput(deleteInput, input);
    let history: StoredRow;
    if (day) {
      const goal = await requireRow(work, Goal, input.id);
      const found = (await typedTransaction<ClinicalTables>(work)
        .selectFrom('goal_histories')
        .selectAll()
        .where('goal_id', '=', goal.id)
        .where('completed_on', '=', day)
        .orderBy('id')
        .executeTakeFirst()) as StoredRow | undefined;
      if (!found) fail('completed_on', `Goal ${goal.id} was not completed on ${day}`);
      history = found;
    } else {
      history = await requireRow(work, GoalHistory, input.id);
    }
    return { goal_history: await deleteRecord(work, GoalHistory, history) };
  },
};
