import type { ExtraField, StandardPayload } from './builder.js';
import type { allEntries } from './events/index.js';
import type { PayloadSchema } from './json-schema.js';

type Entry = (typeof allEntries)[number];

/** Every event type in the catalog, as a union of string literals. */
export type EventType = Entry['event_type'];

/** Every `resource_id_type` in the catalog. */
export type ResourceIdType = Entry['resource_id_type'];

/** Event type → the exact payload type of that event. */
export type EventPayloadMap = { [E in Entry as E['event_type']]: E['example'] };

/** Any webhook body, discriminated by `event_type`. */
export type WebhookEvent = EventPayloadMap[EventType];

type ExtrasOf<P> = Omit<P, keyof StandardPayload<string, string>>;

/**
 * The extra fields of one event (its payload without the standard four). For an event without extras this
 * is `Record<string, never>` rather than `{}`, so that a stray key is a compile error.
 */
export type EventExtras<T extends EventType> = [keyof ExtrasOf<EventPayloadMap[T]>] extends [never]
  ? Record<string, never>
  : ExtrasOf<EventPayloadMap[T]>;

export interface EventDefinition {
  readonly event_type: EventType;
  readonly resource_id_type: ResourceIdType;
  /** One line, in our own words. */
  readonly description: string;
  /** Extra payload fields beyond the standard four, in payload order. */
  readonly extras: readonly ExtraField[];
  /** GraphQL mutations that emit the event; empty when only internal processes do. */
  readonly mutations: readonly string[];
  /** What emits the event besides mutations; always set when `mutations` is empty. */
  readonly triggers?: string;
  /** How we resolved a point the reference leaves ambiguous. */
  readonly decision?: string;
  readonly example: WebhookEvent;
  readonly schema: PayloadSchema;
}
