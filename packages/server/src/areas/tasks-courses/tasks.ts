/**
 * Behaviour of the task mutations.
 *
 * Completing a task records who completed it: when `complete` turns on and the input names no
 * `completed_by_id`, the caller is recorded; when it turns off, the completer is cleared. So completing a
 * task reports `changed_fields: ["complete", "completed_by_id"]`, as Healthie's does. The time of
 * completion (`completed_at`) is kept beside it, set when `complete` turns on and cleared when it turns
 * off; like Healthie's, it is not one of the `changed_fields`.
 *
 * `reminder` (TaskReminderInput) edits the task's one reminder (./reminders.ts); deleting a task removes it.
 */
import { findRow, parseId, typedTransaction, type RecordChange, type Work } from '../../registry/index.js';
import { applyReminder, dropReminders } from './reminders.js';
import { Task, type TasksCoursesTables } from './resources.js';

const completionTime = (work: Work) => new Date(work.uow.now).toISOString();

export async function recordCompleter(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (!('complete' in values) || 'completed_by_id' in values) return;
  const id = input.id === undefined ? null : parseId(input.id);
  const current = id === null ? undefined : await findRow(work, Task, id);
  if (current && Number(current.complete) === values.complete) return;
  values.completed_by_id = values.complete === 1 ? work.caller.userId : null;
}

/** createTask: a task created complete was completed now. */
async function beforeCreate(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  await recordCompleter(work, values, input);
  if (values.complete === 1) values.completed_at = completionTime(work);
}

/** updateTask: stamps (or clears) the completion time when `complete` changed. */
async function stampCompletion(work: Work, change: RecordChange): Promise<void> {
  if (!change.changedFields.includes('complete')) return;
  const completedAt = Number(change.row.complete) === 1 ? completionTime(work) : null;
  await typedTransaction<TasksCoursesTables>(work)
    .updateTable('tasks')
    .set({ completed_at: completedAt })
    .where('id', '=', change.row.id)
    .execute();
  // The payload answers the row as written.
  change.row.completed_at = completedAt;
}

export const taskHooks = {
  createTask: {
    before: beforeCreate,
    after: (work: Work, change: RecordChange) => applyReminder(work, change.row, change.input),
  },
  updateTask: {
    before: recordCompleter,
    after: async (work: Work, change: RecordChange) => {
      await stampCompletion(work, change);
      await applyReminder(work, change.row, change.input);
    },
  },
  deleteTask: { after: (work: Work, change: RecordChange) => dropReminders(work, change.row) },
};
