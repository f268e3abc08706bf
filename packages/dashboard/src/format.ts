/** How times, statuses and bodies read on the page. */

export function timeAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const ms = now - Date.parse(iso);
  const future = ms < 0;
  const abs = Math.abs(ms);
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const value = Math.floor(abs / size);
      return future ? `in ${value}${unit}` : `${value}${unit} ago`;
    }
  }
  return future ? 'now' : 'just now';
}

export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** `<input type="datetime-local">` value for a time, in the browser's zone. */
export function toLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}`;
}

/** An ISO-8601 time from a `datetime-local` value, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export type Tone = 'ok' | 'bad' | 'warn' | 'muted' | 'info';

export function statusTone(status: string | null): Tone {
  if (status === null) return 'bad';
  const code = Number(status);
  if (code >= 200 && code < 300) return 'ok';
  if (code === 429 || code === 503) return 'warn';
  return 'bad';
}

export function stateTone(state: string | null): Tone {
  switch (state) {
    case 'delivered':
      return 'ok';
    case 'failed':
      return 'bad';
    case 'pending':
    case 'in_flight':
      return 'info';
    default:
      return 'muted';
  }
}

/** JSON pretty-printed when it parses, the text as it is otherwise. */
export function prettyBody(text: string | null): string {
  if (text === null || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function milliseconds(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
