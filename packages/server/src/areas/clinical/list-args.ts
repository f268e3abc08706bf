/**
 * List arguments the clinical lists share: date ranges over the stored millisecond timestamps, and filters
 * that read another table through a sub-query (so they work alike on SQLite and PostgreSQL). Declarations
 * import this module, so it imports only the registry.
 */
import { sql } from 'kysely';
import { parseId, type ListArg } from '../../registry/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
type Eb = any;

const DAY_MS = 24 * 60 * 60 * 1000;
const ZONELESS = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

/**
 * A client's date or date and time as milliseconds; a time without zone is read as UTC, a date alone as
 * its first instant. Null when it is not a date.
 */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const zoneless = ZONELESS.exec(text);
  const millis = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2] ?? '00:00'}Z` : text);
  return Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}/.test(text) ? null : millis;
}

/** A date (or date and time) argument over a millisecond column; `end` of a plain date includes that day. */
export const instantRange = (column: string, side: 'start' | 'end'): ListArg => ({
  type: 'String',
  apply: (query, value) => {
    const at = instantOf(value);
    if (at === null) return query.where('id', '=', -1);
    if (side === 'start') return query.where(column, '>=', at);
    const wholeDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
    return wholeDay ? query.where(column, '<', at + DAY_MS) : query.where(column, '<=', at);
  },
});

/** A Boolean argument over a 0/1 column. */
export const flagIs = (column: string): ListArg => ({
  type: 'Boolean',
  apply: (query, value) => query.where(column, '=', value ? 1 : 0),
});

/**
 * Healthie's `unreconciled_from_ccda_ingest` (default false): true lists only what a CCDA import left to
 * reconcile; otherwise those records are left out.
 */
export const unreconciledOnly: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query, value) => query.where('requires_consolidation', '=', value === true ? 1 : 0),
};

/** Rows whose `column` names a user of the given user group. */
export const ofUserGroup = (column: string): ListArg => ({
  type: 'String',
  apply: (query, value) =>
    query.where(column, 'in', (eb: Eb) =>
      eb
        .selectFrom('users')
        .select('users.id')
        .where('users.user_group_id', '=', parseId(value) ?? -1),
    ),
});

/** Today's date (UTC), for arguments and orders that compare with it. */
export const todayText = () => new Date().toISOString().slice(0, 10);

/** An order key of several text columns in turn (nulls as empty text), e.g. due date then start date. */
export const joinedText =
  (...columns: readonly string[]) =>
  (eb: Eb) =>
    sql.join(
      columns.map((c) => sql`coalesce(${eb.ref(c)}, '')`),
      sql` || ' ' || `,
    );

/**
 * A text order key that sorts a missing value as empty text: SQLite puts nulls first and PostgreSQL last,
 * so a nullable column (or a sub-query) is ordered through this to answer the same on both.
 */
export const textKey = (key: string | ((eb: Eb) => unknown)) => (eb: Eb) =>
  eb.fn.coalesce(typeof key === 'string' ? eb.ref(key) : key(eb), sql.lit(''));

/** A number order key that sorts a missing value lowest, on both dialects. */
export const numberKey = (column: string) => (eb: Eb) => eb.fn.coalesce(eb.ref(column), sql.lit(-1e300));
