/**
 * How ids and datetimes look on the webhook API, in one place: ids are decimal strings, datetimes are
 * ISO-8601 strings in UTC with milliseconds (the form of Healthie's `ISO8601DateTime`, kept to the
 * millisecond so a value read back can be passed to a filter without losing rows).
 */
import type { Millis } from '../store/schema.js';

export { formatId, parseId } from '../core/ids.js';

export function formatTimestamp(ms: Millis): string;
export function formatTimestamp(ms: Millis | null): string | null;
export function formatTimestamp(ms: Millis | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

// A date, then optionally a time (seconds and fraction optional) and a zone; no zone means UTC.
const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds since the epoch for an ISO-8601 datetime, or null when the text is not one. */
export function parseTimestamp(value: string): Millis | null {
  const match = ISO_8601.exec(value.trim());
  if (!match) return null;
  const [, date, time = '00:00', zone = 'Z'] = match;
  const ms = Date.parse(`${date}T${time}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}
