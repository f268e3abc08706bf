/**
 * Journal entries beyond their stored fields: `subentries` (entries of the same patient within one, e.g.
 * the foods of a meal) written with their entry, each with its own event; `image` (described by its
 * content type: carehooks keeps no files); and the fields Healthie derives from an entry (its poster's
 * water intake, its source, its stat as text, …).
 */
import {
  createRecord,
  fail,
  findRow,
  parseId,
  typedDb,
  updateRecord,
  within,
  type Computed,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import type { OrganizationTables } from '../organization/index.js';
import { fullName, User } from '../patients/index.js';
import { Entry, type ClinicalTables } from './resources.js';

type Item = Record<string, unknown>;

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

/** `image` (Healthie's Upload, which reaches carehooks as a data URL): its content type is kept. */
export async function describeImage(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const image = input.image;
  if (image === undefined || image === null || image === '') return;
  const match = typeof image === 'string' ? DATA_URL.exec(image) : null;
  if (!match) fail('image', 'Image must be a data URL (data:<type>;base64,...)');
  values.image_content_type = match[1]!.toLowerCase();
}

const SUBENTRY_FIELDS = ['category', 'description', 'metric_stat', 'type'] as const;

async function applySubentry(work: Work, entry: StoredRow, item: Item): Promise<void> {
  const fields: Item = {};
  for (const name of SUBENTRY_FIELDS) if (item[name] !== undefined) fields[name] = item[name];
  if (item.id !== undefined && item.id !== null && item.id !== '') {
    const id = parseId(item.id);
    const row = id === null ? undefined : await findRow(work, Entry, id);
    if (!row || row.parent_entry_id !== entry.id)
      fail('id', `Entry ${String(item.id)} is not a sub-entry of entry ${entry.id}`);
    const { type: _type, ...changes } = fields;
    await updateRecord(work, Entry, row, changes);
    return;
  }
  await createRecord(
    work,
    Entry,
    { type: entry.type, ...fields, user_id: entry.user_id },
    {
      before: async (_work, values) => {
        values.parent_entry_id = entry.id;
      },
    },
  );
}

/** `subentries` of createEntry / updateEntry: created (or, with `id`, edited) within the entry. */
export async function applySubentries(work: Work, change: RecordChange): Promise<void> {
  const items = change.input.subentries;
  if (!Array.isArray(items)) return;
  for (const [index, item] of items.entries()) {
    if (typeof item !== 'object' || item === null) continue;
    await within(`subentries[${index}]`, () => applySubentry(work, change.row, item as Item));
  }
}

const textOf = (value: unknown) =>
  value === null || value === undefined || value === '' ? null : String(value);

async function previousWaterIntake(entry: StoredRow, reader: Reader): Promise<number> {
  if (entry.type !== 'WaterIntakeEntry') return 0;
  const previous = await typedDb<ClinicalTables>(reader)
    .selectFrom('entries')
    .select('metric_stat')
    .where('user_id', '=', Number(entry.user_id))
    .where('type', '=', 'WaterIntakeEntry')
    .where('id', '<', entry.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return previous?.metric_stat == null ? 0 : Math.round(Number(previous.metric_stat));
}

async function defaultWaterIntake(entry: StoredRow, reader: Reader): Promise<number | null> {
  if (entry.user_id == null) return null;
  const toggle = await typedDb<OrganizationTables>(reader)
    .selectFrom('feature_toggles')
    .select('default_water_intake')
    .where('user_id', '=', Number(entry.user_id))
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .executeTakeFirst();
  const value =
    toggle?.default_water_intake == null ? Number.NaN : Number.parseInt(toggle.default_water_intake, 10);
  return Number.isNaN(value) ? null : value;
}

async function entrySource(entry: StoredRow, reader: Reader): Promise<string | null> {
  if (typeof entry.third_party_source === 'string' && entry.third_party_source !== '')
    return entry.third_party_source;
  if (typeof entry.added_by_user_id !== 'number') return null;
  const user = await findRow(reader, User, entry.added_by_user_id);
  return user ? fullName(user) : null;
}

export const entryFields: Record<string, Computed> = {
  has_subentries: {
    type: 'Boolean',
    resolve: async (entry, reader) =>
      (await typedDb<ClinicalTables>(reader)
        .selectFrom('entries')
        .select('id')
        .where('parent_entry_id', '=', entry.id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst()) !== undefined,
  },
  metric_stat_string: { type: 'String', resolve: (entry) => textOf(entry.metric_stat) },
  // The 1–10 scales and emotions as text (they are stored as given).
  ed_prehunger_string: { type: 'String', resolve: (entry) => textOf(entry.ed_prehunger) },
  ed_posthunger_string: { type: 'String', resolve: (entry) => textOf(entry.ed_posthunger) },
  emotions_string: { type: 'String', resolve: (entry) => textOf(entry.emotions) },
  percieved_hungriness: {
    type: 'Float',
    resolve: (entry) => {
      const value = Number.parseFloat(String(entry.perceived_hungriness ?? ''));
      return Number.isNaN(value) ? null : value;
    },
  },
  // A meal's name, or the metric's category.
  name: { type: 'String', resolve: (entry) => textOf(entry.meal_name) ?? textOf(entry.category) },
  // Links only: carehooks keeps no uploaded images.
  image_url: {
    type: 'String',
    resolve: (entry) =>
      typeof entry.image_string === 'string' && /^https?:\/\//i.test(entry.image_string)
        ? entry.image_string
        : null,
  },
  previous_water_intake_stat: { type: 'Int!', resolve: previousWaterIntake },
  default_water_intake_for_entry_user: { type: 'Int', resolve: defaultWaterIntake },
  source: { type: 'String', resolve: entrySource },
};

/** `Comment.author` and `Comment.creator`: the poster, as Healthie answers both. */
async function commentPoster(comment: StoredRow, reader: Reader): Promise<StoredRow | null> {
  return typeof comment.user_id === 'number'
    ? ((await findRow(reader, User, comment.user_id)) ?? null)
    : null;
}

export const commentFields: Record<string, Computed> = {
  author: { type: 'User', resolve: commentPoster },
  creator: { type: 'User', resolve: commentPoster },
};
