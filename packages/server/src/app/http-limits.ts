/**
 * Limits of the HTTP server itself, so that one client cannot hold the API for everyone:
 *
 * - **Timeouts.** A request must arrive whole within the request timeout and its headers within the
 *   headers timeout (Node answers 408 and closes the connection), so a body trickled in a byte at a time
 *   is cut off; idle keep-alive connections close after the keep-alive timeout. Node checks open
 *   connections every tenth of the shorter timeout (between 50 ms and 5 s).
 * - **Connections.** At most `maxConnections` at once; Node closes further ones as they arrive.
 * - **Rate.** At most `rateLimit` requests per window per API key (by the key's SHA-256 hash, as keys are
 *   stored), or per client address for requests without a key, answered 429 with `Retry-After`. The
 *   counts live in memory, per process. Health and metrics are not limited.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { presentedKey } from '../graphql/auth.js';
import { hashApiKey } from '../tenants/api-keys.js';
import type { ServerConfig } from './config.js';

type HttpLimitConfig = Pick<
  ServerConfig,
  | 'requestTimeoutMs'
  | 'headersTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'maxConnections'
  | 'rateLimit'
  | 'rateLimitWindowMs'
>;

/** Routes that are never rate limited: probes must work when a client is being throttled. */
const UNLIMITED = new Set(['/healthz', '/metrics']);

/** Fastify options for the timeouts. */
export function serverTimeouts(config: HttpLimitConfig): FastifyHttpOptions<Server> {
  const shorter = Math.min(config.requestTimeoutMs, config.headersTimeoutMs);
  return {
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(5_000, Math.max(50, Math.floor(shorter / 10))),
    },
  };
}

/** The connection cap and the per-key rate limit; call before any route is added. */
export async function limitConnections(app: FastifyInstance, config: HttpLimitConfig): Promise<void> {
  app.server.maxConnections = config.maxConnections;
  if (config.rateLimit === 0) return;
  await app.register(rateLimit, { global: false });
  const check = app.createRateLimit({
    max: config.rateLimit,
    timeWindow: config.rateLimitWindowMs,
    keyGenerator: (request) => {
      const key = presentedKey(request.headers.authorization);
      return key ? `key:${hashApiKey(key)}` : `address:${request.ip}`;
    },
  });
  const per = `${config.rateLimitWindowMs} ms`;
  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED.has(request.routeOptions.url ?? '')) return;
    const outcome = await check(request);
    if (outcome.isAllowed || !outcome.isExceeded) return;
    return reply
      .code(429)
      .header('retry-after', String(outcome.ttlInSeconds))
      .send({
        errors: [
          {
            message:
              `Too many requests: at most ${config.rateLimit} per ${per} for one API key. ` +
              `Retry in ${outcome.ttlInSeconds} s.`,
            extensions: {
              code: 'RATE_LIMITED',
              limit: config.rateLimit,
              window_ms: config.rateLimitWindowMs,
            },
          },
        ],
      });
  });
}
