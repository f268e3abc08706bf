/**
 * Journal entries in bulk, as health-data imports send them. `bulkCreateEntries` creates each entry like
 * createEntry (`entry.created` or `metric_entry.created` each, by kind), keeping the import's
 * `external_id`; `check_duplicates` skips an entry the patient already has (the same external id, or else
 * the same kind, category, reading and time), answering the existing one; `add_to_avg_heart_rate` folds a
 * reading into the patient's average entry of that category for the day (`metric_entry.updated`, with
 * `metric_stat` and `entries_in_average`), or starts one. `createOrAddToWaterIntakeEntry` adds to the
 * patient's water intake entry of the day (`entry.updated`, `metric_stat`) or creates it (`entry.created`).
 */
import { z } from 'zod';
import {
  createRecord,
  fail,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  within,
  type MutationHooks,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { JOURNAL_ENTRY_TYPES } from './entries.js';
import { applySubentries, describeImage } from './entry-fields.js';
import { instantOf } from './list-args.js';
import { Entry, type ClinicalTables } from './resources.js';
import { givenTimes } from './timestamps.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type EntryType = (typeof JOURNAL_ENTRY_TYPES)[number];

const isEntryType = (value: unknown): value is EntryType => JOURNAL_ENTRY_TYPES.includes(value as EntryType);

/** createEntry's behaviour: the image described, sub-entries written, the given time kept. */
const asCreateEntry = (extra: Record<string, unknown>): MutationHooks => ({
  before: async (work, values, input) => {
    await describeImage(work, values, input);
    Object.assign(values, extra);
  },
  after: async (work, change) => {
    await applySubentries(work, change);
    await givenTimes(Entry, ['created_at'])(work, change);
  },
});

/** The time an input gives (`created_at`), or now. */
function timeOf(work: Work, raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return work.uow.now;
  const at = instantOf(raw);
  if (at === null) fail('created_at', 'Created at must be a date and time (YYYY-MM-DD HH:MM)');
  return at;
}

/** The patient's entry of this kind (and category) whose time falls on the same UTC day as `at`. */
async function entryOfDay(
  work: Work,
  userId: number,
  kind: { type: EntryType; category?: string | null },
  at: number,
): Promise<StoredRow | undefined> {
  const start = at - (at % DAY_MS);
  let query = typedTransaction<ClinicalTables>(work)
    .selectFrom('entries')
    .selectAll()
    .where('user_id', '=', userId)
    .where('type', '=', kind.type)
    .where('parent_entry_id', 'is', null)
    .where('created_at', '>=', start)
    .where('created_at', '<', start + DAY_MS)
    .where('organization_id', 'in', work.scope);
  if (kind.category !== undefined)
    query =
      kind.category === null
        ? query.where('category', 'is', null)
        : query.where('category', '=', kind.category);
  return (await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined;
}

const count = z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/)]).transform(Number);

const bulkEntry = z.looseObject({
  user_id: z.unknown().optional(),
  type: z.unknown().optional(),
  category: z.string().nullish(),
  metric_stat: z.unknown().optional(),
  created_at: z.unknown().optional(),
  external_id: z.string().max(255).nullish(),
  external_id_type: z.string().max(255).nullish(),
  percieved_hungriness: z.string().nullish(),
  check_duplicates: z.boolean().nullish(),
  add_to_avg_heart_rate: z.boolean().nullish(),
  entries_in_average: count.nullish(),
});

type BulkEntry = z.infer<typeof bulkEntry>;

/** The user the entry is for: `user_id`, or the caller, as on createEntry. */
async function posterOf(work: Work, item: BulkEntry): Promise<number> {
  if (item.user_id === undefined || item.user_id === null || item.user_id === '') return work.caller.userId;
  return (await requireRow(work, User, item.user_id, 'user_id')).id;
}

/** An entry the patient already has that this one repeats, when asked to check. */
async function duplicateOf(work: Work, userId: number, item: BulkEntry): Promise<StoredRow | undefined> {
  let query = typedTransaction<ClinicalTables>(work)
    .selectFrom('entries')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', 'in', work.scope);
  if (item.external_id) {
    query = query.where('external_id', '=', item.external_id);
    if (item.external_id_type) query = query.where('external_id_type', '=', item.external_id_type);
  } else {
    if (!isEntryType(item.type)) return undefined;
    query = query
      .where('type', '=', item.type)
      .where('created_at', '=', timeOf(work, item.created_at))
      .where('category', item.category == null ? 'is' : '=', item.category ?? null)
      .where('metric_stat', '=', Number(item.metric_stat));
  }
  return (await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined;
}

/** `add_to_avg_heart_rate`: the reading joins the day's average of its category, or starts it. */
async function addToAverage(work: Work, userId: number, item: BulkEntry): Promise<StoredRow | undefined> {
  if (item.type !== 'MetricEntry')
    fail('add_to_avg_heart_rate', 'Only a MetricEntry reading can join an average');
  const reading = Number(item.metric_stat);
  if (item.metric_stat === undefined || item.metric_stat === null || !Number.isFinite(reading))
    fail('metric_stat', 'Metric stat must be a number to add to an average');
  const readings = item.entries_in_average ?? 1;
  const average = await entryOfDay(
    work,
    userId,
    { type: 'MetricEntry', category: item.category ?? null },
    timeOf(work, item.created_at),
  );
  if (!average) return undefined;
  const counted = average.entries_in_average == null ? 1 : Number(average.entries_in_average);
  const total = Number(average.metric_stat ?? 0) * counted + reading * readings;
  const change = await updateRecord(
    work,
    Entry,
    average,
    {},
    {
      before: async (_work, values) => {
        values.metric_stat = Math.round((total / (counted + readings)) * 1000) / 1000;
        values.entries_in_average = counted + readings;
      },
    },
  );
  return change.row;
}

async function createOne(work: Work, raw: Record<string, unknown>): Promise<StoredRow> {
  const item = parseInput(bulkEntry, raw);
  const userId = await posterOf(work, item);
  if (item.check_duplicates === true) {
    const existing = await duplicateOf(work, userId, item);
    if (existing) return existing;
  }
  if (item.add_to_avg_heart_rate === true) {
    const averaged = await addToAverage(work, userId, item);
    if (averaged) return averaged;
  }
  const {
    percieved_hungriness: hungriness,
    check_duplicates: _check,
    add_to_avg_heart_rate: _average,
    entries_in_average: _readings,
    external_id: externalId,
    external_id_type: externalIdType,
    ...fields
  } = raw;
  const input = { ...fields, user_id: userId, perceived_hungriness: hungriness };
  const averageOf =
    item.add_to_avg_heart_rate === true ? (item.entries_in_average ?? 1) : item.entries_in_average;
  return createRecord(
    work,
    Entry,
    input,
    asCreateEntry({
      external_id: externalId ?? null,
      external_id_type: externalIdType ?? null,
      entries_in_average: averageOf ?? null,
    }),
  );
}

export const bulkCreateEntries: SpecialMutation = {
  name: 'bulkCreateEntries',
  input: 'bulkCreateEntriesInput',
  inputFields: { entries: '[BulkEntryInput]' },
  payload: 'bulkCreateEntriesPayload',
  returns: { entries: '[Entry]' },
  async run(work, raw) {
    const { entries } = parseInput(
      z.object({
        entries: z
          .array(z.record(z.string(), z.unknown()), { error: 'Entries must be a list of entries' })
          .min(1, { error: 'Entries must name at least one entry' })
          .max(500, { error: 'At most 500 entries can be created at once' }),
      }),
      raw,
    );
    const made: StoredRow[] = [];
    for (const [index, entry] of entries.entries())
      made.push(await within(`entries[${index}]`, () => createOne(work, entry)));
    return { entries: made };
  },
};

const waterInput = z.object({
  user_id: z.unknown().optional(),
  type: z.literal('WaterIntakeEntry', { error: 'Type must be WaterIntakeEntry' }).nullish(),
  metric_stat: z
    .string({ error: 'Metric stat is required' })
    .trim()
    .regex(/^\d+(\.\d+)?$/, { error: 'Metric stat must be a positive number' }),
  created_at: z.string().nullish(),
});

export const createOrAddToWaterIntakeEntry: SpecialMutation = {
  name: 'createOrAddToWaterIntakeEntry',
  input: 'createOrAddToWaterIntakeEntryInput',
  inputFields: { created_at: 'String', metric_stat: 'String', type: 'String', user_id: 'String' },
  payload: 'createOrAddToWaterIntakeEntryPayload',
  returns: { entry: 'Entry' },
  async run(work, raw) {
    const input = parseInput(waterInput, raw);
    const userId = await posterOf(work, { user_id: input.user_id });
    const at = timeOf(work, input.created_at);
    const today = await entryOfDay(work, userId, { type: 'WaterIntakeEntry' }, at);
    const amount = Number(input.metric_stat);
    if (today) {
      const total = Number(today.metric_stat ?? 0) + amount;
      return { entry: (await updateRecord(work, Entry, today, { metric_stat: String(total) })).row };
    }
    const entry = await createRecord(
      work,
      Entry,
      {
        type: 'WaterIntakeEntry',
        user_id: userId,
        metric_stat: input.metric_stat,
        created_at: input.created_at,
      },
      { after: givenTimes(Entry, ['created_at']) },
    );
    return { entry };
  },
};
