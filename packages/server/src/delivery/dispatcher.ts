/**
 * The delivery loop of one worker. Each turn is one transaction that records the sends finished since the
 * last turn, gives back expired leases (once per poll interval) and claims as many due deliveries as there
 * is room for; the claimed ones are then signed and sent concurrently. On PostgreSQL a routine turn (only
 * successes to record, nothing to give back) is a single statement instead (routine-turn.ts). Turns run when
 * something happens (a commit in this process, a NOTIFY, a send finishing) or at the poll interval, whichever
 * comes first. After a small turn the next one lets work gather first (`turnGatherMs`): much of what a turn
 * costs (its transaction, the claim's walk, each statement's setup) is the same however much it handles.
 *
 * Because recording and claiming commit together and room is counted at the turn's start, the deliveries
 * this worker holds `in_flight` never exceed its limits: a crash repeats at most that many sends.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Store } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import { storeFailure, type StoreFailureCode } from '../store/store-errors.js';
import { claimDeliveries, type Claim, type ClaimedDelivery, type ClaimRequest } from './claim.js';
import { sendFailure, type HttpSender, type SendResult } from './http-sender.js';
import { releaseExpiredLeases, releaseLeases } from './leases.js';
import type { Notifier, PendingNotification } from './notifier.js';
import { releaseNextInLine, type EndedDelivery } from './parking.js';
import type { DeliveryObserver } from './observer.js';
import { decide, recordOutcomes, type FinishedAttempt, type OutcomeContext } from './outcomes.js';
import type { RetryPolicy } from './retry-schedule.js';
import { PayloadBodies } from './payload-id-format.js';
import { isRoutine, routineTurnOnPostgres } from './routine-turn.js';
import { deliveryHeaders } from './signature.js';
import { WebhookLimits } from './webhook-limits.js';

export interface DispatcherOptions {
  store: Store;
  logger: Logger;
  sender: HttpSender;
  notifier: Notifier;
  workerId: string;
  policy: RetryPolicy;
  leaseMs: number;
  pollIntervalMs: number;
  maxInFlight: number;
  /** What each webhook starts with here, and what a slow or failing one is held to. */
  maxInFlightPerWebhook: number;
  /** How far a webhook answering 2xx fast may grow (webhook-limits.ts); the floor disables growth. */
  maxInFlightPerWebhookBurst: number;
  warnAfterMs: number;
  stopTimeoutMs: number;
  /**
   * After a turn that claimed and recorded some deliveries but fewer than GATHER_WAKES, the next one waits until
   * this long after that turn started, or until GATHER_WAKES wake-ups (commits, sends finished) have come. Under
   * a steady trickle each turn then handles several deliveries and pays its fixed costs once for them. A
   * delivery after a quiet spell still goes at once; big turns (a backlog) and answers others wait on (see
   * answerAwaited) never wait. 0: no wait.
   */
  turnGatherMs: number;
  /** Told about turns and recorded attempts (metrics, traces). */
  observer?: DeliveryObserver | undefined;
  /**
   * PostgreSQL: a connection of the dispatcher's own, opened with the claim planner settings for its whole
   * session (claim-planner.ts). Turns then run on it, and a routine one is a single statement (routine-turn.ts).
   */
  session?: Kysely<Database> | undefined;
}

const MAX_ERROR_BACKOFF_MS = 5000;
/** A turn that claims and records this many is big enough; this many wake-ups end a gathering. */
const GATHER_WAKES = 64;

/** What a turn did: whether more may be due right away, and how many deliveries it claimed or recorded. */
interface TurnDone {
  more: boolean;
  handled: number;
}

export class Dispatcher {
  private readonly options: DispatcherOptions;
  /** Where turns run: the dispatcher's own session, or the store's pool. */
  private readonly db: Kysely<Database>;
  private readonly inFlightByWebhook = new Map<number, number>();
  private readonly limits: WebhookLimits;
  private readonly sending = new Map<number, Promise<void>>();
  private readonly urls = new Map<string, URL>();
  private readonly bodies = new PayloadBodies();
  private inFlight = 0;
  private finished: FinishedAttempt[] = [];
  private wakeRequested = true;
  /** Wake-ups since the current or last turn started. */
  private wakes = 0;
  /** Until when a wake-up waits for more work to gather (performance.now()); 0 when none does. */
  private gatherUntil = 0;
  /** Since the current or last turn started, an answer came that others wait on (answerAwaited). */
  private awaitedAnswers = false;
  private wakeUp: (() => void) | null = null;
  private lastReapAt = 0;
  /** A single-statement turn saw candidates to park or slot: the next turn runs in a transaction. */
  private leftForTransaction = false;
  /** When the earliest delivery a claim parked comes due: the loop looks again then, if before its poll. */
  private parkedUntil: number | null = null;
  private stopping = false;
  /** Set once shutdown handed unfinished deliveries back: their late results are dropped. */
  private abandoned = false;
  private loop: Promise<void> | null = null;
  private stopped: Promise<void> | null = null;
  /** The store failure turns are failing with, since it was logged; null while turns go through. */
  private storeOutage: { code: StoreFailureCode; since: number; failedTurns: number } | null = null;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.db = options.session ?? options.store.db;
    this.limits = new WebhookLimits(options.maxInFlightPerWebhook, options.maxInFlightPerWebhookBurst);
  }

  get workerId(): string {
    return this.options.workerId;
  }

  /** Sends under way in this process. */
  get sendsInFlight(): number {
    return this.inFlight;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Asks for a turn as soon as the current one (if any) ends, or after a small one once work has gathered. */
  wake(): void {
    this.wakeRequested = true;
    this.wakes++;
    this.wakeUp?.();
  }

  /** Stops claiming, waits (up to the stop timeout) for sends in flight, records them, hands back the rest. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async run(): Promise<void> {
    let errors = 0;
    while (!this.stopping) {
      // The turn runs in the check phase, once the poll phase has handed over every send that finished in
      // this turn of the event loop: one turn records them all. On SQLite it also joins the transaction the
      // API's units of work opened in the same poll phase, which commits at the start of the next loop turn,
      // so a delivery's round trip (claim, commit, send, answer, record) takes one turn of the loop.
      await new Promise((resolve) => setImmediate(resolve));
      this.wakeRequested = false;
      this.wakes = 0;
      this.awaitedAnswers = false;
      const startedAt = performance.now();
      let done: TurnDone;
      try {
        done = await this.turn();
        errors = 0;
        this.storeBack();
      } catch (error) {
        errors++;
        this.options.observer?.turnFailed();
        this.logTurnFailed(error);
        // Only a wake-up during the backoff cuts it short.
        this.wakeRequested = false;
        this.gatherUntil = 0;
        await this.idle(Math.min(50 * 2 ** errors, MAX_ERROR_BACKOFF_MS, this.options.pollIntervalMs));
        continue;
      }
      if (done.more) continue;
      // A turn that found nothing gathers nothing: the next wake-up is new work, and goes at once.
      const small = done.handled > 0 && done.handled < GATHER_WAKES && !this.awaitedAnswers;
      this.gatherUntil = small ? startedAt + this.options.turnGatherMs : 0;
      if (this.wakeRequested && this.gatherUntil <= performance.now()) continue;
      await this.idle(this.idleMs());
    }
  }

  /**
   * A turn that failed because the store is down or full fails again on every retry until it is back, so
   * that is said once per outage, in one line (and again if it changes, say from down to full); any other
   * failure is a fault of ours and logged with its stack each time.
   */
  private logTurnFailed(error: unknown): void {
    const { logger } = this.options;
    const failure = storeFailure(error);
    if (failure === null) {
      logger.error({ err: error, workerId: this.workerId }, 'delivery turn failed; will retry');
      return;
    }
    if (this.storeOutage?.code !== failure.code) {
      logger.warn(
        { workerId: this.workerId, code: failure.code, detail: failure.detail },
        'delivery paused: the store failed; retrying until it is back',
      );
      this.storeOutage = { code: failure.code, since: Date.now(), failedTurns: 0 };
    }
    this.storeOutage.failedTurns++;
  }

  /** Ends an outage logTurnFailed reported. */
  private storeBack(): void {
    if (this.storeOutage === null) return;
    const { since, failedTurns } = this.storeOutage;
    this.storeOutage = null;
    this.options.logger.info(
      { workerId: this.workerId, failedTurns, outageMs: Date.now() - since },
      'delivery resumed: the store is back',
    );
  }

  /**
   * One transaction, or one statement when routine (routine-turn.ts); more may be due right away when the claim
   * took all it looked at or left some for a transaction.
   */
  private async turn(): Promise<TurnDone> {
    const { store, leaseMs, pollIntervalMs, maxInFlight, maxInFlightPerWebhook } = this.options;
    const now = Date.now();
    // Come due: this turn's claim takes them.
    if (this.parkedUntil !== null && this.parkedUntil <= now) this.parkedUntil = null;
    const outcomes = this.finished;
    this.finished = [];
    const reap = now - this.lastReapAt >= pollIntervalMs;
    const limit = this.stopping ? 0 : maxInFlight - this.inFlight;
    if (outcomes.length === 0 && !reap && limit <= 0) return { more: false, handled: 0 };
    // Room is what was in flight when the outcomes were taken: a send finishing during the transaction
    // keeps its row in flight until the next turn, so it must keep its slot in this claim too.
    const inFlightByWebhook = new Map(this.inFlightByWebhook);
    const raisedLimits = this.limits.snapshot();

    const request: ClaimRequest = {
      owner: this.workerId,
      now,
      leaseMs,
      limit,
      perWebhookLimit: maxInFlightPerWebhook,
      raisedLimits,
      inFlightByWebhook,
    };

    let claim: Claim;
    let notifications: PendingNotification[] = [];
    try {
      const { session } = this.options;
      if (session && !reap && limit > 0 && !this.leftForTransaction && outcomes.every(isRoutine)) {
        ({ claim, leftForTransaction: this.leftForTransaction } = await routineTurnOnPostgres(
          session,
          outcomes,
          request,
        ));
      } else {
        claim = await this.db.transaction().execute(async (trx) => {
          notifications = await recordOutcomes(trx, outcomes, this.outcomeContext(now));
          await releaseNextInLine(trx, store.dialect, this.endedInLine(outcomes), now);
          if (reap) await releaseExpiredLeases(trx, store.dialect, now);
          return claimDeliveries(trx, store.dialect, request);
        });
        this.leftForTransaction = false;
      }
    } catch (error) {
      // Nothing was written: keep the outcomes for the next turn.
      this.finished = outcomes.concat(this.finished);
      throw error;
    }
    if (claim.wakeAt !== null) this.parkedUntil = Math.min(this.parkedUntil ?? Infinity, claim.wakeAt);
    if (reap) this.lastReapAt = now;
    this.observe(outcomes, claim.deliveries.length);
    this.options.notifier.send(notifications);
    for (const delivery of claim.deliveries) this.send(delivery);
    return {
      more: claim.mayHaveMore || this.leftForTransaction,
      handled: outcomes.length + claim.deliveries.length,
    };
  }

  /** Reports a committed turn (or, with `claimed` null, the final recording on shutdown). */
  private observe(outcomes: readonly FinishedAttempt[], claimed: number | null): void {
    const { observer, policy } = this.options;
    if (!observer) return;
    for (const attempt of outcomes) observer.attemptRecorded(attempt, decide(attempt, policy).kind);
    if (claimed !== null) observer.turnDone(claimed);
  }

  /** Resources (of per_resource webhooks) whose delivery ended in these outcomes: the next one may go. */
  private endedInLine(outcomes: readonly FinishedAttempt[]): EndedDelivery[] {
    const ended: EndedDelivery[] = [];
    for (const attempt of outcomes) {
      const { orderingKey, webhookId } = attempt.delivery;
      if (orderingKey !== null && decide(attempt, this.options.policy).kind !== 'retry') {
        ended.push({ webhookId, orderingKey });
      }
    }
    return ended;
  }

  /** The poll interval, or less when a parked delivery comes due sooner. */
  private idleMs(): number {
    const { pollIntervalMs } = this.options;
    if (this.parkedUntil === null) return pollIntervalMs;
    // Kept until a turn comes at or after it: a wait that a wake-up cuts short must not lose it.
    return Math.max(0, Math.min(this.parkedUntil - Date.now(), pollIntervalMs));
  }

  private outcomeContext(now: number): OutcomeContext {
    return {
      owner: this.workerId,
      now,
      policy: this.options.policy,
      warnAfterMs: this.options.warnAfterMs,
      dialect: this.options.store.dialect,
    };
  }

  private send(delivery: ClaimedDelivery): void {
    this.inFlight++;
    this.inFlightByWebhook.set(delivery.webhookId, (this.inFlightByWebhook.get(delivery.webhookId) ?? 0) + 1);
    // Only a rate-limited webhook's deliveries have a slot ahead; the sender holds them until then.
    const startedAt = Math.max(Date.now(), delivery.sendAt);
    const task = this.post(delivery, startedAt).then((result) => {
      const awaited = this.answerAwaited(delivery);
      this.inFlight--;
      const left = (this.inFlightByWebhook.get(delivery.webhookId) ?? 1) - 1;
      if (left > 0) this.inFlightByWebhook.set(delivery.webhookId, left);
      else this.inFlightByWebhook.delete(delivery.webhookId);
      this.sending.delete(delivery.id);
      this.limits.answered(delivery.webhookId, result);
      if (this.abandoned) return;
      this.finished.push({ delivery, startedAt, finishedAt: Date.now(), result });
      if (awaited) this.awaitedAnswers = true;
      this.wake();
    });
    this.sending.set(delivery.id, task);
  }

  /**
   * Whether more deliveries may be waiting for this one's answer to be recorded, so the next turn should not
   * wait for work to gather: its webhook (or this worker) is at its limit, and recording the answer frees a
   * slot; or its webhook orders per resource, and the resource's next delivery goes only once it is recorded.
   */
  private answerAwaited(delivery: ClaimedDelivery): boolean {
    const { webhookId, orderingKey } = delivery;
    return (
      orderingKey !== null ||
      this.inFlight >= this.options.maxInFlight ||
      (this.inFlightByWebhook.get(webhookId) ?? 0) >= this.limits.limitOf(webhookId)
    );
  }

  /**
   * Signs for `now`, when the send starts, with the webhook's current secret (and the previous one while it is
   * honoured). Not async: the sender's own promise is handed on as it is, without another one wrapping it.
   */
  private post(delivery: ClaimedDelivery, now: number): Promise<SendResult> {
    let url: URL;
    let headers: Record<string, string>;
    let body: Buffer;
    try {
      // Signed as sent: a webhook that takes ids as numbers gets, and is signed over, the derived bytes.
      const { eventId, payloadIdFormat } = delivery;
      const sendBody = this.bodies.bodyFor(eventId, delivery.body, payloadIdFormat);
      body = sendBody.bytes;
      url = this.parseUrl(delivery.url);
      // Secrets are stored sealed; the keyring keeps recently unsealed ones, so this rarely decrypts.
      const secrets = this.options.store.secrets;
      const previousHonoured =
        delivery.previousSecret !== null &&
        delivery.previousSecretExpiresAt !== null &&
        delivery.previousSecretExpiresAt > now;
      headers = deliveryHeaders({
        url,
        body,
        digest: sendBody.digest,
        deliveryId: delivery.id,
        scheme: delivery.signatureScheme,
        now,
        secret: secrets.unseal(delivery.secret),
        previousSecret: previousHonoured ? secrets.unseal(delivery.previousSecret!) : null,
      });
    } catch (error) {
      return Promise.resolve(
        sendFailure(
          'CAREHOOKS_INVALID_REQUEST',
          `Could not prepare the request: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
    return this.options.sender.send({ url, headers, body, notBefore: now });
  }

  private parseUrl(text: string): URL {
    let url = this.urls.get(text);
    if (!url) {
      url = new URL(text);
      if (this.urls.size >= 10_000) this.urls.clear();
      this.urls.set(text, url);
    }
    return url;
  }

  /**
   * Waits up to `ms` for a wake-up (counting one that came during the turn). While work gathers (until
   * gatherUntil), a wake-up ends the wait only once GATHER_WAKES have come or with an answer others wait on,
   * and otherwise brings its end forward to gatherUntil.
   */
  private idle(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      let until = performance.now() + ms;
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      let timer = setTimeout(done, ms);
      const woken = () => {
        const now = performance.now();
        const enough = this.wakes >= GATHER_WAKES || this.awaitedAnswers;
        if (this.stopping || enough || this.gatherUntil <= now) return done();
        if (this.gatherUntil >= until) return;
        until = this.gatherUntil;
        clearTimeout(timer);
        timer = setTimeout(done, until - now);
      };
      this.wakeUp = woken;
      if (this.wakeRequested) woken();
    });
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    if (this.sending.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(this.sending.values()),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopTimeoutMs))),
      ]);
      clearTimeout(timer);
    }
    this.abandoned = true;
    const unfinished = [...this.sending.keys()];
    const outcomes = this.finished;
    this.finished = [];
    const now = Date.now();
    try {
      let notifications: PendingNotification[] = [];
      await this.db.transaction().execute(async (trx) => {
        notifications = await recordOutcomes(trx, outcomes, this.outcomeContext(now));
        await releaseNextInLine(trx, this.options.store.dialect, this.endedInLine(outcomes), now);
        await releaseLeases(trx, this.workerId, unfinished, now);
      });
      this.observe(outcomes, null);
      this.options.notifier.send(notifications);
    } catch (error) {
      // Their leases run out on their own and another worker picks them up.
      this.options.logger.error(
        { err: error, workerId: this.workerId },
        'could not record final outcomes on shutdown',
      );
    }
  }
}
