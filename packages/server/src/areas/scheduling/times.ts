/**
 * Wall times and instants. Appointments and availabilities keep their times as the client wrote them
 * (`2030-02-01 10:00:00 -0500`, `2030-02-01T15:00:00Z`, `2030-02-01 10:00`); a time written without an
 * offset is a wall time in a time zone (the record's, else its provider's, else UTC). These helpers read
 * such text, turn it into UTC instants, shift it by calendar days or months keeping its wall time, and
 * name zones the way calendars show them.
 */

const WRITTEN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:\s*(Z|UTC|[+-]\d{2}:?\d{2}))?$/;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC when the text gives an offset (`Z` and `UTC` are 0), else undefined. */
  offset: number | undefined;
}

/** Reads a written date or date and time; null for anything else. */
export function readWallTime(text: unknown): WallTime | null {
  if (typeof text !== 'string') return null;
  const match = WRITTEN.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, , zone] = match;
  let offset: number | undefined;
  if (zone === 'Z' || zone === 'UTC') offset = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    offset,
  };
}

/** True when `zone` is an IANA time zone this runtime knows (`America/New_York`, `UTC`). */
export function knownZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function zoneParts(instant: number, zone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** Minutes east of UTC of `zone` at `instant`. */
export function zoneOffset(instant: number, zone: string): number {
  const p = zoneParts(instant, zone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The UTC instant (ms) of a wall time: its own offset, else the zone's offset at that time. */
export function instantOf(wall: WallTime, zone: string | null | undefined): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  if (wall.offset !== undefined) return naive - wall.offset * 60_000;
  if (!knownZone(zone)) return naive;
  // The zone's offset at the naive instant, checked once more at the result (offset changes near DST).
  let instant = naive - zoneOffset(naive, zone) * 60_000;
  instant = naive - zoneOffset(instant, zone) * 60_000;
  return instant;
}

/** The instant of written text, or null when the text is not a date. */
export function instantOfText(text: unknown, zone: string | null | undefined): number | null {
  const wall = readWallTime(text);
  return wall ? instantOf(wall, zone) : null;
}

export const iso = (instant: number) => new Date(instant).toISOString();

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a calendar date given as year, month (1–12) and day; overflowing days roll over. */
function calendarDay(year: number, month: number, day: number): [number, number, number] {
  const date = new Date(Date.UTC(year, month - 1, day));
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

/**
 * The written text moved by whole days or months, keeping its wall time and its offset text exactly as
 * written (a month later on the 31st is the last day of the shorter month).
 */
export function shiftWritten(text: string, by: { days?: number; months?: number }): string {
  const wall = readWallTime(text);
  if (!wall) return text;
  let [year, month, day] = [wall.year, wall.month, wall.day];
  if (by.months) {
    const target = new Date(Date.UTC(year, month - 1 + by.months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    [year, month, day] = [target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(day, last)];
  }
  if (by.days) [year, month, day] = calendarDay(year, month, day + by.days);
  const trimmed = text.trim();
  return `${year}-${pad(month)}-${pad(day)}${trimmed.slice(10)}`;
}

/** The written text with its wall time moved by `minutes`, in the same form (date-only text stays a date). */
export function addMinutesWritten(text: string, minutes: number): string {
  const wall = readWallTime(text);
  if (!wall) return text;
  const trimmed = text.trim();
  const moved = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute + minutes, wall.second),
  );
  const day = `${moved.getUTCFullYear()}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
  if (trimmed.length <= 10) return day;
  const separator = trimmed.charAt(10);
  const clock = `${pad(moved.getUTCHours())}:${pad(moved.getUTCMinutes())}`;
  const seconds = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(trimmed)
    ? `:${pad(moved.getUTCSeconds())}`
    : '';
  const rest = trimmed.replace(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?/, '');
  return `${day}${separator}${clock}${seconds}${rest}`;
}

/** Whole minutes from one written time to another, each in the zone; null when either is not a time. */
export function minutesBetween(start: string, end: string, zone: string | null | undefined): number | null {
  const from = instantOfText(start, zone);
  const to = instantOfText(end, zone);
  return from === null || to === null ? null : Math.round((to - from) / 60_000);
}

/** The zone's short name at that instant as calendars show it (`EST`, `GMT+2`); UTC without a zone. */
export function zoneAbbreviation(instant: number, zone: string | null | undefined): string {
  if (!knownZone(zone)) return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}

/** `YYYYMMDDTHHMMSSZ`, the form calendar links and ICS files use. */
export function compactUtc(instant: number): string {
  return iso(instant)
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
