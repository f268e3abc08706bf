/**
 * Goal progress: a history's user and day default to the goal's patient and today; with
 * `mark_parent_complete`, completing a subgoal also completes its parent goal for that day (one more
 * `goal_history.created`, unless the parent is already complete that day).
 */
import {
  createRecord,
  findRow,
  typedTransaction,
  type RecordChange,
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
