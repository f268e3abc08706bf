/**
 * Ids in webhook payloads. The reference writes `resource_id` and the association ids as decimal strings,
 * which is what carehooks stores and sends by default; a webhook set to `payload_id_format: "number"` gets
 * them as JSON numbers instead, as receivers built against live traffic read them. Which fields are ids is
 * the catalog's to say: `resource_id` in every payload, and each extra of kind `id`.
 *
 * Only a canonical decimal ("0", or digits without a leading zero) up to `Number.MAX_SAFE_INTEGER` becomes a
 * number, so `String(n)` gives back the very string: both forms carry the same ids, and `withStringIds`
 * undoes `withNumberIds` exactly. Anything else (null, a non-numeric id) is left as it is.
 */
import { catalog } from './catalog.js';

export type PayloadIdFormat = 'string' | 'number';

/** The default first. */
export const PAYLOAD_ID_FORMATS: readonly PayloadIdFormat[] = ['string', 'number'];

export function isPayloadIdFormat(value: string): value is PayloadIdFormat {
  return (PAYLOAD_ID_FORMATS as readonly string[]).includes(value);
}

const STANDARD_ID_FIELDS: readonly string[] = ['resource_id'];

const idFieldsByEvent = new Map<string, readonly string[]>(
  catalog.map((entry) => [
    entry.event_type,
    [
      ...STANDARD_ID_FIELDS,
      ...entry.extras.filter((extra) => extra.kind === 'id').map((extra) => extra.name),
    ],
  ]),
);

/**
 * The id fields of an event's payload, in payload order: `resource_id`, then the extras of kind `id`. For an
 * event type this catalog does not know, `resource_id` alone, which every payload carries.
 */
export function idFields(eventType: string): readonly string[] {
  return idFieldsByEvent.get(eventType) ?? STANDARD_ID_FIELDS;
}

const CANONICAL_DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;

/** The number a canonical decimal id stands for; null for any other string or one beyond safe integers. */
export function idAsNumber(id: string): number | null {
  if (!CANONICAL_DECIMAL.test(id)) return null;
  const number = Number(id);
  return Number.isSafeInteger(number) ? number : null;
}

/** Whether a JSON number can be an id sent by `withNumberIds`: a whole number from 0 to 2^53 − 1. */
export function isNumericId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

type Payload = Readonly<Record<string, unknown>>;

/** Looks the id fields up by the payload's own `event_type`. */
function idFieldsOf(payload: Payload): readonly string[] {
  return typeof payload.event_type === 'string' ? idFields(payload.event_type) : STANDARD_ID_FIELDS;
}

/** A copy (same key order) with each id field that holds a canonical decimal string as a JSON number. */
export function withNumberIds<P extends Payload>(payload: P): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...payload };
  for (const field of idFieldsOf(payload)) {
    const value = copy[field];
    if (typeof value !== 'string') continue;
    const number = idAsNumber(value);
    if (number !== null) copy[field] = number;
  }
  return copy;
}

/**
 * A copy (same key order) with each id field that holds a whole number (see `isNumericId`) as its decimal
 * string: a payload of either format comes out in the documented one. Other values are left for validation
 * to judge.
 */
export function withStringIds<P extends Payload>(payload: P): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...payload };
  for (const field of idFieldsOf(payload)) {
    const value = copy[field];
    if (isNumericId(value)) copy[field] = String(value);
  }
  return copy;
}
