/**
 * `Organization` fields (the tenant row: id, name, parent_id, owner_user_id) derived from what the
 * organization area keeps: its profile (the primary OrganizationInfo: npi, tax id, phone, address), its
 * settings (`organization_email`), its staff and their memberships.
 *
 * Staff are the organization's provider users. A member's role decides provider or support staff:
 * `org_role` "Support" is support staff, any other role a provider. "Active" is an active membership; the
 * owner, who has no membership, counts as an active provider.
 */
import {
  keywordsIn,
  MAX_PAGE_SIZE,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import type { PatientsTables } from '../patients/index.js';
import type { OrganizationTables } from './resources.js';

type Args = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- queries over the shared users table
type Query = any;

const db = (reader: Reader) => typedDb<OrganizationTables & PatientsTables>(reader);

const visible = (reader: Reader, id: number) => reader.scope.includes(id);

async function primaryInfo(org: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  if (!visible(reader, org.id)) return undefined;
  return (await db(reader)
    .selectFrom('organization_infos')
    .selectAll()
    .where('organization_id', '=', org.id)
    .orderBy('primary', 'desc')
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}

const fromProfile = (column: string): Computed => ({
  type: 'String',
  resolve: async (org, reader) => {
    const info = await primaryInfo(org, reader);
    const value = info?.[column];
    return typeof value === 'string' ? value : null;
  },
});

/** Paging as Healthie's organization lists have it: `offset`, `page_size`, `should_paginate`. */
function paged(query: Query, args: Args, paginateByDefault = false): Query {
  const paginate = typeof args.should_paginate === 'boolean' ? args.should_paginate : paginateByDefault;
  if (!paginate) return query.limit(MAX_PAGE_SIZE);
  const size = typeof args.page_size === 'number' ? Math.min(Math.max(args.page_size, 1), MAX_PAGE_SIZE) : 10;
  const offset = typeof args.offset === 'number' && args.offset > 0 ? args.offset : 0;
  return query.limit(size).offset(offset);
}

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : []).map((id) => parseId(id)).filter((id): id is number => id !== null);

interface StaffOptions {
  role?: 'provider' | 'support';
  active?: boolean;
  careTeam?: boolean;
  subOrganizations?: boolean;
}

/**
 * A provider is staff unless removed (deleteOrganizationMembership deletes the membership and marks the
 * user inactive; the organization's owner has no membership and stays active).
 */
const stillStaff = (eb: Query) =>
  eb.or([eb('organization_memberships.id', 'is not', null), eb('users.active', '=', 1)]);

/** The organization's staff (provider users), with their membership, by last and first name. */
function staff(org: StoredRow, reader: Reader, options: StaffOptions = {}): Query {
  const organizations = (options.subOrganizations ? reader.scope : [org.id]).filter((id) =>
    visible(reader, id),
  );
  let query: Query = db(reader)
    .selectFrom('users')
    .leftJoin('organization_memberships', 'organization_memberships.user_id', 'users.id')
    .selectAll('users')
    .where('users.user_type', '=', 'provider')
    .where('users.organization_id', 'in', [...organizations, -1])
    .where(stillStaff);
  if (options.active === true)
    query = query.where((eb: Query) =>
      eb.or([eb('organization_memberships.active', '=', 1), eb('organization_memberships.id', 'is', null)]),
    );
  if (options.active === false) query = query.where('organization_memberships.active', '=', 0);
  if (options.role === 'support') query = query.where('organization_memberships.org_role', '=', 'Support');
  if (options.role === 'provider')
    query = query.where((eb: Query) =>
      eb.or([
        eb('organization_memberships.org_role', 'is', null),
        eb('organization_memberships.org_role', '!=', 'Support'),
      ]),
    );
  if (options.careTeam) query = query.where('organization_memberships.can_be_care_team_member', '=', 1);
  return query.orderBy('users.last_name').orderBy('users.first_name').orderBy('users.id');
}

const keywords = keywordsIn('users.first_name', 'users.last_name', 'users.email');

function filtered(query: Query, args: Args, reader: Reader): Query {
  let result = query;
  if (args.keywords != null) result = keywords.apply(result, args.keywords, reader, args);
  if (Array.isArray(args.provider_ids))
    result = result.where('users.id', 'in', [...ids(args.provider_ids), -1]);
  if (typeof args.licensed_in_state === 'string' && args.licensed_in_state.trim() !== '')
    result = result.where('users.id', 'in', (eb: Query) =>
      eb
        .selectFrom('state_licenses')
        .select('user_id')
        .where('state', '=', String(args.licensed_in_state).trim().toUpperCase()),
    );
  if (args.active_status === 'active')
    result = result.where((eb: Query) =>
      eb.or([eb('organization_memberships.active', '=', 1), eb('organization_memberships.id', 'is', null)]),
    );
  if (args.active_status === 'inactive' || args.active_status === 'archived')
    result = result.where('organization_memberships.active', '=', 0);
  return result;
}

const count = async (query: Query): Promise<number> => {
  const row = await query
    .clearSelect()
    .clearOrderBy()
    .select((eb: Query) => eb.fn.countAll().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
};

const staffList =
  (options: StaffOptions, argsPaged = false) =>
  (org: StoredRow, reader: Reader, args: Args) =>
    paged(filtered(staff(org, reader, options), args, reader), args, argsPaged).execute();

async function memberships(
  org: StoredRow,
  reader: Reader,
  args: Args,
  onlyActive = false,
): Promise<unknown[]> {
  if (!visible(reader, org.id)) return [];
  let query: Query = db(reader)
    .selectFrom('organization_memberships')
    .innerJoin('users', 'users.id', 'organization_memberships.user_id')
    .selectAll('organization_memberships')
    .where('organization_memberships.organization_id', '=', org.id);
  if (onlyActive) query = query.where('organization_memberships.active', '=', 1);
  if (args.keywords != null) query = keywords.apply(query, args.keywords, reader, args);
  return paged(query.orderBy('organization_memberships.id'), args).execute();
}

async function organizationRows(reader: Reader, where: (query: Query) => Query): Promise<unknown[]> {
  return where(db(reader).selectFrom('organizations').selectAll().where('id', 'in', reader.scope))
    .orderBy('id')
    .execute();
}

async function settingEmail(org: StoredRow, reader: Reader): Promise<string> {
  const setting = await db(reader)
    .selectFrom('organization_settings')
    .select('organization_email')
    .where('organization_id', '=', org.id)
    .executeTakeFirst();
  if (setting?.organization_email) return setting.organization_email;
  if (typeof org.owner_user_id !== 'number') return '';
  const owner = await db(reader)
    .selectFrom('users')
    .select('email')
    .where('id', '=', org.owner_user_id)
    .executeTakeFirst();
  return owner?.email ?? '';
}

async function infos(org: StoredRow, reader: Reader, args: Args): Promise<unknown[]> {
  if (!visible(reader, org.id)) return [];
  let query: Query = db(reader)
    .selectFrom('organization_infos')
    .selectAll()
    .where('organization_id', '=', org.id);
  if (args.id != null) query = query.where('id', '=', parseId(args.id) ?? -1);
  if (args.keywords != null) query = keywordsIn('name').apply(query, args.keywords, reader, args);
  return paged(query.orderBy('primary', 'desc').orderBy('id'), args).execute();
}

async function orgRoles(org: StoredRow, reader: Reader): Promise<string[]> {
  const rows = await db(reader)
    .selectFrom('organization_memberships')
    .select('org_role')
    .distinct()
    .where('organization_id', '=', org.id)
    .where('org_role', 'is not', null)
    .execute();
  const roles = rows
    .map((r) => String(r.org_role))
    .filter((role) => role !== 'Standard' && role !== 'Support');
  return ['Standard', 'Support', ...roles.sort()];
}

async function licensedStates(org: StoredRow, reader: Reader): Promise<string[]> {
  const rows = await db(reader)
    .selectFrom('state_licenses')
    .select('state')
    .distinct()
    .where('organization_id', '=', org.id)
    .orderBy('state')
    .execute();
  return rows.map((r) => String(r.state));
}

async function location(org: StoredRow, reader: Reader): Promise<unknown> {
  const info = await primaryInfo(org, reader);
  if (typeof info?.location_id !== 'number') return null;
  return (
    (await db(reader)
      .selectFrom('locations')
      .selectAll()
      .where('id', '=', info.location_id)
      .executeTakeFirst()) ?? null
  );
}

const staffCount = (options: StaffOptions) => async (org: StoredRow, reader: Reader, args: Args) =>
  count(filtered(staff(org, reader, options), args, reader));

export const organizationFields: Record<string, Computed> = {
  created_at: {
    type: 'String!',
    resolve: (org) => new Date(Number(org.created_at)).toISOString(),
  },
  owner_id: { type: 'ID', resolve: (org) => org.owner_user_id ?? null },
  parent_organization_id: { type: 'ID', resolve: (org) => org.parent_id ?? null },
  parent_organization: {
    type: 'Organization',
    resolve: async (org, reader) =>
      typeof org.parent_id === 'number' && visible(reader, org.parent_id)
        ? (((await organizationRows(reader, (q) => q.where('id', '=', org.parent_id))) as unknown[])[0] ??
          null)
        : null,
  },
  suborganizations: {
    type: '[Organization!]',
    resolve: (org, reader) => organizationRows(reader, (q) => q.where('parent_id', '=', org.id)),
  },
  // carehooks nests sub-organizations under top-level organizations.
  can_have_suborgs: { type: 'Boolean', resolve: (org) => org.parent_id == null },
  organization_email: { type: 'String!', resolve: settingEmail },
  npi: fromProfile('npi'),
  other_id: fromProfile('other_id'),
  other_id_qual: fromProfile('other_id_qual'),
  phone_number: fromProfile('phone_number'),
  tax_id: fromProfile('tax_id'),
  tax_id_type: fromProfile('tax_id_type'),
  location: { type: 'Location', resolve: location },
  organization_infos: {
    type: '[OrganizationInfo!]',
    args: { id: 'ID', keywords: 'String', offset: 'Int', should_paginate: 'Boolean' },
    resolve: infos,
  },
  organization_infos_count: {
    type: 'Int',
    resolve: async (org, reader) => (await infos(org, reader, {})).length,
  },
  organization_memberships: {
    type: '[OrganizationMembership!]',
    args: { keywords: 'String', offset: 'Int', page_size: 'Int', should_paginate: 'Boolean' },
    resolve: (org, reader, args) => memberships(org, reader, args),
  },
  organization_memberships_count: {
    type: 'Int',
    args: { keywords: 'String' },
    resolve: async (org, reader, args) =>
      (await memberships(org, reader, { keywords: args.keywords })).length,
  },
  only_active_organization_memberships: {
    type: '[OrganizationMembership!]',
    resolve: (org, reader) => memberships(org, reader, {}, true),
  },
  users: {
    type: '[User!]',
    args: { active_status: 'String', keywords: 'String' },
    resolve: staffList({}),
  },
  num_users: {
    type: 'String',
    resolve: async (org, reader) => String(await count(staff(org, reader))),
  },
  providers: {
    type: '[User!]',
    args: {
      active_status: 'String',
      keywords: 'String',
      licensed_in_state: 'String',
      offset: 'Int',
      page_size: 'Int',
      provider_ids: '[ID]',
      should_paginate: 'Boolean',
    },
    resolve: staffList({ role: 'provider' }),
  },
  providers_count: { type: 'Int', resolve: staffCount({ role: 'provider' }) },
  only_active_providers: {
    type: '[User!]',
    args: { include_suborg_providers: 'Boolean', provider_ids: '[ID]' },
    resolve: (org, reader, args) =>
      staffList({ role: 'provider', active: true, subOrganizations: args.include_suborg_providers === true })(
        org,
        reader,
        args,
      ),
  },
  only_active_providers_count: {
    type: 'Int',
    args: { provider_ids: '[ID]' },
    resolve: staffCount({ role: 'provider', active: true }),
  },
  only_active_support: { type: '[User!]', resolve: staffList({ role: 'support', active: true }) },
  only_active_support_count: { type: 'Int', resolve: staffCount({ role: 'support', active: true }) },
  active_care_team_members: {
    type: '[User!]',
    args: { provider_ids: '[ID]', state_licenses: '[String]' },
    resolve: (org, reader, args) => {
      let query = filtered(staff(org, reader, { active: true, careTeam: true }), args, reader);
      const states = Array.isArray(args.state_licenses)
        ? args.state_licenses.map((s) => String(s).toUpperCase())
        : [];
      if (states.length > 0)
        query = query.where('users.id', 'in', (eb: Query) =>
          eb.selectFrom('state_licenses').select('user_id').where('state', 'in', states),
        );
      return query.limit(MAX_PAGE_SIZE).execute();
    },
  },
  active_members_for_conversation: {
    type: '[User!]',
    args: { exclude_sub_org_members: 'Boolean', keywords: 'String' },
    resolve: (org, reader, args) =>
      filtered(
        staff(org, reader, { active: true, subOrganizations: args.exclude_sub_org_members !== true }),
        args,
        reader,
      )
        .limit(MAX_PAGE_SIZE)
        .execute(),
  },
  org_roles: { type: '[String!]', resolve: orgRoles },
  state_licenses: { type: '[String!]', resolve: licensedStates },
  tags: {
    type: '[Tag!]',
    resolve: (org, reader) =>
      visible(reader, org.id)
        ? db(reader)
            .selectFrom('tags')
            .selectAll()
            .where('organization_id', '=', org.id)
            .orderBy('name')
            .orderBy('id')
            .limit(MAX_PAGE_SIZE)
            .execute()
        : [],
  },
  user_groups: {
    type: '[UserGroup!]',
    resolve: (org, reader) =>
      visible(reader, org.id)
        ? db(reader)
            .selectFrom('user_groups')
            .selectAll()
            .where('organization_id', '=', org.id)
            .orderBy('name')
            .orderBy('id')
            .limit(MAX_PAGE_SIZE)
            .execute()
        : [],
  },
  // Integrations and onboarding flows carehooks does not run: a new account has none.
  rupa_health_members: { type: '[User!]', source: 'account-default', resolve: () => [] },
  zus_builder_id: { type: 'String', source: 'account-default', resolve: () => null },
  onboarding_flow_id: { type: 'String', source: 'account-default', resolve: () => null },
};
