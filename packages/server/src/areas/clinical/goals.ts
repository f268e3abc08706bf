/**
 * Goal specifics: the start day defaults to today; `use_as_template` saves the goal in the template
 * library (`goal_template.created`, right after the goal's own event); nested `subgoals` are created,
 * updated or removed as child goals, each with its own `goal.*` event (with `from_update_form`, the list is
 * the whole form: subgoals it leaves out are removed); `reminder` creates, edits or removes the goal's
 * reminder (no events: the catalog has none).
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  typedTransaction,
  updateRecord,
  within,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { today } from './goal-histories.js';
import { Goal, GoalReminder, GoalTemplate, type ClinicalTables } from './resources.js';

type Item = Record<string, unknown>;

export async function goalStartOn(work: Work, values: Record<string, unknown>): Promise<void> {
  if (values.start_on == null) values.start_on = today(work);
}

/** A goal always has a start day: an update cannot clear it. */
export async function keepStartOn(_work: Work, values: Record<string, unknown>): Promise<void> {
  if ('start_on' in values && values.start_on === null) delete values.start_on;
}

async function saveAsTemplate(work: Work, goal: StoredRow): Promise<void> {
  const existing = await typedTransaction<ClinicalTables>(work)
    .selectFrom('goal_templates')
    .select('id')
    .where('goal_id', '=', goal.id)
    .executeTakeFirst();
  if (existing) return;
  // The template joins the library of whoever saved it.
  await createRecord(work, GoalTemplate, {
    name: goal.name,
    description: goal.description,
    repeat: goal.repeat,
    title_link: goal.title_link,
    goal_id: goal.id,
    user_id: work.caller.userId,
  });
}

/** Applies one subgoal item; answers the id of the subgoal it keeps, if any. */
async function applySubgoal(work: Work, goal: StoredRow, item: Item): Promise<number | undefined> {
  const { id, _destroy: destroy, parent_id: _parent, ...fields } = item;
  if (id !== undefined && id !== null && id !== '') {
    const subgoalId = parseId(id);
    const row = subgoalId === null ? undefined : await findRow(work, Goal, subgoalId);
    if (!row || row.parent_id !== goal.id)
      fail('id', `Goal ${String(id)} is not a subgoal of goal ${goal.id}`);
    if (destroy === true) {
      await deleteRecord(work, Goal, row);
      return undefined;
    }
    await updateRecord(work, Goal, row, fields);
    return row.id;
  }
  if (destroy === true) return undefined;
  const created = await createRecord(
    work,
    Goal,
    { user_id: goal.user_id, ...fields, parent_id: goal.id, care_plan_id: goal.care_plan_id },
    { before: goalStartOn },
  );
  return created.id;
}

/** With `from_update_form`, the subgoals the form does not list are removed. */
async function removeUnlisted(work: Work, goal: StoredRow, kept: readonly number[]): Promise<void> {
  const subgoals = (await typedTransaction<ClinicalTables>(work)
    .selectFrom('goals')
    .selectAll()
    .where('parent_id', '=', goal.id)
    .orderBy('id')
    .execute()) as StoredRow[];
  for (const subgoal of subgoals) if (!kept.includes(subgoal.id)) await deleteRecord(work, Goal, subgoal);
}

const REMINDER_FIELDS = ['interval_type', 'interval_value', 'is_enabled'] as const;

/** `reminder`: with `remove_reminder` the goal's reminder is removed; otherwise it is created or edited. */
async function applyReminder(work: Work, goal: StoredRow, item: Item): Promise<void> {
  const current = (await typedTransaction<ClinicalTables>(work)
    .selectFrom('goal_reminders')
    .selectAll()
    .where('goal_id', '=', goal.id)
    .executeTakeFirst()) as StoredRow | undefined;
  if (item.id !== undefined && item.id !== null && item.id !== '' && parseId(item.id) !== current?.id)
    fail('id', `Reminder ${String(item.id)} is not the reminder of goal ${goal.id}`);
  if (item.remove_reminder === true) {
    if (current) await deleteRecord(work, GoalReminder, current);
    return;
  }
  const fields: Item = {};
  for (const name of REMINDER_FIELDS) if (item[name] !== undefined) fields[name] = item[name];
  if (typeof fields.interval_type === 'string') fields.interval_type = fields.interval_type.toLowerCase();
  if (current) await updateRecord(work, GoalReminder, current, fields);
  else await createRecord(work, GoalReminder, { ...fields, goal_id: goal.id });
}

/** A removed goal's reminder goes with it. */
export async function removeGoalReminder(work: Work, change: RecordChange): Promise<void> {
  await typedTransaction<ClinicalTables>(work)
    .deleteFrom('goal_reminders')
    .where('goal_id', '=', change.row.id)
    .execute();
}

export async function applyGoalExtras(work: Work, change: RecordChange): Promise<void> {
  if (change.input.use_as_template === true) await saveAsTemplate(work, change.row);
  const given = change.input.subgoals;
  const subgoals = Array.isArray(given) ? given : [];
  const kept: number[] = [];
  for (const [index, item] of subgoals.entries()) {
    if (typeof item !== 'object' || item === null) continue;
    const id = await within(`subgoals[${index}]`, () => applySubgoal(work, change.row, item as Item));
    if (id !== undefined) kept.push(id);
  }
  if (change.input.from_update_form === true && Array.isArray(given))
    await removeUnlisted(work, change.row, kept);
  const reminder = change.input.reminder;
  if (typeof reminder === 'object' && reminder !== null)
    await within('reminder', () => applyReminder(work, change.row, reminder as Item));
}
