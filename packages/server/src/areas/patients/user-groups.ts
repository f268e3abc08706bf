/**
 * User groups. Deleting one: its clients move to `group_to_receive_clients` (another group, in scope), or are
 * left without a group. Each moved client emits `patient.updated` with `user_group_id`.
 */
import {
  fail,
  findRow,
  MAX_PAGE_SIZE,
  parseId,
  typedDb,
  typedTransaction,
  updateRecord,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import type { FormsChartingTables } from '../forms-charting/index.js';
import type { TasksCoursesTables } from '../tasks-courses/index.js';
import { User, UserGroup, type PatientsTables } from './resources.js';

export async function rehomeGroupClients(work: Work, change: RecordChange): Promise<void> {
  const raw = change.input.group_to_receive_clients;
  let receiving: StoredRow | undefined;
  if (raw !== undefined && raw !== null && raw !== '') {
    const id = parseId(raw);
    receiving = id === null || id === change.row.id ? undefined : await findRow(work, UserGroup, id);
    if (!receiving) fail('group_to_receive_clients', `UserGroup ${String(raw)} was not found`);
  }
  const clients = await typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('user_group_id', '=', change.row.id)
    .where('user_type', '=', 'patient')
    .orderBy('id')
    .execute();
  for (const client of clients as unknown as StoredRow[])
    await updateRecord(work, User, client, { user_group_id: receiving?.id ?? null });
}

/** `UserGroup.users_with_membership`: the group's clients enrolled in at least one course. */
export async function membersInCourses(row: StoredRow, reader: Reader): Promise<unknown[]> {
  const db = typedDb<PatientsTables & TasksCoursesTables>(reader);
  return db
    .selectFrom('users')
    .selectAll()
    .where('user_group_id', '=', row.id)
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', reader.scope)
    .where('id', 'in', db.selectFrom('course_memberships').select('user_id'))
    .orderBy('last_name')
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute();
}

/**
 * The forms requested of the group on a schedule (the forms-charting area's `RecurringForm`, whose
 * recipients list the group as `group-<id>`), oldest first.
 */
function recurringFormsOf(row: StoredRow, reader: Reader) {
  return typedDb<FormsChartingTables>(reader)
    .selectFrom('recurring_forms')
    .where('organization_id', 'in', reader.scope)
    .where('users_and_groups', 'like', `%"group-${row.id}"%`);
}

export async function groupRecurringForms(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return recurringFormsOf(row, reader).selectAll().orderBy('id').limit(MAX_PAGE_SIZE).execute();
}

export async function groupRecurringFormsCount(row: StoredRow, reader: Reader): Promise<number> {
  const found = await recurringFormsOf(row, reader)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirst();
  return Number(found?.count ?? 0);
}
