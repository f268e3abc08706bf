/**
 * Starts one carehooks process in its role: the API (`api`), the delivery workers (`worker`) or both
 * (`all`), on one store. Stopping closes the listener first, lets in-flight requests finish, then the store.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Outbox } from '../events/outbox.js';
import { graphqlModules } from '../graphql/modules.js';
import { openStore } from '../store/open-store.js';
import { buildApp } from './build-app.js';
import { storeConfigFor, type ServerConfig } from './config.js';
import { createLogger } from './logger.js';
import type { Services } from './services.js';

export interface Runtime {
  services: Services;
  /** The API's base URL (`http://host:port`), or null for a worker-only process. */
  url: string | null;
  app: FastifyInstance | null;
  stop(): Promise<void>;
}

export async function startRuntime(
  config: ServerConfig,
  options: { logger?: Logger } = {},
): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore(storeConfigFor(config));
  const services: Services = { config, store, outbox: new Outbox(), logger };
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  try {
    if (config.role !== 'worker') {
      app = await buildApp(services, graphqlModules);
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }
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
    stop: () =>
      (stopping ??= (async () => {
        await app?.close();
        await store.close();
      })()),
  };
}
