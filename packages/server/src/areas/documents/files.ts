/**
 * `createDocument` takes the file as `file_string` (or `file`, Healthie's Upload, which reaches carehooks as
 * the same data URL: multipart uploads are not served), a data URL (`data:<type>;base64,…`). carehooks
 * does not store file contents (it serves webhooks, not downloads): it records the content type and
 * extension. `created_at` / `updated_at` back-date the new document (a time without zone is UTC).
 */
import { fail, label, type RecordChange, type Work } from '../../registry/index.js';
import { Document } from './resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

export async function describeFile(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  for (const name of ['file_string', 'file'] as const) {
    const file = input[name];
    if (file === undefined || file === null || file === '') continue;
    const match = typeof file === 'string' ? DATA_URL.exec(file) : null;
    if (!match) fail(name, `${label(name)} must be a data URL (data:<type>;base64,...)`);
    const contentType = match[1]!.toLowerCase();
    values.file_content_type = contentType;
    values.extension = contentType.split('/')[1]!.split('+')[0]!;
  }
}

const STAMP = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;

/** A client-given time: `YYYY-MM-DD[ HH:MM[:SS]][ zone]` or ISO 8601; without a zone it is UTC. */
function instant(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const match = STAMP.exec(raw.trim());
  if (!match) return null;
  const zone = match[3] === undefined || match[3] === 'UTC' ? 'Z' : match[3];
  const offset = zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const at = Date.parse(`${match[1]}T${match[2] ?? '00:00'}${offset}`);
  return Number.isNaN(at) ? null : at;
}

/** The times the input gives, checked before anything is written. */
export function givenTimes(
  input: Record<string, unknown>,
): Partial<Record<'created_at' | 'updated_at', number>> {
  const times: Partial<Record<'created_at' | 'updated_at', number>> = {};
  for (const name of ['created_at', 'updated_at'] as const) {
    const raw = input[name];
    if (raw === undefined || raw === null || raw === '') continue;
    const at = instant(raw);
    if (at === null) fail(name, `${label(name)} must be a date and time (YYYY-MM-DD HH:MM)`);
    times[name] = at;
  }
  return times;
}

/** After the insert (its event is the ordinary `document.created`): the document takes the given times. */
export async function backDate(work: Work, change: RecordChange): Promise<void> {
  const times = givenTimes(change.input);
  if (Object.keys(times).length === 0) return;
  await work.db.updateTable(Document.table).set(times).where('id', '=', change.row.id).execute();
  Object.assign(change.row, times);
}
