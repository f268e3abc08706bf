/**
 * Read-back lists whose arguments the registry's `list` cannot take as they are (Healthie's `per_page`,
 * `withoutPagination`, `fetch_all`; several lists of one resource): `tasks` / `tasksCount`,
 * `courseMemberships`, `courseClients` and `ungroupedCourseMemberships` with their counts. Each is a Query
 * field bound in ./area.ts; its Healthie arguments are read into the registry's list arguments
 * (`page_size`, `should_paginate`, `offset`, `after`, `order_by`) and the rows are read by `listRows`, so
 * scope, ordering, cursors and page bounds are the registry's.
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
import { CourseMembership, Task } from './resources.js';

type Args = Record<string, unknown>;

interface AreaList {
  resource: AnyResource;
  spec: ListSpec;
  /** GraphQL arguments of the list (Healthie's), and of its count. */
  args: Record<string, string>;
  count?: { name: string; args: Record<string, string> };
  /** Healthie's arguments → the registry's list arguments. */
  read(args: Args): Args;
}

function queries({ resource, spec, args, count, read }: AreaList): Record<string, Computed> {
  const listed = { ...resource, list: spec };
  const fields: Record<string, Computed> = {
    [spec.name]: {
      type: `[${resource.type}!]`,
      args,
      resolve: (_root, reader, given) => listRows(reader, listed, read(given)),
    },
  };
  if (count) {
    fields[count.name] = {
      type: 'Int',
      args: count.args,
      resolve: (_root, reader, given) => countRows(reader, listed, read(given)),
    };
  }
  return fields;
}

/** `column = id`; a value that is not an id matches nothing. */
const sameId = (column: string, type = 'ID'): ListArg => ({
  type,
  apply: (query, value) => query.where(column, '=', parseId(value) ?? -1),
});

/** A row's `cursor`, for the lists above that read `after`. */
export const cursorField: Computed = { type: 'Cursor!', resolve: (row: StoredRow) => encodeCursor(row.id) };

// Tasks ------------------------------------------------------------------------------------------------

const COMPLETED_STATUS: Record<string, 0 | 1 | null> = {
  all: null,
  complete: 1,
  completed: 1,
  incomplete: 0,
};

const completedStatus: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const status = String(value).trim().toLowerCase();
    if (!(status in COMPLETED_STATUS))
      throw new InvalidArgumentError(
        'completed_status',
        'completed_status must be one of: all, complete, incomplete.',
      );
    const complete = COMPLETED_STATUS[status];
    return complete === null ? query : query.where('complete', '=', complete);
  },
};

/** true: the caller created the task; false: someone else did. */
const createdBySelf: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader: Reader) =>
    value === true
      ? query.where('created_by_id', '=', reader.caller.userId)
      : // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
        query.where((eb: any) =>
          eb.or([eb('created_by_id', '!=', reader.caller.userId), eb('created_by_id', 'is', null)]),
        ),
};

/** `show_hidden: false` leaves hidden tasks out (Healthie shows them unless asked not to). */
const showHidden: ListArg = {
  type: 'Boolean',
  apply: (query, value) => (value === false ? query.where('hidden', '=', 0) : query),
};

/** Whose tasks: assigned to a client (`client`), to a staff member (`provider`), or both (`all`). */
const assigneeType: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const type = String(value).trim().toLowerCase();
    if (type === 'all') return query;
    if (type !== 'client' && type !== 'provider')
      throw new InvalidArgumentError('type', 'type must be one of: all, client, provider.');
    const userType = type === 'client' ? 'patient' : 'provider';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    return query.where('user_id', 'in', (eb: any) =>
      eb.selectFrom('users').select('id').where('user_type', '=', userType),
    );
  },
};

/** A person's name (last, then first, in lower case) by the id in `column`; '' when there is none. */
const personName =
  (column: string): OrderKey =>
  () =>
    sql`coalesce((select lower(coalesce(u.last_name, '') || ' ' || coalesce(u.first_name, '')) from users u where u.id = ${sql.ref(`tasks.${column}`)}), '')`;

/** A nullable column with its empty values ordered last (`'~'` sorts after ISO dates) or first (`''`). */
const emptyAs =
  (column: string, empty: '' | '~'): OrderKey =>
  () =>
    sql`coalesce(${sql.ref(`tasks.${column}`)}, ${empty})`;

const tasksList: ListSpec = {
  name: 'tasks',
  cursor: true,
  args: {
    client_id: sameId('client_id', 'String'),
    completed_status: completedStatus,
    created_by_self: createdBySelf,
    keywords: keywordsIn('content'),
    show_hidden: showHidden,
    type: assigneeType,
  },
  orderBy: {
    enum: 'TaskOrderKeys',
    values: {
      TASK_ASC: ['content', 'asc'],
      TASK_DESC: ['content', 'desc'],
      CREATOR_ASC: [personName('created_by_id'), 'asc'],
      CREATOR_DESC: [personName('created_by_id'), 'desc'],
      ASSIGNEE_ASC: [personName('user_id'), 'asc'],
      ASSIGNEE_DESC: [personName('user_id'), 'desc'],
      CREATED_ASC: ['created_at', 'asc'],
      CREATED_DESC: ['created_at', 'desc'],
      PRIORITY_ASC: ['priority', 'asc'],
      PRIORITY_DESC: ['priority', 'desc'],
      DUE_DATE_ASC: [emptyAs('due_date', '~'), 'asc'],
      DUE_DATE_DESC: [emptyAs('due_date', ''), 'desc'],
      CLIENT_NAME_DESC: [personName('client_id'), 'desc'],
      CLIENT_NAME_ASC: [personName('client_id'), 'asc'],
      COMPLETED_AT_ASC: [emptyAs('completed_at', '~'), 'asc'],
      COMPLETED_AT_DESC: [emptyAs('completed_at', ''), 'desc'],
      COMPLETED_AT_DESC_INCOMPLETE_FIRST: [emptyAs('completed_at', '~'), 'desc'],
      UPDATED_AT_ASC: ['updated_at', 'asc'],
      UPDATED_AT_DESC: ['updated_at', 'desc'],
    },
  },
  // Healthie shows tasks by `position` (ascending); tasks without one follow, oldest first.
  defaultOrder: [() => sql`coalesce(${sql.ref('tasks.position')}, 2147483647)`, 'asc'],
};

const taskFilters = {
  completed_status: 'String',
  created_by_self: 'Boolean',
  keywords: 'String',
  show_hidden: 'Boolean',
  type: 'String',
};

const taskQueries = queries({
  resource: Task,
  spec: tasksList,
  args: {
    after: 'Cursor',
    client_id: 'String',
    ...taskFilters,
    offset: 'Int',
    order_by: 'TaskOrderKeys',
    per_page: 'Int',
    withoutPagination: 'Boolean',
  },
  count: { name: 'tasksCount', args: taskFilters },
  read: (args) => ({
    ...args,
    page_size: args.per_page,
    should_paginate: args.withoutPagination !== true,
  }),
});

// Course memberships -----------------------------------------------------------------------------------

/** `course_status`: not_started, in_progress or completed; any other value matches nothing. */
const courseStatus: ListArg = {
  type: 'String',
  apply: (query, value) => query.where('course_status', '=', value),
};

const membershipsList: ListSpec = {
  name: 'courseMemberships',
  cursor: true,
  args: { client_id: sameId('user_id') },
};

const courseClientsList: ListSpec = {
  name: 'courseClients',
  args: { course_id: sameId('course_id'), course_status: courseStatus },
};

const byCourse = { course_id: 'ID', course_status: 'String' };

const membershipQueries = {
  ...queries({
    resource: CourseMembership,
    spec: membershipsList,
    args: { after: 'Cursor', client_id: 'ID', fetch_all: 'Boolean', offset: 'Int', page_size: 'Int' },
    count: { name: 'courseMembershipsCount', args: { client_id: 'ID' } },
    read: (args) => ({ ...args, should_paginate: args.fetch_all !== true }),
  }),
  ...queries({
    resource: CourseMembership,
    spec: courseClientsList,
    args: { ...byCourse, offset: 'Int' },
    count: { name: 'courseClientsCount', args: byCourse },
    read: (args) => args,
  }),
  // Course groups are not modelled, so every enrollment is ungrouped: the same rows as courseClients.
  ...queries({
    resource: CourseMembership,
    spec: { ...courseClientsList, name: 'ungroupedCourseMemberships' },
    args: { ...byCourse, offset: 'Int' },
    count: { name: 'ungroupedCourseMembershipsCount', args: byCourse },
    read: (args) => args,
  }),
};

export const areaQueries: Record<string, Computed> = { ...taskQueries, ...membershipQueries };

/** The enums the lists above take. */
export const areaEnums = { TaskOrderKeys: Object.keys(tasksList.orderBy!.values) };
