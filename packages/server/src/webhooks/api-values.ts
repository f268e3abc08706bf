/**
 * How ids and datetimes look on the webhook API, in one place: ids are decimal strings, datetimes are
 * ISO-8601 strings in UTC with milliseconds (the form of Healthie's `ISO8601DateTime`, kept to the
 * millisecond so a value read back can be passed to a filter without losing rows).
 */
import type { Millis } from '../store/schema.js';

export function formatId(id: number): string {
  return String(id);
}

/** A positive integer id from its string form, or null when the text cannot be one of our ids. */
export function parseId(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

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
