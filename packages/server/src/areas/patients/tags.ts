/**
 * Tags on people: `bulkApply` puts tags on a user (one `applied_tag.created` per new application),
 * `removeAppliedTag` takes one off (`applied_tag.deleted`). `createTag` with `taggable_user_id` applies the
 * new tag at once, and `deleteTag` removes its applications, with the same events.
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { AppliedTag, Tag, User, type PatientsTables } from './resources.js';

const TAGGABLE_REQUIRED = 'Taggable user is required';

/** `taggable_user_id`, required. Checked before the tags, so its message comes first. */
const taggableInput = z.object({
  taggable_user_id: z
    .union([z.string(), z.number()], { error: TAGGABLE_REQUIRED })
    .refine((raw) => raw !== '', { error: TAGGABLE_REQUIRED }),
});

const bulkApplyInput = z.object({
  ids: z
    .array(z.unknown())
    .nullish()
    .transform((ids) => ids ?? [])
    .refine((ids) => ids.length > 0, { error: 'Ids must name at least one tag' }),
});

/** The user named by `taggable_user_id`: any user in scope, patient or provider (Healthie tags both). */
async function taggableUser(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  const { taggable_user_id: raw } = parseInput(taggableInput, input);
  const id = parseId(raw);
  const user = id === null ? undefined : await findRow(work, User, id);
  if (!user) fail('taggable_user_id', `User ${String(raw)} was not found`);
  return user;
}

async function activeApplication(work: Work, tagId: number, userId: number): Promise<StoredRow | undefined> {
  return (await typedTransaction<PatientsTables>(work)
    .selectFrom('applied_tags')
    .selectAll()
    .where('tag_id', '=', tagId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** Applies a tag unless it is already on the user; only a new application emits an event. */
async function applyTag(work: Work, tag: StoredRow, user: StoredRow): Promise<void> {
  if (await activeApplication(work, tag.id, user.id)) return;
  await createRecord(work, AppliedTag, { tag_id: tag.id, user_id: user.id });
}

export async function applyNewTag(work: Work, change: RecordChange): Promise<void> {
  if (change.input.taggable_user_id === undefined || change.input.taggable_user_id === null) return;
  await applyTag(work, change.row, await taggableUser(work, change.input));
}

export async function removeTagApplications(work: Work, change: RecordChange): Promise<void> {
  const applications = await typedTransaction<PatientsTables>(work)
    .selectFrom('applied_tags')
    .selectAll()
    .where('tag_id', '=', change.row.id)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  for (const row of applications) await deleteRecord(work, AppliedTag, row as StoredRow);
}

export const bulkApply: SpecialMutation = {
  name: 'bulkApply',
  input: 'bulkApplyInput',
  inputFields: { ids: '[ID]', taggable_user_id: 'ID' },
  payload: 'bulkApplyPayload',
  returns: { tags: '[Tag]' },
  async run(work, input) {
    const user = await taggableUser(work, input);
    const { ids } = parseInput(bulkApplyInput, input);
    const tags: StoredRow[] = [];
    for (const id of ids) tags.push(await requireRow(work, Tag, id, 'ids'));
    for (const row of tags) await applyTag(work, row, user);
    return { tags };
  },
};

export const removeAppliedTag: SpecialMutation = {
  name: 'removeAppliedTag',
  input: 'removeAppliedTagInput',
  inputFields: { id: 'ID', taggable_user_id: 'ID' },
  payload: 'removeAppliedTagPayload',
  returns: { tag: 'Tag' },
  async run(work, input) {
    const user = await taggableUser(work, input);
    const tag = await requireRow(work, Tag, input.id);
    const applied = await activeApplication(work, tag.id, user.id);
    if (!applied) fail('id', `Tag ${tag.id} is not applied to user ${user.id}`);
    await deleteRecord(work, AppliedTag, applied);
    return { tag };
  },
};
