/**
 * The OpenTelemetry side of `tracing.ts`, imported only when tracing is on. Spans go through a batch
 * processor to the OTLP/HTTP exporter (JSON) at `<endpoint>/v1/traces`; the SDK's other standard settings
 * (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_BSP_*`) apply as usual.
 */
import { FastifyOtelInstrumentation } from '@fastify/otel';
import {
  context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import { parseTraceParent, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance } from 'fastify';
import type { IResolvers } from 'mercurius';
import type { Logger } from 'pino';
import type { AttemptOutcome, DeliveryObserver } from '../delivery/observer.js';
import type { FinishedAttempt } from '../delivery/outcomes.js';
import { version } from '../version.js';
import type { Role } from './config.js';

const TRACER_NAME = 'carehooks';
/** Probes and scrapes would bury the traces worth reading. */
const UNTRACED_ROUTES = new Set(['/healthz', '/metrics']);

/** Answers the `Tracing` of `tracing.ts` (not imported here: that module imports this one). */
export function createTracing(options: { endpoint: string; role: Role; logger: Logger }) {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'carehooks', 'service.version': version }))
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ 'carehooks.role': options.role }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.endpoint) }))],
  });
  // The global context manager (AsyncLocalStorage) carries the active span through awaits, and the global
  // propagator reads an incoming `traceparent`. Spans are made with this provider's tracer, never the global
  // one, so a second runtime in the process keeps its own.
  provider.register();
  const tracer = provider.getTracer(TRACER_NAME, version);
  const propagator = new W3CTraceContextPropagator();

  const fastify = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    ignorePaths: (route) => UNTRACED_ROUTES.has(route.url),
    requestHook: (span, request) => span.updateName(`${request.method} ${request.routeOptions.url ?? ''}`),
  });
  fastify.setTracerProvider(provider);

  const traceParent = () => {
    const carrier: Record<string, string> = {};
    propagator.inject(context.active(), carrier, defaultTextMapSetter);
    return carrier.traceparent;
  };

  const attemptSpan = (attempt: FinishedAttempt, outcome: AttemptOutcome) => {
    const { delivery, result } = attempt;
    const parentContext = delivery.traceParent && parseTraceParent(delivery.traceParent);
    const parent = parentContext ? trace.setSpanContext(ROOT_CONTEXT, parentContext) : ROOT_CONTEXT;
    const attributes: Attributes = {
      'http.request.method': 'POST',
      'carehooks.delivery.id': delivery.id,
      'carehooks.delivery.attempt': delivery.attempt,
      'carehooks.delivery.outcome': outcome,
      'carehooks.event.id': delivery.eventId,
      'carehooks.event.type': delivery.eventType,
      'carehooks.webhook.id': delivery.webhookId,
      'carehooks.organization.id': delivery.organizationId,
    };
    // The host only: a webhook URL's path or query may carry the receiver's own token.
    const server = hostOf(delivery.url);
    if (server) Object.assign(attributes, server);
    if (result.status !== null) attributes['http.response.status_code'] = result.status;
    if (!result.ok) attributes['error.type'] = result.error?.code ?? String(result.status);
    const span = tracer.startSpan(
      `deliver ${delivery.eventType}`,
      { kind: SpanKind.CLIENT, startTime: attempt.startedAt, attributes },
      parent,
    );
    if (!result.ok) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: result.error?.message ?? `answered HTTP ${result.status}`,
      });
    }
    span.end(attempt.finishedAt);
  };

  const delivery: DeliveryObserver = {
    turnDone: () => {},
    turnFailed: () => {},
    attemptRecorded: (attempt, outcome) => {
      try {
        attemptSpan(attempt, outcome);
      } catch (error) {
        options.logger.warn({ err: error, deliveryId: attempt.delivery.id }, 'could not trace an attempt');
      }
    },
  };

  return {
    async instrument(app: FastifyInstance): Promise<void> {
      await app.register(fastify.plugin());
    },
    traceMutations(resolvers: IResolvers): IResolvers {
      const mutations = resolvers.Mutation as Record<string, unknown> | undefined;
      if (!mutations) return resolvers;
      const traced: Record<string, unknown> = {};
      for (const [field, resolve] of Object.entries(mutations)) {
        traced[field] =
          typeof resolve === 'function'
            ? traceResolver(field, resolve as (...args: unknown[]) => unknown)
            : resolve;
      }
      return { ...resolvers, Mutation: traced } as IResolvers;
    },
    traceParent,
    delivery,
    shutdown: (): Promise<void> => provider.shutdown(),
  };

  function traceResolver(field: string, resolve: (...args: unknown[]) => unknown) {
    return function (this: unknown, ...args: unknown[]) {
      return tracer.startActiveSpan(
        `mutation ${field}`,
        { attributes: { 'graphql.operation.type': 'mutation', 'graphql.field.name': field } },
        async (span) => {
          try {
            return await resolve.apply(this, args);
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    };
  }
}

/** The signal's path is appended to the base endpoint, as the OTLP exporter specification says. */
function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function hostOf(url: string): Attributes | null {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    return { 'server.address': parsed.hostname, 'server.port': port };
  } catch {
    return null;
  }
}
