/**
 * Who a GraphQL request acts as.
 *
 * - **API key** (Healthie's): `Authorization: Basic <key>` (or `Bearer <key>`) together with
 *   `AuthorizationSource: API`; a key acts as its owner, in its organization.
 * - **Sign-in session** (a token from signIn / signUp, `chs_…`): `Authorization: Basic <token>` (or
 *   `Bearer`), with any `AuthorizationSource`; it acts as that user only, limited as
 *   ./session-operations.ts says, until it expires or is revoked.
 * - **No credential:** only signIn and signUp run.
 *
 * Anything else is a 401 (a session outside its limits a 403) with a JSON error, never a stack trace.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, authenticateApiKey, type Principal } from '../tenants/api-keys.js';
import { authenticateSession, SESSION_PREFIX } from '../tenants/sessions.js';
import type { Store } from '../store/open-store.js';
import { refusal, type GraphQLParams } from './session-operations.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The key or token in `Authorization: Basic <key>` or `Bearer <key>`, or null. */
export function presentedKey(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(Basic|Bearer)\s+(\S+)\s*$/i.exec(header);
  return match?.[2] ?? null;
}

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(401).send({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

function forbidden(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(403).send({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] });
}

function paramsOf(request: FastifyRequest): GraphQLParams {
  const params: unknown = request.method === 'GET' ? request.query : request.body;
  return params !== null && typeof params === 'object' && !Array.isArray(params)
    ? (params as GraphQLParams)
    : {};
}

/** API keys only (the internal API, which sessions never reach). */
export function apiKeyAuthentication(store: Store) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const key = presentedKey(request.headers.authorization);
    if (!key) return void unauthorized(reply, 'Missing API key: send Authorization: Basic <api key>.');
    await authenticateKey(store, key, request, reply);
  };
}

async function authenticateKey(
  store: Store,
  key: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const source = request.headers['authorizationsource'];
  if (typeof source !== 'string' || source.toUpperCase() !== 'API') {
    return void unauthorized(reply, 'API keys must be sent with the header AuthorizationSource: API.');
  }
  const principal = await authenticateApiKey(store, key);
  if (!principal) return void unauthorized(reply, 'Invalid API key.');
  request.principal = principal;
}

/** The GraphQL endpoint's: an API key, a sign-in session, or no credential for signIn and signUp. */
export function requestAuthentication(store: Store) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const key = presentedKey(request.headers.authorization);
    if (!key) {
      const refused = refusal(ANONYMOUS, paramsOf(request));
      if (refused) return void unauthorized(reply, refused);
      request.principal = ANONYMOUS;
      return;
    }
    if (!key.startsWith(SESSION_PREFIX)) return authenticateKey(store, key, request, reply);
    const session = await authenticateSession(store.db, key);
    if (!session) return void unauthorized(reply, 'Invalid or expired session token: sign in again.');
    const principal: Principal = {
      apiKeyId: null,
      userId: session.userId,
      organizationId: session.organizationId,
      session: { id: session.sessionId, state: session.state, userType: session.userType },
    };
    // Mercurius registers after this hook but before any request: its schema is there by now.
    const refused = refusal(principal, paramsOf(request), request.server.graphql.schema);
    if (refused) return void forbidden(reply, refused);
    request.principal = principal;
  };
}
