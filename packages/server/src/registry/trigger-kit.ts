/**
 * What `carehooks trigger` recipes are written against. Each area binds the recipes of its own events (and
 * what the trigger needs to make its records) as `triggers` in its assembly; the CLI (cli/trigger/) runs
 * them against a server through its HTTP client, which implements `TriggerApi`. Nothing here reaches the
 * network, and nothing here imports the registry's other types: a recipe sees a resource declaration only
 * through `TriggerResource`, which every declared resource is.
 */

/** The record a mutation payload field holds; a list field holds its records in order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payload shapes vary per mutation
export type Payload = Record<string, any>;

/** The answer of an internal route: the record it wrote the event for. */
export interface InternalAnswer {
  resource_id: string;
  resource_id_type: string;
}

/** The running server, as a recipe reaches it (with the trigger's API key). */
export interface TriggerApi {
  /** `mutation($input: <inputType>) { <name>(input: $input) { <selection> messages } }`; refuses on messages. */
  mutate(
    name: string,
    inputType: string,
    input: Record<string, unknown>,
    selection: string,
  ): Promise<Payload>;
  query(document: string, variables: Record<string, unknown>): Promise<Payload>;
  /** POST `<server>/internal/<path>`. */
  internal(path: string, body: Record<string, unknown>): Promise<InternalAnswer>;
}

/** An event the trigger's own webhook received. */
export type Delivered = Record<string, unknown>;

/** Reads back the events whose resource id no answer carries (see cli/trigger/observer.ts). */
export interface TriggerObserver {
  /** Runs `action`, then answers the first delivered event of `eventType` that `match` accepts. */
  watch<T>(
    eventType: string,
    action: () => Promise<T>,
    match: (event: Delivered, result: T) => boolean,
  ): Promise<string>;
  /** The temporary webhook's id (made on first use), for `sendTestWebhook`. */
  webhookId(): Promise<string>;
}

/** What the trigger reads of a resource declaration (every registry resource is one). */
export interface TriggerResource {
  readonly name: string;
  readonly payloadField: string;
  readonly mutations: {
    readonly [action in 'create' | 'update' | 'delete']?: { name: string; input?: string; field?: string };
  };
}

/**
 * What a recipe works with: the server's API, the registry's declarations, and records made on demand
 * from those declarations (a required field gets a sample value; a required reference gets a record of its
 * own, made first). Records asked for with `ensure` are made once per run and shared by every recipe.
 */
export interface TriggerContext {
  readonly api: TriggerApi;
  readonly registry: { get(name: string): TriggerResource };
  readonly observer: TriggerObserver;
  /** The id of the user the API key acts as (a provider of the organization). */
  caller(): Promise<string>;
  /** A record of the resource, made once per run. */
  ensure(resource: string): Promise<string>;
  /** A new record of the resource through its standard create (or the recipe that stands for it). */
  create(resource: string, input?: Record<string, unknown>): Promise<string>;
  /** Runs the resource's standard create / update / delete; the payload's record is returned. */
  standard(
    r: TriggerResource,
    action: 'create' | 'update' | 'delete',
    input: Record<string, unknown>,
  ): Promise<Payload>;
  /** A number unique within the run, for names and emails that must differ. */
  next(): number;
}

/** Produces one event and answers the resource id the server wrote it for. */
export type Recipe = (ctx: TriggerContext) => Promise<string>;

/** Input a resource needs beyond its required fields' samples (ids of records it depends on included). */
export type InputHint = (ctx: TriggerContext) => Promise<Record<string, unknown>>;

/** Extra fields an update of the resource must carry, or the field to change when the derived one won't do. */
export type UpdateHint = (ctx: TriggerContext, id: string) => Promise<Record<string, unknown>>;

/** Makes a record of a resource that has no standard create, or whose create needs more than samples. */
export type Creator = (ctx: TriggerContext) => Promise<string>;

/**
 * An area's part of the trigger. Recipes are for the events no standard create / update / delete emits (or
 * that need more than the derived recipe does); hints and creators say what the registry cannot say by
 * itself about making the area's records. Names and inputs follow the resource test rows.
 */
export interface AreaTriggers {
  /** By event type; takes precedence over the recipe derived from the declarations. */
  recipes?: Record<string, Recipe>;
  /** By resource name: input its create needs beyond its required fields. */
  createHints?: Record<string, InputHint>;
  /** By resource name: the change its update makes where the derived one will not do. */
  updateHints?: Record<string, UpdateHint>;
  /** By resource name: how a record is made by other means than a standard create. */
  creators?: Record<string, Creator>;
  /** Event types the recipes read back from the trigger's own deliveries (`ctx.observer.watch`). */
  observed?: readonly string[];
}

/** A call the server refused (`messages`, a 400 or 404): the event was not produced. */
export class TriggerRefused extends Error {}

/** Runs a mutation whose input type is `<name>Input` unless `type` says otherwise. */
export const mutate = (
  ctx: TriggerContext,
  name: string,
  input: Record<string, unknown>,
  selection: string,
  type?: string,
) => ctx.api.mutate(name, type ?? `${name}Input`, input, selection);

/** The id of the last record of a list in an answer (the one just added). */
export const last = (records: Payload[] | null | undefined, what: string): string => {
  const id = records?.at(-1)?.id as unknown;
  if (id === undefined || id === null) throw new TriggerRefused(`the answer lists no ${what}`);
  return String(id);
};

/** A recipe that posts one internal route with the body made for it; the route's record is the answer. */
export const internalFor =
  (path: string, body: (ctx: TriggerContext) => Promise<Record<string, unknown>>): Recipe =>
  async (ctx) =>
    (await ctx.api.internal(path, await body(ctx))).resource_id;

/** An email address unique to this run and call. */
export const uniqueEmail = (ctx: TriggerContext, name: string) =>
  `${name}.${process.pid}.${ctx.next()}@example.com`;
