/**
 * Requests to fill in a form. `recipient_ids` (comma-separated ids) sends one request to each recipient,
 * each with its own `requested_form_completion.created`; `form` names the form (a template's id, or a
 * generic form such as `billing_info`, kept as `item_type`); `is_recurring` with its schedule records a
 * `RecurringForm` the requests belong to (carehooks sends no requests on a schedule: it keeps the
 * recurrence so clients read back what they set up), and deleting a request with `recurringFormId` stops
 * that recurrence. The request's status and the submission that fulfilled it are read in ./resources.ts
 * (found through the submission's `requested_form_completion_id`, so fulfilling changes only `is_complete`).
 *
 * User groups (`group-<id>` recipients) are not modelled yet and are refused with a message.
 */
import {
  createRecord,
  fail,
  findRow,
  parseId,
  requireRow,
  typedDb,
  typedTransaction,
  updateRecord,
  type Computed,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, UserGroup, type PatientsTables } from '../patients/index.js';
import { RecurringForm, RequestedFormCompletion } from './resources.js';

const GROUP = /^group-(\d+)$/;

function recipientsOf(input: Record<string, unknown>): string[] {
  if (typeof input.recipient_ids !== 'string') return [];
  return input.recipient_ids
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * `prepare` of createRequestedFormCompletion: the first user of `recipient_ids` is the request's recipient
 * (the other users and the groups' clients get their own requests after it), and `form` names the form.
 */
export function requestInput(input: Record<string, unknown>): Record<string, unknown> {
  const prepared = { ...input };
  const firstUser = recipientsOf(input).find((token) => !GROUP.test(token));
  if (!given(input.recipient_id) && firstUser !== undefined) prepared.recipient_id = firstUser;
  const form = typeof input.form === 'string' ? input.form.trim() : '';
  if (form !== '' && !given(input.custom_module_form_id)) {
    if (parseId(form) !== null) prepared.custom_module_form_id = form;
    else prepared.item_type = form;
  }
  return prepared;
}

const FREQUENCIES: Record<string, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

function ordinal(day: number): string {
  const tens = day % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th');
  return `${day}${suffix}`;
}

/** The recurrence's `interval`, as Healthie writes it: `23:12`, `Monday, Tuesday` or `31st`. */
function intervalOf(frequency: string, input: Record<string, unknown>): string | null {
  if (frequency === 'Weekly') return typeof input.weekday === 'string' ? input.weekday.trim() : null;
  if (frequency === 'Monthly') {
    const day = typeof input.monthday === 'string' ? input.monthday.trim() : '';
    return /^\d{1,2}$/.test(day) ? ordinal(Number(day)) : day === '' ? null : day;
  }
  if (!given(input.hour)) return null;
  let hour = Number(input.hour);
  const minute = given(input.minute) ? Number(input.minute) : 0;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) fail('hour', 'Hour must be an hour of the day');
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) fail('minute', 'Minute must be 0 to 59');
  const period = typeof input.period === 'string' ? input.period.trim().toLowerCase() : '';
  if (period === 'pm' && hour < 12) hour += 12;
  if (period === 'am' && hour === 12) hour = 0;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

async function recordRecurrence(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<number> {
  const raw = typeof input.frequency === 'string' ? input.frequency.trim().toLowerCase() : 'daily';
  const frequency = FREQUENCIES[raw];
  if (!frequency) fail('frequency', 'Frequency must be Daily, Weekly or Monthly');
  const ends =
    input.recurrence_ends === true && typeof input.ends_on === 'string' ? input.ends_on.trim() : null;
  if (ends !== null && !/^\d{4}-\d{2}-\d{2}/.test(ends))
    fail('ends_on', 'Ends on must be a date (YYYY-MM-DD)');
  const recipients = recipientsOf(input);
  const form = typeof values.custom_module_form_id === 'number' ? values.custom_module_form_id : null;
  const recurrence = await createRecord(work, RecurringForm, {
    form_id: form === null ? values.item_type : String(form),
    form_type: values.item_type ?? 'CustomModuleForm',
    custom_module_form_id: form,
    interval_type: frequency,
    interval: intervalOf(frequency, input),
    recurrence_end_at: ends,
    users_and_groups: recipients.length > 0 ? recipients : [String(values.recipient_id)],
  });
  return recurrence.id;
}

/** The users `recipient_ids` names, in order, each once: users by id, groups by their clients. */
async function recipientUsers(work: Work, input: Record<string, unknown>): Promise<number[]> {
  const ids: number[] = [];
  for (const token of recipientsOf(input)) {
    const group = GROUP.exec(token);
    if (group) {
      const row = await findRow(work, UserGroup, Number(group[1]));
      if (!row) fail('recipient_ids', `UserGroup ${group[1]} was not found`);
      const members = await typedTransaction<PatientsTables>(work)
        .selectFrom('users')
        .select('id')
        .where('user_group_id', '=', row.id)
        .where('user_type', '=', 'patient')
        .where('organization_id', 'in', work.scope)
        .orderBy('id')
        .execute();
      for (const { id } of members) if (!ids.includes(Number(id))) ids.push(Number(id));
      continue;
    }
    const id = parseId(token);
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail('recipient_ids', `User ${token} was not found`);
    if (!ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

/**
 * `before` of createRequestedFormCompletion: a recipient is named (or a group's first client); a template
 * is named unless a generic form is; the recurrence.
 */
export async function requestForm(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (values.recipient_id == null) {
    const [first] = await recipientUsers(work, input);
    if (first === undefined)
      fail(given(input.recipient_ids) ? 'recipient_ids' : 'recipient_id', 'Recipient is required');
    values.recipient_id = first;
  }
  const generic = typeof values.item_type === 'string' && values.item_type !== 'CustomModuleForm';
  if (values.custom_module_form_id == null && !generic)
    fail('custom_module_form_id', 'Custom module form is required');
  if (input.is_recurring === true) values.recurring_form_id = await recordRecurrence(work, values, input);
}

/** `after` of createRequestedFormCompletion: a request for each further recipient of `recipient_ids`. */
export async function requestOthers(work: Work, change: RecordChange): Promise<void> {
  const first = change.row;
  for (const userId of await recipientUsers(work, change.input)) {
    if (userId === first.recipient_id) continue;
    await createRecord(
      work,
      RequestedFormCompletion,
      {
        recipient_id: userId,
        custom_module_form_id: first.custom_module_form_id,
        item_type: first.item_type,
        metadata: first.metadata,
        skip_notification_email: Number(first.skip_notification_email) === 1,
      },
      {
        before: async (_work, values) => {
          values.recurring_form_id = first.recurring_form_id;
        },
      },
    );
  }
}

/** `recurringFormId` of deleteRequestedFormCompletion: the recurrence stops. */
export async function stopRecurrence(work: Work, change: RecordChange): Promise<void> {
  const raw = change.input.recurringFormId;
  if (!given(raw)) return;
  const recurrence = await requireRow(work, RecurringForm, raw, 'recurringFormId');
  await updateRecord(work, RecurringForm, recurrence, { is_active: false });
}

function tokensOf(recurrence: StoredRow): string[] {
  if (typeof recurrence.users_and_groups !== 'string') return [];
  const parsed = JSON.parse(recurrence.users_and_groups) as unknown;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** A recurrence's recipients: `users` and `userGroups` (the ids it names) and `has_connected_recipient`. */
export const recurringFormFields: Record<string, Computed> = {
  userGroups: {
    type: '[UserGroup!]',
    resolve: async (recurrence, reader: Reader) => {
      const ids = tokensOf(recurrence)
        .map((token) => GROUP.exec(token)?.[1])
        .filter((id): id is string => id !== undefined)
        .map(Number);
      if (ids.length === 0) return [];
      return typedDb<PatientsTables>(reader)
        .selectFrom('user_groups')
        .selectAll()
        .where('id', 'in', ids)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .execute();
    },
  },
  users: {
    type: '[User!]',
    resolve: async (recurrence, reader: Reader) => {
      const users: StoredRow[] = [];
      for (const token of tokensOf(recurrence)) {
        const id = GROUP.test(token) ? null : parseId(token);
        const user = id === null ? undefined : await findRow(reader, User, id);
        if (user) users.push(user);
      }
      return users;
    },
  },
  has_connected_recipient: {
    type: 'Boolean',
    args: { connectable_id: 'ID', connectable_type: 'String' },
    resolve: (recurrence, _reader, args) => {
      if (args.connectable_id == null) return false;
      const token =
        args.connectable_type === 'UserGroup'
          ? `group-${String(args.connectable_id)}`
          : String(args.connectable_id);
      return tokensOf(recurrence).includes(token);
    },
  },
};
