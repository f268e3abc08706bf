/**
 * What an extra payload field holds: `id`, the id of an associated record (a decimal string, which a webhook
 * set to `payload_id_format: "number"` receives as a JSON number), or `text`, anything else.
 */
export type ExtraKind = 'id' | 'text';

/** An extra payload field: its name, whether it may be `null`, and what it holds. */
export interface ExtraField {
  readonly name: string;
  readonly nullable: boolean;
  readonly kind: ExtraKind;
}

export type PropertySchema =
  | { readonly type: 'string' }
  | { readonly type: readonly ['string', 'null'] }
  | { readonly const: string }
  | { readonly type: 'array'; readonly items: { readonly type: 'string' } };

/** JSON Schema (draft 2020-12 compatible) of one event's payload: every key required, nothing else allowed. */
export interface PayloadSchema {
  readonly type: 'object';
  readonly required: readonly string[];
  readonly additionalProperties: false;
  readonly properties: Readonly<Record<string, PropertySchema>>;
}

export function payloadSchemaFor(
  eventType: string,
  resourceType: string,
  extras: readonly ExtraField[],
): PayloadSchema {
  const properties: Record<string, PropertySchema> = {
    resource_id: { type: 'string' },
    resource_id_type: { const: resourceType },
    event_type: { const: eventType },
    changed_fields: { type: 'array', items: { type: 'string' } },
  };
  for (const extra of extras) {
    properties[extra.name] = extra.nullable ? { type: ['string', 'null'] } : { type: 'string' };
  }
  return { type: 'object', required: Object.keys(properties), additionalProperties: false, properties };
}
