/**
 * Parsing of the Retry-After response header (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date.
 */

const DELAY_SECONDS = /^\d+$/;
// The three HTTP-date forms recipients must accept. Checked before Date.parse because Date.parse also
// accepts things like "7.5" (July 5th, 2001).
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Returns the delay in milliseconds that a Retry-After value asks for, or null when the value is absent or
 * malformed. A date in the past means "now" (0). When the header was sent more than once, the first wins.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return null;
  const text = raw.trim();

  if (DELAY_SECONDS.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : null;
  }

  let date: number;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) date = Date.parse(text);
  // asctime carries no zone; HTTP defines it as GMT, whereas Date.parse would read it as local time.
  else if (ASCTIME_DATE.test(text)) date = Date.parse(`${text} GMT`);
  else return null;

  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
