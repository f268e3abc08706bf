/**
 * Folder sharing. `createSharings` shares a folder with organization members and patients (one
 * `folder_sharing.created` per user it was not yet shared with); `destroySharings` takes those users off
 * (one `folder_sharing.deleted` per sharing removed). Neither is in the 2024-06 schema; the inputs follow
 * Healthie's later `CreateSharingsInput` / `DestroySharingsInput` (`id` + `shareable_type`, id lists),
 * with a payload holding the folder and `messages`. Documents and user groups are not shared here:
 * carehooks models neither document sharing nor groups, so asking for them is refused.
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
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { Folder, FolderSharing, type DocumentsTables } from './resources.js';

const sharingInput = {
  id: 'ID',
  shareable_type: 'ShareableType',
  org_member_ids: '[ID!]',
  patient_ids: '[ID!]',
  user_group_ids: '[ID!]',
};

const idList = z.array(z.unknown()).nullish();

/**
 * Both mutations' input. `id` and the user ids name records, so they are checked against the database;
 * of the two refusals here only the first applies, shareable type before user groups.
 */
const sharingSchema = z
  .object({
    id: z.unknown().optional(),
    shareable_type: z.string().nullish(),
    org_member_ids: idList,
    patient_ids: idList,
    user_group_ids: idList,
    share_with_all_org_members: z.boolean().nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.shareable_type != null && input.shareable_type !== 'FOLDER') {
      ctx.addIssue({
        code: 'custom',
        path: ['shareable_type'],
        message: 'Only folders can be shared with these mutations',
      });
    } else if ((input.user_group_ids?.length ?? 0) > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['user_group_ids'],
        message: 'User groups are not modelled; share with org_member_ids or patient_ids',
      });
    }
  });

type SharingInput = z.infer<typeof sharingSchema>;

/** The users an input names, org members first, each once; any unknown id refuses the mutation. */
async function namedUsers(work: Work, input: SharingInput): Promise<StoredRow[]> {
  const users: StoredRow[] = [];
  for (const field of ['org_member_ids', 'patient_ids'] as const) {
    for (const raw of input[field] ?? []) {
      const id = parseId(raw);
      const user = id === null ? undefined : await findRow(work, User, id);
      if (!user) fail(field, `User ${String(raw)} was not found`);
      const expected = field === 'patient_ids' ? 'patient' : 'provider';
      if (user.user_type !== expected) fail(field, `User ${user.id} is not a ${expected}`);
      if (!users.some((u) => u.id === user.id)) users.push(user);
    }
  }
  return users;
}

/** Every provider of the folder's organization, for `share_with_all_org_members`. */
async function orgMembers(work: Work, folder: StoredRow): Promise<StoredRow[]> {
  return (await typedTransaction<DocumentsTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', folder.organization_id)
    .where('user_type', '=', 'provider')
    .orderBy('id')
    .execute()) as unknown as StoredRow[];
}

async function sharing(work: Work, folderId: number, userId: number): Promise<StoredRow | undefined> {
  return (await typedTransaction<DocumentsTables>(work)
    .selectFrom('folder_sharings')
    .selectAll()
    .where('folder_id', '=', folderId)
    .where('user_id', '=', userId)
    .executeTakeFirst()) as StoredRow | undefined;
}

export const createSharings: SpecialMutation = {
  name: 'createSharings',
  input: 'CreateSharingsInput',
  inputFields: { ...sharingInput, share_with_all_org_members: 'Boolean' },
  payload: 'CreateSharingsPayload',
  returns: { folder: 'Folder' },
  async run(work, raw) {
    const input = parseInput(sharingSchema, raw);
    const folder = await requireRow(work, Folder, input.id);
    const users = await namedUsers(work, input);
    if (input.share_with_all_org_members === true) {
      for (const member of await orgMembers(work, folder)) {
        if (!users.some((u) => u.id === member.id)) users.push(member);
      }
    }
    if (users.length === 0) fail('patient_ids', 'Name at least one user to share the folder with');
    for (const user of users) {
      if (await sharing(work, folder.id, user.id)) continue;
      await createRecord(work, FolderSharing, { folder_id: folder.id, user_id: user.id });
    }
    return { folder };
  },
};

export const destroySharings: SpecialMutation = {
  name: 'destroySharings',
  input: 'DestroySharingsInput',
  inputFields: sharingInput,
  payload: 'DestroySharingsPayload',
  returns: { folder: 'Folder' },
  async run(work, raw) {
    const input = parseInput(sharingSchema, raw);
    const folder = await requireRow(work, Folder, input.id);
    const users = await namedUsers(work, input);
    if (users.length === 0) fail('patient_ids', 'Name at least one user to stop sharing the folder with');
    for (const user of users) {
      const row = await sharing(work, folder.id, user.id);
      if (row) await deleteRecord(work, FolderSharing, row);
    }
    return { folder };
  },
};
