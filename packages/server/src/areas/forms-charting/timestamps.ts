/**
 * Client-given record times: Healthie lets an import back-date a submission (`created_at`, `updated_at`).
 * A time without zone is UTC; the times are written after the record, so its event is the ordinary one.
 */
import { fail, label, type AnyResource, type RecordChange, type Work } from '../../registry/index.js';

const ZONELESS = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

function instantOf(value: string): number | null {
  const text = value.trim();
  const zoneless = ZONELESS.exec(text);
  const millis = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2] ?? '00:00'}Z` : text);
  return Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}/.test(text) ? null : millis;
}

/** An `after` hook of a create: the record takes the times the input gives. */
export function givenTimes(r: AnyResource, names: ReadonlyArray<'created_at' | 'updated_at'>) {
  return async (work: Work, change: RecordChange): Promise<void> => {
    const set: Record<string, number> = {};
    for (const name of names) {
      const raw = change.input[name];
      if (raw === undefined || raw === null || raw === '') continue;
      const at = typeof raw === 'string' ? instantOf(raw) : null;
      if (at === null) fail(name, `${label(name)} must be a date and time (YYYY-MM-DD HH:MM)`);
      set[name] = at;
    }
    if (Object.keys(set).length === 0) return;
    await work.db.updateTable(r.table).set(set).where('id', '=', change.row.id).execute();
    Object.assign(change.row, set);
  };
}
