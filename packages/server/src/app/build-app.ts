/**
 * Assembles the HTTP server: health, metrics, the authenticated GraphQL endpoint built from modules, and
 * the web dashboard at `/`. The app is assembled from plugins that each do one thing; nothing here knows
 * about delivery.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import { organizationScope } from '../tenants/organizations.js';
import { requestAuthentication } from '../graphql/auth.js';
import type { CarehooksContext } from '../graphql/context.js';
import { graphqlLimits } from '../graphql/request-limits.js';
import { composeSchema, type GraphQLModule } from '../graphql/module.js';
import { checkGraphQLRequest, graphqlErrorFormatter } from '../graphql/request-errors.js';
import { internalApi } from '../integrations/plugin.js';
import { registerDashboard, SignInLinks } from './dashboard.js';
import { limitConnections, serverTimeouts } from './http-limits.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Services } from './services.js';
import { registerHealth } from './status.js';
import type { Tracing } from './tracing.js';

export interface AppOptions {
  /** Where the dashboard's one-time sign-in tokens are kept; `carehooks serve` issues them. */
  signIn?: SignInLinks;
  /** The process's metrics; the app gets a registry of its own when absent. */
  metrics?: Metrics;
  /** Request and mutation spans, when tracing is on. */
  tracing?: Tracing | null;
}

export async function buildApp(
  services: Services,
  modules: readonly GraphQLModule[],
  options: AppOptions = {},
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
    // Unique across processes and restarts: an internal error's answer quotes it, and so does the log.
    genReqId: () => randomUUID(),
    ...serverTimeouts(config),
  });
  // Before any route: the instrumentation sees routes as they are added.
  await options.tracing?.instrument(app);
  await limitConnections(app, config);
  (options.metrics ?? createMetrics({ store: services.store, logger: services.logger })).serve(app);
  registerHealth(app, services);

  const composed = composeSchema(modules);
  const schema = composed.schema;
  const resolvers = options.tracing ? options.tracing.traceMutations(composed.resolvers) : composed.resolvers;
  const authenticate = requestAuthentication(services.store);
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url === '/graphql') await authenticate(request, reply);
  });
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.url === '/graphql') await checkGraphQLRequest(request);
  });
  const limits = graphqlLimits(config, services.registry);
  limits.beforeGraphql(app);
  await app.register(mercurius, {
    schema,
    resolvers,
    graphiql: false,
    errorFormatter: graphqlErrorFormatter,
    ...limits.mercurius,
    context: (request): CarehooksContext => {
      const principal = request.principal!;
      let scope: Promise<number[]> | undefined;
      return {
        principal,
        services,
        scope: () => (scope ??= organizationScope(services.store, principal.organizationId)),
      };
    },
  });
  limits.afterGraphql(app);
  await app.register(internalApi(services), { prefix: '/internal' });
  await registerDashboard(app, options.signIn ?? new SignInLinks());
  return app;
}
