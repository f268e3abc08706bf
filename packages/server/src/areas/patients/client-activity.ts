/**
 * Fields of `User` derived from other areas' records about the person: appointments, tasks, courses,
 * journal entries, lab orders, prescriptions, payments, forms, conversations and the organization
 * membership (its permissions). Bound to `User` through the area's `extend` (./area.ts); the other areas'
 * tables are read through their faces' table types.
 */
import {
  MAX_PAGE_SIZE,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import type { BillingInsuranceTables } from '../billing-insurance/index.js';
import type { ClinicalTables } from '../clinical/index.js';
import type { DocumentsTables } from '../documents/index.js';
import type { FormsChartingTables } from '../forms-charting/index.js';
import type { MessagingTables } from '../messaging/index.js';
import type { OrganizationTables } from '../organization/index.js';
import type { SchedulingTables } from '../scheduling/index.js';
import type { TasksCoursesTables } from '../tasks-courses/index.js';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { INACTIVE_APPOINTMENT_STATUSES, nowText } from './list-queries.js';
import type { PatientsTables } from './resources.js';

type Tables = PatientsTables &
  SchedulingTables &
  TasksCoursesTables &
  ClinicalTables &
  BillingInsuranceTables &
  FormsChartingTables &
  MessagingTables &
  OrganizationTables &
  DocumentsTables;

const db = (reader: Reader) => typedDb<Tables>(reader);
type Args = Record<string, unknown>;

type Db = ReturnType<typeof db> extends Kysely<infer D> ? D : never;

/**
 * The rows of `table` about one user (in its `userColumn`: `user_id` unless said) within the reader's
 * organizations: where most of the queries below begin. Built untyped, as Kysely cannot check a column of
 * a table that is still a type parameter; the callers' queries are checked as usual.
 */
function ofUser<T extends keyof Tables & string>(
  reader: Reader,
  table: T,
  userId: number,
  userColumn = 'user_id',
): SelectQueryBuilder<Db, T, object> {
  return reader.db
    .selectFrom(table as string)
    .where(userColumn, '=', userId)
    .where('organization_id', 'in', reader.scope) as SelectQueryBuilder<Db, T, object>;
}

const count = (found: { count: number | string } | undefined): number => Number(found?.count ?? 0);
const limitOf = (args: Args) =>
  typeof args.limit === 'number' && args.limit > 0 ? Math.min(args.limit, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;

// Appointments ---------------------------------------------------------------------------------------

/** The user's active appointments (their own, attended, or as the provider), soonest first. */
function appointmentsOf(row: StoredRow, reader: Reader) {
  return db(reader)
    .selectFrom('appointments')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('pm_status', 'is', null),
        eb('pm_status', 'not in', INACTIVE_APPOINTMENT_STATUSES as never[]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('user_id', '=', row.id),
        eb('other_party_id', '=', row.id),
        eb(
          'id',
          'in',
          eb.selectFrom('appointment_inclusions').select('appointment_id').where('user_id', '=', row.id),
        ),
      ]),
    );
}

const appointments = (row: StoredRow, reader: Reader) =>
  appointmentsOf(row, reader).orderBy('date').orderBy('id').limit(MAX_PAGE_SIZE).execute();
const upcoming = (row: StoredRow, reader: Reader) =>
  appointmentsOf(row, reader)
    .where('date', '>=', nowText())
    .orderBy('date')
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();
const nextAppointment = (row: StoredRow, reader: Reader) =>
  appointmentsOf(row, reader).where('date', '>=', nowText()).orderBy('date').orderBy('id').executeTakeFirst();
const lastAppointment = (row: StoredRow, reader: Reader) =>
  appointmentsOf(row, reader)
    .where('date', '<', nowText())
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
const nextDate = async (row: StoredRow, reader: Reader) => (await nextAppointment(row, reader))?.date ?? null;

async function unconfirmedAppointments(row: StoredRow, reader: Reader, args: Args): Promise<number> {
  const found = await appointmentsOf(row, reader)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('date', '>=', nowText())
    .where((eb) =>
      args.unconfirmed_by_clients === true
        ? eb.or([
            eb('confirmed', '=', 0),
            eb(
              'id',
              'in',
              eb.selectFrom('appointment_inclusions').select('appointment_id').where('confirmed', '=', 0),
            ),
          ])
        : eb('confirmed', '=', 0),
    )
    .executeTakeFirst();
  return count(found);
}

async function appointmentTypes(_row: StoredRow, reader: Reader, args: Args): Promise<unknown[]> {
  let query = db(reader)
    .selectFrom('appointment_types')
    .selectAll()
    .where('organization_id', 'in', reader.scope);
  if (typeof args.appointment_type_ids === 'string' && args.appointment_type_ids.trim() !== '') {
    const ids = args.appointment_type_ids
      .split(',')
      .map((id) => parseId(id.trim()))
      .filter((id) => id !== null);
    query = query.where('id', 'in', ids.length > 0 ? ids : [-1]);
  }
  if (args.require_client_bookable === true) query = query.where('clients_can_book', '=', 1);
  return query.orderBy('name').orderBy('id').limit(MAX_PAGE_SIZE).execute();
}

const calendarOf = (type: string) => (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'external_calendars', row.id)
    .selectAll()
    .where('external_type', '=', type)
    .orderBy('id')
    .executeTakeFirst();

async function hasSyncedCalendar(row: StoredRow, reader: Reader): Promise<boolean> {
  const found = await ofUser(reader, 'external_calendars', row.id).select('id').executeTakeFirst();
  return found !== undefined;
}

/** Open times to book: a repeating availability not yet ended, or a one-off one still ahead. */
async function hasFutureAvailabilities(row: StoredRow, reader: Reader): Promise<boolean> {
  const today = nowText().slice(0, 10);
  const found = await ofUser(reader, 'availabilities', row.id)
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('is_repeating', '=', 1), eb.or([eb('end_on', 'is', null), eb('end_on', '>=', today)])]),
        eb('range_end', '>=', today),
        eb('range_start', '>=', today),
      ]),
    )
    .executeTakeFirst();
  return found !== undefined;
}

// Tasks and courses ----------------------------------------------------------------------------------

function tasks(reader: Reader, args: Args) {
  let query = db(reader).selectFrom('tasks').selectAll().where('organization_id', 'in', reader.scope);
  if (args.show_hidden !== true)
    query = query.where((eb) => eb.or([eb('hidden', 'is', null), eb('hidden', '=', 0)]));
  return query;
}

const assignedTasks = (row: StoredRow, reader: Reader, args: Args) =>
  tasks(reader, args)
    .where('created_by_id', '=', row.id)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '!=', row.id)]))
    .orderBy('id', 'desc')
    .limit(limitOf(args))
    .execute();
const ownTasks = (complete: boolean | undefined) => (row: StoredRow, reader: Reader, args: Args) => {
  let query = tasks(reader, args).where('user_id', '=', row.id);
  if (complete !== undefined) query = query.where('complete', '=', complete ? 1 : 0);
  return query.orderBy('id', 'desc').limit(limitOf(args)).execute();
};

async function tasksCount(row: StoredRow, reader: Reader, args: Args): Promise<number> {
  let query = tasks(reader, args).clearSelect().where('user_id', '=', row.id);
  if (args.only_created_by_others === true)
    query = query.where((eb) => eb.or([eb('created_by_id', 'is', null), eb('created_by_id', '!=', row.id)]));
  if (args.type === 'complete') query = query.where('complete', '=', 1);
  if (args.type === 'incomplete') query = query.where('complete', '=', 0);
  return count(await query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirst());
}

const courseMemberships = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'course_memberships', row.id).selectAll().orderBy('id').limit(MAX_PAGE_SIZE).execute();

async function hasCourses(row: StoredRow, reader: Reader, incompleteOnly = false): Promise<boolean> {
  let query = db(reader).selectFrom('course_memberships').select('id').where('user_id', '=', row.id);
  if (incompleteOnly)
    query = query.where((eb) =>
      eb.or([eb('course_status', 'is', null), eb('course_status', '!=', 'completed')]),
    );
  return (await query.executeTakeFirst()) !== undefined;
}

async function organizationHasCourses(_row: StoredRow, reader: Reader): Promise<boolean> {
  const found = await db(reader)
    .selectFrom('courses')
    .select('id')
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return found !== undefined;
}

// Clinical -------------------------------------------------------------------------------------------

async function entriesCount(row: StoredRow, reader: Reader, type?: string): Promise<number> {
  let query = ofUser(reader, 'entries', row.id).select((eb) => eb.fn.countAll<number | string>().as('count'));
  if (type) query = query.where('type', '=', type as never);
  return count(await query.executeTakeFirst());
}

/** Healthie answers these entry counts as strings. */
const entriesCountText = (type?: string) => async (row: StoredRow, reader: Reader) =>
  String(await entriesCount(row, reader, type));

function weighings(row: StoredRow, reader: Reader) {
  return ofUser(reader, 'entries', row.id)
    .selectAll()
    .where('type', '=', 'MetricEntry' as never)
    .where('category', '=', 'Weight')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc');
}

async function firstEntryDate(row: StoredRow, reader: Reader): Promise<string | null> {
  const first = await ofUser(reader, 'entries', row.id)
    .select('created_at')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return first ? new Date(Number(first.created_at)).toISOString().slice(0, 10) : null;
}

async function medicationsCount(row: StoredRow, reader: Reader, args: Args): Promise<number> {
  const patient = args.patient_id == null ? row.id : (parseId(args.patient_id) ?? -1);
  let query = ofUser(reader, 'medications', patient).select((eb) =>
    eb.fn.countAll<number | string>().as('count'),
  );
  if (typeof args.active === 'boolean') query = query.where('active', '=', args.active ? 1 : 0);
  return count(await query.executeTakeFirst());
}

async function goalsCount(row: StoredRow, reader: Reader): Promise<string> {
  const found = await ofUser(reader, 'goals', row.id)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirst();
  return String(count(found));
}

const familyHistory = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'family_history_conditions', row.id)
    .selectAll()
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();

function lastUpdatedAllergy(row: StoredRow, reader: Reader, args: Args) {
  let query = ofUser(reader, 'allergy_sensitivities', row.id).selectAll();
  if (typeof args.category === 'string') query = query.where('category', '=', args.category);
  return query.orderBy('updated_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

const referringPhysicians = (row: StoredRow, reader: Reader) =>
  db(reader)
    .selectFrom('referring_physicians')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where('id', 'in', (eb) =>
      eb.selectFrom('referrals').select('referring_physician_id').where('user_id', '=', row.id),
    )
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();

async function labOrders(row: StoredRow, reader: Reader, unscheduledOnly = false): Promise<number> {
  let query = ofUser(reader, 'lab_orders', row.id, 'patient_id').select((eb) =>
    eb.fn.countAll<number | string>().as('count'),
  );
  if (unscheduledOnly) query = query.where('appt_confirmation_code', 'is', null);
  return count(await query.executeTakeFirst());
}

async function prescriptionsCount(row: StoredRow, reader: Reader, args: Args): Promise<number> {
  const patient = args.patient_id == null ? row.id : (parseId(args.patient_id) ?? -1);
  let query = ofUser(reader, 'prescriptions', patient, 'patient_id').select((eb) =>
    eb.fn.countAll<number | string>().as('count'),
  );
  if (typeof args.status === 'string') query = query.where('status', '=', args.status);
  return count(await query.executeTakeFirst());
}

async function dosespotNotifications(row: StoredRow, reader: Reader): Promise<number> {
  const found = await ofUser(reader, 'dosespot_notifications', row.id)
    .select((eb) => eb.fn.sum<number | string | null>('count').as('count'))
    .executeTakeFirst();
  return Number(found?.count ?? 0);
}

/** The physician of the client's latest referral (Healthie's `referring_provider_*`). */
async function referringPhysician(row: StoredRow, reader: Reader) {
  return db(reader)
    .selectFrom('referrals')
    .innerJoin('referring_physicians', 'referring_physicians.id', 'referrals.referring_physician_id')
    .selectAll('referring_physicians')
    .where('referrals.user_id', '=', row.id)
    .where('referrals.organization_id', 'in', reader.scope)
    .orderBy('referrals.id', 'desc')
    .executeTakeFirst();
}

// Payments -------------------------------------------------------------------------------------------

const billingItems = (row: StoredRow, reader: Reader) =>
  db(reader)
    .selectFrom('billing_items')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where((eb) => eb.or([eb('sender_id', '=', row.id), eb('recipient_id', '=', row.id)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc');

async function hasRecentPayments(row: StoredRow, reader: Reader): Promise<boolean> {
  const since = Date.now() - 30 * 24 * 60 * 60 * 1000;
  return (await billingItems(row, reader).where('created_at', '>=', since).executeTakeFirst()) !== undefined;
}

const cards = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'stripe_customer_details', row.id).selectAll().orderBy('is_default', 'desc').orderBy('id');

const recurringPayments = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'recurring_payments', row.id, 'sender_id')
    .selectAll()
    .where((eb) => eb.or([eb('is_canceled', 'is', null), eb('is_canceled', '=', 0)]))
    .orderBy('next_payment_date')
    .orderBy('id');

/** The provider's clients (as primary provider or care-team member) with a saved card. */
function clientCards(row: StoredRow, reader: Reader) {
  return db(reader)
    .selectFrom('stripe_customer_details')
    .innerJoin('users', 'users.id', 'stripe_customer_details.user_id')
    .where('stripe_customer_details.organization_id', 'in', reader.scope)
    .where('users.user_type', '=', 'patient')
    .where((eb) =>
      eb.or([eb('users.dietitian_id', '=', row.id), eb('users.other_provider_ids', 'like', `%"${row.id}"%`)]),
    );
}

/** Cards whose `MM/YY` (or `MM/YYYY`) expiry is before `month` (`YYYY-MM`). */
async function cardsExpiringBefore(row: StoredRow, reader: Reader, month: string): Promise<number> {
  const expirations = await clientCards(row, reader).select('stripe_customer_details.expiration').execute();
  return expirations.filter(({ expiration }) => {
    const match = typeof expiration === 'string' ? /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(expiration) : null;
    if (!match) return false;
    const year = match[2]!.length === 2 ? `20${match[2]}` : match[2]!;
    return `${year}-${match[1]!.padStart(2, '0')}` < month;
  }).length;
}

const monthAfter = (months: number) => {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
  return date.toISOString().slice(0, 7);
};

async function clientsWithCards(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return db(reader)
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', clientCards(row, reader).select('users.id'))
    .orderBy('last_name')
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();
}

async function sharedDocuments(row: StoredRow, reader: Reader): Promise<boolean> {
  const found = await ofUser(reader, 'documents', row.id, 'rel_user_id').select('id').executeTakeFirst();
  return found !== undefined;
}

/** Requested payments the user still has to pay. */
function openRequests(row: StoredRow, reader: Reader) {
  return ofUser(reader, 'requested_payments', row.id, 'recipient_id').where((eb) =>
    eb.or([eb('status', 'is', null), eb('status', 'not in', ['paid', 'Paid', 'canceled', 'Canceled'])]),
  );
}

async function moneyOwed(row: StoredRow, reader: Reader): Promise<string> {
  if (row.user_type === 'provider') return '0.0';
  const open = await openRequests(row, reader).select('price').execute();
  const cents = open.reduce((sum, request) => sum + Math.round(Number(request.price ?? 0) * 100), 0);
  return (cents / 100).toFixed(2);
}

const otherIdNumbers = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'other_id_numbers', row.id).selectAll().orderBy('id');

async function otherIdNumber(row: StoredRow, reader: Reader, args: Args): Promise<unknown> {
  let query = otherIdNumbers(row, reader);
  if (args.id != null) query = query.where('id', '=', parseId(args.id) ?? -1);
  return args.is_last_cms1500 === true
    ? query.orderBy('id', 'desc').executeTakeFirst()
    : query.executeTakeFirst();
}

const insuranceAuthorization = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'insurance_authorizations', row.id).selectAll().orderBy('id', 'desc').executeTakeFirst();

// Forms and conversations ----------------------------------------------------------------------------

const formAnswerGroups = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'form_answer_groups', row.id)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(MAX_PAGE_SIZE)
    .execute();

async function openFormRequests(row: StoredRow, reader: Reader): Promise<number> {
  const found = await ofUser(reader, 'requested_form_completions', row.id, 'recipient_id')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('is_complete', '=', 0)
    .executeTakeFirst();
  return count(found);
}

async function unreadConversations(row: StoredRow, reader: Reader): Promise<number> {
  const found = await ofUser(reader, 'conversation_memberships', row.id)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where((eb) => eb.or([eb('viewed', 'is', null), eb('viewed', '=', 0)]))
    .where((eb) => eb.or([eb('archived', 'is', null), eb('archived', '=', 0)]))
    .executeTakeFirst();
  return count(found);
}

async function lastConversationId(row: StoredRow, reader: Reader): Promise<string | null> {
  const last = await ofUser(reader, 'conversation_memberships', row.id)
    .select('conversation_id')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return last?.conversation_id == null ? null : String(last.conversation_id);
}

// The organization membership ------------------------------------------------------------------------

const membershipOf = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'organization_memberships', row.id).selectAll().orderBy('id').executeTakeFirst();

async function isOwner(row: StoredRow, reader: Reader): Promise<boolean> {
  const org = await db(reader)
    .selectFrom('organizations')
    .select('owner_user_id')
    .where('id', '=', row.organization_id)
    .executeTakeFirst();
  return org?.owner_user_id === row.id;
}

/**
 * A permission of the user's organization membership (the flags are declared as a list, so they are read
 * by name); the organization's owner has every permission, clients none.
 */
const permission =
  (flag: string, owner = true) =>
  async (row: StoredRow, reader: Reader): Promise<boolean> => {
    if (row.user_type !== 'provider') return false;
    if (owner && (await isOwner(row, reader))) return true;
    const membership = (await membershipOf(row, reader)) as Record<string, unknown> | undefined;
    return Number(membership?.[flag]) === 1;
  };

/** Permissions Healthie gives as the opposite of a membership flag. */
const lacking = (flag: string) => async (row: StoredRow, reader: Reader) =>
  row.user_type === 'provider' && !(await permission(flag)(row, reader));

async function isActiveProvider(row: StoredRow, reader: Reader): Promise<boolean> {
  if (row.user_type !== 'provider') return false;
  if (await isOwner(row, reader)) return true;
  return Number((await membershipOf(row, reader))?.active) === 1;
}

/** The custom metrics the user's feature toggle tracks (the organization area's `CustomMetric`). */
async function customMetrics(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return db(reader)
    .selectFrom('custom_metrics')
    .selectAll()
    .where('organization_id', 'in', reader.scope)
    .where('feature_toggle_id', 'in', (eb) =>
      eb.selectFrom('feature_toggles').select('id').where('user_id', '=', row.id),
    )
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();
}

const featureToggle = (row: StoredRow, reader: Reader) =>
  ofUser(reader, 'feature_toggles', row.id).selectAll().orderBy('id').executeTakeFirst();

const derived = (type: string, resolve: Computed['resolve'], args?: Record<string, string>): Computed => ({
  type,
  resolve,
  ...(args ? { args } : {}),
});
const limitArgs = { limit: 'Int', show_hidden: 'Boolean' };

/** User fields Healthie answers from a membership permission, by the flag they read. */
const PERMISSION_FIELDS: Record<string, string> = {
  can_add_clients: 'can_add_clients',
  can_add_members: 'can_add_members',
  can_archive_clients: 'can_remove_client',
  can_charge_clients: 'can_charge_clients',
  can_check_eligibility: 'request_eligibility_checks',
  can_delete_charting_notes: 'can_delete_charting_notes',
  can_delete_faxes: 'can_delete_faxes',
  can_edit_appointment_types: 'can_edit_appointment_types',
  can_edit_credit: 'can_edit_credit',
  can_edit_docs: 'can_edit_docs',
  can_edit_forms: 'can_edit_forms',
  can_edit_members: 'can_edit_members',
  can_edit_org_calendar: 'can_edit_calendar',
  can_edit_packages: 'can_edit_packages',
  can_edit_products: 'can_edit_products',
  can_edit_program_clients: 'can_enroll_clients_to_programs',
  can_edit_programs: 'can_edit_education',
  can_edit_settings: 'can_edit_settings',
  can_lock_others_charting_notes: 'can_lock_others_charting_notes',
  can_lock_own_charting_notes: 'can_lock_own_charting_notes',
  can_mark_assigned_tasks_to_other_org_members_as_completed:
    'can_mark_assigned_tasks_to_other_org_members_as_completed',
  can_merge_clients: 'can_merge_clients',
  can_order_labs: 'can_order_labs',
  can_see_fullscript_tab: 'can_see_fullscript_tab',
  can_see_option_to_use_erx_dosespot: 'can_see_option_to_use_erx_dosespot',
  can_see_transfers: 'can_see_transfers',
  can_sign_others_charting_notes: 'can_sign_others_charting_notes',
  can_sign_own_charting_notes: 'can_sign_own_charting_notes',
  can_unlock_charting_notes: 'can_unlock_charting_notes',
  can_view_labs: 'can_view_labs',
  can_write_org_addendums: 'can_write_org_addendums',
  has_developer_access: 'is_developer',
  has_org_chat_access: 'can_access_to_members_chat',
  show_org_tab: 'show_org_tab',
  show_reports_tab: 'can_view_reports',
  show_cms1500s_tab: 'can_view_cms1500s',
  show_superbills_tab: 'can_view_super_bills',
  show_received_fax_tab: 'can_see_faxes',
  show_sent_fax_tab: 'can_see_sent_faxes',
  show_billing_tab: 'can_see_billing',
};

export const activityFields: Record<string, Computed> = {
  appointments: derived('[Appointment!]', appointments),
  upcoming_appointments: derived('[Appointment!]', upcoming),
  next_app: derived('Appointment', nextAppointment),
  last_app: derived('Appointment', lastAppointment),
  next_appt_date: derived('String', nextDate),
  next_appointment: derived('String', nextDate),
  unconfirmed_appointment_count: derived('Int', unconfirmedAppointments, {
    unconfirmed_by_clients: 'Boolean',
  }),
  appointment_types: derived('[AppointmentType!]!', appointmentTypes, {
    appointment_type_ids: 'String',
    require_client_bookable: 'Boolean',
  }),
  has_bookable_appts: derived(
    'Boolean',
    async (row, reader) =>
      (await appointmentTypes(row, reader, { require_client_bookable: true })).length > 0,
  ),
  google_calendar: derived('ExternalCalendar', calendarOf('google')),
  outlook: derived('ExternalCalendar', calendarOf('outlook')),
  has_synced_cal: derived('Boolean', hasSyncedCalendar),
  assigned_tasks: derived('[Task!]', assignedTasks, limitArgs),
  completed_tasks: derived('[Task!]', ownTasks(true), limitArgs),
  incomplete_tasks: derived('[Task!]', ownTasks(false), limitArgs),
  my_tasks: derived('[Task!]', ownTasks(undefined), limitArgs),
  tasks_count: derived('Int', tasksCount, {
    only_created_by_others: 'Boolean',
    show_hidden: 'Boolean',
    type: 'String',
  }),
  course_memberships: derived('[CourseMembership!]', courseMemberships),
  course_membrships: derived('[CourseMembership!]!', courseMemberships),
  course_membership_via_course: derived(
    'CourseMembership',
    async (row, reader) => (await courseMemberships(row, reader))[0] ?? null,
  ),
  any_shared_courses: derived('Boolean', (row, reader) => hasCourses(row, reader)),
  any_shared_incomplete_courses: derived('Boolean', (row, reader) => hasCourses(row, reader, true)),
  has_courses: derived('Boolean', organizationHasCourses),
  medications_count: derived('Int', medicationsCount, { active: 'Boolean', patient_id: 'ID' }),
  goals_count: derived('String', goalsCount),
  num_entries: derived('String', entriesCountText()),
  food_entries_count: derived('String', entriesCountText('FoodEntry')),
  metric_entries_count: derived('String', entriesCountText('MetricEntry')),
  mirror_entries_count: derived('String', entriesCountText('MirrorEntry')),
  workout_entries_count: derived('String', entriesCountText('WorkoutEntry')),
  has_any_entry_types: derived('Boolean', async (row, reader) => (await entriesCount(row, reader)) > 0),
  first_client_entry_date: derived('String', firstEntryDate),
  last_weighing_date: derived('String', async (row, reader) => {
    const last = await weighings(row, reader).executeTakeFirst();
    return last ? new Date(Number(last.created_at)).toISOString().slice(0, 10) : null;
  }),
  weight: derived('String', async (row, reader) => {
    const last = await weighings(row, reader).executeTakeFirst();
    return last?.metric_stat == null ? null : String(last.metric_stat);
  }),
  family_history_conditions: derived('[FamilyHistoryCondition!]', familyHistory),
  last_updated_allergy: derived('AllergySensitivity', lastUpdatedAllergy, { category: 'String' }),
  referring_physicians: derived('[ReferringPhysician!]', referringPhysicians),
  total_lab_orders: derived('Int', (row, reader) => labOrders(row, reader)),
  has_lab_orders: derived('Boolean', async (row, reader) => (await labOrders(row, reader)) > 0),
  unscheduled_lab_orders_count: derived('Int', (row, reader) => labOrders(row, reader, true)),
  prescriptions_count: derived('Int', prescriptionsCount, { patient_id: 'ID', status: 'String' }),
  dosespot_notification_count: derived('Int', dosespotNotifications),
  billing_items: derived('[BillingItem!]!', (row, reader) =>
    billingItems(row, reader).limit(MAX_PAGE_SIZE).execute(),
  ),
  last_billing_item: derived('BillingItem', (row, reader) => billingItems(row, reader).executeTakeFirst()),
  has_recent_payments: derived('Boolean', hasRecentPayments),
  stripe_customer_details: derived('[StripeCustomerDetail!]', (row, reader) =>
    cards(row, reader).limit(MAX_PAGE_SIZE).execute(),
  ),
  stripe_customer_detail: derived('StripeCustomerDetail', (row, reader) =>
    cards(row, reader).executeTakeFirst(),
  ),
  upcoming_payments: derived('[RecurringPayment!]', (row, reader) =>
    recurringPayments(row, reader).limit(MAX_PAGE_SIZE).execute(),
  ),
  next_recurring_payment: derived('RecurringPayment', (row, reader) =>
    recurringPayments(row, reader).executeTakeFirst(),
  ),
  open_payments_count: derived('Int', async (row, reader) =>
    count(
      await openRequests(row, reader)
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirst(),
    ),
  ),
  money_owed: derived('String', moneyOwed),
  other_id_numbers: derived('[OtherIdNumber!]', (row, reader) =>
    otherIdNumbers(row, reader).limit(MAX_PAGE_SIZE).execute(),
  ),
  other_id_number: derived('OtherIdNumber', otherIdNumber, {
    cms1500_id: 'ID',
    id: 'ID',
    is_last_cms1500: 'Boolean',
  }),
  insurance_authorization: derived('InsuranceAuthorizationType', insuranceAuthorization),
  form_answer_groups: derived('[FormAnswerGroup!]', formAnswerGroups),
  requested_form_count: derived('Int', openFormRequests),
  has_forms_to_complete: derived('Boolean', async (row, reader) => (await openFormRequests(row, reader)) > 0),
  any_incomplete_onboarding_steps: derived(
    'Boolean',
    async (row, reader) => (await openFormRequests(row, reader)) > 0,
  ),
  unread_convo_count: derived('Int', unreadConversations),
  last_conversation_id: derived('String', lastConversationId),
  organization_membership: derived('OrganizationMembership', membershipOf),
  feature_toggle: derived('FeatureToggle', featureToggle),
  custom_metrics: derived('[CustomMetric!]!', customMetrics),
  is_active_provider: derived('Boolean', isActiveProvider),
  is_org_admin: derived('Boolean', permission('is_admin')),
  erx_dosespot_role: derived(
    'String',
    async (row, reader) => (await membershipOf(row, reader))?.erx_dosespot_role ?? null,
  ),
  fullscript_practitioner_id: derived(
    'String',
    async (row, reader) => (await membershipOf(row, reader))?.fullscript_practitioner_id ?? null,
  ),
  has_future_availabilities: derived('Boolean', hasFutureAvailabilities, { offering_ids: '[ID]' }),
  referring_provider_id: derived(
    'String',
    async (row, reader) => (await referringPhysician(row, reader))?.npi ?? null,
  ),
  referring_provider_npi: derived(
    'String',
    async (row, reader) => (await referringPhysician(row, reader))?.npi ?? null,
  ),
  referring_provider_name: derived('String', async (row, reader) => {
    const physician = await referringPhysician(row, reader);
    if (!physician) return null;
    return (
      [physician.first_name, physician.last_name].filter(Boolean).join(' ') || physician.business_name || null
    );
  }),
  default_stripe_customer_detail_id: derived('ID', async (row, reader) => {
    const card = await cards(row, reader).executeTakeFirst();
    return card ? String(card.id) : null;
  }),
  patients_with_cc: derived('[User!]!', clientsWithCards),
  // Expired: before this month; expiring: by the end of next month (before the month after).
  expired_client_cards_count: derived('Int', (row, reader) =>
    cardsExpiringBefore(row, reader, monthAfter(0)),
  ),
  expiring_client_cards_count: derived(
    'Int',
    async (row, reader) =>
      (await cardsExpiringBefore(row, reader, monthAfter(2))) -
      (await cardsExpiringBefore(row, reader, monthAfter(0))),
  ),
  any_shared_documents: derived('Boolean', sharedDocuments),
  cannot_access_org_member_settings: derived('Boolean', lacking('can_edit_members')),
  cannot_lock_form_answer_groups: derived('Boolean', lacking('can_lock_own_charting_notes')),
  ...Object.fromEntries(
    Object.entries(PERMISSION_FIELDS).map(([field, flag]) => [field, derived('Boolean', permission(flag))]),
  ),
};
