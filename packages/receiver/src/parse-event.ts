import { isEventType, validatePayload, type WebhookEvent } from '@carehooks/catalog';
import { toBytes, type RawBody } from './bytes.js';
import { WebhookPayloadError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as a typed event (narrow it with `event.event_type`), or a `WebhookPayloadError` when it is not
 * JSON, names an event type this version does not know, or does not have exactly that event's fields.
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
  const result = validatePayload(payload);
  if (!result.ok) throw new WebhookPayloadError('invalid_payload', result.errors);
  return result.event;
}
