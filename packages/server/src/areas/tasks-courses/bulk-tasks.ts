/**
 * Healthie's bulk task mutations.
 *
 * - `bulkDeleteTasks(ids)`: deletes each named task (and its reminder), `task.deleted` each, in the order
 *   given; the payload's `tasks` are the deleted tasks.
 * - `updateTasksBulk(task_ids | update_all_tasks, complete?, seen?)`: sets `complete` and / or `seen` on the
 *   named tasks, or with `update_all_tasks` on every task assigned to the caller. Each task that changes
 *   emits `task.updated` with its own `changed_fields`; completing records the completer and the time,
 *   exactly as `updateTask` does (./tasks.ts).
 */
import { z } from 'zod';
import {
  deleteRecord,
  fail,
  MAX_PAGE_SIZE,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Task, type TasksCoursesTables } from './resources.js';
import { taskHooks } from './tasks.js';

/** The most tasks one call changes (each is its own write and event). */
const BULK_LIMIT = 10 * MAX_PAGE_SIZE;

const idList = (field: string) =>
  z
    .array(z.unknown(), { error: `${field} must be a list of ids` })
    .max(BULK_LIMIT, { error: `At most ${BULK_LIMIT} tasks can be changed at once` })
    .nullish()
    .transform((ids) => ids ?? []);

/** The named tasks within scope, once each, in the order given; an unknown id refuses the whole call. */
async function namedTasks(work: Work, ids: readonly unknown[], field: string): Promise<StoredRow[]> {
  if (ids.length === 0) fail(field, 'Name at least one task');
  const tasks = new Map<number, StoredRow>();
  for (const id of ids) {
    const task = await requireRow(work, Task, id, field);
    if (!tasks.has(task.id)) tasks.set(task.id, task);
  }
  return [...tasks.values()];
}

const bulkDeleteTasksInput = z.object({ ids: idList('Ids') });

export const bulkDeleteTasks: SpecialMutation = {
  name: 'bulkDeleteTasks',
  input: 'bulkDeleteTasksInput',
  inputFields: { ids: '[ID]' },
  payload: 'bulkDeleteTasksPayload',
  returns: { tasks: '[Task]' },
  async run(work, input) {
    const { ids } = parseInput(bulkDeleteTasksInput, input);
    const tasks = await namedTasks(work, ids, 'ids');
    for (const task of tasks) await deleteRecord(work, Task, task, taskHooks.deleteTask);
    return { tasks };
  },
};

const bulkUpdateTasksInput = z.object({
  task_ids: idList('Task ids'),
  update_all_tasks: z.boolean().nullish(),
  complete: z.boolean().nullish(),
  seen: z.boolean().nullish(),
});

/** Every task assigned to the caller, oldest first. */
async function callerTasks(work: Work): Promise<StoredRow[]> {
  const tasks = (await typedTransaction<TasksCoursesTables>(work)
    .selectFrom('tasks')
    .selectAll()
    .where('user_id', '=', work.caller.userId)
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .limit(BULK_LIMIT + 1)
    .execute()) as unknown as StoredRow[];
  if (tasks.length > BULK_LIMIT)
    fail('update_all_tasks', `At most ${BULK_LIMIT} tasks can be changed at once`);
  return tasks;
}

export const updateTasksBulk: SpecialMutation = {
  name: 'updateTasksBulk',
  input: 'bulkUpdateTasksInput',
  inputFields: { complete: 'Boolean', seen: 'Boolean', task_ids: '[ID]', update_all_tasks: 'Boolean' },
  payload: 'bulkUpdateTasksPayload',
  returns: { tasks: '[Task]' },
  async run(work, input) {
    const given = parseInput(bulkUpdateTasksInput, input);
    const changes: Record<string, unknown> = {};
    if (given.complete != null) changes.complete = given.complete;
    if (given.seen != null) changes.seen = given.seen;
    if (Object.keys(changes).length === 0) fail('complete', 'Give complete or seen to set on the tasks');
    if (given.update_all_tasks === true && given.task_ids.length > 0)
      fail('task_ids', 'Give task_ids or update_all_tasks, not both');
    const tasks =
      given.update_all_tasks === true
        ? await callerTasks(work)
        : await namedTasks(work, given.task_ids, 'task_ids');
    const updated: StoredRow[] = [];
    for (const task of tasks) {
      const change = await updateRecord(work, Task, task, { id: task.id, ...changes }, taskHooks.updateTask);
      updated.push(change.row);
    }
    return { tasks: updated };
  },
};
