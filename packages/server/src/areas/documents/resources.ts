/**
 * Documents: files, folders and who a folder is shared with, and faxes sent and received. Names and types
 * follow healthie-schema.graphql. createSharings / destroySharings are not in that schema; they follow
 * Healthie's later sharing inputs (see ./sharings.ts). Behaviour is bound in ./area.ts.
 */
import {
  bool,
  foreignId,
  ref,
  resource,
  text,
  typedDb,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

/** Healthie's sharing inputs on documents and folders; sharing is done with createSharings here. */
const sharingFlags = { share_users: 'String', share_with_rel: 'Boolean' };

/** Users a folder is shared with, oldest sharing first (Healthie's `Folder.users`). */
async function folderUsers(folder: StoredRow, reader: Reader): Promise<unknown[]> {
  return typedDb<DocumentsTables>(reader)
    .selectFrom('users')
    .innerJoin('folder_sharings', 'folder_sharings.user_id', 'users.id')
    .selectAll('users')
    .where('folder_sharings.folder_id', '=', folder.id)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('folder_sharings.id')
    .execute();
}

export const Folder = resource({
  name: 'Folder',
  table: 'folders',
  owner: 'rel_user_id',
  fields: {
    name: text({ required: true }),
    description: text(),
    folder_id: ref('Folder', { input: 'String', gql: 'String', object: 'parent_folder' }),
    rel_user_id: ref('User', { input: 'String', gql: 'String', object: 'rel_user' }),
    owner_id: ref('User', { object: 'owner', writable: 'none', default: (caller) => caller.userId }),
  },
  byId: { name: 'folder', ignored: { custom_module_id: 'ID' } },
  mutations: { create: { name: 'createFolder', ignored: sharingFlags } },
  computed: { users: { type: '[User!]!', resolve: folderUsers } },
});

export const FolderSharing = resource({
  name: 'FolderSharing',
  table: 'folder_sharings',
  events: 'folder_sharing',
  owner: 'folder_id',
  uniqueBy: ['folder_id', 'user_id'],
  fields: {
    folder_id: ref('Folder', { required: true, object: 'folder' }),
    user_id: ref('User', { required: true, object: 'user' }),
  },
  extras: { folder_id: (row) => row.folder_id, user_id: (row) => row.user_id },
  // Healthie has no such query; receivers of folder_sharing.* read the sharing back with it.
  byId: 'folderSharing',
});

export const Document = resource({
  name: 'Document',
  table: 'documents',
  events: 'document',
  owner: 'rel_user_id',
  fields: {
    display_name: text(),
    description: text(),
    rel_user_id: ref('User', { input: 'String', object: 'rel_user' }),
    folder_id: ref('Folder', { input: 'String', gql: 'String', object: 'folder' }),
    owner_id: ref('User', { object: 'owner', writable: 'none', default: (caller) => caller.userId }),
    care_plan_id: foreignId(),
    include_in_charting: bool({ default: false }),
    is_photo_id: bool({ default: false, writable: 'create' }),
    internal_notes: text({ writable: 'update' }),
    metadata: text(),
    email_on_welcome: bool({ default: false, writable: 'update' }),
    shared_on_welcome: bool({ default: false, writable: 'update' }),
    shared_with_dietitians: bool({ default: false, writable: 'update' }),
    file_content_type: text({ writable: 'none' }),
    extension: text({ writable: 'none' }),
  },
  byId: {
    name: 'document',
    ignored: { care_plan_id: 'ID', course_id: 'ID', course_item_id: 'ID', custom_module_id: 'ID' },
  },
  mutations: {
    create: {
      name: 'createDocument',
      inputs: { file_string: 'String' },
      ignored: {
        ...sharingFlags,
        clients_ids: 'String',
        provider_ids: '[String]',
        course_id: 'String',
        org_level: 'Boolean',
        from_program_create: 'Boolean',
        generate_ccda_for_rel_user_id: 'Boolean',
        generate_human_readable_ccda_for_rel_user_id: 'Boolean',
        on_form_for_user_id: 'ID',
        payout_id: 'ID',
        rcf_id: 'ID',
        report_type: 'String',
        from_date: 'String',
        to_date: 'String',
        created_at: 'String',
        updated_at: 'String',
      },
    },
    update: { name: 'updateDocument', ignored: { ...sharingFlags, parse_ccda: 'Boolean' } },
    delete: 'deleteDocument',
  },
});

export const SentFax = resource({
  name: 'SentFax',
  table: 'sent_faxes',
  events: 'sent_fax',
  owner: 'patient_id',
  fields: {
    destination_number: text({ required: true }),
    patient_id: ref('User', { input: 'String', object: 'patient' }),
    sender_id: ref('User', { object: 'sender', writable: 'none', default: (caller) => caller.userId }),
    status: text({ writable: 'none', default: 'queued' }),
    recipient_name: text(),
    recipient_company: text(),
    subject: text(),
    remarks: text(),
    date: text(),
    document_id: ref('Document', { input: 'String' }),
    document_ids: text(),
    form_answer_group_ids: text(),
    answer_ids: text(),
    include_header_on_every_page: bool({ default: false }),
    include_hipaa_disclaimer: bool({ default: false }),
    skip_cover_page: bool({ default: false }),
  },
  byId: 'sentFax',
  mutations: {
    create: { name: 'createSentFax', field: 'sent_fax', ignored: { dietitian: 'FaxDietitianInput' } },
  },
});

/** An inbound fax; only the fax provider's callback (an integration) writes these. */
export const ReceivedFax = resource({
  name: 'ReceivedFax',
  table: 'received_faxes',
  events: 'received_fax',
  fields: {
    from_number: text(),
    referring_provider_name: text(),
    comments: text(),
    archived: bool({ default: false }),
  },
  byId: 'receivedFax',
});

export const resources = [Folder, FolderSharing, Document, SentFax, ReceivedFax] as const;

export type DocumentsTables = TablesOf<(typeof resources)[number]>;
