/**
 * Arguments and sort keys of the area's list queries: the client list (`users` / `usersCount`), tags and
 * user groups. They read tables of other areas (`conversation_memberships`, `stripe_customer_details`,
 * `feature_toggles`, `appointments`, `organization_memberships`) by name: those areas' declarations
 * import this area's, so importing theirs here would make a loop. This module imports no declarations,
 * so resources.ts may use it.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- expression builders of dynamic tables */
import { sql } from 'kysely';
import { InvalidArgumentError } from '../../core/field-errors.js';
import { parseId, type ListArg } from '../../registry/index.js';

/** Appointment statuses that make an appointment no longer active. */
export const INACTIVE_APPOINTMENT_STATUSES = ['Cancelled', 'Re-Scheduled', 'Late Cancellation', 'No-Show'];

/** Now as appointments write their time (`YYYY-MM-DD HH:MM:SS`, UTC), which compares as text. */
export function nowText(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 19).replace('T', ' ');
}

const given = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value]).map((v) => parseId(v)).filter((id) => id !== null);

/** Clients with at least one of these tags applied (and not removed). */
export const withAnyTag: ListArg = {
  type: '[ID]',
  apply: (query, value, reader) => {
    const tags = ids(value);
    if (tags.length === 0) return query;
    return query.where(
      'id',
      'in',
      reader.db
        .selectFrom('applied_tags')
        .select('user_id')
        .where('tag_id', 'in', tags)
        .where('deleted_at', 'is', null),
    );
  },
};

/** How `other_provider_ids` (a JSON list of id strings, `["12","15"]`) holds one provider. */
export const listsProvider = (id: number): string => `%"${id}"%`;

/** Clients of one provider: their primary provider (`dietitian_id`) or one of their other providers. */
function ofProvider(query: any, id: number): any {
  return query.where((eb: any) =>
    eb.or([eb('dietitian_id', '=', id), eb('other_provider_ids', 'like', listsProvider(id))]),
  );
}

/** `provider_id`: the provider's clients, as primary provider or care-team member. */
export const providerClients: ListArg = {
  type: 'String',
  apply: (query, value) => ofProvider(query, parseId(value) ?? -1),
};

/** `limited_to_provider: true`: only the caller's own clients. */
export const limitedToProvider: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader) => (value === true ? ofProvider(query, reader.caller.userId) : query),
};

/** `conversation_id`: the clients taking part in that conversation. */
export const inConversation: ListArg = {
  type: 'ID',
  apply: (query, value, reader) =>
    query.where(
      'id',
      'in',
      reader.db
        .selectFrom('conversation_memberships')
        .select('user_id')
        .where('conversation_id', '=', parseId(value) ?? -1),
    ),
};

/** `expect_conversation_id: true` without a `conversation_id`: no one. */
export const expectConversation: ListArg = {
  type: 'Boolean',
  apply: (query, value, _reader, args) =>
    value === true && !given(args.conversation_id) ? query.where('id', '=', -1) : query,
};

/**
 * `convo_patients_only: true`: of a conversation's members, only its clients. The list answers clients
 * only, so with a conversation nothing further is left out; without one the argument is refused.
 */
export const convoPatientsOnly: ListArg = {
  type: 'Boolean',
  apply: (query, value, _reader, args) => {
    if (value === true && !given(args.conversation_id))
      throw new InvalidArgumentError('convo_patients_only', 'convo_patients_only needs a conversation_id.');
    return query;
  },
};

/** `has_cc_on_file: true`: clients with a saved card; false narrows nothing (as in Healthie). */
export const hasCardOnFile: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader) =>
    value === true
      ? query.where(
          'id',
          'in',
          reader.db.selectFrom('stripe_customer_details').select('user_id').where('user_id', 'is not', null),
        )
      : query,
};

/** `with_feature_toggles: true`: clients that have a feature toggle of their own. */
export const withFeatureToggles: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader) =>
    value === true
      ? query.where(
          'id',
          'in',
          reader.db.selectFrom('feature_toggles').select('user_id').where('user_id', 'is not', null),
        )
      : query,
};

/** `show_all_by_default: false`: no one until the caller searches (`keywords`) or names clients. */
export const showAllByDefault: ListArg = {
  type: 'Boolean',
  apply: (query, value, _reader, args) =>
    value === false && ![args.keywords, args.ids, args.id].some(given) ? query.where('id', '=', -1) : query,
};

/** `from_superadmin: true` is refused: only Healthie's own staff list clients across every account. */
export const fromSuperadmin: ListArg = {
  type: 'Boolean',
  apply: (query, value) => {
    if (value === true)
      throw new InvalidArgumentError(
        'from_superadmin',
        'from_superadmin is only for Healthie staff accounts.',
      );
    return query;
  },
};

/** Sort key: the client's group name, '' without a group (so both dialects sort alike). */
export const groupName = (eb: any): any =>
  eb.fn.coalesce(
    eb
      .selectFrom('user_groups')
      .select('user_groups.name')
      .whereRef('user_groups.id', '=', 'users.user_group_id'),
    eb.val(''),
  );

/** Sort key: the primary provider's last and first name, '' without one. */
export const providerName = (eb: any): any =>
  eb.fn.coalesce(
    eb
      .selectFrom('users as provider')
      .select(
        sql<string>`coalesce(${sql.ref('provider.last_name')}, '') || ' ' || coalesce(${sql.ref('provider.first_name')}, '')`.as(
          'name',
        ),
      )
      .whereRef('provider.id', '=', 'users.dietitian_id'),
    eb.val(''),
  );

/** Active appointments of the user in `users.id`: their own, or one they attend. */
export function activeAppointmentsOf(eb: any, userColumn: string): any {
  return eb
    .selectFrom('appointments')
    .where('appointments.deleted_at', 'is', null)
    .where((inner: any) =>
      inner.or([
        inner('appointments.pm_status', 'is', null),
        inner('appointments.pm_status', 'not in', INACTIVE_APPOINTMENT_STATUSES),
      ]),
    )
    .where((inner: any) =>
      inner.or([
        inner('appointments.user_id', '=', inner.ref(userColumn)),
        inner(
          'appointments.id',
          'in',
          inner
            .selectFrom('appointment_inclusions')
            .select('appointment_inclusions.appointment_id')
            .whereRef('appointment_inclusions.user_id', '=', userColumn),
        ),
      ]),
    );
}

/**
 * Sort key: the start of the client's next active appointment (as written, `YYYY-MM-DD HH:MM…`, which
 * sorts by time), or `none` without one: `~` sorts after every date, '' before.
 */
export const nextAppointment =
  (none: '~' | '') =>
  (eb: any): any =>
    eb.fn.coalesce(
      activeAppointmentsOf(eb, 'users.id')
        .select((inner: any) => inner.fn.min('appointments.date').as('next'))
        .where('appointments.date', '>=', nowText()),
      eb.val(none),
    );

// Tags and user groups ------------------------------------------------------------------------------

/** Sort key: how many users of a kind (active or archived clients, providers) have the tag. */
export const taggedCount =
  (kind: 'active' | 'archived' | 'provider') =>
  (eb: any): any => {
    let users = eb
      .selectFrom('applied_tags')
      .innerJoin('users', 'users.id', 'applied_tags.user_id')
      .select((inner: any) => inner.fn.countAll().as('count'))
      .whereRef('applied_tags.tag_id', '=', 'tags.id')
      .where('applied_tags.deleted_at', 'is', null);
    users =
      kind === 'provider'
        ? users.where('users.user_type', '=', 'provider')
        : users
            .where('users.user_type', '=', 'patient')
            .where('users.active', '=', kind === 'active' ? 1 : 0);
    return users;
  };

/** Sort key: the first name of the user who added the tag, '' when unknown. */
export const addedByKey = (eb: any): any =>
  eb.fn.coalesce(
    eb.selectFrom('users as adder').select('adder.first_name').whereRef('adder.id', '=', 'tags.user_id'),
    eb.val(''),
  );

/** Sort key of `userGroups(order_by: USERS_COUNT_…)`. */
export const groupSizeKey = (eb: any): any =>
  eb
    .selectFrom('users as member')
    .select((inner: any) => inner.fn.countAll().as('count'))
    .whereRef('member.user_group_id', '=', 'user_groups.id')
    .where('member.user_type', '=', 'patient');

/**
 * `check_group_level_actions: true`: the groups only when the caller's organization membership allows
 * group-level actions (`OrganizationMembership.allow_group_level_actions`; the organization area's table,
 * read by name since its declarations import these).
 */
export const groupLevelActions: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader) =>
    value === true
      ? query.where((eb: any) =>
          eb.exists(
            reader.db
              .selectFrom('organization_memberships')
              .select('id')
              .where('user_id', '=', reader.caller.userId)
              .where('allow_group_level_actions', '=', 1),
          ),
        )
      : query,
};
