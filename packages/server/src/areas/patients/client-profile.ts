/**
 * Fields of `User` derived from the patients area's own data: names, age, codes read as words, the care
 * team (`providers`), the set-password state, groups, the main address and the organization's people.
 * Bound to `User` through the area's `extend` (./area.ts).
 */
import {
  MAX_PAGE_SIZE,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { containsKeywords, readKeywords } from '../../core/keywords.js';
import type { OrganizationTables } from '../organization/index.js';
import { listsProvider } from './list-queries.js';
import type { PatientsTables } from './resources.js';
import { fullName } from './user-fields.js';

const db = (reader: Reader) => typedDb<PatientsTables & OrganizationTables>(reader);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Whole years between a `YYYY-MM-DD` birth date and today (UTC), as Healthie answers it: a string. */
export function ageOf(dob: unknown, now = new Date()): string | null {
  const match = typeof dob === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = now.getUTCFullYear() - year;
  if (now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day)) age -= 1;
  return age >= 0 ? String(age) : null;
}

/** `Ada L.` */
function firstNameLastInitial(row: StoredRow): string | null {
  const first = text(row.first_name);
  const last = text(row.last_name);
  return [first, last ? `${last.charAt(0)}.` : null].filter(Boolean).join(' ') || null;
}

/** The legal name (or the preferred first name when none is given) and the last name. */
function fullLegalName(row: StoredRow): string | null {
  return (
    [text(row.legal_name) ?? text(row.first_name), text(row.last_name)].filter(Boolean).join(' ') || null
  );
}

/** `Jonathan (Jon) Jones` when the legal first name differs from the preferred one. */
function fullLegalNameWithPreferred(row: StoredRow): string | null {
  const legal = text(row.legal_name);
  const first = text(row.first_name);
  if (!legal || !first || legal === first) return fullLegalName(row);
  return [legal, `(${first})`, text(row.last_name)].filter(Boolean).join(' ');
}

/** Height in inches as feet and inches, e.g. `5' 10"`. */
function heightText(row: StoredRow): string | null {
  const height = typeof row.height === 'number' ? row.height : Number.NaN;
  if (!Number.isFinite(height) || height <= 0) return null;
  const feet = Math.floor(height / 12);
  const inches = Math.round((height - feet * 12) * 10) / 10;
  return feet > 0 ? `${feet}' ${inches}"` : `${inches}"`;
}

/** CDC race and ethnicity codes (as ONC certification uses them) and the words for them. */
const RACES: Record<string, string> = {
  '1002-5': 'American Indian or Alaska Native',
  '2028-9': 'Asian',
  '2054-5': 'Black or African American',
  '2076-8': 'Native Hawaiian or Other Pacific Islander',
  '2106-3': 'White',
  '2131-1': 'Other Race',
  ASKU: 'Asked but no answer',
  UNK: 'Unknown',
};
const ETHNICITIES: Record<string, string> = {
  '2135-2': 'Hispanic or Latino',
  '2186-5': 'Not Hispanic or Latino',
  ASKU: 'Asked but no answer',
  UNK: 'Unknown',
};
/** SNOMED CT codes of sexual orientation and gender identity (ONC) and the words for them. */
const SEXUAL_ORIENTATIONS: Record<string, string> = {
  '38628009': 'Lesbian, gay or homosexual',
  '20430005': 'Straight or heterosexual',
  '42035005': 'Bisexual',
  OTH: 'Something else, please describe',
  UNK: "Don't know",
  ASKU: 'Choose not to disclose',
};
const GENDER_IDENTITIES: Record<string, string> = {
  '446151000124109': 'Identifies as Male',
  '446141000124107': 'Identifies as Female',
  '407377005': 'Female-to-Male (FTM)/Transgender Male/Trans Man',
  '407376001': 'Male-to-Female (MTF)/Transgender Female/Trans Woman',
  '446131000124102': 'Genderqueer, neither exclusively male nor female',
  OTH: 'Additional gender category or other, please specify',
  ASKU: 'Choose not to disclose',
};
/** ISO 639 language codes (the common ones) and their English names. */
const LANGUAGES: Record<string, string> = {
  ar: 'Arabic',
  de: 'German',
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  hi: 'Hindi',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  pl: 'Polish',
  pt: 'Portuguese',
  ru: 'Russian',
  tl: 'Tagalog',
  vi: 'Vietnamese',
  zh: 'Chinese',
};

/** The words for a stored code; a code not in the table is answered as given. */
const codeName =
  (table: Record<string, string>, column: string) =>
  (row: StoredRow): string | null => {
    const code = text(row[column]);
    if (!code) return null;
    return table[code] ?? table[code.toLowerCase()] ?? table[code.split(/[-_]/)[0]!.toLowerCase()] ?? code;
  };

/** `sexual_orientation`: the words for the code, or what the client wrote for "something else". */
function sexualOrientation(row: StoredRow): string | null {
  const code = text(row.sexual_orientation_code);
  if (code === 'OTH' && text(row.sexual_orientation_other)) return text(row.sexual_orientation_other);
  return codeName(SEXUAL_ORIENTATIONS, 'sexual_orientation_code')(row);
}

/** The client's providers: the primary one, then the other care-team providers, in that order. */
async function careTeam(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown> = {},
): Promise<StoredRow[]> {
  const ids: number[] = [];
  if (typeof row.dietitian_id === 'number') ids.push(row.dietitian_id);
  const others =
    typeof row.other_provider_ids === 'string' ? (JSON.parse(row.other_provider_ids) as unknown) : [];
  for (const raw of Array.isArray(others) ? others : []) {
    const id = parseId(raw);
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) return [];
  let query = db(reader)
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', ids)
    .where('organization_id', 'in', reader.scope);
  // Only providers who can be booked: an active member of the organization (or its owner).
  if (args.can_be_scheduled_with === true)
    query = query.where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('organization_memberships').select('user_id').where('active', '=', 1)),
        eb(
          'id',
          'in',
          eb.selectFrom('organizations').select('owner_user_id').where('owner_user_id', 'is not', null),
        ),
      ]),
    );
  const found = (await query.execute()) as unknown as StoredRow[];
  return ids.map((id) => found.find((user) => user.id === id)).filter((user) => user !== undefined);
}

/**
 * Whether the client is in the set-password state: a client with an email and a signup token, no password
 * set yet, not created with `skip_set_password_state`.
 */
export function settingPassword(row: StoredRow): boolean {
  return (
    row.user_type === 'patient' &&
    row.email != null &&
    typeof row.signup_token === 'string' &&
    row.password_set_at == null &&
    Number(row.skip_set_password_state) !== 1
  );
}

/**
 * `set_password_link`: while the client is setting a password, a link with their signup token (the one
 * `basicUserInfoFromToken` reads). carehooks serves no client portal, so the link is a path to complete
 * with the portal's address.
 */
function setPasswordLink(row: StoredRow): string | null {
  return settingPassword(row) ? `/set_password?signup_token=${String(row.signup_token)}` : null;
}

async function groupName(row: StoredRow, reader: Reader): Promise<string | null> {
  if (row.user_group_id == null) return null;
  const group = await db(reader)
    .selectFrom('user_groups')
    .select('name')
    .where('id', '=', Number(row.user_group_id))
    .executeTakeFirst();
  return group?.name ?? null;
}

/** Groups of the user's organizations, by name (`keywords`, `offset` / `should_paginate` as Healthie's). */
async function userGroups(
  _row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<unknown[]> {
  let query = db(reader).selectFrom('user_groups').selectAll().where('organization_id', 'in', reader.scope);
  const keywords = readKeywords(args.keywords);
  if (keywords !== null) query = query.where((eb) => containsKeywords(eb.ref('name'), keywords));
  if (args.course_id != null) query = query.where('id', 'in', groupsInCourse(reader, args.course_id));
  if (args.check_group_level_actions === true && !(await groupLevelAllowed(reader))) return [];
  const paginate = args.should_paginate === true;
  const offset = paginate && typeof args.offset === 'number' && args.offset > 0 ? args.offset : 0;
  return query
    .orderBy('name')
    .orderBy('id')
    .limit(paginate ? 10 : MAX_PAGE_SIZE)
    .offset(offset)
    .execute();
}

/** Groups with a member in the course (the tasks-courses area's `course_memberships`, read by name). */
function groupsInCourse(reader: Reader, course: unknown) {
  return db(reader)
    .selectFrom('users')
    .select('user_group_id')
    .where('user_group_id', 'is not', null)
    .where(
      'id',
      'in',
      reader.db
        .selectFrom('course_memberships')
        .select('user_id')
        .where('course_id', '=', parseId(course) ?? -1),
    );
}

/** Whether the caller's membership allows group-level actions (`check_group_level_actions`). */
async function groupLevelAllowed(reader: Reader): Promise<boolean> {
  // The permission flags are declared as a list, so the typed view does not name them one by one.
  const membership: { allow_group_level_actions?: unknown } | undefined = await reader.db
    .selectFrom('organization_memberships')
    .select('allow_group_level_actions')
    .where('user_id', '=', reader.caller.userId)
    .executeTakeFirst();
  return Number(membership?.allow_group_level_actions) === 1;
}

async function userGroupsCount(
  _row: StoredRow,
  reader: Reader,
  args: Record<string, unknown> = {},
): Promise<number> {
  if (args.check_group_level_actions === true && !(await groupLevelAllowed(reader))) return 0;
  let query = db(reader)
    .selectFrom('user_groups')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('organization_id', 'in', reader.scope);
  if (args.course_id != null) query = query.where('id', 'in', groupsInCourse(reader, args.course_id));
  const found = await query.executeTakeFirst();
  return Number(found?.count ?? 0);
}

/** The user's main address: their first location. */
async function mainLocation(row: StoredRow, reader: Reader): Promise<unknown> {
  return db(reader)
    .selectFrom('locations')
    .selectAll()
    .where('user_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .executeTakeFirst();
}

async function policiesAscending(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return db(reader)
    .selectFrom('policies')
    .selectAll()
    .where('user_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('created_at')
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();
}

async function organizationOfRow(row: StoredRow, reader: Reader) {
  return db(reader)
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', row.organization_id)
    .executeTakeFirst();
}

/** The staff of the user's organization (providers), the user left out. */
async function otherMembers(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown> = {},
): Promise<unknown[]> {
  let query = db(reader)
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', row.organization_id)
    .where('user_type', '=', 'provider')
    .where('id', '!=', row.id);
  if (args.only_active === true)
    query = query.where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('organization_memberships').select('user_id').where('active', '=', 1)),
        eb(
          'id',
          'in',
          eb.selectFrom('organizations').select('owner_user_id').where('id', '=', row.organization_id),
        ),
      ]),
    );
  return query.orderBy('last_name').orderBy('id').limit(MAX_PAGE_SIZE).execute();
}

async function staffCount(row: StoredRow, reader: Reader): Promise<number> {
  const found = await db(reader)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('organization_id', '=', row.organization_id)
    .where('user_type', '=', 'provider')
    .executeTakeFirst();
  return Number(found?.count ?? 0);
}

/** A provider's clients: as primary provider or care-team member (`only_primary`: primary only). */
function clientsOf(row: StoredRow, reader: Reader, options: { onlyPrimary?: boolean; onlyActive?: boolean }) {
  let query = db(reader)
    .selectFrom('users')
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', reader.scope)
    .where((eb) =>
      options.onlyPrimary
        ? eb('dietitian_id', '=', row.id)
        : eb.or([eb('dietitian_id', '=', row.id), eb('other_provider_ids', 'like', listsProvider(row.id))]),
    );
  if (options.onlyActive) query = query.where('active', '=', 1);
  return query;
}

async function patients(row: StoredRow, reader: Reader, args: Record<string, unknown>): Promise<unknown[]> {
  let query = clientsOf(row, reader, { onlyActive: args.only_active === true }).selectAll();
  if (Array.isArray(args.client_ids)) {
    const ids = args.client_ids.map((id) => parseId(id)).filter((id) => id !== null);
    query = query.where('id', 'in', ids.length > 0 ? ids : [-1]);
  }
  return query.orderBy('last_name').orderBy('id').limit(MAX_PAGE_SIZE).execute();
}

async function activePatients(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<unknown[]> {
  let query = clientsOf(row, reader, { onlyActive: true }).selectAll();
  const keywords = readKeywords(args.keywords);
  if (keywords !== null)
    query = query.where((eb) =>
      eb.or(
        (['first_name', 'last_name', 'email'] as const).map((c) => containsKeywords(eb.ref(c), keywords)),
      ),
    );
  const courseId = parseId(args.course_id);
  if (args.course_id != null)
    query = query.where(
      'id',
      'in',
      reader.db
        .selectFrom('course_memberships')
        .select('user_id')
        .where('course_id', '=', courseId ?? -1),
    );
  const paginate = args.should_paginate === true;
  const offset = paginate && typeof args.offset === 'number' && args.offset > 0 ? args.offset : 0;
  return query
    .orderBy('last_name')
    .orderBy('id')
    .limit(paginate ? 10 : MAX_PAGE_SIZE)
    .offset(offset)
    .execute();
}

async function countOf(query: ReturnType<typeof clientsOf>): Promise<number> {
  const found = await query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirst();
  return Number(found?.count ?? 0);
}

/** The call references recorded on the user's policies. */
async function callReferences(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return db(reader)
    .selectFrom('call_references')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where('policy_id', 'in', (eb) => eb.selectFrom('policies').select('id').where('user_id', '=', row.id))
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();
}

/** Whether the client has an insurance policy that is not marked inactive. */
async function insured(row: StoredRow, reader: Reader): Promise<boolean> {
  const policy = await db(reader)
    .selectFrom('policies')
    .select('id')
    .where('user_id', '=', row.id)
    .where((eb) => eb.or([eb('priority_type', 'is', null), eb('priority_type', '!=', 'inactive')]))
    .executeTakeFirst();
  return policy !== undefined;
}

/** A provider's clients with appointment credits left. */
async function clientsWithCredits(row: StoredRow, reader: Reader): Promise<number> {
  const found = await clientsOf(row, reader, {})
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('id', 'in', (eb) =>
      eb.selectFrom('appointment_type_credits').select('user_id').where('quantity', '>', 0),
    )
    .executeTakeFirst();
  return Number(found?.count ?? 0);
}

/** One line of an address row. */
function addressLine(row: {
  line1?: unknown;
  line2?: unknown;
  city?: unknown;
  state?: unknown;
  zip?: unknown;
}) {
  const cityLine = [row.city, [row.state, row.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [row.line1, row.line2, cityLine].filter(Boolean).join(', ') || null;
}

const derived = (type: string, resolve: Computed['resolve'], args?: Record<string, string>): Computed => ({
  type,
  resolve,
  ...(args ? { args } : {}),
});

/** `last_activity`: when the client's record last changed (carehooks sees no sign-ins or app use). */
const lastActivity = (row: StoredRow) =>
  typeof row.updated_at === 'number' ? new Date(row.updated_at).toISOString() : null;

export const profileFields: Record<string, Computed> = {
  age: derived('String', (row) => ageOf(row.dob)),
  name: derived('String', (row) => fullName(row) || null),
  first_name_last_initial: derived('String', firstNameLastInitial),
  full_legal_name: derived('String', fullLegalName),
  full_legal_name_with_preferred: derived('String', fullLegalNameWithPreferred),
  height_str: derived('String', heightText),
  doc_share_id: derived('String', (row) => `user-${row.id}`),
  human_id: derived('ID', (row) => String(row.id)),
  shard_aware_id: derived('ID!', (row) => String(row.id)),
  preferred_language: derived('String', codeName(LANGUAGES, 'preferred_language_code')),
  primary_race: derived('String', codeName(RACES, 'primary_race_code')),
  secondary_race: derived('String', codeName(RACES, 'secondary_race_code')),
  primary_ethnicity: derived('String', codeName(ETHNICITIES, 'primary_ethnicity_code')),
  secondary_ethnicity: derived('String', codeName(ETHNICITIES, 'secondary_ethnicity_code')),
  sexual_orientation: derived('String', sexualOrientation),
  onc_gender_identity: derived('String', codeName(GENDER_IDENTITIES, 'gender_identity_code')),
  providers: derived('[User!]', careTeam, { can_be_scheduled_with: 'Boolean' }),
  set_password_link: derived('String', setPasswordLink),
  has_created_password: derived('Boolean', (row) => row.password_set_at != null),
  has_completed_intake_forms: derived('Boolean', (row) => row.intake_completed_at != null),
  group_name: derived('String', groupName),
  user_groups: derived('[UserGroup!]!', userGroups, {
    check_group_level_actions: 'Boolean',
    course_id: 'ID',
    keywords: 'String',
    offset: 'Int',
    should_paginate: 'Boolean',
  }),
  user_groups_count: derived('Int!', userGroupsCount, {
    check_group_level_actions: 'Boolean',
    course_id: 'ID',
  }),
  has_user_groups: derived('Boolean', async (row, reader) => (await userGroupsCount(row, reader)) > 0),
  location: derived('Location', mainLocation),
  policiesOrderAscending: derived('[Policy!]', policiesAscending),
  last_activity: derived('String', lastActivity),
  last_activity_string: derived('String', (row) => lastActivity(row)?.slice(0, 10) ?? null),
  // Every carehooks user belongs to an organization.
  is_org: derived('Boolean', () => true),
  in_org: derived('Boolean', () => true, { known_to_be_in_org: 'Boolean' }),
  is_owner: derived(
    'Boolean',
    async (row, reader) => (await organizationOfRow(row, reader))?.owner_user_id === row.id,
  ),
  organization_email: derived('String', async (row, reader) => {
    const org = await organizationOfRow(row, reader);
    if (org?.owner_user_id == null) return null;
    const owner = await db(reader)
      .selectFrom('users')
      .select('email')
      .where('id', '=', org.owner_user_id)
      .executeTakeFirst();
    return owner?.email ?? null;
  }),
  org_name_or_self_name: derived(
    'String',
    async (row, reader) => (await organizationOfRow(row, reader))?.name ?? (fullName(row) || null),
  ),
  in_multiple_providers_org: derived('Boolean', async (row, reader) => (await staffCount(row, reader)) > 1),
  is_org_with_multiple_users: derived('Boolean', async (row, reader) => (await staffCount(row, reader)) > 1),
  has_other_org_members: derived(
    'Boolean',
    async (row, reader) => (await otherMembers(row, reader)).length > 0,
  ),
  other_org_members: derived('[User!]!', otherMembers, { only_active: 'Boolean' }),
  other_org_members_for_sharing: derived('[User!]!', (row, reader) =>
    otherMembers(row, reader, { only_active: true }),
  ),
  patients: derived('[User!]!', patients, { client_ids: '[ID]', only_active: 'Boolean' }),
  patients_count: derived(
    'Int',
    (row, reader, args) =>
      countOf(clientsOf(row, reader, { onlyPrimary: args.only_primary === true, onlyActive: true })),
    { only_primary: 'Boolean' },
  ),
  active_patients: derived('[User!]!', activePatients, {
    course_id: 'ID',
    keywords: 'String',
    offset: 'Int',
    should_paginate: 'Boolean',
  }),
  active_patients_count: derived(
    'Int',
    async (row, reader, args) => {
      let query = clientsOf(row, reader, { onlyActive: true });
      if (args.course_id != null)
        query = query.where(
          'id',
          'in',
          reader.db
            .selectFrom('course_memberships')
            .select('user_id')
            .where('course_id', '=', parseId(args.course_id) ?? -1),
        );
      return countOf(query);
    },
    { course_id: 'ID' },
  ),
  call_references: derived('[CallReference!]', callReferences),
  has_insurance_pay: derived('Boolean', insured),
  has_self_pay: derived('Boolean', async (row, reader) => !(await insured(row, reader))),
  total_clients_with_appt_type_credits: derived('Int', clientsWithCredits),
  calendar_timezone: derived('String', (row) => text(row.timezone)),
  // Super bills print the provider's and the patient's addresses: each their main location.
  super_bill_location: derived('Location', mainLocation),
  super_bill_patient_location: derived('Location', mainLocation),
  super_bill_address: derived('String', async (row, reader) => {
    const location = (await mainLocation(row, reader)) as Parameters<typeof addressLine>[0] | undefined;
    return location ? addressLine(location) : null;
  }),
  super_bill_phone_number: derived('String', (row) => text(row.phone_number)),
  // Sub-organizations: the owner of an organization may add them (carehooks has no plan limits).
  can_have_suborgs: derived(
    'Boolean',
    async (row, reader) => (await organizationOfRow(row, reader))?.owner_user_id === row.id,
  ),
  can_insert_suborgs: derived(
    'Boolean',
    async (row, reader) => (await organizationOfRow(row, reader))?.owner_user_id === row.id,
  ),
  // Carried by the shared `users` table (the organization area declares them for staff).
  npi: derived('String', (row) => text(row.npi)),
  qualifications: derived('String', (row) => text(row.qualifications)),
  scheduling_priority: derived('String', (row) => text(row.scheduling_priority)),
};
