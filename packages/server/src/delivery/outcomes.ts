/**
 * What a finished send means for its delivery, and writing a batch of those outcomes in one transaction:
 * the attempt log, the delivery transitions (guarded by state and lease owner), the per-event-type failure
 * counters, and disabling or warning about a webhook together with the notification that says so.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DialectName } from '../store/dialect.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { Database, DeliveryState } from '../store/schema.js';
import { attemptErrorOf } from './attempt-errors.js';
import type { ClaimedDelivery } from './claim.js';
import { DATABASE_NOW_MS } from './database-clock.js';
import { CLAIM_PLANNER_SETTINGS, claimPlannerSettingsApplied } from './claim-planner.js';
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

/** Writes a batch of finished attempts; must run inside a transaction. Returns notifications to mail. */
export async function recordOutcomes(
  db: Kysely<Database>,
  attempts: readonly FinishedAttempt[],
  context: OutcomeContext,
): Promise<PendingNotification[]> {
  if (attempts.length === 0) return [];
  const streaks = streaksByPair(attempts);
  if (context.dialect === 'postgres') await recordRoutineOnPostgres(db, attempts, streaks.recovered, context);
  else await logAttemptsOnSqlite(db, attempts);

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
  if (context.dialect === 'sqlite') {
    for (const [status, ids] of delivered) await markDeliveredOnSqlite(db, ids, status, context);
    await resetRecovered(db, streaks.recovered, context.now);
  }

  const failingSince = await updateFailingCounters(db, streaks.failing, context.now);
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

/** The attempt log's columns, in the order attemptLogRow lists an attempt's values. */
const ATTEMPT_LOG_COLUMNS = `organization_id, webhook_id, delivery_id, event_id, event_type, resource_id,
  resource_id_type, url, attempt, http_response_status, error, error_detail, response_body, duration_ms, created_at,
  payload_id_format`;

/**
 * SQLite: the attempt log goes in with bound values, one `values` row per attempt, in statements of 2^k rows
 * (a batch of 124 is 64 + 32 + 16 + 8 + 4), so there are a few constant texts, each prepared once by the store.
 * One JSON array parameter read back with `value ->> n` cost twice as much: SQLite parses an attempt's array
 * again for every column (7.6 -> 4.2 µs per row).
 */
const LOG_CHUNK_ROWS = 256;
const sqliteLogTexts = new Map<number, string>();

function sqliteLogAttempts(rows: number): string {
  let text = sqliteLogTexts.get(rows);
  if (text === undefined) {
    const row = `(${new Array<string>(16).fill('?').join(', ')})`;
    text = `insert into sent_webhooks (${ATTEMPT_LOG_COLUMNS}) values ${new Array<string>(rows).fill(row).join(', ')}`;
    sqliteLogTexts.set(rows, text);
  }
  return text;
}

// Unary plus: a literal state would have SQLite walk every in-flight row by the (state, …) index instead of
// looking up the ids.
const SQLITE_MARK_DELIVERED = `update deliveries
  set state = 'delivered', lease_until = null, last_status = ?, last_error = null, updated_at = ?
  where id in (select value from json_each(?)) and +state = 'in_flight' and lease_owner = ?`;

/** An attempt's row of the attempt log, in ATTEMPT_LOG_COLUMNS' order. */
function attemptLogRow({ delivery, startedAt, result }: FinishedAttempt): unknown[] {
  return [
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
  ];
}

/**
 * PostgreSQL: the attempt log's rows as one JSON array parameter, an array per attempt (as objects, their keys
 * made most of the text).
 */
function attemptLogJson(attempts: readonly FinishedAttempt[]): string {
  return JSON.stringify(attempts.map(attemptLogRow));
}

async function logAttemptsOnSqlite(
  db: Kysely<Database>,
  attempts: readonly FinishedAttempt[],
): Promise<void> {
  let start = 0;
  for (let rows = LOG_CHUNK_ROWS; rows >= 1; rows /= 2) {
    for (; attempts.length - start >= rows; start += rows) {
      // Not slice().flatMap(attemptLogRow): V8's flatMap cost 1.7-2.5 µs per row, a loop of pushes 0.15.
      const values: unknown[] = [];
      for (let i = start; i < start + rows; i++) values.push(...attemptLogRow(attempts[i]!));
      await db.executeQuery(CompiledQuery.raw(sqliteLogAttempts(rows), values));
    }
  }
}

async function markDeliveredOnSqlite(
  db: Kysely<Database>,
  ids: readonly number[],
  status: number,
  { owner, now }: OutcomeContext,
): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(SQLITE_MARK_DELIVERED, [status, now, JSON.stringify(ids), owner]));
}

/**
 * PostgreSQL: the routine part of a turn's outcomes as three data-modifying CTEs of constant text: the attempt
 * log, the successes and the counters of recovered (webhook, event type) pairs, as JSON or array parameters
 * (six, numbered from `$first`; routineOutcomeParameters). They touch rows no other write of the batch does
 * (a failure's delivery, a failing pair's counters), so their order does not matter. Built with the query
 * builder they were three round trips and a new SQL text for every batch size, with up to 3,200 parameters
 * to bind. The successes come as two arrays, ids and statuses, so that they are found by id: joined to a
 * record set, they were matched by the planner (which expected one row in flight) pair by pair.
 */
export function routineOutcomeCtes(first: number): string {
  const $ = (n: number) => `$${first + n - 1}`;
  return `logged as (
    insert into sent_webhooks (organization_id, webhook_id, delivery_id, event_id, event_type, resource_id,
      resource_id_type, url, attempt, http_response_status, error, error_detail, response_body, duration_ms,
      created_at, payload_id_format)
    select (a ->> 0)::bigint, (a ->> 1)::bigint, (a ->> 2)::bigint, (a ->> 3)::bigint, a ->> 4, a ->> 5,
      a ->> 6, a ->> 7, (a ->> 8)::integer, (a ->> 9)::integer, a ->> 10, a ->> 11, a ->> 12,
      (a ->> 13)::integer, (a ->> 14)::bigint, a ->> 15
    from jsonb_array_elements(${$(1)}::jsonb) as a
    order by (a ->> 2)::bigint
    returning 1),
  delivered as (
    update deliveries d
    set state = 'delivered', lease_until = null, last_error = null, updated_at = ${$(3)},
      last_status = (${$(6)}::integer[])[array_position(${$(2)}::bigint[], d.id)]
    -- "is true": the planner would otherwise walk every in-flight row by the in-flight index, which it
    -- prefers while it expects few; the ids are looked up instead.
    where d.id = any(${$(2)}::bigint[]) and (d.state = 'in_flight') is true and d.lease_owner = ${$(4)}
    returning 1),
  recovered as (
    update webhook_events we
    set first_failed_at = null, last_failed_at = null, retry_count = 0, updated_at = ${$(3)}
    from json_to_recordset(${$(5)}::json) as r(webhook_id bigint, event_type text)
    where we.webhook_id = r.webhook_id and we.event_type = r.event_type
      and (we.retry_count <> 0 or we.first_failed_at is not null)
    returning 1)`;
}

/** The statement also sets the turn's claim planner settings (claim-planner.ts), saving the claim a round trip. */
const RECORD_ROUTINE_ON_POSTGRES = preparedOnPostgres(
  `with ${routineOutcomeCtes(1)} select ${CLAIM_PLANNER_SETTINGS}`,
);

/** routineOutcomeCtes' six parameters. */
export function routineOutcomeParameters(
  attempts: readonly FinishedAttempt[],
  recovered: ReadonlyArray<readonly [number, string]>,
  { owner, now }: Pick<OutcomeContext, 'owner' | 'now'>,
): unknown[] {
  // decide(): a success is delivered whatever the retry policy.
  const delivered = attempts.filter(({ result }) => result.ok);
  return [
    attemptLogJson(attempts),
    delivered.map(({ delivery }) => delivery.id),
    now,
    owner,
    JSON.stringify(recovered.map(([webhook_id, event_type]) => ({ webhook_id, event_type }))),
    delivered.map(({ result }) => result.status ?? 0),
  ];
}

async function recordRoutineOnPostgres(
  db: Kysely<Database>,
  attempts: readonly FinishedAttempt[],
  recovered: ReadonlyArray<readonly [number, string]>,
  context: OutcomeContext,
): Promise<void> {
  await db.executeQuery(
    CompiledQuery.raw(RECORD_ROUTINE_ON_POSTGRES, routineOutcomeParameters(attempts, recovered, context)),
  );
  claimPlannerSettingsApplied(db);
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

async function recordFailure(
  db: Kysely<Database>,
  { delivery, startedAt, result }: FinishedAttempt,
  decision: Exclude<Decision, { kind: 'delivered' }>,
  { owner, now, dialect }: OutcomeContext,
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
      next_attempt_at:
        decision.kind !== 'retry'
          ? now
          : dialect === 'postgres'
            ? retryDueOnDatabaseClock(decision.at - now)
            : decision.at,
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

/**
 * PostgreSQL: a retry's due time is the database clock plus the wait still ahead of it, as the claim compares
 * due times with that clock (claim.ts): a worker whose clock is off neither retries early nor late.
 */
function retryDueOnDatabaseClock(waitMs: number) {
  return sql<number>`${DATABASE_NOW_MS} + ${Math.round(waitMs)}`;
}

interface Failing {
  since: number;
  webhook: { id: number; organizationId: number; url: string };
  last: LastFailure;
}

interface Streaks {
  /** Pairs whose latest attempt in the batch succeeded: their counters are reset. */
  recovered: Array<[number, string]>;
  /** Per failing pair, its failures since its last success in the batch, oldest first. */
  failing: FinishedAttempt[][];
}

/** Pairs whose latest attempt in the batch succeeded (their counters are reset). */
export function recoveredPairs(attempts: readonly FinishedAttempt[]): Array<[number, string]> {
  return streaksByPair(attempts).recovered;
}

/** Per (webhook, event type): the latest outcome in the batch decides. */
function streaksByPair(attempts: readonly FinishedAttempt[]): Streaks {
  const byPair = new Map<string, FinishedAttempt[]>();
  for (const attempt of attempts) {
    const key = `${attempt.delivery.webhookId}\u0000${attempt.delivery.eventType}`;
    const list = byPair.get(key);
    if (list) list.push(attempt);
    else byPair.set(key, [attempt]);
  }
  const streaks: Streaks = { recovered: [], failing: [] };
  for (const list of byPair.values()) {
    list.sort((a, b) => a.finishedAt - b.finishedAt);
    const latest = list.at(-1)!;
    if (latest.result.ok) streaks.recovered.push([latest.delivery.webhookId, latest.delivery.eventType]);
    else streaks.failing.push(list.slice(list.findLastIndex((a) => a.result.ok) + 1));
  }
  return streaks;
}

/**
 * Failures since the last success add to a failing pair's counters. Returns, per failing webhook, when its
 * oldest failing streak began.
 */
async function updateFailingCounters(
  db: Kysely<Database>,
  failing: readonly FinishedAttempt[][],
  now: number,
): Promise<Map<number, Failing>> {
  const since = new Map<number, Failing>();
  for (const failures of failing) {
    const latest = failures.at(-1)!;
    const { webhookId, eventType } = latest.delivery;
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
    const first = row?.first_failed_at;
    if (first === null || first === undefined) continue;
    const known = since.get(webhookId);
    if (!known || first < known.since) {
      since.set(webhookId, {
        since: first,
        webhook: { id: webhookId, organizationId: latest.delivery.organizationId, url: latest.delivery.url },
        last: { status: latest.result.status, error: describeError(latest.result) },
      });
    }
  }
  return since;
}

/**
 * SQLite: a success resets its pair's counters (on PostgreSQL, part of recordRoutineOnPostgres). The pairs go
 * as one JSON array of [webhook id, event type]: built per turn with the query builder, this small statement
 * cost 2.3 µs per delivery of a drain, nearly all of it building and compiling the query.
 */
const SQLITE_RESET_RECOVERED = `update webhook_events
  set first_failed_at = null, last_failed_at = null, retry_count = 0, updated_at = ?
  where (webhook_id, event_type) in (select value ->> 0, value ->> 1 from json_each(?))
    and (retry_count <> 0 or first_failed_at is not null)`;

async function resetRecovered(
  db: Kysely<Database>,
  recovered: ReadonlyArray<readonly [number, string]>,
  now: number,
): Promise<void> {
  if (recovered.length === 0) return;
  await db.executeQuery(CompiledQuery.raw(SQLITE_RESET_RECOVERED, [now, JSON.stringify(recovered)]));
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
 * Cancels a webhook's pending deliveries, for when it is disabled. Deliveries in flight finish their attempt;
 * their retries are cancelled when recorded. The state is a literal, which a generic plan (claim-planner.ts)
 * can match to `deliveries_webhook_pending`.
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
    .where('state', '=', sql.lit('pending'))
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
