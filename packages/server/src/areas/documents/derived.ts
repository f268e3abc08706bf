/**
 * The documents area's derived fields: who a document or folder is shared with and how many, what the
 * caller may do with it, a folder's path and contents, a file's kind in words.
 */
import { typedDb, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import type { DocumentsTables } from './resources.js';

/** Users a document is shared with directly, oldest sharing first (Healthie's `Document.users`). */
export async function documentUsers(document: StoredRow, reader: Reader): Promise<unknown[]> {
  return typedDb<DocumentsTables>(reader)
    .selectFrom('users')
    .innerJoin('document_sharings', 'document_sharings.user_id', 'users.id')
    .selectAll('users')
    .where('document_sharings.document_id', '=', document.id)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('document_sharings.id')
    .execute();
}

async function sharingCount(
  reader: Reader,
  table: 'document_sharings' | 'folder_sharings',
  column: 'document_id' | 'folder_id',
  id: number,
): Promise<number> {
  const row = await typedDb<DocumentsTables>(reader)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(column, '=', id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

const documentSharings = (document: StoredRow, reader: Reader) =>
  sharingCount(reader, 'document_sharings', 'document_id', document.id);
const folderSharings = (folder: StoredRow, reader: Reader) =>
  sharingCount(reader, 'folder_sharings', 'folder_id', folder.id);

/** Only the owner edits a document or folder; anyone else it reaches may only share it on. */
const ownedByCaller = (row: StoredRow, reader: Reader) => row.owner_id === reader.caller.userId;

const FRIENDLY: Array<[RegExp, string]> = [
  [/^image\//, 'Image'],
  [/^video\//, 'Video'],
  [/^audio\//, 'Audio'],
  [/pdf$/, 'PDF'],
  [/(spreadsheet|excel|csv)/, 'Excel'],
  [/(wordprocessing|msword)/, 'Word'],
  [/(presentation|powerpoint)/, 'PowerPoint'],
  [/(zip|compressed|tar|gzip)/, 'Archive'],
  [/^text\//, 'Text'],
];

/** `Document.friendly_type`: the file's kind in words ('PDF', 'Image', 'Excel', …), from its type. */
export function friendlyType(document: StoredRow): string | null {
  const type = typeof document.file_content_type === 'string' ? document.file_content_type : null;
  if (type === null) return null;
  const found = FRIENDLY.find(([pattern]) => pattern.test(type));
  if (found) return found[1];
  return typeof document.extension === 'string' ? document.extension.toUpperCase() : null;
}

export const documentFields: Record<string, Computed> = {
  users: { type: '[User!]!', resolve: documentUsers },
  users_count: { type: 'Int!', resolve: documentSharings },
  shared_users_count: { type: 'Int', resolve: documentSharings },
  // Nothing is shared with a user group here (share_users refuses groups).
  shared_user_groups_count: { type: 'Int', resolve: () => 0 },
  user_groups: { type: '[UserGroup!]!', resolve: () => [] },
  shared: {
    type: 'Boolean',
    resolve: async (document, reader) =>
      Number(document.shared_with_dietitians) === 1 || (await documentSharings(document, reader)) > 0,
  },
  can_only_share: { type: 'Boolean', resolve: (document, reader) => !ownedByCaller(document, reader) },
  friendly_type: { type: 'String', resolve: friendlyType },
  // carehooks keeps no file contents, so there is nothing to download.
  expiring_url: { type: 'String', resolve: () => null },
};

async function countWhere(reader: Reader, table: 'documents' | 'folders', folderId: number): Promise<number> {
  const row = await typedDb<DocumentsTables>(reader)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('folder_id', '=', folderId)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** `Folder.folder_path`: the folder's parent folders, outermost first. */
async function folderPath(folder: StoredRow, reader: Reader): Promise<StoredRow[]> {
  const path: StoredRow[] = [];
  const seen = new Set([folder.id]);
  let parentId = folder.folder_id;
  while (typeof parentId === 'number' && !seen.has(parentId)) {
    const parent = (await typedDb<DocumentsTables>(reader)
      .selectFrom('folders')
      .selectAll()
      .where('id', '=', parentId)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) as StoredRow | undefined;
    if (!parent) break;
    path.unshift(parent);
    seen.add(parent.id);
    parentId = parent.folder_id;
  }
  return path;
}

export const folderFields: Record<string, Computed> = {
  users_count: { type: 'Int!', resolve: folderSharings },
  shared_users_count: { type: 'Int', resolve: folderSharings },
  shared_user_groups_count: { type: 'Int', resolve: () => 0 },
  user_groups: { type: '[UserGroup!]!', resolve: () => [] },
  shared: { type: 'Boolean', resolve: async (folder, reader) => (await folderSharings(folder, reader)) > 0 },
  can_only_share: { type: 'Boolean', resolve: (folder, reader) => !ownedByCaller(folder, reader) },
  current_user_can_edit: { type: 'Boolean', resolve: ownedByCaller },
  documents_count: { type: 'Int', resolve: (folder, reader) => countWhere(reader, 'documents', folder.id) },
  subfolders_count: { type: 'Int', resolve: (folder, reader) => countWhere(reader, 'folders', folder.id) },
  folder_path: { type: '[Folder!]', resolve: folderPath },
  // Folders made through the API are the user's own, and createFolder sets none of the welcome or
  // organization-wide sharing settings.
  system_generated: { type: 'Boolean!', resolve: () => false },
  email_on_welcome: { type: 'Boolean!', resolve: () => false },
  shared_on_welcome: { type: 'Boolean!', resolve: () => false },
  shared_with_dietitians: { type: 'Boolean!', resolve: () => false },
};
