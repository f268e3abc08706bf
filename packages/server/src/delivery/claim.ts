/**
 * Claiming due deliveries: a batch moves from `pending` to `in_flight` under this worker's lease, and the
 * claim returns everything a send needs (body, URL, secrets), so sending reads nothing per delivery.
 *
 * Webhooks already at this process's per-webhook limit are left out of the claim, and the others get at
 * most their remaining room, so a receiver that never answers cannot fill the batch and hold up the rest.
 */
import { CompiledQuery, sql, type Kysely, type QueryCreator } from 'kysely';
import type { DialectName } from '../store/dialect.js';
import type { Database } from '../store/schema.js';

export interface ClaimedDelivery {
  id: number;
  eventId: number;
  webhookId: number;
  /** This attempt's number, 1 for the first. */
  attempt: number;
  /** The webhook's organization: the attempt log belongs to it. */
  organizationId: number;
  url: string;
  shouldRetry: boolean;
  /** As stored: sealed (store.secrets unseals it at signing time). */
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  eventType: string;
  resourceId: string;
  resourceIdType: string;
  /** The exact bytes to send, as the outbox stored them. */
  body: string;
}

export interface ClaimRequest {
  owner: string;
  now: number;
  leaseMs: number;
  /** How many deliveries to take at most. */
  limit: number;
  perWebhookLimit: number;
  /** Deliveries of each webhook this worker is sending right now (webhooks absent have none). */
  inFlightByWebhook: ReadonlyMap<number, number>;
}

export interface Claim {
  deliveries: ClaimedDelivery[];
  /** The claim took all it looked at: more may be due right now. */
  mayHaveMore: boolean;
}

/**
 * Due rows looked at per claim. Each costs an index step and two lookups, so the scan is sized to what
 * could be taken: the room of the webhooks already in flight here plus a few more, at most four rows per
 * delivery wanted. It grows as more webhooks become active.
 */
const SCAN_FACTOR = 4;
const SPARE_WEBHOOKS = 4;

/** Must run inside a transaction (the dispatcher's turn). */
export async function claimDeliveries(
  db: Kysely<Database>,
  dialect: DialectName,
  request: ClaimRequest,
): Promise<Claim> {
  if (request.limit <= 0) return { deliveries: [], mayHaveMore: false };
  const active = [...request.inFlightByWebhook.values()].filter((n) => n < request.perWebhookLimit).length;
  const scan = Math.min(request.limit * SCAN_FACTOR, request.perWebhookLimit * (active + SPARE_WEBHOOKS));
  if (saturatedWebhooks(request).length > 0 && !(await anyClaimable(db, request))) {
    return { deliveries: [], mayHaveMore: false };
  }
  const deliveries = await (dialect === 'postgres' ? claimOnPostgres : claimOnSqlite)(db, request, scan);
  return { deliveries, mayHaveMore: deliveries.length === Math.min(request.limit, scan) };
}

/**
 * On SQLite the claim runs as a few statements of constant text (lists travel as one JSON array parameter),
 * which the store prepares once: built per turn, the room and exclusion lists made a new SQL text nearly every
 * turn, compiled again each time. SQLite writers are serialised, so nothing changes between the statements.
 */
async function run<R>(db: Kysely<Database>, text: string, parameters: readonly unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/** Webhooks at their per-webhook limit in this process: left out of the claim. */
function saturatedWebhooks(request: ClaimRequest): number[] {
  return [...request.inFlightByWebhook]
    .filter(([, count]) => count >= request.perWebhookLimit)
    .map(([webhookId]) => webhookId);
}

/**
 * Whether an enabled webhook not at its limit has a due delivery. When the saturated webhooks hold all the
 * due rows, the claim would walk every one of them to find nothing: with a large backlog, on every turn.
 * This asks each other webhook instead, one seek apiece into the (webhook_id, state) index: the state is a
 * parameter, not a literal, and the time is wrapped in a unary plus, so that SQLite does not walk the pending
 * rows of all webhooks by time instead.
 */
async function anyClaimable(db: Kysely<Database>, request: ClaimRequest): Promise<boolean> {
  const row = await db
    .selectFrom('webhooks as w')
    .select('w.id')
    .where('w.is_enabled', '=', 1)
    .where('w.id', 'not in', saturatedWebhooks(request))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('deliveries as d')
          .select('d.id')
          .whereRef('d.webhook_id', '=', 'w.id')
          .where('d.state', '=', 'pending')
          .where(sql<number>`+${sql.ref('d.next_attempt_at')}`, '<=', request.now),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** PostgreSQL: due deliveries of enabled webhooks not at their limit, oldest first, at most `scan` of them. */
function dueDeliveries(qb: QueryCreator<Database>, request: ClaimRequest, scan: number) {
  const saturated = saturatedWebhooks(request);
  const due = qb
    .selectFrom('deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('events as ev', 'ev.id', 'd.event_id')
    .select(['d.id', 'd.webhook_id', 'd.next_attempt_at'])
    // A literal, not a parameter: the planner only uses the partial index on pending rows when it can see that.
    .where('d.state', '=', sql.lit('pending'))
    .where('d.next_attempt_at', '<=', request.now)
    .where('w.is_enabled', '=', 1)
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(scan);
  return saturated.length > 0 ? due.where('d.webhook_id', 'not in', saturated) : due;
}

/** Each candidate's rank within its webhook (`c` is the candidates, in claim order). */
const rankInWebhook = sql<number>`row_number() over (partition by ${sql.ref('c.webhook_id')} order by ${sql.ref(
  'c.next_attempt_at',
)}, ${sql.ref('c.id')})`;

/**
 * How many more deliveries webhook `r.webhook_id` may have in flight here. Ids and counts are our own
 * integers, inlined so PostgreSQL types the CASE as one integer.
 */
function roomOf(request: ClaimRequest) {
  const partial = [...request.inFlightByWebhook].filter(
    ([, count]) => count > 0 && count < request.perWebhookLimit,
  );
  if (partial.length === 0) return sql<number>`${sql.lit(request.perWebhookLimit)}`;
  return sql<number>`case ${sql.ref('r.webhook_id')} ${sql.join(
    partial.map(([id, count]) => sql`when ${sql.lit(id)} then ${sql.lit(request.perWebhookLimit - count)}`),
    sql` `,
  )} else ${sql.lit(request.perWebhookLimit)} end`;
}

/** Due deliveries of enabled webhooks, oldest first; the same rows `dueDeliveries` chooses. */
const SQLITE_DUE = `select d.id, d.webhook_id from deliveries d
  join webhooks w on w.id = d.webhook_id
  join events ev on ev.id = d.event_id
  where d.state = 'pending' and d.next_attempt_at <= ? and w.is_enabled = 1
    and d.webhook_id not in (select value from json_each(?))
  order by d.next_attempt_at, d.id
  limit ?`;

// Unary plus: without it SQLite walks the (state, next_attempt_at) index of all pending rows instead of
// looking up the chosen ids. The state guard keeps a row from being claimed twice.
const SQLITE_TAKE = `update deliveries
  set state = 'in_flight', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
  where id in (select value from json_each(?)) and +state = 'pending'
  returning id, event_id, webhook_id, attempts`;

const SQLITE_EVENTS = `select id, event_type, resource_id, resource_id_type, body from events
  where id in (select value from json_each(?))`;

const SQLITE_WEBHOOKS = `select id, organization_id, url, should_retry, signature_secret, previous_secret,
    previous_secret_expires_at
  from webhooks where id in (select value from json_each(?))`;

/**
 * SQLite: the due rows are read, each webhook's room is applied here (the same rule as `roomOf`), the chosen
 * ones are taken, then their events and webhooks are read, one statement each.
 */
async function claimOnSqlite(
  db: Kysely<Database>,
  request: ClaimRequest,
  scan: number,
): Promise<ClaimedDelivery[]> {
  const due = await run<{ id: number; webhook_id: number }>(db, SQLITE_DUE, [
    request.now,
    JSON.stringify(saturatedWebhooks(request)),
    scan,
  ]);
  const inFlight = new Map(request.inFlightByWebhook);
  const chosen: number[] = [];
  for (const row of due) {
    if (chosen.length >= request.limit) break;
    const count = inFlight.get(row.webhook_id) ?? 0;
    if (count >= request.perWebhookLimit) continue;
    inFlight.set(row.webhook_id, count + 1);
    chosen.push(row.id);
  }
  if (chosen.length === 0) return [];
  const taken = await run<{ id: number; event_id: number; webhook_id: number; attempts: number }>(
    db,
    SQLITE_TAKE,
    [request.owner, request.now + request.leaseMs, request.now, JSON.stringify(chosen)],
  );
  const events = new Map(
    (
      await run<{
        id: number;
        event_type: string;
        resource_id: string;
        resource_id_type: string;
        body: string;
      }>(db, SQLITE_EVENTS, [JSON.stringify(taken.map((d) => d.event_id))])
    ).map((e) => [e.id, e]),
  );
  const webhooks = new Map(
    (
      await run<{
        id: number;
        organization_id: number;
        url: string;
        should_retry: number;
        signature_secret: string;
        previous_secret: string | null;
        previous_secret_expires_at: number | null;
      }>(db, SQLITE_WEBHOOKS, [JSON.stringify([...new Set(taken.map((d) => d.webhook_id))])])
    ).map((w) => [w.id, w]),
  );
  const order = new Map(chosen.map((id, index) => [id, index]));
  return taken
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .map((d) => {
      const event = events.get(d.event_id);
      const webhook = webhooks.get(d.webhook_id);
      return toClaimed({
        ...d,
        event_type: event?.event_type ?? null,
        resource_id: event?.resource_id ?? null,
        resource_id_type: event?.resource_id_type ?? null,
        body: event?.body ?? null,
        organization_id: webhook?.organization_id ?? null,
        url: webhook?.url ?? null,
        should_retry: webhook?.should_retry ?? null,
        signature_secret: webhook?.signature_secret ?? null,
        previous_secret: webhook?.previous_secret ?? null,
        previous_secret_expires_at: webhook?.previous_secret_expires_at ?? null,
      });
    });
}

/**
 * PostgreSQL: the candidates are locked with FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint
 * batches without waiting on each other; the CTEs are materialised so each LIMIT applies exactly once.
 */
async function claimOnPostgres(
  db: Kysely<Database>,
  request: ClaimRequest,
  scan: number,
): Promise<ClaimedDelivery[]> {
  // Until autovacuum has analysed a fresh or bulk-loaded table, the planner guesses a handful of pending
  // rows and would fetch and sort them all; walking the pending index in order is always right here. No
  // JIT: the penalty on the ranking's small sort would otherwise make the query look worth compiling.
  await sql`select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true),
    set_config('jit', 'off', true)`.execute(db);
  const rows = await db
    .with(
      (cte) => cte('candidates').materialized(),
      (qb) => dueDeliveries(qb, request, scan).forUpdate('d').skipLocked(),
    )
    .with(
      (cte) => cte('chosen').materialized(),
      (qb) =>
        qb
          .selectFrom(
            qb
              .selectFrom('candidates as c')
              .select(['c.id', 'c.webhook_id', rankInWebhook.as('rn')])
              .as('r'),
          )
          .select('r.id')
          .where('r.rn', '<=', roomOf(request))
          .limit(request.limit),
    )
    .updateTable('deliveries as d')
    .from(['chosen', 'events as e', 'webhooks as w'])
    .set((eb) => ({
      state: 'in_flight',
      lease_owner: request.owner,
      lease_until: request.now + request.leaseMs,
      attempts: eb('d.attempts', '+', 1),
      updated_at: request.now,
    }))
    .whereRef('d.id', '=', 'chosen.id')
    .whereRef('e.id', '=', 'd.event_id')
    .whereRef('w.id', '=', 'd.webhook_id')
    .where('d.state', '=', 'pending')
    .returning([
      'd.id',
      'd.event_id',
      'd.webhook_id',
      'd.attempts',
      'e.event_type',
      'e.resource_id',
      'e.resource_id_type',
      'e.body',
      'w.organization_id',
      'w.url',
      'w.should_retry',
      'w.signature_secret',
      'w.previous_secret',
      'w.previous_secret_expires_at',
    ])
    .execute();
  return rows.map(toClaimed);
}

interface ClaimedRow {
  id: number;
  event_id: number;
  webhook_id: number;
  attempts: number;
  event_type: string | null;
  resource_id: string | null;
  resource_id_type: string | null;
  body: string | null;
  organization_id: number | null;
  url: string | null;
  should_retry: number | null;
  signature_secret: string | null;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
}

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  // Only deliveries with their event and webhook are claimed; the claim's own statement saw both.
  if (row.body === null || row.url === null || row.signature_secret === null) {
    throw new Error(`Claimed delivery ${row.id} has no event or webhook (event ${row.event_id})`);
  }
  return {
    id: row.id,
    eventId: row.event_id,
    webhookId: row.webhook_id,
    attempt: row.attempts,
    organizationId: row.organization_id ?? 0,
    url: row.url,
    shouldRetry: row.should_retry === 1,
    secret: row.signature_secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    eventType: row.event_type ?? '',
    resourceId: row.resource_id ?? '',
    resourceIdType: row.resource_id_type ?? '',
    body: row.body,
  };
}
