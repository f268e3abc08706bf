import { getEvent } from './catalog.js';
import type { WebhookEvent } from './types.js';

export type ValidationResult = { ok: true; event: WebhookEvent } | { ok: false; errors: string[] };

/** Checks a received body against its catalog entry: exactly the fields its JSON Schema allows. */
export function validatePayload(payload: unknown): ValidationResult {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, errors: ['payload must be a JSON object'] };
  }
  const body = payload as Record<string, unknown>;
  if (typeof body.event_type !== 'string') return { ok: false, errors: ['event_type must be a string'] };
  const entry = getEvent(body.event_type);
  if (!entry) return { ok: false, errors: [`unknown event_type "${body.event_type}"`] };

  const errors: string[] = [];
  if (typeof body.resource_id !== 'string') errors.push('resource_id must be a string');
  if (body.resource_id_type !== entry.resource_id_type) {
    errors.push(`resource_id_type must be "${entry.resource_id_type}" for ${entry.event_type}`);
  }
  const changed = body.changed_fields;
  if (!Array.isArray(changed) || !changed.every((field) => typeof field === 'string')) {
    errors.push('changed_fields must be an array of strings');
  }
  for (const { name, nullable } of entry.extras) {
    // Nullable extras are sent as null, never left out.
    if (!Object.hasOwn(body, name)) errors.push(`missing field "${name}"`);
    else if (!(typeof body[name] === 'string' || (nullable && body[name] === null))) {
      errors.push(`${name} must be a string${nullable ? ' or null' : ''}`);
    }
  }
  for (const key of Object.keys(body)) {
    if (!Object.hasOwn(entry.schema.properties, key)) errors.push(`unexpected field "${key}"`);
  }
  return errors.length === 0 ? { ok: true, event: payload as WebhookEvent } : { ok: false, errors };
}
