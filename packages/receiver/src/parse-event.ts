import {
  idFields,
  isEventType,
  isNumericId,
  validatePayload,
  withStringIds,
  type WebhookEvent,
} from '@carehooks/catalog';
import { toBytes, type RawBody } from './bytes.js';
import { WebhookPayloadError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as a typed event (narrow it with `event.event_type`), or a `WebhookPayloadError` when it is not
 * JSON, names an event type this version does not know, or does not have exactly that event's fields.
 *
 * Ids come out as the strings the reference documents whichever `payload_id_format` the webhook has: the
 * sender turns only decimal strings within `Number.MAX_SAFE_INTEGER` into numbers, so `String(n)` is the
 * very id. Which fields are ids is the catalog's to say, so a number anywhere else is still refused.
 */
export function parseEvent(body: RawBody): WebhookEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof body === 'string' ? body : decoder.decode(toBytes(body)));
  } catch (error) {
    throw new WebhookPayloadError('invalid_json', [
      `body is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  const eventType = (payload as { event_type?: unknown } | null)?.event_type;
  if (typeof eventType === 'string' && !isEventType(eventType)) {
    throw new WebhookPayloadError('unknown_event_type', [
      `unknown event_type "${eventType}": it is not in this version of @carehooks/catalog; update @carehooks/receiver`,
    ]);
  }
  const object = isObject(payload) ? payload : null;
  const result = validatePayload(object ? withStringIds(object) : payload);
  if (!result.ok) {
    throw new WebhookPayloadError('invalid_payload', [...result.errors, ...numberIdHints(object)]);
  }
  return result.event;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Says why an id sent as a number was not taken, next to validation's "must be a string". */
function numberIdHints(payload: Record<string, unknown> | null): string[] {
  if (!payload || typeof payload.event_type !== 'string') return [];
  return idFields(payload.event_type)
    .filter((field) => typeof payload[field] === 'number' && !isNumericId(payload[field]))
    .map(
      (field) =>
        `${field} is the number ${String(payload[field])}: an id sent as a number must be a whole number ` +
        `from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
}
