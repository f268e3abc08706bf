/**
 * Healthie's API-key authentication: `Authorization: Basic <key>` (or `Bearer <key>`) together with
 * `AuthorizationSource: API`. Anything else is a 401 with a JSON error, never a stack trace.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiKey, type Principal } from '../tenants/api-keys.js';
import type { Store } from '../store/open-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The key in `Authorization: Basic <key>` or `Bearer <key>`, or null. */
export function presentedKey(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(Basic|Bearer)\s+(\S+)\s*$/i.exec(header);
  return match?.[2] ?? null;
}

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(401).send({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

export function apiKeyAuthentication(store: Store) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const key = presentedKey(request.headers.authorization);
    if (!key) return void unauthorized(reply, 'Missing API key: send Authorization: Basic <api key>.');
    const source = request.headers['authorizationsource'];
    if (typeof source !== 'string' || source.toUpperCase() !== 'API') {
      return void unauthorized(reply, 'API keys must be sent with the header AuthorizationSource: API.');
    }
    const principal = await authenticateApiKey(store.db, key);
    if (!principal) return void unauthorized(reply, 'Invalid API key.');
    request.principal = principal;
  };
}
