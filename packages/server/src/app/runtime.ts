/**
 * Starts one carehooks process in its role: the API (`api`), the delivery workers (`worker`) or both
 * (`all`), on one store. Every role listens on its port: the API there, or for a worker a status server
 * with only `/healthz` and `/metrics`. Stopping closes the listener first, lets in-flight requests finish,
 * stops the delivery worker (which hands back what it could not finish), closes the store, then sends the
 * last spans when tracing is on.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { allObservers } from '../delivery/observer.js';
import { startDeliveryWorker, type DeliveryWorker } from '../delivery/worker.js';
import {
  startEmailSender,
  startMessageScheduler,
  type EmailSender,
  type MessageScheduler,
} from '../areas/messaging/index.js';
import { Outbox } from '../events/outbox.js';
import { graphqlModules } from './graphql-modules.js';
import type { Registry } from '../registry/index.js';
import { openStore, type Store } from '../store/open-store.js';
import { buildApp } from './build-app.js';
import { SignInLinks } from './dashboard.js';
import { storeConfigFor, type ServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { buildServerRegistry, derivedSchemaOf } from './registry.js';
import { secretKeyringFor } from './secret-keys.js';
import type { Services } from './services.js';
import { buildStatusApp } from './status.js';
import { startTracing, type Tracing } from './tracing.js';

export interface Runtime {
  services: Services;
  /** The API's base URL (`http://host:port`), or null for a worker-only process. */
  url: string | null;
  /** Where this process answers `/healthz` and `/metrics`: the API's URL, or a worker's status server. */
  statusUrl: string;
  metrics: Metrics;
  /** Tracing, when an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  tracing: Tracing | null;
  app: FastifyInstance | null;
  /** The delivery worker, or null for an API-only process. */
  delivery: DeliveryWorker | null;
  /** The scheduled-message sender (runs with the delivery worker), or null for an API-only process. */
  scheduler: MessageScheduler | null;
  /** The sender of queued emails to users (runs with the delivery worker when SMTP is configured), or null. */
  emailSender: EmailSender | null;
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
  const tracing = await startTracing(config, logger);
  let store: Store;
  try {
    store = await openStore(storeConfigFor(config), {
      derivedSchema: derivedSchemaOf(registry),
      secrets: secretKeyringFor(config),
    });
  } catch (error) {
    await tracing?.shutdown();
    throw error;
  }
  const outbox = new Outbox({ traceParent: tracing?.traceParent });
  const services: Services = { config, store, outbox, logger, registry };
  const metrics = createMetrics({ store, logger });
  let app: FastifyInstance | null = null;
  let statusApp: FastifyInstance | null = null;
  let url: string | null = null;
  let statusUrl: string;
  let delivery: DeliveryWorker | null = null;
  let scheduler: MessageScheduler | null = null;
  let emailSender: EmailSender | null = null;
  const signIn = config.role === 'worker' ? null : new SignInLinks();
  try {
    if (signIn) {
      app = await buildApp(services, graphqlModules(registry), { signIn, metrics, tracing });
      statusUrl = url = await listen(app, config);
    } else {
      statusApp = buildStatusApp(services, metrics);
      statusUrl = await listen(statusApp, config);
    }
    if (config.role !== 'api') {
      const worker = startDeliveryWorker(config, {
        ...services,
        observer: allObservers([metrics.delivery, tracing?.delivery]),
      });
      delivery = worker;
      metrics.watchSends(() => worker.sendsInFlight());
    }
    if (config.role !== 'api')
      scheduler = startMessageScheduler(services, { pollIntervalMs: config.pollIntervalMs });
    // Without SMTP, emails to users stay queued until a worker with SMTP runs.
    if (config.role !== 'api' && config.smtpUrl)
      emailSender = startEmailSender(services, {
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        pollIntervalMs: config.pollIntervalMs,
      });
  } catch (error) {
    await app?.close();
    await statusApp?.close();
    await store.close();
    await tracing?.shutdown();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    services,
    url,
    statusUrl,
    metrics,
    tracing,
    app,
    delivery,
    scheduler,
    emailSender,
    signIn,
    stop: () =>
      (stopping ??= (async () => {
        if (app) await closeWithin(app, SHUTDOWN_GRACE_MS);
        await scheduler?.stop();
        await emailSender?.stop();
        await delivery?.stop();
        // The worker's probe answers until its deliveries are handed back.
        await statusApp?.close();
        await store.close();
        await tracing?.shutdown();
      })()),
  };
}

/** How long in-flight requests may take to finish once stopping has begun. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Closes the app, letting requests in flight finish; a client that never reads its response (or keeps
 * a request open) is cut off after the grace period instead of holding the shutdown for minutes.
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const cutOff = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cutOff);
  }
}

/**
 * Listens on the configured address; answers the base URL. Fastify's own "Server listening at" info line is
 * left out: `carehooks serve` states the address in its plain-text banner, which that JSON line would split.
 */
async function listen(app: FastifyInstance, config: ServerConfig): Promise<string> {
  const level = app.log.level;
  const quieted = ['info', 'debug', 'trace'].includes(level);
  if (quieted) app.log.level = 'warn';
  try {
    await app.listen({ port: config.port, host: config.host });
  } finally {
    if (quieted) app.log.level = level;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}
