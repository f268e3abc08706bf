/**
 * A provider's external (Google or Outlook) calendars, as the provider manages them.
 *
 * - `createExternalCalendar`: connects a calendar account for a provider (the caller unless `user_id`
 *   names another), as the calendar sync does (./internal-calendar.ts: connecting the same account again
 *   reconnects the one record). The OAuth grant is checked and not kept: carehooks runs no calendar sync
 *   and keeps no credential nothing uses; `refresh_token` says whether lasting access was granted
 *   (`has_refresh_token`).
 * - `updateExternalCalendar`: whether appointments are added to it and events pulled from it (with their
 *   details), and which of its calendars (`calendar_list`) are pulled in.
 * - `deleteExternalCalendar`: disconnects it.
 * The reference documents only `external_calendar.authorization_error`, so none of these emits an event.
 */
import { z } from 'zod';
import {
  deleteRow,
  fail,
  findRow,
  parseId,
  parseInput,
  requireRow,
  updateRow,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { connectExternalCalendar } from './internal-calendar.js';
import { ExternalCalendar } from './resources.js';

const calendarNames = z.array(z.string().max(1000)).max(500).nullish();

const createInput = z.object({
  user_id: z.unknown().optional(),
  external_type: z.enum(['google', 'outlook'], { error: 'External type must be google or outlook' }),
  email: z.email({ error: 'Email must be an email address' }).max(320),
  resource_name: z.string().max(10_000).nullish(),
  add_to_calendar: z.boolean().nullish(),
  pull_from_calendar: z.boolean().nullish(),
  pulled_in_calendars: calendarNames,
  access_token: z.string({ error: 'Access token is required' }).min(1, { error: 'Access token is required' }),
  refresh_token: z.string().nullish(),
  token_type: z
    .string()
    .nullish()
    .refine((type) => type == null || type.toLowerCase() === 'bearer', {
      error: 'Token type must be Bearer',
    }),
  expiry_date: z
    .string()
    .nullish()
    .refine((date) => date == null || date === '' || !Number.isNaN(Date.parse(date)), {
      error: 'Expiry date must be a date and time',
    }),
});

const flag = (value: boolean | null | undefined) => (value == null ? undefined : value);
const list = (value: readonly string[] | null | undefined) => value ?? undefined;

export const createExternalCalendar: SpecialMutation = {
  name: 'createExternalCalendar',
  input: 'createExternalCalendarInput',
  inputFields: {
    access_token: 'String',
    add_to_calendar: 'Boolean',
    email: 'String',
    expiry_date: 'String',
    external_type: 'String',
    pull_from_calendar: 'Boolean',
    pulled_in_calendars: '[String]',
    refresh_token: 'String',
    resource_name: 'String',
    token_type: 'String',
    user_id: 'ID',
  },
  payload: 'createExternalCalendarPayload',
  returns: { external_calendar: 'ExternalCalendar' },
  async run(work, input) {
    const given = parseInput(createInput, input);
    const raw = given.user_id;
    const userId = raw === undefined || raw === null || raw === '' ? work.caller.userId : parseId(raw);
    const user = userId === null ? undefined : await findRow(work, User, userId);
    if (!user || user.user_type !== 'provider') fail('user_id', `Provider ${String(raw)} was not found`);
    const calendar = await connectExternalCalendar(work, {
      user_id: user.id,
      external_type: given.external_type,
      email: given.email,
      resource_name: given.resource_name,
      add_to_calendar: flag(given.add_to_calendar),
      pull_from_calendar: flag(given.pull_from_calendar),
      pulled_in_calendars: list(given.pulled_in_calendars),
    });
    const lasting = given.refresh_token != null && given.refresh_token !== '';
    const { row } = await updateRow(work, ExternalCalendar, calendar, { has_refresh_token: lasting ? 1 : 0 });
    return { external_calendar: row };
  },
};

const updateInput = z.object({
  add_to_calendar: z.boolean().nullish(),
  pull_from_calendar: z.boolean().nullish(),
  pull_in_event_details: z.boolean().nullish(),
  pulled_in_calendars: calendarNames,
});

function listed(calendar: StoredRow): string[] | null {
  if (typeof calendar.calendar_list !== 'string') return null;
  const parsed = JSON.parse(calendar.calendar_list) as unknown;
  return Array.isArray(parsed) ? parsed.map(String) : null;
}

export const updateExternalCalendar: SpecialMutation = {
  name: 'updateExternalCalendar',
  input: 'updateExternalCalendarInput',
  inputFields: {
    add_to_calendar: 'Boolean',
    id: 'ID',
    pull_from_calendar: 'Boolean',
    pull_in_event_details: 'Boolean',
    pulled_in_calendars: '[String]',
  },
  payload: 'updateExternalCalendarPayload',
  returns: { external_calendar: 'ExternalCalendar' },
  async run(work, input) {
    const calendar = await requireRow(work, ExternalCalendar, input.id);
    const given = parseInput(updateInput, input);
    const values: Record<string, unknown> = {};
    for (const name of ['add_to_calendar', 'pull_from_calendar', 'pull_in_event_details'] as const) {
      const value = given[name];
      if (value != null) values[name] = value ? 1 : 0;
    }
    if (given.pulled_in_calendars != null) {
      // Only calendars of the account (as the sync listed them) can be pulled in.
      const known = listed(calendar);
      const unknown = known ? given.pulled_in_calendars.filter((name) => !known.includes(name)) : [];
      if (unknown.length > 0)
        fail('pulled_in_calendars', `Not a calendar of this account: ${unknown.join(', ')}`);
      values.pulled_in_calendars = JSON.stringify(given.pulled_in_calendars);
    }
    const { row } = await updateRow(work, ExternalCalendar, calendar, values);
    return { external_calendar: row };
  },
};

export const deleteExternalCalendar: SpecialMutation = {
  name: 'deleteExternalCalendar',
  input: 'deleteExternalCalendarInput',
  inputFields: { id: 'ID' },
  payload: 'deleteExternalCalendarPayload',
  returns: { external_calendar: 'ExternalCalendar' },
  async run(work, input) {
    const calendar = await requireRow(work, ExternalCalendar, input.id);
    await deleteRow(work, ExternalCalendar, calendar);
    return { external_calendar: calendar };
  },
};
