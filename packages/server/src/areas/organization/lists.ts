/**
 * `organizationMembers` / `organizationMembersCount`: the staff of the caller's organizations (provider
 * users), answered as Healthie's `User`, 10 a page by default (at most 100), by last name unless
 * `order_by` says otherwise. `keywords` matches names and email; `licensed_in_state` (a two-letter code)
 * keeps members licensed there; `conversation_id` keeps members of that conversation. Bound as Query
 * fields in ./area.ts; the rows are read by the registry's `listRows`.
 */
import {
  countRows,
  keywordsIn,
  listRows,
  parseId,
  type Computed,
  type ListArg,
  type ListSpec,
  type OrderKey,
} from '../../registry/index.js';
import { OrganizationMember } from './resources.js';

type Args = Record<string, unknown>;

const licensedInState: ListArg = {
  type: 'String',
  apply: (query, value) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    query.where('id', 'in', (eb: any) =>
      eb
        .selectFrom('state_licenses')
        .select('user_id')
        .where('state', '=', String(value).trim().toUpperCase()),
    ),
};

const inConversation: ListArg = {
  type: 'ID',
  apply: (query, value) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    query.where('id', 'in', (eb: any) =>
      eb
        .selectFrom('conversation_memberships')
        .select('user_id')
        .where('conversation_id', '=', parseId(value) ?? -1),
    ),
};

const lower =
  (column: string): OrderKey =>
  (eb) =>
    eb.fn.coalesce(eb.fn('lower', [eb.ref(column)]), eb.val(''));

/** The name of the group or the provider a user has ('' for staff, who have neither). */
const nameVia =
  (table: 'user_groups' | 'users', column: string, via: string): OrderKey =>
  (eb) =>
    eb.fn.coalesce(
      eb
        .selectFrom(`${table} as other`)
        .select(eb.fn('lower', [eb.ref(`other.${column}`)]).as('name'))
        .whereRef('other.id', '=', `users.${via}`),
      eb.val(''),
    );

/** The member's next appointment day (today on), '~' (after every date) when there is none. */
const nextAppointment: OrderKey = (eb) =>
  eb.fn.coalesce(
    eb
      .selectFrom('appointments')
      .select(eb.fn.min('appointments.date').as('next'))
      .whereRef('appointments.other_party_id', '=', 'users.id')
      .where('appointments.deleted_at', 'is', null)
      .where('appointments.date', '>=', new Date().toISOString().slice(0, 10)),
    eb.val('~'),
  );

/** Removed members (./remove-member.ts) are not listed; applied to every read, never a client argument. */
const notRemoved: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    query.where((eb: any) =>
      eb.or([
        eb('active', '=', 1),
        eb.exists(
          eb
            .selectFrom('organization_memberships')
            .select('organization_memberships.id')
            .whereRef('organization_memberships.user_id', '=', 'users.id'),
        ),
      ]),
    ),
};

export const membersList: ListSpec = {
  name: 'organizationMembers',
  args: {
    not_removed: notRemoved,
    conversation_id: inConversation,
    keywords: keywordsIn('first_name', 'last_name', 'email'),
    licensed_in_state: licensedInState,
  },
  orderBy: {
    enum: 'UserOrderKeys',
    values: {
      EMAIL_ASC: [lower('email'), 'asc'],
      EMAIL_DESC: [lower('email'), 'desc'],
      FIRST_NAME_ASC: [lower('first_name'), 'asc'],
      FIRST_NAME_DESC: [lower('first_name'), 'desc'],
      LAST_NAME_DESC: [lower('last_name'), 'desc'],
      LAST_NAME_ASC: [lower('last_name'), 'asc'],
      CREATED_AT_DESC: ['created_at', 'desc'],
      CREATED_AT_ASC: ['created_at', 'asc'],
      UPDATED_AT_DESC: ['updated_at', 'desc'],
      UPDATED_AT_ASC: ['updated_at', 'asc'],
      GROUP_NAME_ASC: [nameVia('user_groups', 'name', 'user_group_id'), 'asc'],
      GROUP_NAME_DESC: [nameVia('user_groups', 'name', 'user_group_id'), 'desc'],
      PROVIDER_NAME_ASC: [nameVia('users', 'last_name', 'dietitian_id'), 'asc'],
      PROVIDER_NAME_DESC: [nameVia('users', 'last_name', 'dietitian_id'), 'desc'],
      NEXT_APPT_DATE_ASC: [nextAppointment, 'asc'],
      NEXT_APPT_DATE_DESC: [nextAppointment, 'desc'],
    },
  },
};

const filters = { conversation_id: 'ID', keywords: 'String', licensed_in_state: 'String' };

const listed = { ...OrganizationMember, list: membersList };
const read = (args: Args): Args => ({ ...args, order_by: args.order_by ?? 'LAST_NAME_ASC' });

export const areaQueries: Record<string, Computed> = {
  organizationMembers: {
    type: '[User!]',
    args: { ...filters, offset: 'Int', order_by: 'UserOrderKeys', page_size: 'Int' },
    resolve: (_root, reader, args) => listRows(reader, listed, read(args)),
  },
  organizationMembersCount: {
    type: 'Int',
    args: filters,
    resolve: (_root, reader, args) => countRows(reader, listed, args),
  },
};
