/**
 * Calendar sync: a provider connects an external (Google or Outlook) calendar, stored as an
 * `ExternalCalendar` without an event (the catalog has none for it); later the calendar provider may refuse
 * that calendar's access grant (revoked or expired), which is reported as an event.
 */
import {
  emitFor,
  fail,
  given,
  insertRow,
  requireInScope,
  typedTransaction,
  updateRow,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { keepReport } from './integration-reports.js';
import { ExternalCalendar, type SchedulingTables } from './resources.js';

/** A calendar account as the sync connects it. */
export interface CalendarConnection {
  user_id: number;
  external_type: string;
  email: string;
  resource_name?: string | null | undefined;
  add_to_calendar?: boolean | undefined;
  pull_from_calendar?: boolean | undefined;
  pull_in_event_details?: boolean | undefined;
  /** The account's calendars, and those pulled in, as the sync partner lists them. */
  calendar_list?: readonly string[] | undefined;
  pulled_in_calendars?: readonly string[] | undefined;
}

/**
 * Stores the connected calendar in its provider's organization. Connecting an account the provider already
 * connected (same type and email) reconnects it: the one record keeps its id and takes the new settings.
 */
export async function connectExternalCalendar(
  work: Work,
  connection: CalendarConnection,
): Promise<StoredRow> {
  const user = await requireInScope(work, User, connection.user_id, 'user_id');
  if (user.user_type !== 'provider') fail('user_id', `User ${user.id} is not a provider`);
  const values = given({
    user_id: connection.user_id,
    external_type: connection.external_type,
    email: connection.email,
    resource_name: connection.resource_name,
    add_to_calendar: storedFlag(connection.add_to_calendar),
    pull_from_calendar: storedFlag(connection.pull_from_calendar),
    pull_in_event_details: storedFlag(connection.pull_in_event_details),
    calendar_list: storedList(connection.calendar_list),
    pulled_in_calendars: storedList(connection.pulled_in_calendars),
    // A (re)connection grants lasting access again.
    has_refresh_token: 1,
  });
  const existing = (await typedTransaction<SchedulingTables>(work)
    .selectFrom('external_calendars')
    .selectAll()
    .where('organization_id', '=', user.organization_id)
    .where('user_id', '=', connection.user_id)
    .where('external_type', '=', connection.external_type)
    .where('email', '=', connection.email)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
  if (existing) return (await updateRow(work, ExternalCalendar, existing, values)).row;
  return insertRow(work, ExternalCalendar, values, user.organization_id);
}

function storedList(value: readonly string[] | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function storedFlag(value: boolean | undefined): 0 | 1 | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}

export async function reportCalendarAuthorizationError(
  work: Work,
  externalCalendarId: number,
  details: { error?: string | null | undefined },
): Promise<StoredRow> {
  const calendar = await requireInScope(work, ExternalCalendar, externalCalendarId, 'external_calendar_id');
  await keepReport(work, {
    provider: 'calendar',
    report: 'authorization_error',
    resource: ExternalCalendar,
    row: calendar,
    details,
  });
  // The grant is gone: the calendar no longer holds a refresh token until it is connected again.
  const { row } = await updateRow(work, ExternalCalendar, calendar, { has_refresh_token: 0 });
  await emitFor(work, ExternalCalendar, 'authorization_error', row);
  return row;
}
