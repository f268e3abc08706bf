import { allEntries } from './events/index.js';
import type { PayloadSchema } from './json-schema.js';
import type { EventDefinition, EventType, ResourceIdType } from './types.js';

/** Plain code-unit order, so the result never depends on the locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const catalog: readonly EventDefinition[] = [...allEntries].sort((a, b) =>
  compareCodeUnits(a.event_type, b.event_type),
);

const byEventType = new Map<string, EventDefinition>(catalog.map((entry) => [entry.event_type, entry]));

export const eventTypes: readonly EventType[] = catalog.map((entry) => entry.event_type);

export const resourceTypes: readonly ResourceIdType[] = [
  ...new Set(catalog.map((entry) => entry.resource_id_type)),
].sort(compareCodeUnits);

export function getEvent(eventType: string): EventDefinition | undefined {
  return byEventType.get(eventType);
}

export function isEventType(s: string): s is EventType {
  return byEventType.has(s);
}

/** The JSON Schema of one event's payload; throws for an unknown event type. */
export function payloadSchema(eventType: string): PayloadSchema {
  const entry = getEvent(eventType);
  if (!entry) throw new Error(`unknown event type "${eventType}"`);
  return entry.schema;
}
