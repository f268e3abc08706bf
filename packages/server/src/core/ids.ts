/**
 * Ids as clients send them and as the API answers them. Every stored id is a positive integer; on the wire
 * it is a decimal string (Healthie's `ID`), and clients may send it as a string or a number.
 */
const ID = /^[1-9]\d{0,15}$/;

/** A positive integer id from a client value (string or number); null when it cannot be one of our ids. */
export function parseId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!ID.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** Ids from an `[ID]` list, one id, or a comma-separated string; values that are no id are dropped. */
export function parseIdList(value: unknown): number[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  return values.map(parseId).filter((id) => id !== null);
}

export function formatId(id: number): string {
  return String(id);
}
