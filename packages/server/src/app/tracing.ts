/**
 * OpenTelemetry traces, on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (`otlpEndpoint` in the configuration).
 * The SDK is imported only then, so a process without tracing loads none of it. One trace follows a
 * change from the HTTP request and its mutation, through the outbox (the event row keeps the mutation span's
 * `traceparent`), to each delivery attempt, whichever process sends it and however much later.
 */
import type { FastifyInstance } from 'fastify';
import type { IResolvers } from 'mercurius';
import type { Logger } from 'pino';
import type { DeliveryObserver } from '../delivery/observer.js';
import type { TraceParentSource } from '../events/outbox.js';
import type { ServerConfig } from './config.js';

export interface Tracing {
  /** Adds request spans to an app; register before its routes. */
  instrument(app: FastifyInstance): Promise<void>;
  /** Runs each Mutation resolver in a span of its own: the parent of its events' delivery attempts. */
  traceMutations(resolvers: IResolvers): IResolvers;
  /** For the outbox: the current span's context, stored with each event. */
  readonly traceParent: TraceParentSource;
  /** A span per recorded attempt, a child of its event's stored context. */
  readonly delivery: DeliveryObserver;
  /** Sends the spans still buffered. */
  shutdown(): Promise<void>;
}

/** Starts tracing when an OTLP endpoint is configured; null otherwise. */
export async function startTracing(
  config: Pick<ServerConfig, 'otlpEndpoint' | 'role'>,
  logger: Logger,
): Promise<Tracing | null> {
  if (!config.otlpEndpoint) return null;
  const { createTracing } = await import('./otel-tracing.js');
  return createTracing({ endpoint: config.otlpEndpoint, role: config.role, logger });
}
