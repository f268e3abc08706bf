/**
 * Starts one carehooks process in its role: the API (`api`), the delivery workers (`worker`) or both
 * (`all`), on one store. Stopping closes the listener first, lets in-flight requests finish, stops the
 * delivery worker (which hands back what it could not finish), then closes the store.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { startDeliveryWorker, type DeliveryWorker } from '../delivery/worker.js';
import { startMessageScheduler, type MessageScheduler } from '../areas/messaging/index.js';
import { Outbox } from '../events/outbox.js';
import { graphqlModules } from './graphql-modules.js';
import type { Registry } from '../registry/index.js';
import { openStore } from '../store/open-store.js';
import { buildApp } from './build-app.js';
import { SignInLinks } from './dashboard.js';
import { storeConfigFor, type ServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { buildServerRegistry, derivedSchemaOf } from './registry.js';
import { secretKeyringFor } from './secret-keys.js';
import type { Services } from './services.js';

export interface Runtime {
  services: Services;
  /** The API's base URL (`http://host:port`), or null for a worker-only process. */
  url: string | null;
  app: FastifyInstance | null;
  /** The delivery worker, or null for an API-only process. */
  delivery: DeliveryWorker | null;
  /** The scheduled-message sender (runs with the delivery worker), or null for an API-only process. */
  scheduler: MessageScheduler | null;
  /** The dashboard's one-time sign-in links, or null for a worker-only process. */
  signIn: SignInLinks | null;
  stop(): Promise<void>;
}

export async function startRuntime(
  config: ServerConfig,
  options: { logger?: Logger; registry?: Registry } = {},
): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const registry = options.registry ?? buildServerRegistry();
  const store = await openStore(storeConfigFor(config), {
    derivedSchema: derivedSchemaOf(registry),
    secrets: secretKeyringFor(config),
  });
  const services: Services = { config, store, outbox: new Outbox(), logger, registry };
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let delivery: DeliveryWorker | null = null;
  let scheduler: MessageScheduler | null = null;
  const signIn = config.role === 'worker' ? null : new SignInLinks();
  try {
    if (signIn) {
      app = await buildApp(services, graphqlModules(registry), { signIn });
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }
    if (config.role !== 'api') delivery = startDeliveryWorker(config, services);
    if (config.role !== 'api')
      scheduler = startMessageScheduler(services, { pollIntervalMs: config.pollIntervalMs });
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    services,
    url,
    app,
    delivery,
    scheduler,
    signIn,
    stop: () =>
      (stopping ??= (async () => {
        await app?.close();
        await scheduler?.stop();
        await delivery?.stop();
        await store.close();
      })()),
  };
}
