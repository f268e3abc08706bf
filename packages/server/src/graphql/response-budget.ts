/**
 * A budget of response bytes per GraphQL request. Every field's resolver is wrapped so the value it
 * returns is charged (the field's key and, for scalars, the value's JSON size, a lower bound of what
 * serialization writes); once a request is over its budget, its remaining fields fail at once without
 * running their resolvers, so a request that asks for half a gigabyte stops at about the budget instead of
 * building it. The answer to such a request is then one error, never a partial body. A final check on the
 * serialized body catches what the running count cannot see (introspection, JSON escapes).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  GraphQLError,
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { isLeaf, isListOf, isObject } from './schema-shapes.js';

class Budget {
  used = 0;
  exceeded = false;
  constructor(readonly limit: number) {}

  charge(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) this.exceeded = true;
  }
}

/** The response budget of each GraphQL request in flight. */
const budgets = new WeakMap<FastifyRequest, Budget>();
const WRAPPED = Symbol('carehooks.responseBudget');

export const RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE';

function tooLargeMessage(limit: number): string {
  return (
    `The response is larger than the limit of ${limit} bytes: ask for fewer fields, smaller pages or ` +
    `fewer aliases. Mutations that ran before the limit was reached stay done.`
  );
}

/** JSON size of a scalar value (strings by UTF-16 length: a lower bound of their UTF-8 bytes). */
function scalarBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + scalarBytes(item) + 1, 2);
  return JSON.stringify(value)?.length ?? 4; // a JSON scalar's object
}

/** Items of a list of objects: each costs its braces and comma; their fields charge themselves. */
function listBytes(value: unknown): number {
  return Array.isArray(value) ? 2 + value.length * 3 : 4;
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

interface BudgetContext {
  reply?: FastifyReply;
}

function budgetOf(context: unknown): Budget | undefined {
  const request = (context as BudgetContext | undefined)?.reply?.request;
  return request ? budgets.get(request) : undefined;
}

/**
 * Wraps every field resolver of the schema's own object types (introspection is left alone) to charge
 * what it returns to the request's budget. Idempotent.
 */
export function chargeResponses(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObject(type) || type.name.startsWith('__')) continue;
    const fields = (type as GraphQLObjectType).getFields();
    for (const field of Object.values(fields)) {
      const resolve: GraphQLFieldResolver<unknown, unknown> & { [WRAPPED]?: true } =
        field.resolve ?? defaultFieldResolver;
      if (resolve[WRAPPED]) continue;
      const leaf = isLeaf(field.type);
      const list = isListOf(field.type);
      const charge = (budget: Budget, key: number, value: unknown) => {
        budget.charge(key + (leaf ? scalarBytes(value) : list ? listBytes(value) : 1));
        return value;
      };
      const wrapped = (
        source: unknown,
        args: Record<string, unknown>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => {
        const budget = budgetOf(context);
        if (!budget) return resolve(source, args, context, info);
        if (budget.exceeded) throw new GraphQLError(tooLargeMessage(budget.limit));
        // `"alias":` and a comma
        const key = (info.fieldNodes[0]?.alias?.value ?? info.fieldName).length + 4;
        const value = resolve(source, args, context, info);
        return isPromiseLike(value)
          ? value.then((resolved) => charge(budget, key, resolved))
          : charge(budget, key, value);
      };
      field.resolve = Object.assign(wrapped, { [WRAPPED]: true as const });
    }
  }
}

function tooLargeBody(limit: number) {
  return {
    data: null,
    errors: [{ message: tooLargeMessage(limit), extensions: { code: RESPONSE_TOO_LARGE, limit } }],
  };
}

/**
 * Gives each request to `url` a budget of `limit` bytes and replaces an answer over it with one error:
 * before serialization when the running count went over, after it when the body itself is over.
 */
export function limitResponses(app: FastifyInstance, url: string, limit: number): void {
  const isGraphql = (request: FastifyRequest) => request.routeOptions.url === url;
  app.addHook('preHandler', async (request) => {
    if (isGraphql(request)) budgets.set(request, new Budget(limit));
  });
  app.addHook('preSerialization', async (request: FastifyRequest, _reply, payload: unknown) => {
    return budgets.get(request)?.exceeded ? tooLargeBody(limit) : payload;
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (!isGraphql(request) || typeof payload !== 'string') return payload;
    // Bytes are at least the string's length and at most three times it.
    if (payload.length * 3 <= limit) return payload;
    if (payload.length <= limit && Buffer.byteLength(payload) <= limit) return payload;
    return JSON.stringify(tooLargeBody(limit));
  });
}
