/**
 * `updateNote`: edits a message: its text, when a scheduled one goes out (`scheduled_at`), who it is from
 * (`user_id`; posting for someone else records the caller as `on_behalf_user`, as createNote does), its
 * conversation, and its attachments (kept as createNote keeps them). A message its author
 * deleted (`deleted_by_user`) cannot be edited. The reference documents no `message.updated`, so an edit
 * fires no event.
 */
import { fail, requireRow, updateRow, validateInput, type SpecialMutation } from '../../registry/index.js';
import { describeNote } from './notes.js';
import { Note } from './resources.js';

export const updateNote: SpecialMutation = {
  name: 'updateNote',
  input: 'updateNoteInput',
  inputFields: {
    attached_audio: 'Upload',
    attached_document: 'Upload',
    attached_image: 'Upload',
    attached_image_string: 'String',
    content: 'String',
    conversation_id: 'String',
    id: 'ID',
    scheduled_at: 'String',
    user_id: 'String',
  },
  payload: 'updateNotePayload',
  returns: { note: 'Note' },
  async run(work, input) {
    const note = await requireRow(work, Note, input.id);
    if (Number(note.deleted_by_user) === 1) fail('id', 'A deleted message cannot be edited');
    const { values } = await validateInput(work, Note, input, 'update', note);
    await describeNote(work, values, input, note);
    const { row } = await updateRow(work, Note, note, values);
    return { note: row };
  },
};
