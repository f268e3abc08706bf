/**
 * What a finished send means for its delivery, and writing a batch of those outcomes in one transaction:
 * the attempt log, the delivery transitions (guarded by state and lease owner), the per-event-type failure
 * counters, and disabling or warning about a webhook together with the notification that says so.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DialectName } from '../store/dialect.js';
import type { Database, DeliveryState } from '../store/schema.js';
import { attemptErrorOf } from './attempt-errors.js';
import type { ClaimedDelivery } from './claim.js';
import type { SendResult } from './http-sender.js';
import {
  disabledMessage,
  failingMessage,
  queueNotification,
  type DisableReason,
  type LastFailure,
  type PendingNotification,
} from './notifier.js';
import { nextRetryDelay, type RetryPolicy } from './retry-schedule.js';

export interface FinishedAttempt {
  delivery: ClaimedDelivery;
  startedAt: number;
  finishedAt: number;
  result: SendResult;
}

export type Decision =
  { kind: 'delivered' } | { kind: 'retry'; at: number } | { kind: 'failed'; disable: DisableReason | null };

export function decide(attempt: FinishedAttempt, policy: RetryPolicy): Decision {
  const { result, delivery } = attempt;
  if (result.ok) return { kind: 'delivered' };
  if (result.status === 410) return { kind: 'failed', disable: 'gone' };
  if (!delivery.shouldRetry) return { kind: 'failed', disable: null };
  const delay = nextRetryDelay(policy, delivery.attempt, result.retryAfterMs);
  if (delay === null) return { kind: 'failed', disable: 'exhausted' };
  return { kind: 'retry', at: attempt.finishedAt + delay };
}

export interface OutcomeContext {
  owner: string;
  now: number;
  policy: RetryPolicy;
  warnAfterMs: number;
  dialect: DialectName;
}

/** Rows per multi-row INSERT: 16 columns each stays far below both dialects' bound-parameter limits. */
const INSERT_CHUNK = 200;
const ID_CHUNK = 1000;

/** Writes a batch of finished attempts; must run inside a transaction. Returns notifications to mail. */
export async function recordOutcomes(
  db: Kysely<Database>,
  attempts: readonly FinishedAttempt[],
  context: OutcomeContext,
): Promise<PendingNotification[]> {
  if (attempts.length === 0) return [];
  await (context.dialect === 'sqlite' ? logAttemptsOnSqlite : logAttempts)(db, attempts);

  const delivered = new Map<number, number[]>(); // status → delivery ids
  const disables = new Map<number, { attempt: FinishedAttempt; reason: DisableReason }>();
  for (const attempt of attempts) {
    const decision = decide(attempt, context.policy);
    if (decision.kind === 'delivered') {
      const status = attempt.result.status ?? 0;
      const ids = delivered.get(status);
      if (ids) ids.push(attempt.delivery.id);
      else delivered.set(status, [attempt.delivery.id]);
    } else {
      await recordFailure(db, attempt, decision, context);
      if (decision.kind === 'failed' && decision.disable) {
        disables.set(attempt.delivery.webhookId, { attempt, reason: decision.disable });
      }
    }
  }
  for (const [status, ids] of delivered) {
    await (context.dialect === 'sqlite' ? markDeliveredOnSqlite : markDelivered)(db, ids, status, context);
  }

  const failingSince = await updateCounters(db, attempts, context.now);
  const notifications: PendingNotification[] = [];
  for (const { attempt, reason } of disables.values()) {
    const notification = await disableWebhook(db, attempt, reason, context.now);
    if (notification) notifications.push(notification);
  }
  for (const [webhookId, failing] of failingSince) {
    if (failing.since > context.now - context.warnAfterMs) continue;
    const notification = await warnOnce(db, webhookId, failing, context);
    if (notification) notifications.push(notification);
  }
  return notifications;
}

/**
 * The attempt log and the successes are written on every turn with as many rows as sends finished. On SQLite
 * they go as one JSON array parameter to a statement of constant text, prepared once by the store; built with
 * one placeholder per value, each batch size was a new SQL text to compile.
 */
const SQLITE_LOG_ATTEMPTS = `insert into sent_webhooks (organization_id, webhook_id, delivery_id, event_id,
    event_type, resource_id, resource_id_type, url, attempt, http_response_status, error, error_detail,
    response_body, duration_ms, created_at, payload_id_format)
  select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
    value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13, value ->> 14, value ->> 15
  from json_each(?)`;

// Unary plus: a literal state would have SQLite walk every in-flight row by the (state, …) index instead of
// looking up the ids.
const SQLITE_MARK_DELIVERED = `update deliveries
  set state = 'delivered', lease_until = null, last_status = ?, last_error = null, updated_at = ?
  where id in (select value from json_each(?)) and +state = 'in_flight' and lease_owner = ?`;

async function logAttemptsOnSqlite(
  db: Kysely<Database>,
  attempts: readonly FinishedAttempt[],
): Promise<void> {
  const rows = attempts.map(({ delivery, startedAt, result }) => [
    delivery.organizationId,
    delivery.webhookId,
    delivery.id,
    delivery.eventId,
    delivery.eventType,
    delivery.resourceId,
    delivery.resourceIdType,
    delivery.url,
    delivery.attempt,
    result.status,
    attemptErrorOf(result.error, result.status),
    errorDetail(result),
    storedResponseBody(result),
    result.durationMs,
    startedAt,
    delivery.payloadIdFormat,
  ]);
  await db.executeQuery(CompiledQuery.raw(SQLITE_LOG_ATTEMPTS, [JSON.stringify(rows)]));
}

async function markDeliveredOnSqlite(
  db: Kysely<Database>,
  ids: readonly number[],
  status: number,
  { owner, now }: OutcomeContext,
): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(SQLITE_MARK_DELIVERED, [status, now, JSON.stringify(ids), owner]));
}

async function logAttempts(db: Kysely<Database>, attempts: readonly FinishedAttempt[]): Promise<void> {
  for (let start = 0; start < attempts.length; start += INSERT_CHUNK) {
    const rows = attempts.slice(start, start + INSERT_CHUNK).map(({ delivery, startedAt, result }) => ({
      organization_id: delivery.organizationId,
      webhook_id: delivery.webhookId,
      delivery_id: delivery.id,
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      resource_id: delivery.resourceId,
      resource_id_type: delivery.resourceIdType,
      url: delivery.url,
      attempt: delivery.attempt,
      http_response_status: result.status,
      error: attemptErrorOf(result.error, result.status),
      error_detail: errorDetail(result),
      response_body: storedResponseBody(result),
      duration_ms: result.durationMs,
      created_at: startedAt,
      payload_id_format: delivery.payloadIdFormat,
    }));
    await db.insertInto('sent_webhooks').values(rows).execute();
  }
}

/** PostgreSQL text cannot hold NUL; a receiver's binary junk is not worth failing the batch over. */
function storedResponseBody(result: SendResult): string | null {
  return result.responseBody === '' ? null : result.responseBody.replaceAll('\u0000', '');
}

function errorDetail({ error }: SendResult): string | null {
  return error ? `${error.code}: ${error.message}` : null;
}

/** For the delivery row and owner notices: the attempt log's reason with its detail. */
function describeError(result: SendResult): string | null {
  return result.error ? `${attemptErrorOf(result.error, result.status)} (${errorDetail(result)})` : null;
}

async function markDelivered(
  db: Kysely<Database>,
  ids: readonly number[],
  status: number,
  { owner, now }: OutcomeContext,
): Promise<void> {
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    await db
      .updateTable('deliveries')
      .set({ state: 'delivered', lease_until: null, last_status: status, last_error: null, updated_at: now })
      .where('id', 'in', ids.slice(start, start + ID_CHUNK))
      .where('state', '=', 'in_flight')
      .where('lease_owner', '=', owner)
      .execute();
  }
}

async function recordFailure(
  db: Kysely<Database>,
  { delivery, startedAt, result }: FinishedAttempt,
  decision: Exclude<Decision, { kind: 'delivered' }>,
  { owner, now }: OutcomeContext,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({
      // A retry of a webhook disabled meanwhile (by another worker, or deleted) is cancelled instead.
      state:
        decision.kind === 'failed'
          ? 'failed'
          : eb
              .case()
              .when(
                eb.exists(
                  eb
                    .selectFrom('webhooks as w')
                    .select('w.id')
                    .whereRef('w.id', '=', 'deliveries.webhook_id')
                    .where('w.is_enabled', '=', 1),
                ),
              )
              .then('pending')
              .else('cancelled')
              .end()
              .$castTo<DeliveryState>(),
      next_attempt_at: decision.kind === 'retry' ? decision.at : now,
      lease_owner: decision.kind === 'retry' ? null : owner,
      lease_until: null,
      first_failed_at: eb.fn.coalesce('first_failed_at', eb.val(startedAt)),
      last_status: result.status,
      last_error: describeError(result),
      updated_at: now,
    }))
    .where('id', '=', delivery.id)
    .where('state', '=', 'in_flight')
    .where('lease_owner', '=', owner)
    .execute();
}

interface Failing {
  since: number;
  webhook: { id: number; organizationId: number; url: string };
  last: LastFailure;
}

/**
 * Per (webhook, event type): the latest outcome in the batch decides. A success resets the counters; failures
 * since the last success add to them. Returns, per failing webhook, when its oldest failing streak began.
 */
async function updateCounters(
  db: Kysely<Database>,
  attempts: readonly FinishedAttempt[],
  now: number,
): Promise<Map<number, Failing>> {
  const byPair = new Map<string, FinishedAttempt[]>();
  for (const attempt of attempts) {
    const key = `${attempt.delivery.webhookId}\u0000${attempt.delivery.eventType}`;
    const list = byPair.get(key);
    if (list) list.push(attempt);
    else byPair.set(key, [attempt]);
  }
  const recovered: Array<[number, string]> = [];
  const failing = new Map<number, Failing>();
  for (const list of byPair.values()) {
    list.sort((a, b) => a.finishedAt - b.finishedAt);
    const latest = list.at(-1)!;
    const { webhookId, eventType } = latest.delivery;
    if (latest.result.ok) {
      recovered.push([webhookId, eventType]);
      continue;
    }
    const lastSuccess = list.findLastIndex((a) => a.result.ok);
    const failures = list.slice(lastSuccess + 1);
    const row = await db
      .updateTable('webhook_events')
      .set((eb) => ({
        first_failed_at: eb.fn.coalesce('first_failed_at', eb.val(failures[0]!.startedAt)),
        last_failed_at: latest.startedAt,
        retry_count: eb('retry_count', '+', failures.length),
        updated_at: now,
      }))
      .where('webhook_id', '=', webhookId)
      .where('event_type', '=', eventType)
      .returning('first_failed_at')
      .executeTakeFirst();
    const since = row?.first_failed_at;
    if (since === null || since === undefined) continue;
    const known = failing.get(webhookId);
    if (!known || since < known.since) {
      failing.set(webhookId, {
        since,
        webhook: { id: webhookId, organizationId: latest.delivery.organizationId, url: latest.delivery.url },
        last: { status: latest.result.status, error: describeError(latest.result) },
      });
    }
  }
  for (let start = 0; start < recovered.length; start += ID_CHUNK) {
    const pairs = recovered.slice(start, start + ID_CHUNK);
    await db
      .updateTable('webhook_events')
      .set({ first_failed_at: null, last_failed_at: null, retry_count: 0, updated_at: now })
      .where((eb) =>
        eb.and([
          eb(
            eb.refTuple('webhook_id', 'event_type'),
            'in',
            pairs.map(([id, type]) => eb.tuple(id, type)),
          ),
          eb.or([eb('retry_count', '<>', 0), eb('first_failed_at', 'is not', null)]),
        ]),
      )
      .execute();
  }
  return failing;
}

/** Disables the webhook (once, whichever worker gets there first), cancels its pending deliveries, notifies. */
async function disableWebhook(
  db: Kysely<Database>,
  { delivery, result }: FinishedAttempt,
  reason: DisableReason,
  now: number,
): Promise<PendingNotification | null> {
  const disabled = await db
    .updateTable('webhooks')
    .set({ is_enabled: 0, disabled_at: now, updated_at: now })
    .where('id', '=', delivery.webhookId)
    .where('is_enabled', '=', 1)
    .returning(['id', 'organization_id', 'url'])
    .executeTakeFirst();
  if (!disabled) return null;
  await cancelPendingDeliveries(db, delivery.webhookId, now);
  const webhook = { id: disabled.id, organizationId: disabled.organization_id, url: disabled.url };
  const last = { status: result.status, error: describeError(result) };
  return queueNotification(
    db,
    now,
    'webhook_disabled',
    webhook,
    disabledMessage(webhook, reason, delivery.attempt, last),
  );
}

/**
 * Cancels a webhook's pending deliveries, for when it is disabled or deleted. Deliveries in flight finish
 * their attempt; their retries are cancelled when recorded.
 */
export async function cancelPendingDeliveries(
  db: Kysely<Database>,
  webhookId: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ state: 'cancelled', lease_owner: null, lease_until: null, updated_at: now })
    .where('webhook_id', '=', webhookId)
    .where('state', '=', 'pending')
    .execute();
}

/** Warns once per failing streak: `warned_at` older than the streak's start means not yet for this one. */
async function warnOnce(
  db: Kysely<Database>,
  webhookId: number,
  failing: Failing,
  { now, warnAfterMs }: OutcomeContext,
): Promise<PendingNotification | null> {
  const warned = await db
    .updateTable('webhooks')
    .set({ warned_at: now, updated_at: now })
    .where('id', '=', webhookId)
    .where('is_enabled', '=', 1)
    .where((eb) => eb.or([eb('warned_at', 'is', null), eb('warned_at', '<', failing.since)]))
    .returning(['id', 'organization_id', 'url'])
    .executeTakeFirst();
  if (!warned) return null;
  const webhook = { id: warned.id, organizationId: warned.organization_id, url: warned.url };
  return queueNotification(
    db,
    now,
    'webhook_failing',
    webhook,
    failingMessage(webhook, failing.since, warnAfterMs, failing.last),
  );
}
