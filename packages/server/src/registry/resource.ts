/**
 * A resource declaration: one object names a Healthie resource's GraphQL type, table, stored fields,
 * owner organization, webhook extras, standard mutations and queries. Tables, GraphQL types, resolvers
 * and event emission are derived from it (see ./tables.ts, ./operations.ts and graphql/resources/).
 *
 * The registry's types live together here (declarations, areas, the registry, what handlers run with),
 * since they refer to each other.
 */
import type { Expression, ExpressionBuilder, Kysely } from 'kysely';
import type { z } from 'zod';
import type { Caller } from '../core/scope.js';
import type { Outbox } from '../events/outbox.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { AnyField } from './fields.js';
import type { AreaTriggers } from './trigger-kit.js';

/** An extra payload field: computed from the row (possibly with a lookup), or given by the emitting handler. */
export type ExtraSource = ((row: StoredRow, reader: Reader) => unknown) | 'given';

/**
 * Runs before the unit of work opens, outside any transaction: slow, self-contained work (hashing or
 * checking a password) that would otherwise hold the store's writer. What it returns is the input the
 * mutation runs with; a `ValidationFailure` answers with messages. It writes only what a refusal must not
 * roll back (a failed sign-in counted), and never anything that emits an event.
 */
export type BeforeUnit = (reader: Reader, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Hooks of a standard mutation; they run inside its unit of work, so a throw rolls everything back. */
export interface MutationHooks {
  /** Before the unit of work opens; see `BeforeUnit`. */
  beforeUnit?: BeforeUnit;
  /** Rewrites the client input before validation (e.g. `date` + `time` into one datetime). */
  prepare?(input: Record<string, unknown>, work: Work): Record<string, unknown>;
  /** After validation, before the write: may write other records and adjust the values to store. */
  before?(work: Work, values: Record<string, unknown>, input: Record<string, unknown>): Promise<void>;
  /** After the write and its event (e.g. nested records, attendee changes). */
  after?(work: Work, change: RecordChange): Promise<void>;
}

export interface RecordChange {
  row: StoredRow;
  /** The row before an update or delete; undefined on create. */
  before: StoredRow | undefined;
  input: Record<string, unknown>;
  changedFields: readonly string[];
}

export interface MutationAlias {
  name: string;
  input?: string;
  payload?: string;
  idType?: string;
}

export interface MutationSpec extends MutationHooks {
  /** Healthie's mutation name, e.g. `createClient`. */
  name: string;
  /** Input type name; default `${name}Input`. */
  input?: string;
  /** Payload type name; default `${name}Payload`. */
  payload?: string;
  /** Field of the payload holding the resource; default the resource's `payloadField`. */
  field?: string;
  /** GraphQL type of the `id` input on update/delete (Healthie uses `String` on some). */
  idType?: string;
  /**
   * Further input fields the hooks read; not stored by the registry. Give each its effect
   * (`{ type: 'ID', effect: 'applies the new tag to this user' }`): the coverage table in docs/ lists it.
   */
  inputs?: Record<string, string | DeclaredInput>;
  /** Input fields accepted for compatibility and ignored (UI and notification flags only). */
  ignored?: Record<string, string>;
  /** A Boolean input that, when true, keeps this mutation from emitting any event. */
  suppress?: string;
  /** Payload fields Healthie has that carehooks always answers null (name → GraphQL type, e.g. `stripeError`). */
  nullFields?: Record<string, string>;
  /** Other names for the same mutation (e.g. `editAvailability` for `updateAvailability`). */
  aliases?: readonly MutationAlias[];
}

export interface ByIdSpec {
  name: string;
  /** The `id` argument's GraphQL type where Healthie's is not `ID` (`labResult(id: ID!)`, `folder(id: String)`). */
  idType?: string;
  /** Arguments accepted for compatibility and ignored (name → GraphQL type). */
  ignored?: Record<string, string>;
  /** The id to read when the client gives none (Healthie's `user` query falls back to the caller). */
  whenNoId?: (caller: { userId: number }) => number | null;
  /** Further `ID` arguments that name the record, read before `id` (Healthie's `course_membership_id`). */
  idArgs?: readonly string[];
  /**
   * A Boolean argument that, when true, answers the caller's own record when the id names none in scope
   * (Healthie's `user(or_current_user: true)`); `whenNoId` must give the caller's id.
   */
  orCaller?: string;
  /** Further arguments (name → GraphQL type) that `find` reads. */
  args?: Record<string, string>;
  /**
   * Finds the record from all the arguments (a client's record, a key, a processor's id), within scope; null
   * answers none, undefined falls back to reading `id`.
   */
  find?: (reader: Reader, args: Record<string, unknown>) => Promise<StoredRow | null | undefined>;
}

/** A list-query argument: its GraphQL type and how it narrows the query (`args`: all the query's arguments). */
export interface ListArg {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are dynamic here
  apply(query: any, value: unknown, reader: Reader, args: Record<string, unknown>): any;
  /** Applied even when the client leaves the argument out (with `value` undefined), e.g. a default. */
  always?: boolean;
}

/** What a list orders by: a column of the resource's table, or an expression over its row (a joined name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
export type OrderKey = string | ((eb: ExpressionBuilder<any, any>, reader: Reader) => Expression<unknown>);

export interface ListSpec {
  name: string;
  args?: Record<string, ListArg>;
  ignored?: Record<string, string>;
  /** An enum argument `order_by` (Healthie's enum name and values → [key, direction]). */
  orderBy?: { enum: string; values: Record<string, readonly [OrderKey, 'asc' | 'desc'] | null> };
  defaultOrder?: readonly [OrderKey, 'asc' | 'desc'];
  /** Healthie's `*Count` companion (`tasksCount`): how many rows the list's filters match, as `Int`. */
  count?: string;
  /** Healthie's cursor paging: `after: Cursor` on the list, `cursor: Cursor!` on the type. */
  cursor?: boolean;
  /** Healthie's `should_paginate` argument and its default; false answers the first MAX_PAGE_SIZE rows. */
  shouldPaginate?: boolean;
  /** Another name Healthie gives `page_size` on this list (`goals(per_page:)`); `page_size` wins when both. */
  pageSizeArg?: string;
  /** A soft-deleting resource's Boolean argument that, when true, lists deleted rows too (`with_deleted_appt_types`). */
  withDeleted?: string;
}

export interface HasMany {
  /** GraphQL field type, e.g. `[Policy!]`. */
  type: string;
  resource: string;
  foreignKey: string;
}

/** An input field beyond the stored ones, with what it does (for the coverage table). */
export interface DeclaredInput {
  type: string;
  effect: string;
}

export interface Computed {
  type: string;
  args?: Record<string, string>;
  resolve(row: StoredRow, reader: Reader, args: Record<string, unknown>): unknown;
  /**
   * Where the value comes from: stored data (`derived`, the default), or `account-default`: a setting
   * carehooks does not model, answered with the value Healthie gives a new account.
   */
  source?: 'derived' | 'account-default';
}

/** A setting carehooks does not model: always the value Healthie gives a new account, documented as such. */
export function accountDefault(type: string, value: unknown): Computed {
  return { type, source: 'account-default', resolve: () => value };
}

/** The GraphQL input type of a declared input. */
export function inputType(input: string | DeclaredInput): string {
  return typeof input === 'string' ? input : input.type;
}

export interface ResourceSpec<
  N extends string,
  T extends string,
  F extends Record<string, AnyField>,
  S extends boolean = false,
> {
  /** Registry name, used by `ref()` and lookups; usually Healthie's GraphQL type name. */
  name: N;
  /** GraphQL object type; default `name`. */
  type?: string;
  /** Webhook `resource_id_type`; default `name`. */
  resourceType?: string;
  table: T;
  fields: F;
  /** A ref field whose row's organization owns the new row; default the caller's organization. */
  owner?: keyof F & string;
  /**
   * Event prefix: `<prefix>.created` / `.updated` / `.deleted`. No events when absent. A function picks
   * the prefix per row (Healthie's Entry fires `entry.*` or `metric_entry.*` by its category).
   */
  events?: string | ((row: StoredRow) => string);
  /** Webhook association data by payload key; which keys an event carries is the catalog's to say. */
  extras?: Record<string, ExtraSource>;
  /** Column values that make a row this resource in a shared table (written on create, required on writes). */
  fixed?: Record<string, string | number>;
  /**
   * At most one live row per combination of these fields (a tag applied to a user); creating a second is
   * refused, and merging clients retires the source's duplicate instead of moving it.
   */
  uniqueBy?: readonly (keyof F & string)[];
  /** Deleting sets `deleted_at`; reads skip such rows unless asked (`include_deleted`). */
  softDelete?: S;
  byId?: string | ByIdSpec;
  list?: ListSpec;
  mutations?: {
    create?: string | MutationSpec;
    update?: string | MutationSpec;
    delete?: string | MutationSpec;
  };
  /** Field of standard payloads holding the resource; default lowerCamel(name). */
  payloadField?: string;
  many?: Record<string, HasMany>;
  computed?: Record<string, Computed>;
  /** GraphQL types of `created_at` / `updated_at` when Healthie's differ from `String` (e.g. `String!`). */
  timestamps?: { created_at?: string; updated_at?: string };
  /** GraphQL type of `id` when Healthie's differs from `ID!` (a few of its types answer a nullable `ID`). */
  idGql?: string;
}

export interface Resource<
  N extends string = string,
  T extends string = string,
  F extends Record<string, AnyField> = Record<string, AnyField>,
  S extends boolean = boolean,
> extends Omit<ResourceSpec<N, T, F, S>, 'mutations' | 'byId'> {
  readonly type: string;
  readonly resourceType: string;
  readonly payloadField: string;
  readonly byId: ByIdSpec | undefined;
  readonly mutations: { create?: MutationSpec; update?: MutationSpec; delete?: MutationSpec };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any resource, whatever its fields
export type AnyResource = Resource<string, string, any, boolean>;

export type MutationAction = 'create' | 'update' | 'delete';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function mutation(spec: string | MutationSpec | undefined): MutationSpec | undefined {
  return typeof spec === 'string' ? { name: spec } : spec;
}

export function resource<
  const N extends string,
  const T extends string,
  const F extends Record<string, AnyField>,
  const S extends boolean = false,
>(spec: ResourceSpec<N, T, F, S>): Resource<N, T, F, S> {
  const { mutations = {}, byId, ...rest } = spec;
  return {
    ...rest,
    type: spec.type ?? spec.name,
    resourceType: spec.resourceType ?? spec.name,
    payloadField: spec.payloadField ?? lowerFirst(spec.name),
    byId: typeof byId === 'string' ? { name: byId } : byId,
    mutations: {
      ...(mutations.create ? { create: mutation(mutations.create)! } : {}),
      ...(mutations.update ? { update: mutation(mutations.update)! } : {}),
      ...(mutations.delete ? { delete: mutation(mutations.delete)! } : {}),
    },
  };
}

/** A mutation that is not create/update/delete of one row: merge, bulk, checkout, apply. */
export interface SpecialMutation {
  name: string;
  /** Input type name and its fields (name → GraphQL input type). */
  input: string;
  inputFields: Record<string, string>;
  /** Payload type name and its fields besides `messages` (name → GraphQL output type). */
  payload: string;
  returns: Record<string, string>;
  /** Before the unit of work opens; see `BeforeUnit`. */
  beforeUnit?: BeforeUnit;
  /** Runs inside the mutation's unit of work; throws `ValidationFailure` to answer with messages. */
  run(work: Work, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Input object types that special mutations and mutation `inputs` refer to (name → fields → type). */
export type InputTypes = Record<string, Record<string, string>>;

export interface Area<R extends readonly AnyResource[] = readonly AnyResource[]> {
  name: string;
  resources: R;
  special: readonly SpecialMutation[];
  inputTypes: InputTypes;
  /** Enum types the area's arguments use (name → values). */
  enums: Record<string, readonly string[]>;
  /** GraphQL fields this area adds to another area's resource (e.g. `User.medications`). */
  extend: Record<string, ResourceExtension>;
  /** Computed fields this area adds to a GraphQL type outside the registry (e.g. `Organization`). */
  extendTypes: Record<string, Record<string, Computed>>;
  /**
   * Object types that are not resources (Healthie's `PlaceOfService`): field name → GraphQL type (read
   * from the parent's value by name) or a `Computed` field.
   */
  objectTypes: Record<string, Record<string, string | Computed>>;
  /**
   * Union types (name → member object types). A field of a union type answers values carrying their
   * `__typename` (graphql-js's default type resolver reads it).
   */
  unions: Record<string, readonly string[]>;
  /**
   * Behaviour of the area's standard mutations, by mutation name. Declarations stay data (they import no
   * handlers, so handlers can import them); the area binds the hooks here and the registry checks each
   * name against the declared mutations.
   */
  hooks: Record<string, MutationHooks>;
  /** The area's internal endpoints (integration callbacks, internal mechanisms). */
  routes: readonly InternalRoute[];
  /** How `carehooks trigger` produces the area's events; see ./trigger-kit.ts. */
  triggers?: AreaTriggers;
}

export interface ResourceExtension {
  many?: Record<string, HasMany>;
  computed?: Record<string, Computed>;
}

/** One area of the API (patients, scheduling, …): its resources and special mutations. */
export function area<const R extends readonly AnyResource[]>(spec: {
  name: string;
  resources: R;
  special?: readonly SpecialMutation[];
  inputTypes?: InputTypes;
  enums?: Record<string, readonly string[]>;
  extend?: Record<string, ResourceExtension>;
  extendTypes?: Record<string, Record<string, Computed>>;
  objectTypes?: Record<string, Record<string, string | Computed>>;
  unions?: Record<string, readonly string[]>;
  hooks?: Record<string, MutationHooks>;
  routes?: readonly InternalRoute[];
  triggers?: AreaTriggers;
}): Area<R> {
  return {
    name: spec.name,
    resources: spec.resources,
    special: spec.special ?? [],
    inputTypes: spec.inputTypes ?? {},
    enums: spec.enums ?? {},
    extend: spec.extend ?? {},
    extendTypes: spec.extendTypes ?? {},
    objectTypes: spec.objectTypes ?? {},
    unions: spec.unions ?? {},
    hooks: spec.hooks ?? {},
    routes: spec.routes ?? [],
    triggers: spec.triggers ?? {},
  };
}

/** Field names of a resource in declaration order. */
export function fieldNames(r: AnyResource): string[] {
  return Object.keys(r.fields);
}

export interface Registry {
  readonly resources: readonly AnyResource[];
  readonly special: readonly SpecialMutation[];
  readonly inputTypes: InputTypes;
  readonly enums: Record<string, readonly string[]>;
  /** Fields added to GraphQL types outside the registry, by type name. */
  readonly typeExtensions: Record<string, Record<string, Computed>>;
  /** Object types that are not resources, by type name (see `Area.objectTypes`). */
  readonly objectTypes: Record<string, Record<string, string | Computed>>;
  /** Union types, by name (see `Area.unions`). */
  readonly unions: Record<string, readonly string[]>;
  /** Every area's internal endpoints. */
  readonly routes: readonly InternalRoute[];
  /** Every area's `carehooks trigger` recipes, hints, creators and observed event types. */
  readonly triggers: Required<AreaTriggers>;
  /** A resource by registry name; throws for an unknown name. */
  get(name: string): AnyResource;
}

/** A row as stored: column name → value (ids and timestamps are numbers, flags 0/1). */
export type StoredRow = Record<string, unknown> & { id: number; organization_id: number };

export interface Reader {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  readonly db: Kysely<any>;
  /** The caller's organization and its sub-organizations. */
  readonly scope: readonly number[];
  readonly caller: Caller;
  readonly registry: Registry;
}

export interface Work extends Reader {
  readonly uow: UnitOfWork;
  readonly outbox: Outbox;
  /** Set by a mutation's suppress flag (`suppress_webhook_notifications`): nothing it does emits events. */
  readonly suppressed?: boolean;
}

/** An internal endpoint an area declares; see ./internal-route.ts. */
export interface InternalRoute<S extends z.ZodType = z.ZodType> {
  /** Path below `/internal`, e.g. `/integrations/fax/received`. */
  path: string;
  body: S;
  /** Runs inside one unit of work; its answer is sent as the 200 body. */
  run(work: Work, body: z.infer<S>): Promise<Record<string, unknown>>;
}
