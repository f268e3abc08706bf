/**
 * A member's details kept beside the `users` row: professions, specialties, state licenses and
 * appointment locations, each a record of its own (no events), and the member's avatar. Shared by the
 * membership mutations and updateOrganizationMember.
 *
 * `professions` / `specialties` (ProfessionsInput / SpecialtiesInput: no ids) replace the member's list.
 * `state_licenses` (StateLicensesInput) and `provider_appointment_locations`
 * (ProviderAppointmentLocationsInput) edit theirs item by item: `id` names one of the member's (with
 * `_destroy` it is removed), an item without `id` adds one. A license is a two-letter state code, kept in
 * upper case. `avatar` (an Upload) / `avatar_string` reach carehooks as a data URL: the image's content
 * type is kept, not the image.
 */
import {
  fail,
  insertRow,
  label,
  parseId,
  typedDb,
  typedTransaction,
  updateRecord,
  validateInput,
  within,
  type AnyResource,
  type Reader,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import {
  Profession,
  ProviderAppointmentLocation,
  Specialty,
  StateLicense,
  type OrganizationTables,
} from './resources.js';

type Item = Record<string, unknown>;

const items = (value: unknown): Item[] | undefined =>
  Array.isArray(value)
    ? value.filter((item): item is Item => typeof item === 'object' && item !== null)
    : undefined;

type MemberTable = 'professions' | 'specialties' | 'state_licenses' | 'provider_appointment_locations';

const TABLES: Record<MemberTable, AnyResource> = {
  professions: Profession,
  specialties: Specialty,
  state_licenses: StateLicense,
  provider_appointment_locations: ProviderAppointmentLocation,
};

async function rowsOf(reader: Reader, table: MemberTable, userId: number): Promise<StoredRow[]> {
  return (await typedDb<OrganizationTables>(reader)
    .selectFrom(table)
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as unknown as StoredRow[];
}

async function add(work: Work, table: MemberTable, member: StoredRow, fields: Item): Promise<void> {
  const r = TABLES[table];
  const { values } = await validateInput(work, r, fields, 'create');
  await insertRow(work, r, { ...values, user_id: member.id }, member.organization_id);
}

/** `professions` / `specialties`: the given list replaces the member's. */
export async function replaceList(
  work: Work,
  table: 'professions' | 'specialties',
  member: StoredRow,
  value: unknown,
): Promise<void> {
  const list = items(value);
  if (list === undefined) return;
  await within(table, async () => {
    await typedTransaction<OrganizationTables>(work)
      .deleteFrom(table)
      .where('user_id', '=', member.id)
      .execute();
    for (const [index, item] of list.entries()) {
      await within(String(index), () => add(work, table, member, item));
    }
  });
}

/** `state_licenses` / `provider_appointment_locations`: item by item (`id`, `_destroy`). */
async function editList(
  work: Work,
  table: 'state_licenses' | 'provider_appointment_locations',
  member: StoredRow,
  value: unknown,
  normalize: (fields: Item) => Item = (fields) => fields,
): Promise<void> {
  const list = items(value);
  if (list === undefined) return;
  const r = TABLES[table];
  await within(table, async () => {
    for (const [index, item] of list.entries()) {
      await within(String(index), async () => {
        const { id, _destroy: destroy, ...fields } = item;
        if (id === undefined || id === null || id === '') {
          if (destroy !== true) await add(work, table, member, normalize(fields));
          return;
        }
        const current = (await rowsOf(work, table, member.id)).find((row) => row.id === parseId(id));
        if (!current) fail('id', `${r.name} ${String(id)} was not found`);
        if (destroy === true) {
          await typedTransaction<OrganizationTables>(work)
            .deleteFrom(table)
            .where('id', '=', current.id)
            .execute();
        } else await updateRecord(work, r, current, normalize(fields));
      });
    }
  });
}

/** A license's state: a two-letter code (`ca` → `CA`) of a US state or territory. */
function upperState(fields: Item): Item {
  if (typeof fields.state !== 'string') return fields;
  const state = fields.state.trim().toUpperCase();
  if (!(state in STATES)) fail('state', 'State must be the two-letter code of a US state (e.g. CA)');
  return { ...fields, state };
}

export async function editStateLicenses(work: Work, member: StoredRow, value: unknown): Promise<void> {
  await editList(work, 'state_licenses', member, value, upperState);
}

export async function editAppointmentLocations(work: Work, member: StoredRow, value: unknown): Promise<void> {
  await editList(work, 'provider_appointment_locations', member, value);
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

/** `avatar` / `avatar_string`: the content type of the image given as a data URL. */
export function avatarType(input: Item): string | undefined {
  let type: string | undefined;
  for (const name of ['avatar_string', 'avatar'] as const) {
    const image = input[name];
    if (image === undefined || image === null || image === '') continue;
    const match = typeof image === 'string' ? DATA_URL.exec(image) : null;
    if (!match) fail(name, `${label(name)} must be a data URL (data:<type>;base64,...)`);
    type = match[1]!.toLowerCase();
  }
  return type;
}

/** A member's records of one kind, for the fields that read them back. */
export const memberRows = (table: MemberTable) => (member: StoredRow, reader: Reader) =>
  rowsOf(reader, table, member.id);

const STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  AS: 'American Samoa',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
};

/** `StateLicense.full_state_name`: the state's name for its code (null for a code that names none). */
export const fullStateName = (license: StoredRow): string | null =>
  typeof license.state === 'string' ? (STATES[license.state.toUpperCase()] ?? null) : null;
