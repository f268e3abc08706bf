/**
 * Health and metrics for every role. The API serves them beside GraphQL; a worker, which has no API, gets a
 * small server of its own on its `--port` that answers only `/healthz` and `/metrics`.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { serverTimeouts } from './http-limits.js';
import type { Metrics } from './metrics.js';
import type { Services } from './services.js';

/** A store that does not answer a trivial query within this time counts as unavailable. */
const STORE_PROBE_MS = 2_000;

/** 200 while the store answers; 503 when it does not, so a load balancer stops sending this process work. */
export function registerHealth(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async (_request, reply) => {
    const answering = await storeAnswers(services.store.db);
    if (!answering) void reply.code(503);
    return {
      status: answering ? 'ok' : 'unavailable',
      store: services.store.dialect,
      role: services.config.role,
    };
  });
}

async function storeAnswers(db: Kysely<Database>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_PROBE_MS);
  });
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => true), timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A worker's status server, not yet listening. */
export function buildStatusApp(services: Services, metrics: Metrics): FastifyInstance {
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    ...serverTimeouts(services.config),
  });
  metrics.serve(app);
  registerHealth(app, services);
  return app;
}
