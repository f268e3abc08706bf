/**
 * Goal specifics: the start day defaults to today; `use_as_template` saves the goal in the template
 * library (`goal_template.created`, right after the goal's own event); nested `subgoals` are created,
 * updated or removed as child goals, each with its own `goal.*` event.
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
import { Goal, GoalTemplate, type ClinicalTables } from './resources.js';

type Item = Record<string, unknown>;

export async function goalStartOn(work: Work, values: Record<string, unknown>): Promise<void> {
  if (values.start_on == null) values.start_on = today(work);
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

async function applySubgoal(work: Work, goal: StoredRow, item: Item): Promise<void> {
  const { id, _destroy: destroy, parent_id: _parent, ...fields } = item;
  if (id !== undefined && id !== null && id !== '') {
    const subgoalId = parseId(id);
    const row = subgoalId === null ? undefined : await findRow(work, Goal, subgoalId);
    if (!row || row.parent_id !== goal.id)
      fail('id', `Goal ${String(id)} is not a subgoal of goal ${goal.id}`);
    if (destroy === true) await deleteRecord(work, Goal, row);
    else await updateRecord(work, Goal, row, fields);
  } else if (destroy !== true) {
    await createRecord(
      work,
      Goal,
      { user_id: goal.user_id, ...fields, parent_id: goal.id, care_plan_id: goal.care_plan_id },
      { before: goalStartOn },
    );
  }
}

export async function applyGoalExtras(work: Work, change: RecordChange): Promise<void> {
  if (change.input.use_as_template === true) await saveAsTemplate(work, change.row);
  const subgoals = Array.isArray(change.input.subgoals) ? change.input.subgoals : [];
  for (const [index, item] of subgoals.entries()) {
    if (typeof item !== 'object' || item === null) continue;
    await within(`subgoals[${index}]`, () => applySubgoal(work, change.row, item as Item));
  }
}
