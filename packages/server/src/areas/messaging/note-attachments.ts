/**
 * What a message keeps of its attachments beyond their content types, as Healthie's `Note` answers them:
 *
 * - an attached document becomes a `Document` of the poster's (in the conversation's organization), which
 *   `Note.document_id` names and whose display name `Note.document_name` answers. It is made as part of the
 *   message, not by createDocument, so no `document.created` is sent (the reference lists createDocument
 *   alone for it); renaming the document later renames the attachment.
 * - an attached image's file name is kept as `Note.image_name`.
 *
 * Attachments reach carehooks as data URLs. A data URL names its file with a `name` (or `filename`)
 * parameter (`data:application/pdf;name=Lab%20report.pdf;base64,…`); without one the file is called by
 * its kind and type (`document.pdf`, `image.png`). carehooks keeps no file contents, so there is no
 * link to give: `attached_image_url` and `attached_audio_url` answer null.
 */
import {
  findRow,
  insertRow,
  typedTransaction,
  type Computed,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Document } from '../documents/index.js';
import type { MessagingTables } from './resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)((?:;[^,;]*)*),/;

const given = (value: unknown): value is string => typeof value === 'string' && value !== '';

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A data URL's file: its content type, the extension that type implies, and its name. */
export function attachedFile(
  file: string,
  kind: 'document' | 'image',
): { contentType: string; extension: string; name: string } | null {
  const match = DATA_URL.exec(file);
  if (!match) return null;
  const contentType = match[1]!.toLowerCase();
  const extension = contentType.split('/')[1]!.split('+')[0]!;
  for (const parameter of match[2]!.split(';')) {
    const [key, ...value] = parameter.split('=');
    const name = decoded(value.join('=')).trim();
    if (/^(file)?name$/i.test(key?.trim() ?? '') && name !== '') return { contentType, extension, name };
  }
  return { contentType, extension, name: `${kind}.${extension}` };
}

/** Whether `source` attaches anything kept beyond its content type (a document, an image). */
export const keepsAttachments = (source: Record<string, unknown>): boolean =>
  [source.attached_document, source.attached_image, source.attached_image_string].some(given);

/**
 * The columns a message's attachments set besides their content types: `image_name`, and `document_id`
 * of the Document made for an attached document. `source` is the input naming the attachments.
 */
export async function keptAttachments(
  work: Work,
  source: Record<string, unknown>,
  message: { organizationId: number; posterId: number },
): Promise<Record<string, unknown>> {
  const kept: Record<string, unknown> = {};
  const image = [source.attached_image, source.attached_image_string].find(given);
  const imageFile = image === undefined ? null : attachedFile(image, 'image');
  if (imageFile) kept.image_name = imageFile.name;
  const documentFile = given(source.attached_document)
    ? attachedFile(source.attached_document, 'document')
    : null;
  if (documentFile) {
    const document = await insertRow(
      work,
      Document,
      {
        display_name: documentFile.name,
        file_content_type: documentFile.contentType,
        extension: documentFile.extension,
        owner_id: message.posterId,
      },
      message.organizationId,
    );
    kept.document_id = document.id;
  }
  return kept;
}

/** The organization of the conversation a new message goes to (its documents belong there too). */
export async function conversationOrganization(work: Work, conversationId: number): Promise<number> {
  const conversation = await typedTransaction<MessagingTables>(work)
    .selectFrom('conversations')
    .select('organization_id')
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return conversation.organization_id;
}

export const noteAttachmentFields: Record<string, Computed> = {
  document_name: {
    type: 'String',
    resolve: async (note: StoredRow, reader) => {
      if (typeof note.document_id !== 'number') return null;
      const document = await findRow(reader, Document, note.document_id);
      return typeof document?.display_name === 'string' ? document.display_name : null;
    },
  },
  attached_image_url: { type: 'String', resolve: () => null },
  attached_audio_url: { type: 'String', resolve: () => null },
};
