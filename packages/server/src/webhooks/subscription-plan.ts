/**
 * Turns a requested subscription set into row changes. Kept rows keep their id and failure counters
 * (first_failed_at, last_failed_at, retry_count); an entry without id whose event type is already
 * subscribed keeps that row too, so a caller that never tracked ids does not reset counters.
 */
import type { EventType } from '@carehooks/catalog';
import type { FieldError } from '../core/field-errors.js';
import type { RequestedSubscriptions } from './webhook-input.js';

export interface SubscriptionPlan {
  /** `webhook_events` ids to delete. */
  remove: number[];
  add: EventType[];
  errors: FieldError[];
}

export function planSubscriptions(
  webhookId: number,
  current: ReadonlyArray<{ id: number; event_type: string }>,
  requested: RequestedSubscriptions,
): SubscriptionPlan {
  const kept = new Set<number>();
  const add: EventType[] = [];
  const errors: FieldError[] = [];
  for (const entry of requested.entries) {
    if (entry.id === null) {
      const row = current.find((r) => r.event_type === entry.eventType);
      if (row) kept.add(row.id);
      else add.push(entry.eventType);
      continue;
    }
    const row = current.find((r) => r.id === entry.id);
    if (!row) {
      errors.push({
        field: `${entry.field}.id`,
        message: `No webhook event with id "${entry.id}" on webhook ${webhookId}.`,
      });
    } else if (row.event_type !== entry.eventType) {
      errors.push({
        field: `${entry.field}.event_type`,
        message:
          `Webhook event ${row.id} is subscribed to "${row.event_type}" and cannot change event type; ` +
          `leave out its id to subscribe to "${entry.eventType}".`,
      });
    } else {
      kept.add(row.id);
    }
  }
  const remove = requested.replacesSet ? current.filter((r) => !kept.has(r.id)).map((r) => r.id) : [];
  return { remove, add, errors };
}
