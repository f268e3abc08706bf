import { getEvent } from './catalog.js';
import type { EventExtras, EventPayloadMap, EventType, WebhookEvent } from './types.js';

/** Precise extras for a known literal event type, any string map otherwise (checked at run time). */
type ExtrasArg<T extends string> = T extends EventType
  ? EventExtras<T>
  : Readonly<Record<string, string | null>>;
type PayloadFor<T extends string> = T extends EventType ? EventPayloadMap[T] : WebhookEvent;

/**
 * Builds a webhook body with keys in canonical order: the standard four, then the extras in catalog order.
 * Throws when the event type is unknown or the extras differ from the entry's (missing, unknown, or null
 * where the field is not nullable).
 */
export function buildPayload<T extends string>(
  eventType: T,
  resourceId: string,
  extras: ExtrasArg<T>,
  changedFields: readonly string[] = [],
): PayloadFor<T> {
  const entry = getEvent(eventType);
  if (!entry) throw new Error(`buildPayload: unknown event type "${eventType}"`);
  const given: Readonly<Record<string, unknown>> = extras;
  const problems: string[] = [];
  const body: Record<string, unknown> = {
    resource_id: resourceId,
    resource_id_type: entry.resource_id_type,
    event_type: entry.event_type,
    changed_fields: [...changedFields],
  };
  for (const { name, nullable } of entry.extras) {
    const value = given[name];
    if (!Object.hasOwn(given, name)) problems.push(`missing extra "${name}"`);
    else if (typeof value === 'string' || (nullable && value === null)) body[name] = value;
    else problems.push(`extra "${name}" must be a string${nullable ? ' or null' : ''}`);
  }
  for (const name of Object.keys(given)) {
    if (!entry.extras.some((extra) => extra.name === name)) problems.push(`unknown extra "${name}"`);
  }
  if (problems.length > 0) throw new Error(`buildPayload(${eventType}): ${problems.join('; ')}`);
  // Every field was checked against the entry above.
  return body as unknown as PayloadFor<T>;
}
