/**
 * Resolvers derived from the registry. Stored values become GraphQL values here (0/1 flags → Boolean,
 * ms timestamps → ISO strings, JSON text → JSON); every read is limited to the caller's organizations;
 * every mutation runs in one unit of work and answers validation problems with `messages`. Ref object
 * fields and has-many fields read through per-request batch loaders (../loaders.ts): one query per
 * field for all the parents of a list, not one per parent.
 */
import type { IResolvers } from 'mercurius';
import type { AnyField } from '../../registry/fields.js';
import { ValidationFailure, type FieldError } from '../../core/field-errors.js';
import { parseId } from '../../core/ids.js';
import type { Caller } from '../../core/scope.js';
import { findRow, standardMutation } from '../../registry/operations.js';
import { countRows, encodeCursor, listRows, manyRowsByParent, rowsById } from '../../registry/queries.js';
import type { Registry } from '../../registry/registry.js';
import type { AnyResource, BeforeUnit } from '../../registry/resource.js';
import { runMutation, type MutationDeps } from '../../registry/run.js';
import type { Reader, StoredRow, Work } from '../../registry/resource.js';
import type { RequestContext } from '../context.js';
import { BatchLoader, loaderFor } from '../loaders.js';
import { mutationBindings } from './sdl.js';

type Args = Record<string, unknown>;
type Resolver = (parent: StoredRow, args: Args, ctx: RequestContext) => unknown;

function caller(ctx: RequestContext): Caller {
  const { userId, organizationId, session, anonymous } = ctx.principal;
  return {
    userId,
    organizationId,
    ...(session ? { session: { id: session.id, state: session.state } } : {}),
    ...(anonymous ? { anonymous } : {}),
  };
}

async function readerFor(ctx: RequestContext, registry: Registry): Promise<Reader> {
  return { db: ctx.services.store.db, scope: await ctx.scope(), caller: caller(ctx), registry };
}

async function depsFor(ctx: RequestContext, registry: Registry): Promise<MutationDeps> {
  const { store, outbox } = ctx.services;
  return { store, outbox, caller: caller(ctx), scope: await ctx.scope(), registry };
}

/** The row of `target` with this id, read in one batch with every other such read of the request. */
async function loadRef(ctx: RequestContext, registry: Registry, target: AnyResource, id: number) {
  const reader = await readerFor(ctx, registry);
  const loader = loaderFor(
    ctx,
    `ref:${target.name}`,
    () =>
      new BatchLoader<number, StoredRow | undefined>(
        (ids) => rowsById(reader, target, ids),
        () => undefined,
      ),
  );
  return loader.load(id);
}

/** The `child` rows of one parent (capped, oldest first), read in one batch with its sibling parents. */
async function loadMany(
  ctx: RequestContext,
  registry: Registry,
  child: AnyResource,
  foreignKey: string,
  parentId: number,
) {
  const reader = await readerFor(ctx, registry);
  const loader = loaderFor(
    ctx,
    `many:${child.name}.${foreignKey}`,
    () =>
      new BatchLoader<number, StoredRow[]>(
        (ids) => manyRowsByParent(reader, child, foreignKey, ids),
        () => [],
      ),
  );
  return loader.load(parentId);
}

const isoTime = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : null);

function fieldValue(f: AnyField, name: string): Resolver | undefined {
  if (f.kind === 'bool') return (row) => (row[name] == null ? null : Number(row[name]) === 1);
  if (f.kind === 'json') return (row) => (typeof row[name] === 'string' ? JSON.parse(row[name]) : null);
  if (f.kind === 'money' && f.gql === 'Float') return (row) => (row[name] == null ? null : Number(row[name]));
  return undefined;
}

function typeResolvers(r: AnyResource, registry: Registry): Record<string, Resolver> {
  const resolvers: Record<string, Resolver> = {
    created_at: (row) => isoTime(row.created_at),
    updated_at: (row) => isoTime(row.updated_at),
  };
  if (r.softDelete) resolvers.deleted_at = (row) => isoTime(row.deleted_at);
  if (r.list?.cursor) resolvers.cursor = (row) => encodeCursor(row.id);
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    const value = fieldValue(f, name);
    if (value) resolvers[name] = value;
    if (f.kind === 'ref' && f.object) {
      const target = registry.get(f.target!);
      resolvers[f.object] = async (row, _args, ctx) =>
        typeof row[name] === 'number' ? loadRef(ctx, registry, target, row[name]) : null;
    }
  }
  for (const [name, many] of Object.entries(r.many ?? {})) {
    const child = registry.get(many.resource);
    resolvers[name] = (row, _args, ctx) => loadMany(ctx, registry, child, many.foreignKey, row.id);
  }
  for (const [name, computed] of Object.entries(r.computed ?? {})) {
    resolvers[name] = async (row, args, ctx) => computed.resolve(row, await readerFor(ctx, registry), args);
  }
  return resolvers;
}

function queryResolvers(r: AnyResource, registry: Registry): Record<string, Resolver> {
  const resolvers: Record<string, Resolver> = {};
  const byId = r.byId;
  if (byId) {
    resolvers[byId.name] = async (_root, args, ctx) => {
      const given = [...(byId.idArgs ?? []), 'id'].map((name) => args[name]).find((value) => value != null);
      const id = given == null ? (byId.whenNoId?.(caller(ctx)) ?? null) : parseId(given);
      const reader = await readerFor(ctx, registry);
      const options = { includeDeleted: args.include_deleted === true };
      const chosen = byId.find ? await byId.find(reader, args) : undefined;
      if (chosen !== undefined) return chosen;
      const found = id === null ? undefined : await findRow(reader, r, id, options);
      if (found) return found;
      const own = byId.orCaller && args[byId.orCaller] === true ? byId.whenNoId?.(caller(ctx)) : null;
      return own == null ? null : ((await findRow(reader, r, own, options)) ?? null);
    };
  }
  if (r.list) {
    resolvers[r.list.name] = async (_root, args, ctx) => listRows(await readerFor(ctx, registry), r, args);
    if (r.list.count)
      resolvers[r.list.count] = async (_root, args, ctx) =>
        countRows(await readerFor(ctx, registry), r, args);
  }
  return resolvers;
}

/** Runs a mutation body and shapes Healthie's payload: the result fields, `messages` null on success. */
async function answer(
  ctx: RequestContext,
  registry: Registry,
  body: (work: Work) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const outcome = await runMutation(await depsFor(ctx, registry), body);
  return outcome.ok ? { ...outcome.value, messages: null } : { messages: outcome.messages };
}

/** The input a mutation runs with: the client's, through its `beforeUnit` step when it has one. */
async function inputFor(
  ctx: RequestContext,
  registry: Registry,
  beforeUnit: BeforeUnit | undefined,
  args: Args,
): Promise<{ input: Args } | { messages: FieldError[] }> {
  const given = (args.input as Args | null) ?? {};
  if (!beforeUnit) return { input: given };
  try {
    return { input: await beforeUnit(await readerFor(ctx, registry), given) };
  } catch (error) {
    if (error instanceof ValidationFailure) return { messages: [...error.messages] };
    throw error;
  }
}

export function buildResolvers(registry: Registry): IResolvers {
  const resolvers: Record<string, Record<string, Resolver>> = { Query: {}, Mutation: {} };
  for (const r of registry.resources) {
    resolvers[r.type] = typeResolvers(r, registry);
    Object.assign(resolvers.Query!, queryResolvers(r, registry));
  }
  for (const [type, fields] of Object.entries(registry.typeExtensions)) {
    const target = (resolvers[type] ??= {});
    for (const [name, computed] of Object.entries(fields)) {
      target[name] = async (row, args, ctx) => computed.resolve(row, await readerFor(ctx, registry), args);
    }
  }
  for (const [type, fields] of Object.entries(registry.objectTypes)) {
    const target = (resolvers[type] ??= {});
    for (const [name, f] of Object.entries(fields)) {
      if (typeof f === 'string') continue;
      target[name] = async (row, args, ctx) => f.resolve(row, await readerFor(ctx, registry), args);
    }
  }
  for (const binding of mutationBindings(registry)) {
    const body = standardMutation(binding.resource, binding.action);
    const field = binding.spec.field ?? binding.resource.payloadField;
    resolvers.Mutation![binding.name] = async (_root, args, ctx) => {
      const prepared = await inputFor(ctx, registry, binding.spec.beforeUnit, args);
      if ('messages' in prepared) return prepared;
      return answer(ctx, registry, async (work) => ({ [field]: await body(work, prepared.input) }));
    };
  }
  for (const special of registry.special) {
    resolvers.Mutation![special.name] = async (_root, args, ctx) => {
      const prepared = await inputFor(ctx, registry, special.beforeUnit, args);
      if ('messages' in prepared) return prepared;
      return answer(ctx, registry, (work) => special.run(work, prepared.input));
    };
  }
  return resolvers as unknown as IResolvers;
}
