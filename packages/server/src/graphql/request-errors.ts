/**
 * How the API answers errors. A client's mistake (a malformed request, a query that does not parse or
 * validate, a bad argument) is a 4xx, or a GraphQL error beside the data, with a message of our own, logged
 * at `warn` without a stack trace. Anything else is an internal error: logged at `error` with its stack and
 * the request id, and answered with that id only, never with the error's own text.
 *
 * Mercurius hands every error of the server to `graphqlErrorFormatter` (its error handler is the root one),
 * so this covers the HTTP layer (bodies that do not parse, unsupported media types, …) as well as GraphQL.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import mercurius, { type MercuriusContext } from 'mercurius';
import { InvalidArgumentError, ValidationFailure } from '../core/field-errors.js';
import { storeFailure } from '../store/store-errors.js';

/** A request the client got wrong: answered with this status and message. */
export class ClientError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Our words for the HTTP layer's client errors (Fastify's codes). */
const HTTP_CLIENT_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as JSON, with Content-Type: application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY:
    'The request body is empty; send a JSON object such as {"query": "{ currentUser { id } }"}.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
};

/**
 * Texts that cannot be GraphQL but that Mercurius would read as a JSON-encoded syntax tree once parsing
 * failed (numbers, `[`…, `"`…, `{"`…, `{}`, true/false/null), and then fail on internally.
 */
const NOT_A_DOCUMENT = /^[\s,\uFEFF]*(?:[-\d["]|\{[\s,]*["}]|(?:true|false|null)[\s,]*$)/;

const QUERY_HINT = 'such as "{ currentUser { id } }"';

/** A `preValidation` hook for the GraphQL route: `query`, when given, must be a GraphQL document's text. */
export async function checkGraphQLRequest(request: FastifyRequest): Promise<void> {
  const params: unknown = request.method === 'GET' ? request.query : request.body;
  // Bodies that are not objects are reported by the route's schema.
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return;
  const query = (params as { query?: unknown }).query;
  if (query === undefined || query === null) return;
  if (typeof query !== 'string') {
    throw new ClientError(400, `query must be a string holding a GraphQL document, ${QUERY_HINT}.`);
  }
  if (NOT_A_DOCUMENT.test(query)) {
    throw new ClientError(400, `query is not a GraphQL document; send one ${QUERY_HINT}.`);
  }
}

interface Answer {
  error: GraphQLError;
  /** The status this error asks for when there is no data, if any. */
  statusCode?: number;
  internal: boolean;
  /** The store failed (down or full), not the request: logged in a line, answered 503. */
  store?: string;
}

type Execution = ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>;

/** Mercurius's `errorFormatter`: our messages for client errors, the request id for internal ones. */
export function graphqlErrorFormatter(
  execution: Execution,
  context: MercuriusContext,
): { statusCode: number; response: FormattedExecutionResult } {
  const reply = context.reply as MercuriusContext['reply'] | undefined;
  const log: FastifyBaseLogger = reply ? reply.log : context.app.log;
  const requestId = reply ? String(reply.request.id) : 'unknown';
  const answers = execution.errors.flatMap((error) => answersFor(error, requestId));
  for (const answer of answers) {
    if (answer.store !== undefined) {
      log.warn({ code: answer.error.extensions.code, cause: answer.store }, answer.error.message);
    } else if (answer.internal) {
      log.error(
        { err: answer.error.originalError ?? answer.error, path: answer.error.path },
        'internal error',
      );
    } else {
      const code = answer.error.extensions.code;
      // The message only (no stack); cut short, as it may quote what the client sent.
      log.warn(
        { statusCode: answer.statusCode, code, path: answer.error.path },
        answer.error.message.slice(0, 300),
      );
    }
  }
  return {
    statusCode: statusFor(execution, answers),
    response: {
      data: execution.data ?? null,
      errors: answers.map((answer) => answer.error.toJSON()),
    },
  };
}

function statusFor(execution: Execution, answers: readonly Answer[]): number {
  const status = (execution as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number') return status;
  // Even beside data: the request should be sent again once the store is back.
  if (answers.some((answer) => answer.store !== undefined)) return 503;
  // Errors beside data (a resolver failed): the response is still a GraphQL result.
  if (execution.data) return 200;
  if (answers.some((answer) => answer.internal)) return 500;
  return answers.find((answer) => answer.statusCode !== undefined)?.statusCode ?? 400;
}

function answersFor(error: GraphQLError, requestId: string): Answer[] {
  const original = error.originalError as (Error & { statusCode?: unknown; code?: unknown }) | undefined;
  if (!original || original instanceof GraphQLError) return [{ error, statusCode: 400, internal: false }];
  // Mercurius gathers parse and validation errors (ours included) in one error's `errors`.
  const nested = (original as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.every((e) => e instanceof Error)) {
    const statusCode = clientStatus(original) ?? 400;
    return (nested as Error[]).map((inner) => ({
      error: inner instanceof GraphQLError ? inner : withError(error, inner, inner.message),
      statusCode,
      internal: false,
    }));
  }
  if (original instanceof mercurius.ErrorWithProps) {
    const status = clientStatus(original);
    return [{ error, internal: false, ...(status === undefined ? {} : { statusCode: status }) }];
  }
  if (original instanceof InvalidArgumentError) {
    const extensions = { ...error.extensions, code: 'BAD_USER_INPUT', argument: original.argument };
    return [{ error: withError(error, original, original.message, extensions), internal: false }];
  }
  if (original instanceof ValidationFailure) {
    const message = original.messages.map((m) => `${m.field}: ${m.message}`).join('; ');
    const extensions = { ...error.extensions, code: 'BAD_USER_INPUT', messages: original.messages };
    return [{ error: withError(error, original, message, extensions), internal: false }];
  }
  const status = clientStatus(original);
  if (status !== undefined) {
    const code = original instanceof ClientError ? original.code : 'BAD_REQUEST';
    const message =
      (typeof original.code === 'string' ? HTTP_CLIENT_MESSAGES[original.code] : undefined) ??
      original.message;
    return [
      {
        error: withError(error, original, message, { ...error.extensions, code }),
        statusCode: status,
        internal: false,
      },
    ];
  }
  const failure = storeFailure(original);
  if (failure) {
    const extensions = { code: failure.code, request_id: requestId };
    return [
      {
        error: withError(error, original, failure.message, extensions),
        statusCode: 503,
        internal: false,
        store: failure.detail,
      },
    ];
  }
  const extensions = { code: 'INTERNAL_SERVER_ERROR', request_id: requestId };
  const message = `Internal server error; quote request id ${requestId} when reporting it.`;
  return [{ error: withError(error, original, message, extensions), internal: true }];
}

/** A 4xx status the error carries (Fastify's and Mercurius's client errors, ours), if any. */
function clientStatus(error: { statusCode?: unknown }): number | undefined {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function withError(
  error: GraphQLError,
  original: Error,
  message: string,
  extensions?: Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: original,
    extensions: extensions ?? error.extensions,
  });
}
