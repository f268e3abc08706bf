/**
 * Everything that bounds one GraphQL request, in the order it applies:
 *
 * 1. the query text: empty argument lists (`query webhooks() { … }`, which Healthie accepts) are removed
 *    and documents nested too deep for the parser are refused (./query-text.ts);
 * 2. parsing: at most `queryTokenLimit` tokens (graphql-js `maxTokens`);
 * 3. validation: the depth limit, introspection exempt (./limits.ts);
 * 4. before execution: the cost limit, with the request's variables (./limits.ts);
 * 5. execution and serialization: the response budget (./response-budget.ts).
 *
 * The app registers the hooks before Mercurius (`beforeGraphql`) and instruments the executable schema
 * after it (`afterGraphql`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import type { MercuriusOptions } from 'mercurius';
import type { Registry } from '../registry/index.js';
import { costError, depthLimit, type PaginatesByDefault } from './limits.js';
import { prepareQuery } from './query-text.js';
import { chargeResponses, limitResponses } from './response-budget.js';

export interface GraphqlLimitSettings {
  readonly queryDepthLimit: number;
  readonly queryComplexityLimit: number;
  readonly queryTokenLimit: number;
  readonly responseLimitBytes: number;
}

/** Where Mercurius serves GraphQL (its default). */
export const GRAPHQL_PATH = '/graphql';

/** Brackets a document may nest: generous for any selection the depth limit allows, with its arguments. */
export function maxNesting(queryDepthLimit: number): number {
  return Math.max(32, 4 * queryDepthLimit);
}

/**
 * Mercurius answers an error with `errors` (like its own validation errors) with HTTP 400 and those
 * errors, whatever throws it.
 */
class RequestRefused extends Error {
  readonly statusCode = 400;
  readonly code = 'MER_ERR_GQL_VALIDATION';
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors[0]?.message ?? 'Request refused');
  }
}

interface QueryCarrier {
  query?: unknown;
}

/** The object holding the request's `query`: the JSON body (POST) or the query string (GET). */
function carrierOf(request: FastifyRequest): QueryCarrier | undefined {
  const carrier = request.method === 'GET' ? request.query : request.body;
  return carrier && typeof carrier === 'object' && !Array.isArray(carrier)
    ? (carrier as QueryCarrier)
    : undefined;
}

/** The registry's list queries that page unless told otherwise (`should_paginate` defaults to true). */
function registryPaging(registry: Registry | undefined): PaginatesByDefault {
  const paging = new Map<string, boolean>();
  for (const r of registry?.resources ?? []) {
    if (r.list) paging.set(`Query.${r.list.name}`, r.list.shouldPaginate ?? true);
  }
  return (type, field) => paging.get(`${type}.${field}`);
}

export function graphqlLimits(settings: GraphqlLimitSettings, registry?: Registry) {
  const nestingLimit = maxNesting(settings.queryDepthLimit);
  const paginatesByDefault = registryPaging(registry);
  const mercurius = {
    graphql: { parseOptions: { maxTokens: settings.queryTokenLimit } },
    validationRules: [depthLimit(settings.queryDepthLimit)],
  } satisfies Partial<MercuriusOptions>;

  return {
    /** Options to spread into Mercurius's. */
    mercurius,

    /** Hooks on the app; call before registering Mercurius so its routes get them. */
    beforeGraphql(app: FastifyInstance): void {
      app.addHook('preHandler', async (request, reply) => {
        if (request.routeOptions.url !== GRAPHQL_PATH) return;
        const carrier = carrierOf(request);
        if (typeof carrier?.query !== 'string') return;
        const prepared = prepareQuery(carrier.query, nestingLimit);
        if (prepared.ok) {
          carrier.query = prepared.source;
          return;
        }
        return reply.code(400).send({
          data: null,
          errors: [
            {
              message: `Query is nested too deeply: more than ${nestingLimit} levels of brackets.`,
              extensions: { code: 'QUERY_TOO_DEEP', limit: nestingLimit },
            },
          ],
        });
      });
      limitResponses(app, GRAPHQL_PATH, settings.responseLimitBytes);
    },

    /** The cost check and the response budget's instrumentation; call once Mercurius is registered. */
    afterGraphql(app: FastifyInstance): void {
      app.graphql.addHook('preExecution', async (schema, document, _context, variables) => {
        const error = costError(
          schema,
          document,
          variables,
          settings.queryComplexityLimit,
          paginatesByDefault,
        );
        if (error) throw new RequestRefused([error]);
      });
      chargeResponses(app.graphql.schema);
    },
  };
}
