/**
 * The delivery side of a process (roles `all` and `worker`): one HTTP sender, one dispatcher, the wake-up
 * sources (in-process commits, PostgreSQL LISTEN, polling), the watch for dead workers' leases (and this
 * worker's heartbeat) and the periodic retention job.
 */
import type { Logger } from 'pino';
import type { Outbox } from '../events/outbox.js';
import { openPostgresSession, type Store } from '../store/open-store.js';
import { version } from '../version.js';
import { CLAIM_PLANNER_SESSION } from './claim-planner.js';
import { Dispatcher } from './dispatcher.js';
import { createHttpSender, type HttpSender, type HttpSenderOptions } from './http-sender.js';
import { createNotifier } from './notifier.js';
import type { DeliveryObserver } from './observer.js';
import { listenForDeliveries, type DeliveryListener } from './pg-listener.js';
import { deleteExpiredHistory } from './retention.js';
import { retryPolicy } from './retry-schedule.js';
import { createThreadedHttpSender } from './send-thread.js';
import { newWorkerOwner } from './worker-identity.js';
import { watchWorkerLiveness } from './worker-liveness.js';

export interface DeliverySettings {
  allowPrivateNetworks: boolean;
  /** Sends run on a thread of their own (send-thread.ts) rather than on the dispatcher's. */
  sendThread: boolean;
  /** Replaces the built-in schedule when given. */
  retrySchedule?: readonly number[] | undefined;
  connectTimeoutMs: number;
  sendTimeoutMs: number;
  leaseMs: number;
  /** How often a PostgreSQL worker writes its heartbeat and everyone looks for dead workers' leases. */
  heartbeatIntervalMs: number;
  /** Intervals without a heartbeat after which a PostgreSQL worker is dead and its leases taken back. */
  heartbeatMisses: number;
  pollIntervalMs: number;
  /** How long after a small turn the next one gathers work (dispatcher.ts). */
  turnGatherMs: number;
  maxInFlight: number;
  maxInFlightPerWebhook: number;
  /** Ceiling a fast webhook's limit may grow to; absent, the larger of 64 and the floor. */
  maxInFlightPerWebhookBurst?: number | undefined;
  stopTimeoutMs: number;
  warnAfterMs: number;
  retentionMs: number;
  retentionIntervalMs: number;
  smtpUrl?: string | undefined;
  mailFrom: string;
  /** The PostgreSQL URL to LISTEN on and for the dispatcher's own connection; absent on SQLite. */
  databaseUrl?: string | undefined;
}

export interface DeliveryWorker {
  readonly workerId: string;
  /** Asks the dispatcher to look for due deliveries now. */
  wake(): void;
  /** Sends under way in this process. */
  sendsInFlight(): number;
  stop(): Promise<void>;
}

/** Response bytes kept in the attempt log. */
const RESPONSE_BODY_BYTES = 4096;
const FIRST_RETENTION_DELAY_MS = 60_000;
const DEFAULT_BURST = 64;

export function startDeliveryWorker(
  settings: DeliverySettings,
  services: { store: Store; outbox: Outbox; logger: Logger; observer?: DeliveryObserver | undefined },
): DeliveryWorker {
  const { store, outbox, logger } = services;
  // host/pid/process start: enough to tell, on this host, that the process holding a lease is gone.
  const workerId = newWorkerOwner();
  const senderOptions: HttpSenderOptions = {
    allowPrivateNetworks: settings.allowPrivateNetworks,
    userAgent: `carehooks/${version}`,
    connectTimeoutMs: settings.connectTimeoutMs,
    totalTimeoutMs: settings.sendTimeoutMs,
    maxResponseBytes: RESPONSE_BODY_BYTES,
    // Webhooks often share a host: a pool per origin sized to one webhook's limit would queue them all
    // behind one slow endpoint. The dispatcher's limits already bound the sends to each webhook.
    connectionsPerOrigin: settings.maxInFlight,
  };
  const threaded = settings.sendThread ? createThreadedHttpSender(senderOptions) : null;
  const sender: HttpSender = threaded ?? createHttpSender(senderOptions);
  const notifier = createNotifier({
    db: store.db,
    logger,
    smtpUrl: settings.smtpUrl,
    from: settings.mailFrom,
  });
  // One connection: turns run one at a time.
  const session =
    store.dialect === 'postgres' && settings.databaseUrl
      ? openPostgresSession(
          { kind: 'postgres', url: settings.databaseUrl, poolSize: 1 },
          CLAIM_PLANNER_SESSION,
        )
      : undefined;
  const dispatcher = new Dispatcher({
    store,
    logger,
    sender,
    notifier,
    workerId,
    policy: retryPolicy(settings.retrySchedule),
    leaseMs: settings.leaseMs,
    pollIntervalMs: settings.pollIntervalMs,
    turnGatherMs: settings.turnGatherMs,
    maxInFlight: settings.maxInFlight,
    maxInFlightPerWebhook: settings.maxInFlightPerWebhook,
    maxInFlightPerWebhookBurst:
      settings.maxInFlightPerWebhookBurst ?? Math.max(DEFAULT_BURST, settings.maxInFlightPerWebhook),
    warnAfterMs: settings.warnAfterMs,
    stopTimeoutMs: settings.stopTimeoutMs,
    observer: services.observer,
    session,
  });
  const unsubscribe = outbox.onCommit(() => dispatcher.wake());
  const listener: DeliveryListener | null =
    store.dialect === 'postgres' && settings.databaseUrl
      ? listenForDeliveries(settings.databaseUrl, () => dispatcher.wake(), logger)
      : null;
  // Claims wait for the send thread: slots handed out before it could send would go out late and bunched.
  if (threaded) void threaded.ready.then(() => dispatcher.start());
  else dispatcher.start();
  const liveness = watchWorkerLiveness({
    store,
    owner: workerId,
    intervalMs: settings.heartbeatIntervalMs,
    misses: settings.heartbeatMisses,
    logger,
    onReleased: () => dispatcher.wake(),
  });

  let retention: Promise<void> = Promise.resolve();
  const runRetention = () =>
    (retention = retention.then(async () => {
      try {
        const deleted = await deleteExpiredHistory(store, Date.now() - settings.retentionMs);
        if (deleted.sentWebhooks + deleted.deliveries + deleted.events > 0) {
          logger.info({ deleted }, 'deleted delivery history past its retention');
        }
      } catch (error) {
        logger.error({ err: error }, 'retention job failed; will try again');
      }
    }));
  // The first run comes soon after start, so a process restarted more often than the interval still runs it.
  let retentionTimer = setTimeout(
    function scheduled() {
      void runRetention();
      retentionTimer = setTimeout(scheduled, settings.retentionIntervalMs).unref();
    },
    Math.min(settings.retentionIntervalMs, FIRST_RETENTION_DELAY_MS),
  ).unref();

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    wake: () => dispatcher.wake(),
    sendsInFlight: () => dispatcher.sendsInFlight,
    stop: () =>
      (stopping ??= (async () => {
        unsubscribe();
        clearTimeout(retentionTimer);
        await listener?.stop();
        await dispatcher.stop();
        await session?.destroy();
        await liveness.stop();
        await retention;
        await sender.destroy();
        await notifier.close();
      })()),
  };
}
