/**
 * Claiming due deliveries: a batch moves from `pending` to `in_flight` under this worker's lease, and the
 * claim returns everything a send needs (body, URL, secrets), so sending reads nothing per delivery.
 *
 * Webhooks already at this process's per-webhook limit are left out of the claim, and the others get at
 * most their remaining room, so a receiver that never answers cannot fill the batch and hold up the rest. On
 * SQLite the claim then seeks the others' due rows webhook by webhook, so it never walks the backlog of the
 * webhooks left out either.
 *
 * Webhook options: a delivery of a `per_resource` webhook whose resource's turn has not come is parked
 * (parking.ts), and deliveries of a webhook with `max_per_second` are taken only as the shared schedule gives
 * them slots, each with the time its send may start, the rest parked until their slot nears (send-rate.ts).
 * Webhooks with neither cost the claim one null test per row.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { PayloadIdFormat } from '@carehooks/catalog';
import type { SignatureScheme } from '../core/wire/index.js';
import { SQLITE_BOUND_LIMIT, type DialectName } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import { applyClaimPlannerSettings } from './claim-planner.js';
import { DATABASE_NOW_MS } from './database-clock.js';
import { blockedUntilSql, parkDeliveries, type Parking } from './parking.js';
import { saveSchedules, slotLimited, SLOT_HORIZON_MS, type Schedule } from './send-rate.js';

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
  signatureScheme: SignatureScheme;
  /** Whether the webhook takes its ids as numbers: the body sent is then derived (payload-id-format.ts). */
  payloadIdFormat: PayloadIdFormat;
  eventType: string;
  resourceId: string;
  resourceIdType: string;
  /** The exact bytes to send, as the outbox stored them. */
  body: string;
  /** The W3C traceparent stored with the event when tracing was on: the attempt's span joins that trace. */
  traceParent: string | null;
  /** The resource, when the webhook orders per resource: its next delivery is released when this one ends. */
  orderingKey: string | null;
  /** When the send may start: later than the claim only for a webhook with `max_per_second`. */
  sendAt: number;
}

export interface ClaimRequest {
  owner: string;
  /** This worker's clock: due times and stamps. PostgreSQL leases take the database's (database-clock.ts). */
  now: number;
  leaseMs: number;
  /** How many deliveries to take at most. */
  limit: number;
  /** The in-flight limit of a webhook not in `raisedLimits` (webhook-limits.ts). */
  perWebhookLimit: number;
  /** Webhooks whose limit here has grown above `perWebhookLimit`, with that limit. */
  raisedLimits: ReadonlyMap<number, number>;
  /** Deliveries of each webhook this worker is sending right now (webhooks absent have none). */
  inFlightByWebhook: ReadonlyMap<number, number>;
}

function limitOf(request: ClaimRequest, webhookId: number): number {
  return request.raisedLimits.get(webhookId) ?? request.perWebhookLimit;
}

/** Webhooks with a delivery in flight here or a raised limit, and the room each has left. */
function roomByWebhook(request: ClaimRequest): Map<number, number> {
  const room = new Map<number, number>();
  for (const id of new Set([...request.inFlightByWebhook.keys(), ...request.raisedLimits.keys()])) {
    room.set(id, Math.max(0, limitOf(request, id) - (request.inFlightByWebhook.get(id) ?? 0)));
  }
  return room;
}

export interface Claim {
  deliveries: ClaimedDelivery[];
  /** The claim took all it looked at, or parked some of a full scan: more may be due right now. */
  mayHaveMore: boolean;
  /** The earliest time a delivery parked by this claim becomes due, if any was. */
  wakeAt: number | null;
}

/** What a dialect's claim did: the deliveries taken, how many due rows it looked at, what it parked. */
export interface ClaimResult {
  deliveries: ClaimedDelivery[];
  /** The scan size when the claim stopped at a bound of its scan rather than at the last due row. */
  walked: number;
  parked: Parking[];
}

/**
 * Due rows looked at per claim. Each costs an index step and two lookups, so the scan is sized to what
 * could be taken: the room of the webhooks already in flight here plus a few more, at most four rows per
 * delivery wanted. It grows as more webhooks become active.
 */
const SCAN_FACTOR = 4;
const SPARE_WEBHOOKS = 4;

/**
 * Due rows looked at by a claim: the room of the webhooks already in flight here (or with a raised limit)
 * plus SPARE_WEBHOOKS webhooks' worth, at most SCAN_FACTOR rows per delivery wanted.
 */
export function claimScan(request: ClaimRequest): number {
  const activeLimits = [...roomByWebhook(request)]
    .filter(([, room]) => room > 0)
    .reduce((sum, [id]) => sum + limitOf(request, id), 0);
  return Math.min(request.limit * SCAN_FACTOR, activeLimits + request.perWebhookLimit * SPARE_WEBHOOKS);
}

/**
 * PostgreSQL's scan: claimScan, but no further than the claim's limit and one webhook's room beyond it. Its
 * walk locks every row it reads (FOR UPDATE SKIP LOCKED, POSTGRES_CLAIM_CTES), and a lock writes the row and a
 * WAL record: with all webhooks having room, a drain's claims took about half the rows they walked and locked
 * them all, again at every turn. The rows it leaves are the ones behind webhooks whose room this claim fills:
 * those are at their limit in the next claim and left out of its walk, which the end of their sends brings.
 */
export function postgresClaimScan(request: ClaimRequest): number {
  return Math.min(claimScan(request), request.limit + request.perWebhookLimit);
}

/** A claim's summary: whether more may be due right now, and when the first delivery it parked comes due. */
export function claimOf(
  request: ClaimRequest,
  scan: number,
  { deliveries, walked, parked }: ClaimResult,
): Claim {
  return {
    deliveries,
    // Parked rows leave the due set, so a full scan that parked some may have more behind them.
    mayHaveMore:
      deliveries.length === Math.min(request.limit, scan) || (parked.length > 0 && walked === scan),
    wakeAt: parked.length > 0 ? Math.min(...parked.map((p) => p.until)) : null,
  };
}

const nothingClaimed = (): Claim => ({ deliveries: [], mayHaveMore: false, wakeAt: null });

/** Must run inside a transaction (the dispatcher's turn). */
export async function claimDeliveries(
  db: Kysely<Database>,
  dialect: DialectName,
  request: ClaimRequest,
): Promise<Claim> {
  if (request.limit <= 0) return nothingClaimed();
  const scan = dialect === 'postgres' ? postgresClaimScan(request) : claimScan(request);
  const claimOnDialect = dialect === 'postgres' ? claimOnPostgres : claimOnSqlite;
  return claimOf(request, scan, await claimOnDialect(db, request, scan));
}

/** A due row as the claim sees it, with what decides whether it can be taken now. */
interface DueRow {
  id: number;
  webhook_id: number;
  /** Null when its resource's turn has come (or the webhook does not order); see parking.ts. */
  blocked_until: number | null;
  max_per_second: number | null;
}

/**
 * Until when a delivery waiting for its resource's turn is parked: until the blocking lease runs out or the
 * earlier delivery's retry is due; when that has passed already, for a lease (the release comes first).
 * On PostgreSQL `request.now` is the database's clock, which stamped those times (claimOnPostgres).
 */
function turnParking(row: DueRow, request: ClaimRequest): Parking {
  const until = row.blocked_until!;
  return { id: row.id, until: until > request.now ? until : request.now + request.leaseMs };
}

function groupByWebhook(rows: readonly { id: number; webhook_id: number }[]): Map<number, number[]> {
  const byWebhook = new Map<number, number[]>();
  for (const row of rows) {
    const ids = byWebhook.get(row.webhook_id);
    if (ids) ids.push(row.id);
    else byWebhook.set(row.webhook_id, [row.id]);
  }
  return byWebhook;
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
    .filter(([id, count]) => count >= limitOf(request, id))
    .map(([webhookId]) => webhookId);
}

const SQLITE_DUE_COLUMNS = `d.id, d.webhook_id, d.next_attempt_at, w.max_per_second, w.rate_next_slot_at,
    ${blockedUntilSql('d')} as blocked_until`;

/** A due row with its webhook and its event: a delivery is taken only with both there (claimOnSqlite reads them). */
const SQLITE_DUE_FROM = `from deliveries d
    join webhooks w on w.id = d.webhook_id
    join events ev on ev.id = d.event_id`;

/**
 * Due deliveries of enabled webhooks, oldest first; the same rows POSTGRES_CLAIM's candidates are. One walk of
 * the due order: the cheapest way to them while every webhook may take some.
 */
const SQLITE_DUE = `select ${SQLITE_DUE_COLUMNS}
  ${SQLITE_DUE_FROM}
  where d.state = 'pending' and d.next_attempt_at <= ? and w.is_enabled = 1
  order by d.next_attempt_at, d.id
  ${SQLITE_BOUND_LIMIT}`;

/**
 * SQLITE_DUE's walk, on from the row it stopped at (its due time and id): first the rest of that due time,
 * then the later ones. Two parts, as SQLite seeks an index by the due time only when it is to continue from a
 * (due time, id) pair (the id is the rowid every index ends with), then walks every row of that due time up to
 * the id: a drain's events commit hundreds at a time, with one due time.
 */
const SQLITE_DUE_AFTER = `select * from (select ${SQLITE_DUE_COLUMNS}
    ${SQLITE_DUE_FROM}
    where d.state = 'pending' and d.next_attempt_at = ? and d.id > ? and w.is_enabled = 1
    order by d.id
    ${SQLITE_BOUND_LIMIT})
  union all
  select * from (select ${SQLITE_DUE_COLUMNS}
    ${SQLITE_DUE_FROM}
    where d.state = 'pending' and d.next_attempt_at > ? and d.next_attempt_at <= ? and w.is_enabled = 1
    order by d.next_attempt_at, d.id
    ${SQLITE_BOUND_LIMIT})
  ${SQLITE_BOUND_LIMIT}`;

/**
 * As SQLITE_DUE, when some webhooks are at their limit here (a JSON array of their ids) and left out: each
 * other enabled webhook's first due rows, up to its share, are sought in its slice of
 * deliveries_webhook_pending, then merged oldest first. Walking the due order instead would step over every
 * due row of the webhooks left out, on every turn: a receiver that never answers piles its rows up at the
 * front of that order. CROSS JOIN keeps SQLite from driving the join from deliveries.
 */
const SQLITE_DUE_BY_WEBHOOK = `select ${SQLITE_DUE_COLUMNS}
  from webhooks w
  cross join deliveries d on d.id in (select x.id from deliveries x
    where x.webhook_id = w.id and x.state = 'pending' and x.next_attempt_at <= ?
    order by x.next_attempt_at, x.id
    ${SQLITE_BOUND_LIMIT})
  cross join events ev on ev.id = d.event_id
  where w.is_enabled = 1 and w.id not in (select value from json_each(?))
  order by d.next_attempt_at, d.id
  ${SQLITE_BOUND_LIMIT}`;

type SqliteDueRow = DueRow & { next_attempt_at: number; rate_next_slot_at: number | null };

/**
 * The due rows of a SQLite claim sorted as they are read: those to take now (within their webhook's room and
 * the claim's limit; the same rule as POSTGRES_CLAIM's), those waiting for their resource's turn, and those of
 * rate-limited webhooks, which get their slots once all are read.
 */
class SqliteDueRows {
  readonly inFlight: Map<number, number>;
  readonly chosen: number[] = [];
  readonly waiting: Parking[] = [];
  readonly limited: SqliteDueRow[] = [];
  readonly schedules = new Map<number, Schedule>();

  constructor(private readonly request: ClaimRequest) {
    this.inFlight = new Map(request.inFlightByWebhook);
  }

  /** The claim's limit is taken by deliveries without a rate limit: rows further on could add nothing. */
  get full(): boolean {
    return this.chosen.length >= this.request.limit;
  }

  add(rows: readonly SqliteDueRow[]): void {
    const { request } = this;
    for (const row of rows) {
      if (row.blocked_until !== null) {
        this.waiting.push(turnParking(row, request));
      } else if (row.max_per_second !== null) {
        this.limited.push(row);
        this.schedules.set(row.webhook_id, {
          maxPerSecond: row.max_per_second,
          nextSlotAt: row.rate_next_slot_at,
        });
      } else if (!this.full) {
        const count = this.inFlight.get(row.webhook_id) ?? 0;
        if (count >= limitOf(request, row.webhook_id)) continue;
        this.inFlight.set(row.webhook_id, count + 1);
        this.chosen.push(row.id);
      }
    }
  }
}

/**
 * Reads the due rows a SQLite claim looks at into `due`, and returns how many it walked: the scan when it
 * stopped at the scan or at a webhook's share, as more may be due behind either (claimOf).
 *
 * The due order is walked as far as the claim's limit first, and on to the scan only if that did not fill the
 * limit: rows of webhooks with no room left are stepped over, and while all have room the first rows are
 * enough (in a drain to 4 webhooks, a claim of 124 walked 320 rows, 2.5 per delivery taken).
 */
async function walkDueOnSqlite(
  db: Kysely<Database>,
  request: ClaimRequest,
  scan: number,
  due: SqliteDueRows,
): Promise<number> {
  const saturated = saturatedWebhooks(request);
  if (saturated.length === 0) {
    const first = Math.min(scan, request.limit);
    const rows = await run<SqliteDueRow>(db, SQLITE_DUE, [request.now, first]);
    due.add(rows);
    const last = rows.at(-1);
    if (rows.length < first || due.full || last === undefined || first === scan) return rows.length;
    const rest = scan - first;
    const more = await run<SqliteDueRow>(db, SQLITE_DUE_AFTER, [
      last.next_attempt_at,
      last.id,
      rest,
      last.next_attempt_at,
      request.now,
      rest,
      rest,
    ]);
    due.add(more);
    return first + more.length;
  }
  // At most as many rows as the claim may take: the scan's margin makes up for the rows a walk of the due
  // order finds beyond their webhooks' room, and here each webhook brings no more than its share. No webhook
  // can take more than the largest room, so no share need be larger. Rows left behind either bound are
  // looked at by the next turn, at once if some were parked (claimOf).
  const bound = Math.min(scan, request.limit);
  const largestRoom = Math.max(request.perWebhookLimit, ...roomByWebhook(request).values());
  const share = Math.min(bound, largestRoom);
  const rows = await run<SqliteDueRow>(db, SQLITE_DUE_BY_WEBHOOK, [
    request.now,
    share,
    JSON.stringify(saturated),
    bound,
  ]);
  due.add(rows);
  const stoppedShort =
    rows.length === bound || [...groupByWebhook(rows).values()].some((ids) => ids.length === share);
  return stoppedShort ? scan : rows.length;
}

// Unary plus: without it SQLite walks the (state, next_attempt_at) index of all pending rows instead of
// looking up the chosen ids. The state guard keeps a row from being claimed twice. The lease is stamped
// with the worker's clock: every process using the file runs on this host, so all share that clock
// (PostgreSQL workers stamp with the database's, database-clock.ts).
const SQLITE_TAKE = `update deliveries
  set state = 'in_flight', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?, parked = 0
  where id in (select value from json_each(?)) and +state = 'pending'
  returning id, event_id, webhook_id, attempts, ordering_key`;

interface TakenRow {
  id: number;
  event_id: number;
  webhook_id: number;
  attempts: number;
  ordering_key: string | null;
}

const SQLITE_EVENTS = `select id, event_type, resource_id, resource_id_type, body, trace_parent from events
  where id in (select value from json_each(?))`;

const SQLITE_WEBHOOKS = `select id, organization_id, url, should_retry, signature_secret, previous_secret,
    previous_secret_expires_at, signature_scheme, payload_id_format
  from webhooks where id in (select value from json_each(?))`;

/**
 * SQLite: the due rows are read and sorted (SqliteDueRows), rate-limited webhooks get their slots, the chosen
 * ones are taken and the waiting ones parked, then the taken ones' events and webhooks are read, one statement
 * each.
 */
async function claimOnSqlite(
  db: Kysely<Database>,
  request: ClaimRequest,
  scan: number,
): Promise<ClaimResult> {
  const due = new SqliteDueRows(request);
  const walked = await walkDueOnSqlite(db, request, scan, due);
  const { inFlight, chosen, waiting, limited, schedules } = due;
  const slotted = slotLimited(groupByWebhook(limited), schedules, inFlight, request.limit - chosen.length, {
    now: request.now,
    limitOf: (id) => limitOf(request, id),
  });
  await parkDeliveries(db, 'sqlite', waiting, true);
  await parkDeliveries(db, 'sqlite', slotted.park, false);
  await saveSchedules(db, slotted.schedules);
  const parked = [...waiting, ...slotted.park];
  const take = (ids: readonly number[], leaseMs: number) =>
    ids.length === 0
      ? Promise.resolve([])
      : run<TakenRow>(db, SQLITE_TAKE, [
          request.owner,
          request.now + leaseMs,
          request.now,
          JSON.stringify(ids),
        ]);
  // A send waiting for its slot keeps its lease for the whole send.
  const taken = [
    ...(await take(chosen, request.leaseMs)),
    ...(await take(
      slotted.take.map((t) => t.id),
      request.leaseMs + SLOT_HORIZON_MS,
    )),
  ];
  if (taken.length === 0) return { deliveries: [], walked, parked };
  const sendAt = new Map(slotted.take.map((t) => [t.id, t.sendAt]));
  const events = new Map(
    (
      await run<{
        id: number;
        event_type: string;
        resource_id: string;
        resource_id_type: string;
        body: string;
        trace_parent: string | null;
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
        signature_scheme: SignatureScheme;
        payload_id_format: PayloadIdFormat;
      }>(db, SQLITE_WEBHOOKS, [JSON.stringify([...new Set(taken.map((d) => d.webhook_id))])])
    ).map((w) => [w.id, w]),
  );
  const order = new Map([...chosen, ...slotted.take.map((t) => t.id)].map((id, index) => [id, index]));
  const deliveries = taken
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .map((d): ClaimedDelivery => {
      const event = events.get(d.event_id);
      const webhook = webhooks.get(d.webhook_id);
      // The take and these two reads run in one write transaction, so the event and webhook are there.
      if (!event || !webhook) {
        throw new Error(`Claimed delivery ${d.id} has no event or webhook (event ${d.event_id})`);
      }
      // Built straight from the rows: a merged row per delivery cost more than the statements that read them.
      return {
        id: d.id,
        eventId: d.event_id,
        webhookId: d.webhook_id,
        attempt: d.attempts,
        organizationId: webhook.organization_id,
        url: webhook.url,
        shouldRetry: webhook.should_retry === 1,
        secret: webhook.signature_secret,
        previousSecret: webhook.previous_secret,
        previousSecretExpiresAt: webhook.previous_secret_expires_at,
        signatureScheme: webhook.signature_scheme,
        payloadIdFormat: webhook.payload_id_format,
        eventType: event.event_type,
        resourceId: event.resource_id,
        resourceIdType: event.resource_id_type,
        body: event.body,
        traceParent: event.trace_parent,
        orderingKey: d.ordering_key,
        sendAt: sendAt.get(d.id) ?? request.now,
      };
    });
  return { deliveries, walked, parked };
}

/** What a claim returns of each delivery it takes on PostgreSQL. */
const CLAIMED_COLUMNS = [
  'd.id',
  'd.event_id',
  'd.webhook_id',
  'd.attempts',
  'd.ordering_key',
  'e.event_type',
  'e.resource_id',
  'e.resource_id_type',
  'e.body',
  'e.trace_parent',
  'w.organization_id',
  'w.url',
  'w.should_retry',
  'w.signature_secret',
  'w.previous_secret',
  'w.previous_secret_expires_at',
  'w.signature_scheme',
  'w.payload_id_format',
] as const;

/** DATABASE_NOW_MS (database-clock.ts) as text, for the claim's constant SQL. */
const PG_NOW_MS = `(extract(epoch from now()) * 1000)::bigint`;

/**
 * PostgreSQL: the claim's first statement, of constant text, so it is prepared once per connection (built per
 * turn, the room counts and exclusion lists written into it made a new text to build, parse and plan nearly
 * every turn); its CTEs also make most of a routine turn's single statement (routine-turn.ts). Parameters:
 * $1 the webhooks at their limit here (JSON ids), $2 the scan size, $3 the room left to webhooks partly in
 * flight here or with a raised limit (JSON [id, room] pairs), $4 the room of any other webhook, $5 how many
 * to take, $6 the owner, $7 the lease, $8 this worker's clock (for updated_at).
 *
 * The state is a literal: the planner only uses the partial index on pending rows when it can see that. The
 * guard on the saturated webhooks is uncorrelated, so PostgreSQL evaluates it once, before the scan: when
 * the saturated webhooks hold all the due rows, the scan would otherwise walk every one of them to find nothing.
 */
export const POSTGRES_CLAIM_CTES = `saturated as materialized (
    select value::bigint as id from json_array_elements_text($1::json)),
  candidates as materialized (
    select d.id, d.webhook_id, d.next_attempt_at, w.max_per_second, ${blockedUntilSql('d')} as blocked_until
    from deliveries d
    join webhooks w on w.id = d.webhook_id
    join events ev on ev.id = d.event_id
    where d.state = 'pending' and d.next_attempt_at <= ${PG_NOW_MS} and w.is_enabled = 1
      and d.webhook_id not in (select id from saturated)
      and (not exists (select 1 from saturated) or exists (
        select 1 from webhooks w2
        where w2.is_enabled = 1 and w2.id not in (select id from saturated)
          and exists (select 1 from deliveries d2
            where d2.webhook_id = w2.id and d2.state = 'pending' and d2.next_attempt_at <= ${PG_NOW_MS})))
    order by d.next_attempt_at, d.id
    limit $2
    for update of d skip locked),
  room as materialized (
    select (value ->> 0)::bigint as webhook_id, (value ->> 1)::bigint as n from json_array_elements($3::json)),
  chosen as materialized (
    select r.id from (
      select c.id, c.webhook_id,
        row_number() over (partition by c.webhook_id order by c.next_attempt_at, c.id) as rn
      from candidates c
      where c.blocked_until is null and c.max_per_second is null) r
    where r.rn <= coalesce((select room.n from room where room.webhook_id = r.webhook_id), $4::bigint)
    limit $5),
  taken as (
    update deliveries d
    set state = 'in_flight', lease_owner = $6, lease_until = ${PG_NOW_MS} + $7::bigint,
      attempts = d.attempts + 1, updated_at = $8, parked = 0
    from chosen, events e, webhooks w
    where d.id = chosen.id and e.id = d.event_id and w.id = d.webhook_id and d.state = 'pending'
    returning ${CLAIMED_COLUMNS.join(', ')})`;

/**
 * What POSTGRES_CLAIM returns: the taken deliveries, then the candidates left to park or to slot (with the
 * taken columns null). Two parts rather than candidates joined to what was taken: the planner, which expects
 * one row of each, would pair every candidate with every delivery taken.
 */
export const POSTGRES_CLAIM_RESULT = `select t.*, null::bigint as candidate_id, null::bigint as candidate_webhook_id,
    null::bigint as candidate_due_at, null::bigint as blocked_until, null::integer as max_per_second,
    (select count(*) from candidates) as walked, ${PG_NOW_MS} as database_now
  from taken t
  union all
  select t.*, k.id, k.webhook_id, k.next_attempt_at, k.blocked_until, k.max_per_second,
    (select count(*) from candidates), ${PG_NOW_MS}
  from candidates k left join taken t on false
  where k.blocked_until is not null or k.max_per_second is not null`;

const POSTGRES_CLAIM = preparedOnPostgres(`with ${POSTGRES_CLAIM_CTES} ${POSTGRES_CLAIM_RESULT}`);

/** POSTGRES_CLAIM_CTES' eight parameters. */
export function postgresClaimParameters(request: ClaimRequest, scan: number): unknown[] {
  // Every webhook whose room differs from $4's: partly in flight here, or with a raised limit.
  const partial = [...roomByWebhook(request)].filter(([, room]) => room > 0);
  return [
    JSON.stringify(saturatedWebhooks(request)),
    scan,
    JSON.stringify(partial),
    request.perWebhookLimit,
    request.limit,
    request.owner,
    request.leaseMs,
    request.now,
  ];
}

/** What POSTGRES_CLAIM returns of each candidate beside the taken delivery's columns (null when not taken). */
export interface CandidateColumns {
  candidate_id: number;
  candidate_webhook_id: number;
  candidate_due_at: number;
  blocked_until: number | null;
  max_per_second: number | null;
  walked: number;
  /** The database's clock at the claim (database-clock.ts). */
  database_now: number;
}

/** POSTGRES_CLAIM's rows sorted out: the deliveries taken, and the candidates to park or to give slots. */
export function readClaimRows(rows: ReadonlyArray<ClaimedRow & CandidateColumns>, request: ClaimRequest) {
  const walked = rows[0]?.walked ?? 0;
  // Park times and send slots are worked out on the database's clock, shared by every worker (a skewed one
  // would park too long or too short and shift the webhooks' shared send schedules); `skew` maps the send
  // times and wake-ups this worker acts on back to its own clock.
  const onDatabaseClock = { ...request, now: rows[0]?.database_now ?? request.now };
  const skew = onDatabaseClock.now - request.now;
  const deliveries: ClaimedDelivery[] = [];
  const waiting: Parking[] = [];
  const limited: Array<DueRow & { due_at: number }> = [];
  for (const row of rows) {
    const due: DueRow = {
      id: row.candidate_id,
      webhook_id: row.candidate_webhook_id,
      blocked_until: row.blocked_until,
      max_per_second: row.max_per_second,
    };
    if (row.id !== null) deliveries.push(toClaimed(request.now, row as ClaimedRow));
    else if (due.blocked_until !== null) waiting.push(turnParking(due, onDatabaseClock));
    else if (due.max_per_second !== null) limited.push({ ...due, due_at: row.candidate_due_at });
  }
  return { deliveries, waiting, limited, walked, skew, onDatabaseClock };
}

/**
 * PostgreSQL: the candidates are locked with FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint
 * batches without waiting on each other; the CTEs are materialised so each LIMIT applies exactly once.
 *
 * One statement takes the candidates of webhooks without a rate limit whose turn has come, and returns them
 * along with the candidates left waiting for their resource's turn (parked next) and those of rate-limited
 * webhooks, which get their slots and are taken once their webhooks' schedules are locked.
 */
async function claimOnPostgres(
  db: Kysely<Database>,
  request: ClaimRequest,
  scan: number,
): Promise<ClaimResult> {
  await applyClaimPlannerSettings(db);
  const rows = (
    await db.executeQuery<ClaimedRow & CandidateColumns>(
      CompiledQuery.raw(POSTGRES_CLAIM, postgresClaimParameters(request, scan)),
    )
  ).rows;
  const { deliveries, waiting, limited, walked, skew, onDatabaseClock } = readClaimRows(rows, request);
  const onWorkerClock = (parked: readonly Parking[]) =>
    parked.map((p) => ({ id: p.id, until: p.until - skew }));
  await parkDeliveries(db, 'postgres', waiting, true);
  if (limited.length === 0) return { deliveries, walked, parked: onWorkerClock(waiting) };

  // The schedules are read under their rows' locks; a webhook whose row another worker's claim holds
  // gets no slots this turn rather than waiting for that transaction.
  limited.sort((a, b) => a.due_at - b.due_at || a.id - b.id);
  const locked = await db
    .selectFrom('webhooks')
    .select(['id', 'max_per_second', 'rate_next_slot_at'])
    .where('id', 'in', [...new Set(limited.map((row) => row.webhook_id))])
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  const schedules = new Map<number, Schedule>();
  for (const w of locked) {
    if (w.max_per_second !== null) {
      schedules.set(w.id, { maxPerSecond: w.max_per_second, nextSlotAt: w.rate_next_slot_at });
    }
  }
  const inFlight = new Map(request.inFlightByWebhook);
  for (const d of deliveries) inFlight.set(d.webhookId, (inFlight.get(d.webhookId) ?? 0) + 1);
  const slotted = slotLimited(
    groupByWebhook(limited),
    schedules,
    inFlight,
    request.limit - deliveries.length,
    { now: onDatabaseClock.now, limitOf: (id) => limitOf(request, id) },
  );
  await parkDeliveries(db, 'postgres', slotted.park, false);
  await saveSchedules(db, slotted.schedules);
  if (slotted.take.length > 0) {
    const sendAt = new Map(slotted.take.map((t) => [t.id, t.sendAt]));
    const taken = await db
      .updateTable('deliveries as d')
      .from(['events as e', 'webhooks as w'])
      .set((eb) => ({
        state: 'in_flight',
        lease_owner: request.owner,
        // A send waiting for its slot keeps its lease for the whole send.
        lease_until: sql<number>`${DATABASE_NOW_MS} + ${request.leaseMs + SLOT_HORIZON_MS}`,
        attempts: eb('d.attempts', '+', 1),
        updated_at: request.now,
        parked: 0,
      }))
      .where('d.id', 'in', [...sendAt.keys()])
      .whereRef('e.id', '=', 'd.event_id')
      .whereRef('w.id', '=', 'd.webhook_id')
      .where('d.state', '=', 'pending')
      .returning(CLAIMED_COLUMNS)
      .execute();
    taken.sort((a, b) => sendAt.get(a.id)! - sendAt.get(b.id)!);
    for (const row of taken) deliveries.push(toClaimed(sendAt.get(row.id)! - skew, row));
  }
  return { deliveries, walked, parked: onWorkerClock([...waiting, ...slotted.park]) };
}

export interface ClaimedRow {
  id: number;
  event_id: number;
  webhook_id: number;
  attempts: number;
  ordering_key: string | null;
  event_type: string | null;
  resource_id: string | null;
  resource_id_type: string | null;
  body: string | null;
  trace_parent: string | null;
  organization_id: number | null;
  url: string | null;
  should_retry: number | null;
  signature_secret: string | null;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  signature_scheme: SignatureScheme | null;
  payload_id_format: PayloadIdFormat | null;
}

function toClaimed(sendAt: number, row: ClaimedRow): ClaimedDelivery {
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
    signatureScheme: row.signature_scheme ?? 'healthie',
    payloadIdFormat: row.payload_id_format ?? 'string',
    eventType: row.event_type ?? '',
    resourceId: row.resource_id ?? '',
    resourceIdType: row.resource_id_type ?? '',
    body: row.body,
    traceParent: row.trace_parent,
    orderingKey: row.ordering_key,
    sendAt,
  };
}
