/**
 * The shared shape of every internal endpoint: API-key authentication (the same as /graphql, so each call
 * is scoped to the key's organization and its sub-organizations), a zod schema for the JSON body, and one
 * unit of work for the change and its events. Problems are answered without writing anything: a 400 naming
 * each bad field, a 404 for a record outside the key's organizations.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { FieldError } from '../core/field-errors.js';
import { apiKeyAuthentication } from '../graphql/auth.js';
import type { ApiServices } from '../graphql/context.js';
import { fieldErrors, RecordNotFound, runMutation, type InternalRoute } from '../registry/index.js';
import { organizationScope } from '../tenants/organizations.js';

function problems(reply: FastifyReply, status: number, list: readonly FieldError[]): FastifyReply {
  return reply.code(status).send({ errors: list });
}

/** A bad body's field errors, each message prefixed with its field (these answers have no GraphQL field). */
function bodyProblems(error: z.ZodError): FieldError[] {
  return fieldErrors(error, 'body').map(({ field, message }) => ({ field, message: `${field}: ${message}` }));
}

/** Authentication and error answers for every internal route registered inside `app` (one plugin scope). */
export function guardInternalRoutes(app: FastifyInstance, services: ApiServices): void {
  const authenticate = apiKeyAuthentication(services.store);
  // Before the body is parsed: a caller without a valid key learns nothing about the body's shape.
  app.addHook('onRequest', authenticate);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      request.log.warn({ statusCode: 413, code: error.code }, 'request body too large');
      return problems(reply, 413, [{ field: 'body', message: 'body: is too large' }]);
    }
    if (error.code?.startsWith('FST_ERR_CTP')) {
      request.log.warn({ statusCode: 400, code: error.code }, 'request body is not a JSON object');
      return problems(reply, 400, [{ field: 'body', message: 'body: must be a JSON object' }]);
    }
    // The error's text stays in the log; the caller gets the request id to quote.
    request.log.error({ err: error, url: request.url }, 'internal endpoint failed');
    const message = `Internal error; quote request id ${request.id} when reporting it.`;
    return reply.code(500).send({ errors: [{ field: 'body', message }], request_id: request.id });
  });
}

/** Serves one declared route: body parsed by its schema, run in one unit of work with its events. */
export function serveInternalRoute(app: FastifyInstance, services: ApiServices, route: InternalRoute): void {
  app.post(route.path, async (request, reply) => {
    const parsed = route.body.safeParse(request.body ?? undefined);
    if (!parsed.success) return problems(reply, 400, bodyProblems(parsed.error));
    const principal = request.principal!;
    try {
      const outcome = await runMutation(
        {
          store: services.store,
          outbox: services.outbox,
          caller: { userId: principal.userId, organizationId: principal.organizationId },
          scope: await organizationScope(services.store, principal.organizationId),
          registry: services.registry,
        },
        (work) => route.run(work, parsed.data),
      );
      if (!outcome.ok) return problems(reply, 400, outcome.messages);
      return reply.code(200).send(outcome.value);
    } catch (error) {
      if (error instanceof RecordNotFound) {
        return problems(reply, 404, [{ field: error.field, message: error.message }]);
      }
      throw error;
    }
  });
}
