/**
 * Read-back queries of the clinical area that are not a resource's list: a goal's subgoals, the water
 * intake entry of a day and a patient's medication history as the e-prescribing network reports it.
 */
import {
  findRow,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { instantOf } from './list-args.js';
import { Entry, type ClinicalTables } from './resources.js';

const PAGE = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

const offsetOf = (value: unknown) => (typeof value === 'number' && value > 0 ? value : 0);

function subgoalsQuery(reader: Reader, args: Record<string, unknown>) {
  let query = typedDb<ClinicalTables>(reader)
    .selectFrom('goals')
    .where('organization_id', 'in', reader.scope)
    .where('parent_id', 'is not', null);
  if (args.goal_id != null) query = query.where('parent_id', '=', parseId(args.goal_id) ?? -1);
  if (args.user_id != null) query = query.where('user_id', '=', parseId(args.user_id) ?? -1);
  return query;
}

/** `subGoals(goal_id, user_id, offset)`: subgoals of the goal (and of the user), oldest first, 10 a page. */
const subGoals: Computed = {
  type: '[Goal!]',
  args: { goal_id: 'ID', offset: 'Int', user_id: 'ID' },
  resolve: (_root, reader, args) =>
    subgoalsQuery(reader, args).selectAll().orderBy('id').limit(PAGE).offset(offsetOf(args.offset)).execute(),
};

const subGoalsCount: Computed = {
  type: 'Int',
  args: { goal_id: 'ID', offset: 'Int', user_id: 'ID' },
  resolve: async (_root, reader, args) => {
    const row = await subgoalsQuery(reader, args)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  },
};

/**
 * `waterIntakeEntry(entry_id, created_at)`: the water intake entry named, or the caller's latest of the day
 * `created_at` gives (today by default).
 */
const waterIntakeEntry: Computed = {
  type: 'Entry',
  args: { created_at: 'String', entry_id: 'ID' },
  resolve: async (_root, reader, args): Promise<StoredRow | null> => {
    if (args.entry_id != null) {
      const id = parseId(args.entry_id);
      const entry = id === null ? undefined : await findRow(reader, Entry, id);
      return entry?.type === 'WaterIntakeEntry' ? entry : null;
    }
    const day = instantOf(args.created_at ?? new Date().toISOString().slice(0, 10));
    if (day === null) return null;
    const start = day - (day % DAY_MS);
    return (
      ((await typedDb<ClinicalTables>(reader)
        .selectFrom('entries')
        .selectAll()
        .where('type', '=', 'WaterIntakeEntry')
        .where('user_id', '=', reader.caller.userId)
        .where('created_at', '>=', start)
        .where('created_at', '<', start + DAY_MS)
        .where('organization_id', 'in', reader.scope)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst()) as StoredRow | undefined) ?? null
    );
  },
};

/**
 * `surescriptsReportedMedicationHistory`: the patient's prescriptions the e-prescribing network reported,
 * written (or else effective) between `start_date` and `end_date`, newest first, 10 a page (`page_number`
 * from 1).
 */
const medicationHistory: Computed = {
  type: '[Prescription!]',
  args: { end_date: 'ISO8601DateTime', page_number: 'Int', patient_id: 'ID', start_date: 'ISO8601DateTime' },
  resolve: async (_root, reader, args) => {
    let query = typedDb<ClinicalTables>(reader)
      .selectFrom('prescriptions')
      .selectAll()
      .where('patient_id', '=', parseId(args.patient_id) ?? -1)
      .where('organization_id', 'in', reader.scope);
    const day = (value: unknown) => {
      const at = instantOf(value);
      return at === null ? null : new Date(at).toISOString().slice(0, 10);
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of the query
    const written = (eb: any) => eb.fn.coalesce('date_written', 'effective_date');
    const from = day(args.start_date);
    const to = day(args.end_date);
    if (args.start_date != null) query = query.where((eb) => eb(written(eb), '>=', from ?? '9999'));
    if (args.end_date != null) query = query.where((eb) => eb(written(eb), '<=', `${to ?? '0000'}~`));
    const page = typeof args.page_number === 'number' && args.page_number > 1 ? args.page_number : 1;
    return query
      .orderBy((eb) => written(eb), 'desc')
      .orderBy('id', 'desc')
      .limit(PAGE)
      .offset((page - 1) * PAGE)
      .execute();
  },
};

/** Added to the Query type (./area.ts). */
export const clinicalQueries: Record<string, Computed> = {
  subGoals,
  subGoalsCount,
  waterIntakeEntry,
  surescriptsReportedMedicationHistory: medicationHistory,
};
