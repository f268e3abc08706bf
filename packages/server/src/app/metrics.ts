/**
 * Prometheus metrics: one registry per runtime, so several runtimes in one process (tests) do not collide.
 * Every role serves them. HTTP requests are counted by the app that answers them; deliveries by the
 * dispatcher's observer; the store-wide backlog is read from the store when scraped. Labels stay bounded:
 * event types come from the catalog, outcomes and results are fixed lists, and no webhook id or URL is
 * ever a label.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { readBacklog, type Backlog } from '../delivery/backlog.js';
import type { DeliveryObserver } from '../delivery/observer.js';
import type { Store } from '../store/open-store.js';

export interface Metrics {
  readonly registry: Registry;
  /** Counts the app's HTTP requests and serves `GET /metrics` on it. */
  serve(app: FastifyInstance): void;
  /** Counts the dispatcher's turns, claims and attempts. */
  readonly delivery: DeliveryObserver;
  /** Reports this process's sends in flight, read when scraped. */
  watchSends(sendsInFlight: () => number): void;
}

/** Due deliveries counted at most per scrape: beyond it the backlog reads as this number. */
export const BACKLOG_COUNT_CAP = 100_000;
/** Scrapes this close together share one backlog query. */
const BACKLOG_REUSE_MS = 1_000;

export function createMetrics(options: { store: Store; logger: Logger }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'carehooks_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'carehooks_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route.',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });

  const attempts = new Counter({
    name: 'carehooks_delivery_attempts_total',
    help: 'Delivery attempts recorded, by event type and outcome (delivered, retry, failed).',
    labelNames: ['event_type', 'outcome'],
    registers,
  });
  const attemptSeconds = new Histogram({
    name: 'carehooks_delivery_attempt_duration_seconds',
    help: "Time from sending a delivery's request to the end of its response (or error), by outcome.",
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers,
  });
  const claimed = new Counter({
    name: 'carehooks_delivery_claimed_total',
    help: 'Deliveries claimed by this process for sending.',
    registers,
  });
  const turns = new Counter({
    name: 'carehooks_dispatcher_turns_total',
    help: 'Dispatcher turns (one transaction each), by result (ok, error).',
    labelNames: ['result'],
    registers,
  });
  // Both results show from the start, so a rate of errors reads 0 rather than nothing.
  turns.inc({ result: 'ok' }, 0);
  turns.inc({ result: 'error' }, 0);

  let sendsInFlight: (() => number) | null = null;
  new Gauge({
    name: 'carehooks_delivery_sends_in_flight',
    help: 'Deliveries this process is sending right now.',
    registers,
    collect() {
      this.set(sendsInFlight?.() ?? 0);
    },
  });

  let backlog: { at: number; value: Promise<Backlog | null> } | null = null;
  const readBacklogOnce = (now: number) => {
    if (!backlog || now - backlog.at >= BACKLOG_REUSE_MS) {
      backlog = {
        at: now,
        value: readBacklog(options.store.db, now, BACKLOG_COUNT_CAP).catch((error: unknown) => {
          options.logger.warn({ err: error }, 'could not read the delivery backlog for metrics');
          return null;
        }),
      };
    }
    return backlog.value;
  };
  new Gauge({
    name: 'carehooks_deliveries_pending',
    help: `Deliveries due and waiting for a worker, store-wide (counted up to ${BACKLOG_COUNT_CAP}).`,
    registers,
    async collect() {
      const now = Date.now();
      const value = await readBacklogOnce(now);
      if (value) this.set(value.due);
    },
  });
  new Gauge({
    name: 'carehooks_deliveries_pending_oldest_seconds',
    help: 'How long the oldest due delivery has waited for a worker, store-wide (0 when none waits).',
    registers,
    async collect() {
      const now = Date.now();
      const value = await readBacklogOnce(now);
      if (value) this.set(value.oldestDueAt === null ? 0 : Math.max(0, now - value.oldestDueAt) / 1000);
    },
  });

  return {
    registry,
    serve(app) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        requests.inc({ method: request.method, route, status: String(reply.statusCode) });
        requestSeconds.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      });
      app.get('/metrics', async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      });
    },
    delivery: {
      turnDone(count) {
        turns.inc({ result: 'ok' });
        if (count > 0) claimed.inc(count);
      },
      turnFailed() {
        turns.inc({ result: 'error' });
      },
      attemptRecorded({ delivery, result }, outcome) {
        attempts.inc({ event_type: delivery.eventType, outcome });
        attemptSeconds.observe({ outcome }, result.durationMs / 1000);
      },
    },
    watchSends(read) {
      sendsInFlight = read;
    },
  };
}
