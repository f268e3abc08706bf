/**
 * Assembles the HTTP server: health, metrics, and the authenticated GraphQL endpoint built from modules.
 * The app is assembled from plugins that each do one thing; nothing here knows about delivery.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import { organizationScope } from '../tenants/organizations.js';
import { apiKeyAuthentication } from '../graphql/auth.js';
import type { CarehooksContext } from '../graphql/context.js';
import { complexityLimit } from '../graphql/limits.js';
import { composeSchema, type GraphQLModule } from '../graphql/module.js';
import { internalApi } from '../integrations/plugin.js';
import { registerMetrics } from './metrics.js';
import type { Services } from './services.js';

export async function buildApp(
  services: Services,
  modules: readonly GraphQLModule[],
): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    // Per-request log lines only when debugging: at info level they would dominate the log.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    return503OnClosing: true,
  });
  registerMetrics(app);
  app.get('/healthz', async () => ({ status: 'ok', store: services.store.dialect, role: config.role }));

  const { schema, resolvers } = composeSchema(modules);
  const authenticate = apiKeyAuthentication(services.store);
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url === '/graphql') await authenticate(request, reply);
  });
  await app.register(mercurius, {
    schema,
    resolvers,
    graphiql: false,
    queryDepth: config.queryDepthLimit,
    validationRules: [complexityLimit(config.queryComplexityLimit)],
    context: (request): CarehooksContext => {
      const principal = request.principal!;
      let scope: Promise<number[]> | undefined;
      return {
        principal,
        services,
        scope: () => (scope ??= organizationScope(services.store.db, principal.organizationId)),
      };
    },
  });
  await app.register(internalApi(services), { prefix: '/internal' });
  return app;
}
