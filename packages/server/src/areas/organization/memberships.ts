/**
 * updateOrganizationMembership beyond the membership's own fields.
 *
 * - The member's details (`email`, `first_name`, `last_name`, `phone_number`, `qualifications`,
 *   `scheduling_priority`, `timezone`) are written on the member, announced as
 *   `organization_member.updated` after the membership's own event; `professions` / `specialties`
 *   replace the member's (./members.ts).
 * - Naming a permission template (`permission_template_id`, or `permission_template_applied: true`)
 *   stamps `permission_template_applied_at` and gives the membership the template's permissions (those
 *   the same input does not set).
 * - Deactivating a member (`active: false`) may hand their work on: `provider_to_receive_clients` (an
 *   organization member) becomes the provider of every client whose provider the member was
 *   (`patient.updated` each), and `action_for_appointments` says what happens to the member's upcoming
 *   appointments (not occurred, cancelled or deleted, dated from now on): `transfer` them to that
 *   provider, `cancel` them (`pm_status` Cancelled), or `keep` them (the default). Both are refused
 *   unless the same call deactivates the member.
 */
import {
  fail,
  findRow,
  parseId,
  requireRow,
  typedDb,
  updateRecord,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, type PatientsTables } from '../patients/index.js';
import { Appointment, type SchedulingTables } from '../scheduling/index.js';
import { replaceList } from './members.js';
import { applyTemplate } from './permission-templates.js';
import { OrganizationMember, OrganizationMembership } from './resources.js';

export const MEMBER_PROFILE = [
  'email',
  'first_name',
  'last_name',
  'phone_number',
  'qualifications',
  'scheduling_priority',
  'timezone',
] as const;

const APPOINTMENT_ACTIONS = ['transfer', 'cancel', 'keep'];

const stamp = (work: Work) => new Date(work.uow.now).toISOString();

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Before the write: the template stamp, and the deactivation inputs checked. */
async function beforeUpdate(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  const current = await requireRow(work, OrganizationMembership, input.id);
  const templateChanged =
    'permission_template_id' in values &&
    values.permission_template_id !== null &&
    Number(values.permission_template_id) !== Number(current.permission_template_id);
  if (templateChanged || input.permission_template_applied === true) {
    values.permission_template_applied_at = stamp(work);
    const template =
      'permission_template_id' in values ? values.permission_template_id : current.permission_template_id;
    await applyTemplate(work, values, input, template);
  }
  const deactivating = values.active === 0;
  for (const name of ['provider_to_receive_clients', 'action_for_appointments'] as const) {
    if (given(input[name]) && !deactivating)
      fail(name, `${name} is only used when deactivating a member (active: false)`);
  }
  if (given(input.action_for_appointments)) {
    const action = String(input.action_for_appointments);
    if (!APPOINTMENT_ACTIONS.includes(action))
      fail(
        'action_for_appointments',
        `Action for appointments must be one of: ${APPOINTMENT_ACTIONS.join(', ')}`,
      );
    if (action === 'transfer' && !given(input.provider_to_receive_clients))
      fail('provider_to_receive_clients', 'Provider to receive clients is required to transfer appointments');
  }
  if (given(input.provider_to_receive_clients)) await receiver(work, input, current);
}

/** The organization member who takes over (not the member being deactivated). */
async function receiver(
  work: Work,
  input: Record<string, unknown>,
  membership: StoredRow,
): Promise<StoredRow> {
  const raw = input.provider_to_receive_clients;
  const id = parseId(raw);
  const provider = id === null ? undefined : await findRow(work, OrganizationMember, id, { fixed: true });
  if (!provider || provider.id === membership.user_id)
    fail('provider_to_receive_clients', `Organization member ${String(raw)} was not found`);
  return provider;
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;

/** An appointment's `date` as an instant (a time without zone read as UTC), or null. */
function instant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DATE_TIME.exec(value.trim());
  if (!match) return null;
  const zone =
    match[3] === undefined || match[3] === 'UTC' || match[3] === 'Z'
      ? 'Z'
      : `${match[3].slice(0, 3)}:${match[3].slice(-2)}`;
  const at = Date.parse(`${match[1]}T${match[2] ?? '00:00'}${zone}`);
  return Number.isNaN(at) ? null : at;
}

async function handOver(work: Work, change: RecordChange): Promise<void> {
  const { input, row } = change;
  if (!given(input.provider_to_receive_clients) && input.action_for_appointments !== 'cancel') return;
  const to = given(input.provider_to_receive_clients) ? await receiver(work, input, row) : undefined;
  if (to) {
    const clients = await typedDb<PatientsTables>(work)
      .selectFrom('users')
      .selectAll()
      .where('dietitian_id', '=', row.user_id as number)
      .where('user_type', '=', 'patient')
      .where('organization_id', 'in', work.scope)
      .orderBy('id')
      .execute();
    for (const client of clients) {
      await updateRecord(work, User, client as unknown as StoredRow, { dietitian_id: to.id });
    }
  }
  const action = input.action_for_appointments;
  if (action !== 'transfer' && action !== 'cancel') return;
  const appointments = await typedDb<SchedulingTables>(work)
    .selectFrom('appointments')
    .selectAll()
    .where('other_party_id', '=', row.user_id as number)
    .where('deleted_at', 'is', null)
    .where('pm_status', 'is', null)
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .execute();
  for (const appointment of appointments) {
    const at = instant(appointment.date);
    if (at === null || at < work.uow.now) continue;
    await updateRecord(
      work,
      Appointment,
      appointment as unknown as StoredRow,
      action === 'transfer' ? { other_party_id: to!.id } : { pm_status: 'Cancelled' },
    );
  }
}

/** After the membership's write: the member's details and lists, then the hand-over. */
async function afterUpdate(work: Work, change: RecordChange): Promise<void> {
  const member = await findRow(work, OrganizationMember, change.row.user_id as number);
  if (member) {
    const profile = Object.fromEntries(
      MEMBER_PROFILE.filter((name) => change.input[name] !== undefined).map((name) => [
        name,
        change.input[name],
      ]),
    );
    if (Object.keys(profile).length > 0) await updateRecord(work, OrganizationMember, member, profile);
    await replaceList(work, 'professions', member, change.input.professions);
    await replaceList(work, 'specialties', member, change.input.specialties);
  }
  await handOver(work, change);
}

export const membershipHooks = {
  updateOrganizationMembership: { before: beforeUpdate, after: afterUpdate },
};
