/**
 * Documents: files, folders and who they are shared with, and faxes sent and received. Names and types
 * follow healthie-schema.graphql. createSharings / destroySharings are not in that schema; they follow
 * Healthie's later sharing inputs (see ./sharings.ts). Behaviour (sharing inputs, derived fields, the read-
 * back lists) is bound in ./area.ts.
 */
import {
  bool,
  date,
  enumOf,
  foreignId,
  json,
  ref,
  resource,
  text,
  typedDb,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';
import { findDocument, findFolder } from './finders.js';

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

/** Sharing inputs of createDocument / updateDocument / createFolder (./document-sharing.ts). */
export const sharingInputs = {
  share_users: {
    type: 'String',
    effect: 'shares with these users (comma-separated doc_share_ids, `user-<id>`); read back as `users`',
  },
  share_with_rel: {
    type: 'Boolean',
    effect: 'when true, shares with the `rel_user`; read back as `users`',
  },
};

export const Folder = resource({
  name: 'Folder',
  table: 'folders',
  owner: 'rel_user_id',
  timestamps: { created_at: 'String!' },
  fields: {
    name: text({ required: true }),
    description: text(),
    folder_id: ref('Folder', { input: 'String', gql: 'String', object: 'parent_folder' }),
    rel_user_id: ref('User', { input: 'String', gql: 'String', object: 'rel_user' }),
    owner_id: ref('User', { object: 'owner', writable: 'none', default: (caller) => caller.userId }),
  },
  byId: { name: 'folder', idType: 'String', args: { custom_module_id: 'ID' }, find: findFolder },
  mutations: {
    create: {
      name: 'createFolder',
      inputs: sharingInputs,
    },
  },
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

/** The reports Healthie's createDocument can be asked for (`report_type`). */
export const REPORT_TYPES = [
  'Short Client List',
  'Long Client List',
  'Client Activity List',
  'Client Metrics',
  'Appointments',
  'Courses',
  'Program Forms',
  'Clients Credits',
  'Payments',
  'Transfers',
  'Transactions',
  'CMS1500s',
  'Superbills',
  'Referring Physicians',
  'Insurance Authorization',
  'Client Blood Sugar',
  'Requested Payments',
] as const;

const createOnly = { writable: 'create' } as const;

export const Document = resource({
  name: 'Document',
  table: 'documents',
  events: 'document',
  owner: 'rel_user_id',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    display_name: text(),
    description: text(),
    // updateDocument takes it as an `ID` (./area.ts); createDocument as a `String`.
    rel_user_id: ref('User', { input: 'String', object: 'rel_user', writable: 'create' }),
    folder_id: ref('Folder', { input: 'String', gql: 'String', object: 'folder' }),
    owner_id: ref('User', { object: 'owner', writable: 'none', default: (caller) => caller.userId }),
    care_plan_id: foreignId(),
    include_in_charting: bool({ default: false, gql: 'Boolean!' }),
    is_photo_id: bool({ default: false, writable: 'create' }),
    internal_notes: text({ writable: 'update' }),
    metadata: text({ maxLength: 128_000 }),
    email_on_welcome: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    shared_on_welcome: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    shared_with_dietitians: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    file_content_type: text({ writable: 'none' }),
    extension: text({ writable: 'none' }),
    // What the document was made for, as createDocument names it. carehooks generates no reports and no
    // C-CDA files and parses none: the request is kept on the document.
    course_id: ref('Course', { input: 'String', ...createOnly }),
    rcf_id: ref('RequestedFormCompletion', createOnly),
    on_form_for_user_id: ref('User', createOnly),
    payout_id: foreignId(createOnly),
    report_type: enumOf(REPORT_TYPES, createOnly),
    from_date: date(createOnly),
    to_date: date(createOnly),
    from_program_create: bool({ default: false, ...createOnly }),
    generate_ccda_for_rel_user_id: bool({ default: false, ...createOnly }),
    generate_human_readable_ccda_for_rel_user_id: bool({ default: false, ...createOnly }),
    parse_ccda: bool({ default: false, writable: 'update' }),
  },
  byId: {
    name: 'document',
    args: { care_plan_id: 'ID', course_id: 'ID', course_item_id: 'ID', custom_module_id: 'ID' },
    find: findDocument,
  },
  mutations: {
    create: {
      name: 'createDocument',
      inputs: {
        file_string: {
          type: 'String',
          effect: 'the file as a data URL: its type is read back as `file_content_type` and `extension`',
        },
        file: {
          type: 'Upload',
          effect: 'the file as a data URL (multipart uploads are not served): like `file_string`',
        },
        ...sharingInputs,
        clients_ids: {
          type: 'String',
          effect: 'shares with these clients (comma-separated ids); read back as `users`',
        },
        provider_ids: {
          type: '[String]',
          effect: 'shares with these organization members; read back as `users`',
        },
        org_level: {
          type: 'Boolean',
          effect: 'when true, shares with every member of the organization (`shared_with_dietitians`)',
        },
        created_at: { type: 'String', effect: 'back-dates the document: read back as `created_at`' },
        updated_at: { type: 'String', effect: "the document's last-update time: read back as `updated_at`" },
      },
    },
    update: {
      name: 'updateDocument',
      inputs: {
        rel_user_id: { type: 'ID', effect: 'the client the document is for; read back as `rel_user_id`' },
        ...sharingInputs,
      },
    },
    delete: 'deleteDocument',
  },
});

/** A user a document is shared with (Healthie's `Document.users`); document sharings emit no events. */
export const DocumentSharing = resource({
  name: 'DocumentSharing',
  table: 'document_sharings',
  owner: 'document_id',
  uniqueBy: ['document_id', 'user_id'],
  fields: {
    document_id: ref('Document', { required: true, object: 'document' }),
    user_id: ref('User', { required: true, object: 'user' }),
  },
});

export const SentFax = resource({
  name: 'SentFax',
  table: 'sent_faxes',
  events: 'sent_fax',
  owner: 'patient_id',
  timestamps: { created_at: 'String!' },
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
    // The cover page's provider, from `dietitian` (FaxDietitianInput; ./faxes.ts).
    dietitian_id: ref('User', { writable: 'none', object: 'dietitian' }),
    dietitian_phone_number: text({ writable: 'none' }),
    dietitian_qualifications: text({ writable: 'none' }),
    dietitian_location: json({ writable: 'none' }),
  },
  byId: { name: 'sentFax', idType: 'ID!' },
  mutations: {
    create: {
      name: 'createSentFax',
      field: 'sent_fax',
      inputs: {
        dietitian: {
          type: 'FaxDietitianInput',
          effect:
            'the provider on the cover page (the caller unless `id` names one) with their phone number, qualifications and location; read back as `dietitian`, `dietitian_phone_number`, `dietitian_qualifications`, `dietitian_location`',
        },
      },
    },
  },
});

/** An inbound fax; only the fax provider's callback (an integration) writes these. */
export const ReceivedFax = resource({
  name: 'ReceivedFax',
  table: 'received_faxes',
  events: 'received_fax',
  timestamps: { created_at: 'String!' },
  fields: {
    from_number: text(),
    referring_provider_name: text(),
    comments: text(),
    archived: bool({ default: false, gql: 'Boolean!' }),
  },
  byId: 'receivedFax',
});

export const resources = [Folder, FolderSharing, Document, DocumentSharing, SentFax, ReceivedFax] as const;

export type DocumentsTables = TablesOf<(typeof resources)[number]>;
