/**
 * How an appointment shows on a calendar and who it is for, derived from stored data: its colors (from its
 * provider's calendar color scheme), the user groups of its attendees, the booking form its client filled
 * when booking through the embed, and the names of its location and color-coded items.
 */
import { typedDb, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import type { PatientsTables } from '../patients/index.js';
import { fullName } from '../patients/index.js';
import { type SchedulingTables } from './resources.js';
import { storedSetting } from './setting-resources.js';

const db = (reader: Reader) => typedDb<SchedulingTables & PatientsTables>(reader);

/** The calendar color a new account gives appointments when no scheme colors them. */
export const APPOINTMENT_COLOR = '#4a90e2';

/** What a scheme colors by, and the item of an appointment its color codes name. */
const ITEM_OF: Record<string, (row: StoredRow) => unknown> = {
  appointment_type: (row) => row.appointment_type_id,
  contact_type: (row) => row.contact_type,
  location: (row) => row.appointment_location_id,
  appointment_location: (row) => row.appointment_location_id,
  status: (row) => row.pm_status,
  provider: (row) => row.other_party_id,
};

/** The provider's first calendar color scheme, when the provider wrote settings with one. */
async function schemeOf(reader: Reader, row: StoredRow) {
  const setting = await storedSetting(reader, row.other_party_id);
  if (!setting) return undefined;
  return db(reader)
    .selectFrom('calendar_color_schemes')
    .selectAll()
    .where('appointment_setting_id', '=', setting.id)
    .orderBy('id')
    .executeTakeFirst();
}

async function defaultColor(row: StoredRow, reader: Reader): Promise<string> {
  return (await schemeOf(reader, row))?.default_color ?? APPOINTMENT_COLOR;
}

/** The color its scheme gives the appointment's item (type, contact type, location, status, provider). */
async function backgroundColor(row: StoredRow, reader: Reader): Promise<string> {
  const scheme = await schemeOf(reader, row);
  if (!scheme) return APPOINTMENT_COLOR;
  const item = ITEM_OF[scheme.color_code_by ?? '']?.(row);
  const code =
    item == null
      ? undefined
      : await db(reader)
          .selectFrom('calendar_color_codes')
          .selectAll()
          .where('calendar_color_scheme_id', '=', scheme.id)
          .where('code_by_item', '=', String(item))
          .orderBy('id')
          .executeTakeFirst();
  return code?.color ?? scheme.default_color ?? APPOINTMENT_COLOR;
}

/** Black on light colors, white on dark ones (relative luminance of a `#rgb` / `#rrggbb` color). */
export function readableTextColor(background: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(background.trim())?.[1];
  if (!hex) return '#ffffff';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 ? '#000000' : '#ffffff';
}

/** The appointment's clients: its client and every seated attendee. */
async function clientIds(reader: Reader, row: StoredRow): Promise<number[]> {
  const seated = await db(reader)
    .selectFrom('appointment_inclusions')
    .select('user_id')
    .where('appointment_id', '=', row.id)
    .where('on_waitlist', '=', 0)
    .execute();
  const ids = [row.user_id, ...seated.map((s) => s.user_id)].filter((id) => typeof id === 'number');
  return [...new Set(ids)];
}

/** The user groups its clients belong to, oldest group first. */
async function assignedGroups(row: StoredRow, reader: Reader): Promise<unknown[]> {
  const ids = await clientIds(reader, row);
  if (ids.length === 0) return [];
  const d = db(reader);
  return d
    .selectFrom('user_groups')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where('id', 'in', d.selectFrom('users').select('user_group_id').where('id', 'in', ids))
    .orderBy('id')
    .execute();
}

/**
 * The booking form's answers when the client booked through the embed (completeCheckout keeps them with the
 * appointment): the form answer group they name, else the client's latest group of the booking form.
 */
async function filledEmbedForm(row: StoredRow, reader: Reader): Promise<unknown> {
  if (typeof row.booking_form_answers !== 'string') return null;
  const answers = JSON.parse(row.booking_form_answers) as Record<string, unknown>;
  // Form answers are the forms-charting area's (which reads appointments): its table, read by name, within scope.
  let query = reader.db
    .selectFrom('form_answer_groups')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where('deleted_at', 'is', null);
  if (answers.id != null) query = query.where('id', '=', Number(answers.id));
  else if (answers.custom_module_form_id != null && typeof row.user_id === 'number')
    query = query
      .where('custom_module_form_id', '=', Number(answers.custom_module_form_id))
      .where('user_id', '=', row.user_id);
  else return null;
  return (await query.orderBy('id', 'desc').executeTakeFirst()) ?? null;
}

export const appointmentCalendarFields: Record<string, Computed> = {
  default_color: { type: 'String', resolve: defaultColor },
  // `appointment_setting_updated_at` lets Healthie's calendar bust its cache; every read here is fresh.
  backgroundColor: {
    type: 'String',
    args: { appointment_setting_updated_at: 'String' },
    resolve: backgroundColor,
  },
  textColor: {
    type: 'String',
    resolve: async (row, reader) => readableTextColor(await backgroundColor(row, reader)),
  },
  assigned_groups: { type: '[UserGroup!]', resolve: assignedGroups },
  filled_embed_form: { type: 'FormAnswerGroup', resolve: filledEmbedForm },
  // carehooks serves no calendar feed, so there is no link to a client's .ics file.
  unauthenticated_ics_link: { type: 'String', resolve: () => null },
};

/** What a color code's item is called: the type, location or provider it names, or the item itself. */
async function itemName(row: StoredRow, reader: Reader): Promise<string | null> {
  const item = row.code_by_item;
  if (typeof item !== 'string' || item === '') return null;
  const scheme = await db(reader)
    .selectFrom('calendar_color_schemes')
    .select('color_code_by')
    .where('id', '=', Number(row.calendar_color_scheme_id))
    .executeTakeFirst();
  const id = Number(item);
  const column = async (table: string, name: string) => {
    const found = (await reader.db
      .selectFrom(table)
      .selectAll()
      .where('id', '=', id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) as StoredRow | undefined;
    return found && (name === '' ? fullName(found) : ((found[name] as string | null) ?? null));
  };
  switch (scheme?.color_code_by) {
    case 'appointment_type':
      return (await column('appointment_types', 'name')) ?? null;
    case 'location':
    case 'appointment_location':
      return (await column('appointment_locations', 'location')) ?? null;
    case 'provider':
      return (await column('users', '')) ?? null;
    default:
      return item;
  }
}

export const colorCodeFields: Record<string, Computed> = {
  code_by_item_name: { type: 'String', resolve: itemName },
};

/**
 * `appointment_location_id` names a location record: the appointment's `location` is its name unless the
 * client wrote one.
 */
export async function locationFromRecord(reader: Reader, values: Record<string, unknown>): Promise<void> {
  const id = values.appointment_location_id;
  if (typeof id !== 'number' || values.location != null) return;
  const found = await db(reader)
    .selectFrom('appointment_locations')
    .select('location')
    .where('id', '=', id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  if (found?.location != null) values.location = found.location;
}
