/**
 * A task's reminder, from `reminder` (Healthie's `TaskReminderInput`) on createTask and updateTask. A task
 * has at most one: without `id` the input edits the task's reminder, or creates it when the task has none;
 * with `id` it edits that reminder, which must be this task's; `remove_reminder: true` removes it. The
 * interval is `daily` (no value), `weekly` (comma-separated days of the week in lower case, e.g.
 * `monday,thursday`) or `once` (a date, `2030-11-28`); `is_enabled` is false unless set. carehooks sends no
 * reminders: it keeps them, read back as `Task.reminder`. Reminders emit no events of their own.
 */
import { z } from 'zod';
import {
  deleteRecord,
  fail,
  insertRow,
  parseId,
  parseInput,
  typedDb,
  typedTransaction,
  updateRecord,
  validateInput,
  within,
  type Reader,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Reminder, type TasksCoursesTables } from './resources.js';

const reminderInput = z.object({
  id: z.unknown().optional(),
  interval_type: z.string().nullish(),
  interval_value: z.string().nullish(),
  is_enabled: z.boolean().nullish(),
  reminder_time: z.number().int().nullish(),
  remove_reminder: z.boolean().nullish(),
});

const DAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The interval value must fit the interval type (the new one, or the stored one when it is kept). */
function checkInterval(values: Record<string, unknown>, current?: StoredRow): void {
  const type = values.interval_type ?? current?.interval_type;
  const value = 'interval_value' in values ? values.interval_value : current?.interval_value;
  if (value === null || value === undefined) {
    if (type === 'weekly' || type === 'once')
      fail('interval_value', `Interval value is required for a ${type} reminder`);
    return;
  }
  const text = String(value).trim();
  if (type === 'daily') fail('interval_value', 'Interval value must be empty for a daily reminder');
  if (type === 'weekly') {
    const days = text.split(',').map((day) => day.trim());
    if (days.some((day) => !DAYS.has(day)))
      fail('interval_value', 'Interval value must be days of the week in lower case, e.g. monday,thursday');
    values.interval_value = days.join(',');
  }
  if (type === 'once' && !(DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))))
    fail('interval_value', 'Interval value must be a date (YYYY-MM-DD) for a one-time reminder');
}

async function remindersOf(reader: Reader, taskId: number): Promise<StoredRow[]> {
  return (await typedDb<TasksCoursesTables>(reader)
    .selectFrom('reminders')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as unknown as StoredRow[];
}

/** `Task.reminder`: the task's reminder, or null. */
export async function taskReminder(task: StoredRow, reader: Reader): Promise<StoredRow | null> {
  return (await remindersOf(reader, task.id))[0] ?? null;
}

async function currentReminder(work: Work, task: StoredRow, rawId: unknown): Promise<StoredRow | undefined> {
  const reminders = await remindersOf(work, task.id);
  if (rawId === undefined || rawId === null || rawId === '') return reminders[0];
  const id = parseId(rawId);
  const named = reminders.find((r) => r.id === id);
  if (!named) fail('id', `Reminder ${String(rawId)} was not found`);
  return named;
}

export async function applyReminder(
  work: Work,
  task: StoredRow,
  input: Record<string, unknown>,
): Promise<void> {
  const raw = input.reminder;
  if (raw === undefined || raw === null) return;
  await within('reminder', async () => {
    const { id, remove_reminder: remove, ...fields } = parseInput(reminderInput, raw);
    const current = await currentReminder(work, task, id);
    if (remove === true) {
      if (current) await deleteRecord(work, Reminder, current);
      return;
    }
    if (current) {
      await updateRecord(work, Reminder, current, fields, {
        before: async (_work, values) => checkInterval(values, current),
      });
      return;
    }
    const { values } = await validateInput(work, Reminder, fields, 'create');
    checkInterval(values);
    await insertRow(work, Reminder, { ...values, task_id: task.id }, task.organization_id);
  });
}

/** Deleting a task removes its reminder. */
export async function dropReminders(work: Work, task: StoredRow): Promise<void> {
  await typedTransaction<TasksCoursesTables>(work)
    .deleteFrom('reminders')
    .where('task_id', '=', task.id)
    .execute();
}
