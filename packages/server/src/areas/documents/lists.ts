/**
 * The documents area's read-back lists, as Healthie has them: `documents`, `folders`, `sentFaxes`,
 * `receivedFaxes` and their `*Count` companions. Each is a Query field bound in ./area.ts whose Healthie
 * arguments, with Healthie's defaults (`should_paginate: false`, `page_size: 20`, `order_by: NAME_ASC`,
 * `active_status: "active"`, …), are read into the registry's list arguments; the rows are read by
 * `listRows`, so scope, ordering, cursors and page bounds are the registry's. Without pagination a list
 * answers its first 100 rows.
 *
 * The user arguments: `private_user_id` is the client a record is for (`rel_user_id`); `viewable_user_id`
 * the user who can see it (it is for them or shared with them); `consolidated_user_id` either of those or
 * its owner; `provider_id` its owner. `filter` is `all` (default), `private` (for a client), `org` (for no
 * client), `shared` (shared with someone) or `mine` (the caller's own).
 */
import { sql } from 'kysely';
import { InvalidArgumentError } from '../../core/field-errors.js';
import {
  countRows,
  encodeCursor,
  keywordsIn,
  listRows,
  parseId,
  type AnyResource,
  type Computed,
  type ListArg,
  type ListSpec,
  type OrderKey,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { Document, Folder, ReceivedFax, SentFax } from './resources.js';

type Args = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- queries of dynamic registry tables
type Query = any;

interface AreaList {
  resource: AnyResource;
  spec: ListSpec;
  /** GraphQL arguments of the list (Healthie's), and of its count. */
  args: Record<string, string>;
  count: { name: string; args: Record<string, string> };
  /** Healthie's defaults, given when the client leaves an argument out. */
  defaults: Args;
}

function queries({ resource, spec, args, count, defaults }: AreaList): Record<string, Computed> {
  const listed = { ...resource, list: spec };
  const read = (given: Args): Args => {
    const withDefaults: Args = { ...given };
    for (const [name, value] of Object.entries(defaults))
      if (withDefaults[name] === undefined) withDefaults[name] = value;
    return withDefaults;
  };
  return {
    [spec.name]: {
      type: `[${resource.type}!]`,
      args,
      resolve: (_root, reader, given) => listRows(reader, listed, read(given)),
    },
    [count.name]: {
      type: 'Int',
      args: count.args,
      resolve: (_root, reader, given) => countRows(reader, listed, read(given)),
    },
  };
}

/** A row's `cursor`, for the lists above that read `after`. */
export const cursorField: Computed = { type: 'Cursor!', resolve: (row: StoredRow) => encodeCursor(row.id) };

const idOf = (value: unknown) => parseId(value) ?? -1;

const sameId = (column: string, type: string): ListArg => ({
  type,
  apply: (query: Query, value) => query.where(column, '=', idOf(value)),
});

/** Records shared with the user through `table` (document_sharings / folder_sharings). */
const sharedWith = (eb: Query, table: string, column: string, userId: number) =>
  eb('id', 'in', eb.selectFrom(table).select(column).where('user_id', '=', userId));

const viewable = (table: string, column: string): ListArg => ({
  type: 'String',
  apply: (query: Query, value) =>
    query.where((eb: Query) =>
      eb.or([eb('rel_user_id', '=', idOf(value)), sharedWith(eb, table, column, idOf(value))]),
    ),
});

const consolidated = (table: string, column: string): ListArg => ({
  type: 'String',
  apply: (query: Query, value) =>
    query.where((eb: Query) =>
      eb.or([
        eb('rel_user_id', '=', idOf(value)),
        eb('owner_id', '=', idOf(value)),
        sharedWith(eb, table, column, idOf(value)),
      ]),
    ),
});

const FILTERS = ['all', 'private', 'org', 'shared', 'mine'];

const filter = (table: string, column: string): ListArg => ({
  type: 'String',
  apply: (query: Query, value, reader: Reader) => {
    const chosen = String(value).trim().toLowerCase();
    if (!FILTERS.includes(chosen))
      throw new InvalidArgumentError('filter', `filter must be one of: ${FILTERS.join(', ')}.`);
    if (chosen === 'private') return query.where('rel_user_id', 'is not', null);
    if (chosen === 'org') return query.where('rel_user_id', 'is', null);
    if (chosen === 'mine') return query.where('owner_id', '=', reader.caller.userId);
    if (chosen === 'shared') {
      return query.where((eb: Query) =>
        eb.or([
          eb('id', 'in', eb.selectFrom(table).select(column)),
          ...(table === 'document_sharings' ? [eb('shared_with_dietitians', '=', 1)] : []),
        ]),
      );
    }
    return query;
  },
});

/** `for_template_use: true`: records not made for a client, which templates and programs may use. */
const forTemplateUse: ListArg = {
  type: 'Boolean',
  apply: (query: Query, value) => (value === true ? query.where('rel_user_id', 'is', null) : query),
};

/** `file_type`: an extension (`pdf`) or a kind of content (`image`, `video`, `audio`, `text`). */
const fileType: ListArg = {
  type: 'String',
  apply: (query: Query, value) => {
    const type = String(value).trim().toLowerCase().replace(/^\./, '');
    return query.where((eb: Query) =>
      eb.or([eb(eb.fn('lower', ['extension']), '=', type), eb('file_content_type', 'like', `${type}/%`)]),
    );
  },
};

/** A text column in lower case, empty values as ''. */
const lowerText =
  (column: string): OrderKey =>
  () =>
    sql`lower(coalesce(${sql.ref(column)}, ''))`;

/** A person's last name (lower case) by the user id in `column`; '' when there is none. */
const lastName =
  (column: string): OrderKey =>
  () =>
    sql`coalesce((select lower(coalesce(u.last_name, '')) from users u where u.id = ${sql.ref(column)}), '')`;

const nameOrder = (column: string) =>
  ({
    CREATED_AT_ASC: ['created_at', 'asc'],
    CREATED_AT_DESC: ['created_at', 'desc'],
    NAME_DESC: [lowerText(column), 'desc'],
    NAME_ASC: [lowerText(column), 'asc'],
  }) as const;

// Documents ------------------------------------------------------------------------------------------

const documentFilters: Record<string, ListArg> = {
  consolidated_user_id: consolidated('document_sharings', 'document_id'),
  file_type: fileType,
  filter: filter('document_sharings', 'document_id'),
  folder_id: sameId('folder_id', 'String'),
  keywords: keywordsIn('display_name', 'description'),
  private_user_id: sameId('rel_user_id', 'String'),
  provider_id: sameId('owner_id', 'ID'),
  viewable_user_id: viewable('document_sharings', 'document_id'),
};

const typesOf = (args: Record<string, ListArg>) =>
  Object.fromEntries(Object.entries(args).map(([name, arg]) => [name, arg.type]));

const documentQueries = queries({
  resource: Document,
  spec: {
    name: 'documents',
    cursor: true,
    args: { ...documentFilters, for_template_use: forTemplateUse },
    orderBy: { enum: 'DocumentOrderKeys', values: nameOrder('display_name') },
  },
  args: {
    after: 'Cursor',
    ...typesOf(documentFilters),
    for_template_use: 'Boolean',
    offset: 'Int',
    order_by: 'DocumentOrderKeys',
    page_size: 'Int',
    should_paginate: 'Boolean',
  },
  count: { name: 'documentsCount', args: typesOf(documentFilters) },
  defaults: { filter: 'all', order_by: 'NAME_ASC', page_size: 20, should_paginate: false },
});

// Folders --------------------------------------------------------------------------------------------

/** Folders a document may be moved to: any but the one it is in. */
const documentToMove: ListArg = {
  type: 'ID',
  apply: (query: Query, value) =>
    query.where('id', 'not in', (eb: Query) =>
      eb
        .selectFrom('documents')
        .select('folder_id')
        .where('id', '=', idOf(value))
        .where('folder_id', 'is not', null),
    ),
};

/** Folders a folder may be moved into: not itself, nor any folder inside it. */
const folderToMove: ListArg = {
  type: 'ID',
  apply: (query: Query, value) =>
    query.where(
      'id',
      'not in',
      sql`(with recursive moved(id) as (
        select id from folders where id = ${idOf(value)}
        union select f.id from folders f inner join moved on f.folder_id = moved.id
      ) select id from moved)`,
    ),
};

const folderFilters: Record<string, ListArg> = {
  consolidated_user_id: consolidated('folder_sharings', 'folder_id'),
  filter: filter('folder_sharings', 'folder_id'),
  folder_id: sameId('folder_id', 'String'),
  keywords: keywordsIn('name', 'description'),
  private_user_id: sameId('rel_user_id', 'String'),
  provider_id: sameId('owner_id', 'ID'),
  viewable_user_id: viewable('folder_sharings', 'folder_id'),
};

const folderQueries = queries({
  resource: Folder,
  spec: {
    name: 'folders',
    args: {
      ...folderFilters,
      client_id: viewable('folder_sharings', 'folder_id'),
      document_to_move_id: documentToMove,
      folder_to_move_id: folderToMove,
      for_template_use: forTemplateUse,
    },
    orderBy: { enum: 'FolderOrderKeys', values: nameOrder('name') },
  },
  args: {
    client_id: 'String',
    ...typesOf(folderFilters),
    document_to_move_id: 'ID',
    folder_to_move_id: 'ID',
    for_template_use: 'Boolean',
    offset: 'Int',
    order_by: 'FolderOrderKeys',
    page_size: 'Int',
    should_paginate: 'Boolean',
  },
  count: { name: 'foldersCount', args: typesOf(folderFilters) },
  defaults: { filter: 'all', order_by: 'NAME_ASC', should_paginate: false },
});

// Faxes ----------------------------------------------------------------------------------------------

const sentFaxQueries = queries({
  resource: SentFax,
  spec: {
    name: 'sentFaxes',
    cursor: true,
    args: { keywords: keywordsIn('destination_number', 'recipient_name', 'recipient_company', 'subject') },
    orderBy: {
      enum: 'SentFaxOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        NUMBER_ASC: ['destination_number', 'asc'],
        NUMBER_DESC: ['destination_number', 'desc'],
        STATUS: [lowerText('status'), 'asc'],
        STATUS_ASC: [lowerText('status'), 'asc'],
        STATUS_DESC: [lowerText('status'), 'desc'],
        CLIENT_LAST_NAME_ASC: [lastName('patient_id'), 'asc'],
        CLIENT_LAST_NAME_DESC: [lastName('patient_id'), 'desc'],
        SENDER_LAST_NAME_ASC: [lastName('sender_id'), 'asc'],
        SENDER_LAST_NAME_DESC: [lastName('sender_id'), 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
      },
    },
  },
  args: {
    after: 'Cursor',
    keywords: 'String',
    offset: 'Int',
    order_by: 'SentFaxOrderKeys',
    page_size: 'Int',
  },
  count: { name: 'sentFaxesCount', args: { keywords: 'String' } },
  defaults: { order_by: 'CREATED_AT_DESC', page_size: 20 },
});

/** `active_status`: `active` (not archived; the default), `archived`, or `all`. */
const activeStatus: ListArg = {
  type: 'String',
  apply: (query: Query, value) => {
    const status = String(value).trim().toLowerCase();
    if (status === 'all') return query;
    if (status !== 'active' && status !== 'archived')
      throw new InvalidArgumentError('active_status', 'active_status must be one of: active, archived, all.');
    return query.where('archived', '=', status === 'archived' ? 1 : 0);
  },
};

const receivedFaxQueries = queries({
  resource: ReceivedFax,
  spec: {
    name: 'receivedFaxes',
    cursor: true,
    args: {
      active_status: activeStatus,
      keywords: keywordsIn('from_number', 'referring_provider_name', 'comments'),
    },
    orderBy: {
      enum: 'ReceivedFaxOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        NUMBER_ASC: ['from_number', 'asc'],
        NUMBER_DESC: ['from_number', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
      },
    },
  },
  args: {
    active_status: 'String',
    after: 'Cursor',
    keywords: 'String',
    offset: 'Int',
    order_by: 'ReceivedFaxOrderKeys',
    page_size: 'Int',
  },
  count: { name: 'receivedFaxesCount', args: { active_status: 'String', keywords: 'String' } },
  defaults: { active_status: 'active', order_by: 'CREATED_AT_DESC', page_size: 20 },
});

export const areaQueries: Record<string, Computed> = {
  // Course items are not modelled, so no document belongs to one.
  courseItemDocuments: { type: '[Document!]', args: { course_item_id: 'ID' }, resolve: () => [] },
  ...documentQueries,
  ...folderQueries,
  ...sentFaxQueries,
  ...receivedFaxQueries,
};

export const areaEnums: Record<string, readonly string[]> = {
  DocumentOrderKeys: Object.keys(nameOrder('display_name')),
  FolderOrderKeys: Object.keys(nameOrder('name')),
  SentFaxOrderKeys: [
    'CREATED_AT_ASC',
    'CREATED_AT_DESC',
    'NUMBER_ASC',
    'NUMBER_DESC',
    'STATUS',
    'STATUS_ASC',
    'STATUS_DESC',
    'CLIENT_LAST_NAME_ASC',
    'CLIENT_LAST_NAME_DESC',
    'SENDER_LAST_NAME_ASC',
    'SENDER_LAST_NAME_DESC',
    'UPDATED_AT_ASC',
    'UPDATED_AT_DESC',
  ],
  ReceivedFaxOrderKeys: [
    'CREATED_AT_ASC',
    'CREATED_AT_DESC',
    'NUMBER_ASC',
    'NUMBER_DESC',
    'UPDATED_AT_ASC',
    'UPDATED_AT_DESC',
  ],
};
