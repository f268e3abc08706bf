/**
 * Scheduled messages (Healthie's message blasts): `createMessageBlast` with `scheduled_at` stores a
 * `NoteScheduler` and its due time (a `MessageSchedule`); the scheduler (./scheduled-messages.ts) sends
 * each one when it is due.
 */
import { z } from 'zod';
import {
  fail,
  findRow,
  insertRow,
  label,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  updateRow,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, UserGroup } from '../patients/index.js';
import { groupOfToken, userOfToken } from './added-users.js';
import { clientsWithStatus, groupClients } from './conversations.js';
import { noteAttachments } from './notes.js';
import { MessageSchedule, NoteScheduler, type MessagingTables } from './resources.js';

const NOTE_CONTENT = 'Note content is required';
const SCHEDULED_AT = 'Scheduled at must be a date and time, e.g. 2026-12-01 09:30 or ISO 8601';
const NO_RECIPIENT = 'Simple added users must name at least one recipient';

/** The message: `note.content`, trimmed, required. */
const blastNote = z.object({
  note: z.preprocess(
    (note) => note ?? {},
    z.object({ content: z.string({ error: NOTE_CONTENT }).trim().min(1, { error: NOTE_CONTENT }) }),
  ),
});

/** The recipients named: `simple_added_users` (comma-separated ids) and `patient_id`, in that order. */
const blastRecipients = z
  .object({ simple_added_users: z.string().nullish(), patient_id: z.string().nullish() })
  .transform(({ simple_added_users: listed, patient_id: patient }) =>
    [...(listed?.split(',') ?? []), ...(patient == null ? [] : [patient])]
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .refine((ids) => ids.length > 0, { error: NO_RECIPIENT, path: ['simple_added_users'] });

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * The due instant as ISO-8601 UTC, which sorts as it compares; a time without zone is read as UTC.
 * None (undefined) means now.
 */
const blastSchedule = z.object({
  scheduled_at: z
    .string({ error: SCHEDULED_AT })
    .nullish()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === null || raw === '') return undefined;
      const text = raw.trim();
      const zoneless = ZONELESS.exec(text);
      const millis = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text);
      if (Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
        ctx.addIssue({ code: 'custom', message: SCHEDULED_AT });
        return z.NEVER;
      }
      return new Date(millis).toISOString();
    }),
});

/**
 * Each recipient is a user within scope (`user-<id>` or a bare id), or a user group (`group-<id>`)
 * standing for its clients; the user ids as strings, each once, and the groups named.
 */
async function recipients(
  work: Work,
  listed: readonly string[],
  field = 'simple_added_users',
): Promise<{ users: string[]; groups: number[] }> {
  const users: string[] = [];
  const groups: number[] = [];
  const add = (id: number) => {
    if (!users.includes(String(id))) users.push(String(id));
  };
  for (const raw of listed) {
    const group = groupOfToken(raw);
    if (group !== undefined) {
      const row = await findRow(work, UserGroup, Number(group));
      if (!row) fail(field, `UserGroup ${group} was not found`);
      if (!groups.includes(row.id)) groups.push(row.id);
      for (const id of await groupClients(work, row.id)) add(id);
      continue;
    }
    const id = parseId(userOfToken(raw));
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail(field, `User ${raw} was not found`);
    add(user.id);
  }
  if (users.length === 0) fail(field, `${label(field)} must name at least one recipient`);
  return { users, groups };
}

/**
 * Healthie's `createMessageBlast`, which queues a message to many recipients for `scheduled_at`. The input
 * is checked in the order clients have always been answered: the message, the sender, the recipients, the
 * time.
 */
export const createMessageBlast: SpecialMutation = {
  name: 'createMessageBlast',
  input: 'createMessageBlastInput',
  inputFields: {
    dietitian_id: 'String',
    name: 'String',
    note: 'NoteInput',
    patient_id: 'String',
    scheduled_at: 'String',
    select_all_status: 'String',
    simple_added_users: 'String',
  },
  payload: 'createMessageBlastPayload',
  returns: { message: 'String', noteScheduler: 'NoteScheduler' },
  async run(work, input) {
    const { content } = parseInput(blastNote, input).note;
    let senderId = work.caller.userId;
    if (input.dietitian_id != null && input.dietitian_id !== '') {
      const id = parseId(input.dietitian_id);
      const sender = id === null ? undefined : await findRow(work, User, id);
      if (!sender) fail('dietitian_id', `User ${String(input.dietitian_id)} was not found`);
      senderId = sender.id;
    }
    const { users: participants, groups } = await recipients(work, parseInput(blastRecipients, input));
    const sendAt = parseInput(blastSchedule, input).scheduled_at ?? new Date(work.uow.now).toISOString();
    const attachments = noteAttachments((input.note ?? {}) as Record<string, unknown>, 'note');
    const scheduler = await insertRow(work, NoteScheduler, {
      user_id: senderId,
      note_content: content,
      participant_ids: JSON.stringify(participants),
      user_group_ids: groups.length === 0 ? null : JSON.stringify(groups),
      ...attachments,
    });
    await insertRow(work, MessageSchedule, { note_scheduler_id: scheduler.id, send_at: sendAt });
    return { message: `Message scheduled for ${sendAt}`, noteScheduler: scheduler };
  },
};

const updateNoteSchedulerInput = z.object({
  participant_ids: z.string({ error: 'Participant ids must be ids separated by commas' }).nullish(),
  select_all_status: z
    .enum(['active', 'archived', 'all'], { error: 'Select all status must be active, archived or all' })
    .nullish(),
});

/**
 * Healthie's `updateNoteScheduler`: changes who a scheduled message goes to before it is sent.
 * `participant_ids` (ids or `group-<id>`, comma-separated, as `simple_added_users` names them) replaces
 * the recipients; `select_all_status` adds every client of that status. A message already sent is not
 * changed. No event: the reference documents only `scheduled_message.sent`.
 */
export const updateNoteScheduler: SpecialMutation = {
  name: 'updateNoteScheduler',
  input: 'updateNoteSchedulerInput',
  inputFields: { id: 'ID', participant_ids: 'String', select_all_status: 'String' },
  payload: 'updateNoteSchedulerPayload',
  returns: { noteScheduler: 'NoteScheduler' },
  async run(work, input) {
    const scheduler = await requireRow(work, NoteScheduler, input.id);
    const given = parseInput(updateNoteSchedulerInput, input);
    if (given.participant_ids == null && given.select_all_status == null)
      fail('participant_ids', 'Give participant_ids or select_all_status');
    const schedule = await typedTransaction<MessagingTables>(work)
      .selectFrom('message_schedules')
      .select('sent_at')
      .where('note_scheduler_id', '=', scheduler.id)
      .executeTakeFirst();
    if (schedule?.sent_at != null) fail('id', 'This message was already sent');
    let users = participantsOf(scheduler);
    let groups = userGroupIdsOf(scheduler);
    if (given.participant_ids != null) {
      const listed = given.participant_ids
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      // Only the clients of a status may replace the list (an empty `participant_ids` with the status).
      const onlyStatus = listed.length === 0 && given.select_all_status != null;
      ({ users, groups } = onlyStatus
        ? { users: [], groups: [] }
        : await recipients(work, listed, 'participant_ids'));
    }
    for (const id of await clientsWithStatus(work, given.select_all_status))
      if (!users.includes(String(id))) users.push(String(id));
    if (users.length === 0) fail('select_all_status', 'No client has this status');
    const { row } = await updateRow(work, NoteScheduler, scheduler, {
      participant_ids: JSON.stringify(users),
      user_group_ids: groups.length === 0 ? null : JSON.stringify(groups),
    });
    return { noteScheduler: row };
  },
};

function jsonIds(value: unknown): string[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : [];
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

const participantsOf = (scheduler: StoredRow) => jsonIds(scheduler.participant_ids);
const userGroupIdsOf = (scheduler: StoredRow) => jsonIds(scheduler.user_group_ids).map(Number);
