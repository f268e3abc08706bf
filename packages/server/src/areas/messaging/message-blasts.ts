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
  parseId,
  parseInput,
  type SpecialMutation,
  type Work,
} from '../../registry/index.js';
import { User, UserGroup } from '../patients/index.js';
import { groupClients } from './conversations.js';
import { noteAttachments } from './notes.js';
import { MessageSchedule, NoteScheduler } from './resources.js';

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

const GROUP = /^group-(\d+)$/;

/**
 * Each recipient is a user within scope, or a user group (`group-<id>`) standing for its clients; the user
 * ids as strings, each once, and the groups named.
 */
async function recipients(
  work: Work,
  listed: readonly string[],
): Promise<{ users: string[]; groups: number[] }> {
  const users: string[] = [];
  const groups: number[] = [];
  const add = (id: number) => {
    if (!users.includes(String(id))) users.push(String(id));
  };
  for (const raw of listed) {
    const group = GROUP.exec(raw)?.[1];
    if (group !== undefined) {
      const row = await findRow(work, UserGroup, Number(group));
      if (!row) fail('simple_added_users', `UserGroup ${group} was not found`);
      if (!groups.includes(row.id)) groups.push(row.id);
      for (const id of await groupClients(work, row.id)) add(id);
      continue;
    }
    const id = parseId(raw);
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail('simple_added_users', `User ${raw} was not found`);
    add(user.id);
  }
  if (users.length === 0) fail('simple_added_users', NO_RECIPIENT);
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
