/**
 * Folder sharing. `createSharings` shares a folder with organization members and patients (one
 * `folder_sharing.created` per user it was not yet shared with); `destroySharings` takes those users off
 * (one `folder_sharing.deleted` per sharing removed). Neither is in the 2024-06 schema; the inputs follow
 * Healthie's later `CreateSharingsInput` / `DestroySharingsInput` (`id` + `shareable_type`, id lists),
 * with a payload holding the folder and `messages`. Documents and user groups are not shared here:
 * carehooks models neither document sharing nor groups, so asking for them is refused.
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  requireRow,
  type Reader,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { typedTransaction } from '../typed-db.js';

const sharingInput = {
  id: 'ID',
  shareable_type: 'ShareableType',
  org_member_ids: '[ID!]',
  patient_ids: '[ID!]',
  user_group_ids: '[ID!]',
};

async function sharedFolder(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  if (
    input.shareable_type !== undefined &&
    input.shareable_type !== null &&
    input.shareable_type !== 'FOLDER'
  ) {
    fail('shareable_type', 'Only folders can be shared with these mutations');
  }
  if (Array.isArray(input.user_group_ids) && input.user_group_ids.length > 0) {
    fail('user_group_ids', 'User groups are not modelled; share with org_member_ids or patient_ids');
  }
  return requireRow(work, work.registry.get('Folder'), input.id);
}

/** The users an input names, org members first, each once; any unknown id refuses the mutation. */
async function namedUsers(work: Work, input: Record<string, unknown>): Promise<StoredRow[]> {
  const users: StoredRow[] = [];
  for (const field of ['org_member_ids', 'patient_ids'] as const) {
    const ids = Array.isArray(input[field]) ? (input[field] as unknown[]) : [];
    for (const raw of ids) {
      const id = parseId(raw);
      const user = id === null ? undefined : await findRow(work, work.registry.get('User'), id);
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
  return (await typedTransaction(work)
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', folder.organization_id)
    .where('user_type', '=', 'provider')
    .orderBy('id')
    .execute()) as unknown as StoredRow[];
}

async function sharing(work: Work, folderId: number, userId: number): Promise<StoredRow | undefined> {
  return (await typedTransaction(work)
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
  async run(work, input) {
    const folder = await sharedFolder(work, input);
    const users = await namedUsers(work, input);
    if (input.share_with_all_org_members === true) {
      for (const member of await orgMembers(work, folder)) {
        if (!users.some((u) => u.id === member.id)) users.push(member);
      }
    }
    if (users.length === 0) fail('patient_ids', 'Name at least one user to share the folder with');
    const FolderSharing = work.registry.get('FolderSharing');
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
  async run(work, input) {
    const folder = await sharedFolder(work, input);
    const users = await namedUsers(work, input);
    if (users.length === 0) fail('patient_ids', 'Name at least one user to stop sharing the folder with');
    const FolderSharing = work.registry.get('FolderSharing');
    for (const user of users) {
      const row = await sharing(work, folder.id, user.id);
      if (row) await deleteRecord(work, FolderSharing, row);
    }
    return { folder };
  },
};

/** Users a folder is shared with, oldest sharing first (Healthie's `Folder.users`). */
export async function folderUsers(folder: StoredRow, reader: Reader): Promise<unknown[]> {
  return reader.db
    .selectFrom('users')
    .innerJoin('folder_sharings', 'folder_sharings.user_id', 'users.id')
    .selectAll('users')
    .where('folder_sharings.folder_id', '=', folder.id)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('folder_sharings.id')
    .execute();
}
