import { payloadSchemaFor, type ExtraField, type ExtraKind, type PayloadSchema } from './json-schema.js';

/** Marks an extra field whose value may be `null`; holds the example value used in the catalog. */
export interface NullableExtra {
  readonly nullable: true;
  readonly example: string;
}

/** Marks an extra field that holds plain text, not the id of a record; holds its example value. */
export interface TextExtra {
  readonly kind: 'text';
  readonly example: string;
}

/**
 * Extra payload fields in payload order. Webhook association data names records, so an extra is an id
 * unless marked: a plain string is a required id (the string is its example value), `nullable(example)` an
 * id that may be `null`, `text(example)` a required field of plain text. Object key order is the payload
 * key order.
 */
export type ExtrasSpec = Readonly<Record<string, string | NullableExtra | TextExtra>>;

export type { ExtraField, ExtraKind };

type NullableKeys<X> = { [K in keyof X]: X[K] extends NullableExtra ? K : never }[keyof X];

/** The four fields every payload carries. */
export interface StandardPayload<T extends string, R extends string> {
  resource_id: string;
  resource_id_type: R;
  event_type: T;
  changed_fields: string[];
}

/** Flattened into one object type so editors show, and type tests compare, a plain payload shape. */
type Flatten<O> = { [K in keyof O]: O[K] };

export type Payload<T extends string, R extends string, X extends ExtrasSpec> = Flatten<
  StandardPayload<T, R> & { [K in Exclude<keyof X, NullableKeys<X>>]: string } & {
    [K in NullableKeys<X>]: string | null;
  }
>;

/** An event as written in a data module; the standard fields, example and schema are filled in by `event`. */
type EventSpec<X extends ExtrasSpec> = {
  /** One line, in our own words. */
  readonly description: string;
  readonly extras?: X;
  /** Example values for the standard fields; extras take theirs from `extras`. */
  readonly example: { readonly resource_id: string; readonly changed_fields?: readonly string[] };
  /** How we resolved a point the reference leaves open. */
  readonly decision?: string;
} & (
  | { readonly mutations: readonly [string, ...string[]]; readonly triggers?: string }
  // An event no mutation fires must say what does.
  | { readonly mutations: readonly []; readonly triggers: string }
);

export interface EventEntry<T extends string, R extends string, X extends ExtrasSpec> {
  readonly event_type: T;
  readonly resource_id_type: R;
  readonly description: string;
  readonly extras: readonly ExtraField[];
  readonly mutations: readonly string[];
  readonly triggers?: string;
  readonly decision?: string;
  readonly example: Payload<T, R, X>;
  readonly schema: PayloadSchema;
}

export function nullable(example: string): NullableExtra {
  return { nullable: true, example };
}

export function text(example: string): TextExtra {
  return { kind: 'text', example };
}

export function event<
  const T extends string,
  const R extends string,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "no extras" is the empty object type
  const X extends ExtrasSpec = {},
>(eventType: T, resourceType: R, spec: EventSpec<X>): EventEntry<T, R, X> {
  const extrasSpec: ExtrasSpec = spec.extras ?? {};
  const extras = Object.entries(extrasSpec).map(([name, value]): ExtraField => ({
    name,
    nullable: typeof value !== 'string' && 'nullable' in value,
    kind: typeof value !== 'string' && 'kind' in value ? value.kind : 'id',
  }));
  const example = {
    resource_id: spec.example.resource_id,
    resource_id_type: resourceType,
    event_type: eventType,
    changed_fields: [...(spec.example.changed_fields ?? [])],
    ...Object.fromEntries(
      Object.entries(extrasSpec).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : value.example,
      ]),
    ),
  } as Payload<T, R, X>;
  return {
    event_type: eventType,
    resource_id_type: resourceType,
    description: spec.description,
    extras,
    mutations: spec.mutations,
    ...(spec.triggers === undefined ? {} : { triggers: spec.triggers }),
    ...(spec.decision === undefined ? {} : { decision: spec.decision }),
    example,
    schema: payloadSchemaFor(eventType, resourceType, extras),
  };
}
