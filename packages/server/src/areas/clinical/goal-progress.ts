/**
 * How far a goal has come, read from its histories (the days it was marked complete). A goal repeats
 * `Daily` (one completion a day), `Weekly` (one a week, weeks starting on Monday) or `Once`; any other
 * frequency counts as daily. Rates are whole percentages of the days (or weeks) the goal ran in the range:
 * from its start day to its due date, at most until the range's end (today by default).
 */
import { typedDb, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import type { ClinicalTables } from './resources.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const today = () => new Date().toISOString().slice(0, 10);
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
/** Days since 1970-01-05, a Monday, in whole weeks. */
const weekNumber = (day: string) => Math.floor((dayNumber(day) - 4) / 7);

type Frequency = 'daily' | 'weekly' | 'once';

function frequencyOf(goal: StoredRow): Frequency {
  const repeat = typeof goal.repeat === 'string' ? goal.repeat.trim().toLowerCase() : '';
  return repeat === 'weekly' || repeat === 'once' ? repeat : 'daily';
}

async function completedDays(reader: Reader, goalId: number): Promise<string[]> {
  const rows = await typedDb<ClinicalTables>(reader)
    .selectFrom('goal_histories')
    .select('completed_on')
    .where('goal_id', '=', goalId)
    .where('organization_id', 'in', reader.scope)
    .execute();
  return rows.map((r) => r.completed_on).filter((d): d is string => typeof d === 'string' && DATE.test(d));
}

function completedFor(goal: StoredRow, days: readonly string[], day: string): boolean {
  switch (frequencyOf(goal)) {
    case 'once':
      return days.some((d) => d <= day);
    case 'weekly':
      return days.some((d) => weekNumber(d) === weekNumber(day));
    case 'daily':
      return days.includes(day);
  }
}

/** The percentage of the range's days (or weeks) the goal was completed, 0 when it did not run in it. */
function percentage(goal: StoredRow, days: readonly string[], start: string, end: string): number {
  const from = typeof goal.start_on === 'string' && goal.start_on > start ? goal.start_on : start;
  const to = typeof goal.due_date === 'string' && goal.due_date < end ? goal.due_date : end;
  if (!DATE.test(from) || !DATE.test(to) || from > to) return 0;
  const inRange = days.filter((d) => d >= from && d <= to);
  switch (frequencyOf(goal)) {
    case 'once':
      return days.some((d) => d <= to) ? 100 : 0;
    case 'weekly': {
      const weeks = weekNumber(to) - weekNumber(from) + 1;
      return Math.round((100 * new Set(inRange.map(weekNumber)).size) / weeks);
    }
    case 'daily':
      return Math.round((100 * new Set(inRange).size) / (dayNumber(to) - dayNumber(from) + 1));
  }
}

async function overallRate(goal: StoredRow, reader: Reader): Promise<string> {
  const start = typeof goal.start_on === 'string' ? goal.start_on : today();
  return String(percentage(goal, await completedDays(reader, goal.id), start, today()));
}

async function subgoalsOf(goal: StoredRow, reader: Reader): Promise<StoredRow[]> {
  return (await typedDb<ClinicalTables>(reader)
    .selectFrom('goals')
    .selectAll()
    .where('parent_id', '=', goal.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as StoredRow[];
}

const dayArg = (value: unknown): string | null =>
  typeof value === 'string' && DATE.test(value.trim()) ? value.trim() : null;

export const goalProgressFields: Record<string, Computed> = {
  is_completed_for_date: {
    type: 'Boolean',
    args: { date: 'String!' },
    resolve: async (goal, reader, args) => {
      const day = dayArg(args.date);
      return day === null ? null : completedFor(goal, await completedDays(reader, goal.id), day);
    },
  },
  completion_percentage_for_range: {
    type: 'Int',
    args: { end_range: 'String', start_range: 'String!' },
    resolve: async (goal, reader, args) => {
      const start = dayArg(args.start_range);
      const end = args.end_range == null ? today() : dayArg(args.end_range);
      if (start === null || end === null) return null;
      return percentage(goal, await completedDays(reader, goal.id), start, end);
    },
  },
  completion_rate: { type: 'String', resolve: overallRate },
  is_current: {
    type: 'Boolean',
    resolve: (goal) => {
      const day = today();
      return (
        (typeof goal.start_on !== 'string' || goal.start_on <= day) &&
        (typeof goal.due_date !== 'string' || goal.due_date >= day)
      );
    },
  },
  is_used_as_template: {
    type: 'Boolean',
    resolve: async (goal, reader) =>
      (await typedDb<ClinicalTables>(reader)
        .selectFrom('goal_templates')
        .select('id')
        .where('goal_id', '=', goal.id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst()) !== undefined,
  },
  subgoals_count: {
    type: 'String',
    resolve: async (goal, reader) => String((await subgoalsOf(goal, reader)).length),
  },
  // A subgoal's own rate; null for a goal that is not a subgoal.
  subgoal_completion_rate: {
    type: 'String',
    resolve: (goal, reader) => (goal.parent_id == null ? null : overallRate(goal, reader)),
  },
  // The percentage of a goal's subgoals completed today; null for a goal without subgoals.
  parent_subgoal_completion_rate: {
    type: 'String',
    resolve: async (goal, reader) => {
      const subgoals = await subgoalsOf(goal, reader);
      if (subgoals.length === 0) return null;
      const day = today();
      let done = 0;
      for (const subgoal of subgoals)
        if (completedFor(subgoal, await completedDays(reader, subgoal.id), day)) done += 1;
      return String(Math.round((100 * done) / subgoals.length));
    },
  },
  streak_info: {
    type: '[GoalStreakInfo!]',
    args: { end_range: 'String', start_range: 'String!' },
    resolve: (goal, reader, args) => streakInfo.resolve(goal, reader, args),
  },
  reminder: {
    type: 'Reminder',
    resolve: async (goal, reader) =>
      (await typedDb<ClinicalTables>(reader)
        .selectFrom('goal_reminders')
        .selectAll()
        .where('goal_id', '=', goal.id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst()) ?? null,
  },
};

async function goalOf(history: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<ClinicalTables>(reader)
    .selectFrom('goals')
    .selectAll()
    .where('id', '=', Number(history.goal_id))
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** What a history says of its goal, as Healthie answers it on `GoalHistory`. */
export const goalHistoryFields: Record<string, Computed> = {
  name: { type: 'String', resolve: async (h, reader) => (await goalOf(h, reader))?.name ?? null },
  description: {
    type: 'String',
    resolve: async (h, reader) => (await goalOf(h, reader))?.description ?? null,
  },
  repeat: { type: 'String', resolve: async (h, reader) => (await goalOf(h, reader))?.repeat ?? null },
  is_subgoal: {
    type: 'Boolean',
    resolve: async (h, reader) => {
      const goal = await goalOf(h, reader);
      return goal ? goal.parent_id != null : null;
    },
  },
};

/** A run of consecutive completions (`GoalStreakInfo`): days for a daily goal, weeks for a weekly one. */
interface Streak {
  count: number;
  start_date: string;
  end_date: string;
}

function streaks(goal: StoredRow, days: readonly string[], start: string, end: string): Streak[] {
  const inRange = [...new Set(days.filter((d) => d >= start && d <= end))].sort();
  const weekly = frequencyOf(goal) === 'weekly';
  const step = (day: string) => (weekly ? weekNumber(day) : dayNumber(day));
  const runs: Streak[] = [];
  for (const day of inRange) {
    const last = runs.at(-1);
    if (last && step(day) === step(last.end_date)) last.end_date = day;
    else if (last && step(day) === step(last.end_date) + 1) {
      last.count += 1;
      last.end_date = day;
    } else runs.push({ count: 1, start_date: day, end_date: day });
  }
  return runs;
}

/** `Goal.streak_info(start_range, end_range)`: the goal's streaks in the range (until today by default). */
export const streakInfo: Computed = {
  type: '[GoalStreakInfo!]',
  args: { end_range: 'String', start_range: 'String!' },
  resolve: async (goal, reader, args) => {
    const start = dayArg(args.start_range);
    const end = args.end_range == null ? today() : dayArg(args.end_range);
    if (start === null || end === null) return null;
    return streaks(goal, await completedDays(reader, goal.id), start, end);
  },
};
