/**
 * `createDocument` takes the file as `file_string`, a data URL (`data:<type>;base64,…`). carehooks does
 * not store file contents (it serves webhooks, not downloads): it records the content type and extension.
 */
import { fail, type Work } from '../../registry/index.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

export async function describeFile(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const file = input.file_string;
  if (file === undefined || file === null || file === '') return;
  const match = typeof file === 'string' ? DATA_URL.exec(file) : null;
  if (!match) fail('file_string', 'File string must be a data URL (data:<type>;base64,...)');
  const contentType = match[1]!.toLowerCase();
  values.file_content_type = contentType;
  values.extension = contentType.split('/')[1]!.split('+')[0]!;
}
