/**
 * Sharing inputs of the standard document and folder mutations.
 *
 * createDocument / updateDocument: `share_users` (comma-separated doc_share_ids: a user's is `user-<id>`;
 * a bare id is read as a user's; user groups are not shared with here), `clients_ids` (comma-separated client ids), `provider_ids` (organization members) and
 * `share_with_rel` (the document's `rel_user`) share the document with those users: one DocumentSharing
 * each, once (document sharings emit no events). `org_level` shares it with every member of the
 * organization (`shared_with_dietitians`). Every named user must be in the caller's organizations; a client
 * given as a provider (or the other way round) is refused. Deleting a document removes its sharings.
 *
 * createFolder: `share_users` and `share_with_rel` (the folder's `rel_user`) share the new folder with
 * those users (`folder_sharing.created` each).
 */
import {
  createRecord,
  fail,
  findRow,
  parseId,
  typedTransaction,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { DocumentSharing, FolderSharing, type DocumentsTables } from './resources.js';

/** `"1, 2"` or `["1", "2"]` → `["1", "2"]`. */
function idsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => String(item ?? '').trim()).filter((item) => item !== '');
}

/** The users an input field names, each checked: in scope, and of the kind the field takes. */
async function usersIn(
  work: Work,
  field: string,
  value: unknown,
  kind?: 'patient' | 'provider',
): Promise<StoredRow[]> {
  const users: StoredRow[] = [];
  for (const raw of idsOf(value)) {
    if (/^group-/i.test(raw))
      fail(field, `Sharing with user groups (${raw}) is not done here; name their users`);
    const id = parseId(raw.replace(/^user-/i, ''));
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail(field, `User ${raw} was not found`);
    if (kind && user.user_type !== kind)
      fail(field, `User ${user.id} is not ${kind === 'patient' ? 'a client' : 'an organization member'}`);
    users.push(user);
  }
  return users;
}

/** The users a document or folder input shares with, each once, in the order the fields name them. */
async function sharedWith(work: Work, record: StoredRow, input: Record<string, unknown>): Promise<number[]> {
  const users = [
    ...(await usersIn(work, 'share_users', input.share_users)),
    ...(await usersIn(work, 'clients_ids', input.clients_ids, 'patient')),
    ...(await usersIn(work, 'provider_ids', input.provider_ids, 'provider')),
  ].map((u) => u.id);
  if (input.share_with_rel === true) {
    if (typeof record.rel_user_id !== 'number')
      fail('share_with_rel', 'Share with rel needs the rel_user_id of the user to share with');
    users.push(record.rel_user_id);
  }
  return [...new Set(users)];
}

export async function shareDocument(work: Work, change: RecordChange): Promise<void> {
  const db = typedTransaction<DocumentsTables>(work);
  for (const userId of await sharedWith(work, change.row, change.input)) {
    const shared = await db
      .selectFrom('document_sharings')
      .select('id')
      .where('document_id', '=', change.row.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!shared) await createRecord(work, DocumentSharing, { document_id: change.row.id, user_id: userId });
  }
}

/** createDocument's `org_level`: the document is shared with the whole organization. */
export function orgLevel(values: Record<string, unknown>, input: Record<string, unknown>): void {
  if (input.org_level === true) values.shared_with_dietitians = 1;
}

export async function dropDocumentSharings(work: Work, change: RecordChange): Promise<void> {
  await typedTransaction<DocumentsTables>(work)
    .deleteFrom('document_sharings')
    .where('document_id', '=', change.row.id)
    .execute();
}

export async function shareFolder(work: Work, change: RecordChange): Promise<void> {
  const { share_users, share_with_rel } = change.input;
  for (const userId of await sharedWith(work, change.row, { share_users, share_with_rel })) {
    await createRecord(work, FolderSharing, { folder_id: change.row.id, user_id: userId });
  }
}
