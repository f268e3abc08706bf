/**
 * Messages (Healthie's `Note`). createNote takes attachments as data URLs (Healthie's Upload reaches
 * carehooks that way; multipart uploads are not served) and keeps their content types (and what
 * ./note-attachments.ts keeps: an attached document as a Document, an image's name); a message
 * posted for someone else (`user_id` naming another user) records the caller as `on_behalf_user`; an
 * import may back-date it (`created_at`, `updated_at`). `deleteNote` with `deleted_by_user` keeps the
 * message in the conversation, marked and emptied; either way `message.deleted` is sent. What a message
 * says of its conversation (recipient, whether it was viewed, its task) is derived here.
 */
import { z } from 'zod';
import {
  deleteRecord,
  emitFor,
  fail,
  findRow,
  label,
  parseId,
  parseInput,
  requireRow,
  typedDb,
  updateRow,
  type Computed,
  type Reader,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { fullName, User } from '../patients/index.js';
import type { TasksCoursesTables } from '../tasks-courses/index.js';
import { conversationOrganization, keepsAttachments, keptAttachments } from './note-attachments.js';
import { Note, type MessagingTables } from './resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

const ATTACHMENTS = [
  ['attached_image_string', 'attached_image_content_type'],
  ['attached_image', 'attached_image_content_type'],
  ['attached_document', 'attached_document_content_type'],
  ['attached_audio', 'attached_audio_content_type'],
] as const;

/**
 * The content types of a `NoteInput`'s attachments (`attached_image`, `attached_document`), by column;
 * `field` prefixes the message of a file that is not a data URL.
 */
export function noteAttachments(note: Record<string, unknown>, field: string): Record<string, string> {
  const types: Record<string, string> = {};
  for (const [name, column] of ATTACHMENTS) {
    if (name === 'attached_image_string' || name === 'attached_audio') continue;
    const file = note[name];
    if (file === undefined || file === null || file === '') continue;
    const match = typeof file === 'string' ? DATA_URL.exec(file) : null;
    if (!match) fail(`${field}.${name}`, `${label(name)} must be a data URL (data:<type>;base64,...)`);
    types[column] = match[1]!.toLowerCase();
  }
  return types;
}

/**
 * `before` of createNote (and of updateNote, with the message as it is): attachments described, and who
 * posted for whom.
 */
export async function describeNote(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
  current?: StoredRow,
): Promise<void> {
  for (const [name, column] of ATTACHMENTS) {
    const file = input[name];
    if (file === undefined || file === null || file === '') continue;
    const match = typeof file === 'string' ? DATA_URL.exec(file) : null;
    if (!match) fail(name, `${label(name)} must be a data URL (data:<type>;base64,...)`);
    values[column] = match[1]!.toLowerCase();
  }
  if (typeof values.user_id === 'number' && values.user_id !== work.caller.userId)
    values.on_behalf_user_id = work.caller.userId;
  if (!keepsAttachments(input)) return;
  const latest = (name: 'user_id' | 'conversation_id', otherwise: unknown) =>
    typeof values[name] === 'number' ? values[name] : Number(current?.[name] ?? otherwise);
  const organizationId = await conversationOrganization(work, latest('conversation_id', null));
  const posterId = latest('user_id', work.caller.userId);
  Object.assign(values, await keptAttachments(work, input, { organizationId, posterId }));
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

function instantOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const zoneless = ZONELESS.exec(text);
  const millis = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2] ?? '00:00'}Z` : text);
  return Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}/.test(text) ? null : millis;
}

/** `after` of createNote: the times an import gives (a time without zone is UTC). */
export async function backDateNote(work: Work, change: RecordChange): Promise<void> {
  const set: Record<string, number> = {};
  for (const name of ['created_at', 'updated_at'] as const) {
    const raw = change.input[name];
    if (raw === undefined || raw === null || raw === '') continue;
    const at = instantOf(raw);
    if (at === null) fail(name, `${label(name)} must be a date and time (YYYY-MM-DD HH:MM)`);
    set[name] = at;
  }
  if (Object.keys(set).length === 0) return;
  await work.db.updateTable(Note.table).set(set).where('id', '=', change.row.id).execute();
  Object.assign(change.row, set);
}

const deleteInput = z.object({ deleted_by_user: z.boolean().nullish() });

export const deleteNote: SpecialMutation = {
  name: 'deleteNote',
  input: 'deleteNoteInput',
  inputFields: { deleted_by_user: 'Boolean', id: 'ID' },
  payload: 'deleteNotePayload',
  returns: { note: 'Note' },
  async run(work, input) {
    const note = await requireRow(work, Note, input.id);
    const { deleted_by_user: byUser } = parseInput(deleteInput, input);
    if (byUser !== true) return { note: await deleteRecord(work, Note, note) };
    const { row } = await updateRow(work, Note, note, {
      deleted_by_user: 1,
      content: null,
      attached_image_content_type: null,
      attached_document_content_type: null,
      attached_audio_content_type: null,
      image_name: null,
      document_id: null,
    });
    await emitFor(work, Note, 'deleted', row);
    return { note: row };
  },
};

async function membersOf(conversationId: number, reader: Reader) {
  return typedDb<MessagingTables>(reader)
    .selectFrom('conversation_memberships')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute();
}

/** The member a message is for: in a conversation of two, the one who did not post it. */
async function recipientOf(note: StoredRow, reader: Reader): Promise<number | null> {
  const members = await membersOf(Number(note.conversation_id), reader);
  if (members.length !== 2) return null;
  const other = members.find((m) => m.user_id !== note.user_id);
  return other?.user_id ?? null;
}

/**
 * Whether the viewer (`viewer_id`; by default the message's recipient, or else any other member) has read
 * the message: their membership was marked viewed after it was posted.
 */
async function viewed(note: StoredRow, reader: Reader, args: Record<string, unknown>): Promise<boolean> {
  const members = await membersOf(Number(note.conversation_id), reader);
  const viewer = args.viewer_id == null ? undefined : parseId(args.viewer_id);
  const readers = members.filter((m) =>
    viewer === undefined ? m.user_id !== note.user_id : m.user_id === viewer,
  );
  return readers.some((m) => Number(m.viewed) === 1 && Number(m.updated_at) >= Number(note.created_at));
}

export const noteFields: Record<string, Computed> = {
  recipient_id: { type: 'ID', resolve: recipientOf },
  viewed: { type: 'Boolean', args: { viewer_id: 'ID' }, resolve: viewed },
  creator_display_name: {
    type: 'String',
    resolve: async (note, reader) => {
      const creator =
        typeof note.user_id === 'number' ? await findRow(reader, User, note.user_id) : undefined;
      return creator ? fullName(creator) : null;
    },
  },
  // carehooks posts no automatic replies.
  is_autoresponse: { type: 'Boolean!', resolve: () => false },
  task: {
    type: 'Task',
    resolve: async (note, reader) =>
      (await typedDb<TasksCoursesTables>(reader)
        .selectFrom('tasks')
        .selectAll()
        .where('note_id', '=', note.id)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .executeTakeFirst()) ?? null,
  },
};
