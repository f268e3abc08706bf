/**
 * Parking: a due delivery the claim cannot take yet (its resource's turn has not come, or its webhook's send
 * slot lies ahead) gets `next_attempt_at` moved to when it is worth looking at again and `parked = 1`, so the
 * claim's walk over due rows skips it meanwhile and reaches the rest: one resource's or one webhook's queue
 * never holds up the others, and a queue is read again only when it may move.
 *
 * Per-resource ordering (webhooks with `ordering: per_resource`). Deliveries carry the resource as their
 * `ordering_key`; one is claimable only when nothing of its (webhook, key) is in flight and nothing of it is
 * pending with a lower id. Ids increase in commit order per resource (events/outbox.ts), so the resource's
 * deliveries go one at a time, in commit order, each waiting until the one before it succeeded or was given up
 * (failed, cancelled); a retry keeps its place at the head. A waiting one is parked until the blocking
 * delivery's lease runs out or its retry is due, and when a delivery ends, the dispatcher makes the next one
 * of its resource due at once (`releaseNextInLine`). Park times only bound how long a missed release could
 * delay a delivery; order never depends on them, as the claim checks the rule itself.
 *
 * With several workers on PostgreSQL: candidates are locked (FOR UPDATE SKIP LOCKED) and the rule is read in
 * the claim's snapshot, which sees any earlier delivery of the key as pending or in flight until its end has
 * committed, so two workers never send one resource's deliveries at once. A release writes the next row
 * whatever its `parked` flag, so it waits for a claim that locked that row and sees the parking once that
 * commits; and parking checks the rule again in a fresh snapshot, so a release that committed after the
 * claim's snapshot cannot be overwritten by a stale park.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DialectName } from '../store/dialect.js';
import type { Database, WebhookOrdering } from '../store/schema.js';
import { DATABASE_NOW_MS } from './database-clock.js';

/**
 * Null when the delivery `alias` may be sent now as far as ordering goes, else when to look at it again: the
 * lease of its key's delivery in flight, or the due time of the first one pending before it (the head of the
 * queue). Two seeks (PostgreSQL: into `deliveries_in_flight`, then `deliveries_ordering`; SQLite: both into
 * `deliveries_ordering`), written as `limit 1` lookups rather than min/max so that PostgreSQL does not walk
 * another index in value order instead; evaluated only for deliveries with a key.
 */
export function blockedUntilSql(alias: string): string {
  const sameKey = `o.webhook_id = ${alias}.webhook_id and o.ordering_key = ${alias}.ordering_key`;
  return `case when ${alias}.ordering_key is not null then coalesce(
      (select o.lease_until from deliveries o where ${sameKey} and o.state = 'in_flight' limit 1),
      (select o.next_attempt_at from deliveries o
        where ${sameKey} and o.state = 'pending' and o.id < ${alias}.id order by o.id limit 1)) end`;
}

export interface Parking {
  id: number;
  until: number;
}

const PARK: Record<DialectName, string> = {
  // Unary plus: a literal state would have SQLite walk every pending row instead of looking up the ids.
  sqlite: `update deliveries set parked = 1, next_attempt_at = p.value ->> 1
    from json_each(?) p
    where deliveries.id = p.value ->> 0 and +deliveries.state = 'pending'`,
  postgres: `update deliveries d set parked = 1, next_attempt_at = p.until
    from json_to_recordset($1::json) as p(id bigint, until bigint)
    where d.id = p.id and d.state = 'pending'`,
};

/**
 * As PARK, for deliveries waiting for their resource's turn: only those still waiting in a fresh snapshot.
 * Each named row is tested on its own (lateral, by id): joined as a whole, the planner walked every pending row
 * and ran the waiting test on each, 0.9 s for 256 rows with 40,000 pending. `offset 0` keeps the lateral
 * subquery a subquery: without it the planner flattened it into that same join (174 ms for 100 rows with
 * 20,000 pending).
 */
const PARK_BLOCKED = `update deliveries d set parked = 1, next_attempt_at = waiting.until
    from json_to_recordset($1::json) as p(id bigint, until bigint)
    cross join lateral (select w.id, p.until from deliveries w
      where w.id = p.id and w.state = 'pending' and (${blockedUntilSql('w')}) is not null
      offset 0) as waiting
    where d.id = waiting.id`;

/** Parks deliveries the claim holds (locked on PostgreSQL); must run in the claim's transaction. */
export async function parkDeliveries(
  db: Kysely<Database>,
  dialect: DialectName,
  parkings: readonly Parking[],
  waitingForTurn: boolean,
): Promise<void> {
  if (parkings.length === 0) return;
  // SQLite runs one writer at a time, so the claim's own reading of the rule is still current.
  const text = dialect === 'postgres' && waitingForTurn ? PARK_BLOCKED : PARK[dialect];
  const rows = dialect === 'sqlite' ? parkings.map((p) => [p.id, p.until]) : parkings;
  await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows)]));
}

export interface EndedDelivery {
  webhookId: number;
  orderingKey: string;
}

const RELEASE: Record<DialectName, string> = {
  sqlite: `update deliveries set next_attempt_at = min(next_attempt_at, ?), parked = 0
    where parked = 1 and id in (
      select (select min(n.id) from deliveries n
        where n.webhook_id = k.value ->> 0 and n.ordering_key = k.value ->> 1 and n.state = 'pending')
      from json_each(?) k)`,
  // Due now by the database's clock, which the claims compare due times with (database-clock.ts). Each
  // resource's next delivery is its first pending entry in the ordering index (by id), looked up once and then
  // joined by id: written as `id in (select min(…))`, the planner fetched every pending row of the webhook and
  // hashed the whole table, 222 ms for 20 ended deliveries with 40,000 pending against 0.5 ms this way.
  postgres: `update deliveries d
    set next_attempt_at = case when d.parked = 1
        then least(d.next_attempt_at, (extract(epoch from now()) * 1000)::bigint) else d.next_attempt_at end,
      parked = 0
    from json_to_recordset($1::json) as k(webhook_id bigint, ordering_key text)
    cross join lateral (select n.id from deliveries n
      where n.webhook_id = k.webhook_id and n.ordering_key = k.ordering_key and n.state = 'pending'
      order by n.id limit 1) as next
    where d.id = next.id`,
};

/**
 * Makes the next delivery of each resource whose delivery just ended (delivered, failed, cancelled) due now
 * if it was parked. Runs in the transaction that records the ends. `now` is this worker's clock, used on
 * SQLite only.
 */
export async function releaseNextInLine(
  db: Kysely<Database>,
  dialect: DialectName,
  ended: readonly EndedDelivery[],
  now: number,
): Promise<void> {
  if (ended.length === 0) return;
  const parameters =
    dialect === 'sqlite'
      ? [now, JSON.stringify(ended.map((e) => [e.webhookId, e.orderingKey]))]
      : [JSON.stringify(ended.map((e) => ({ webhook_id: e.webhookId, ordering_key: e.orderingKey })))];
  await db.executeQuery(CompiledQuery.raw(RELEASE[dialect], parameters));
}

/**
 * Applies a webhook's changed options to deliveries not yet sent, in the unit of work that changes them: its
 * parked deliveries become due now (their park times were worked out under the old options), and a change of
 * ordering gives its pending and in-flight deliveries their ordering key or takes it away, so the new rule
 * covers the backlog too. `ordering` is undefined when it did not change.
 */
export async function applyWebhookOptions(
  db: Kysely<Database>,
  dialect: DialectName,
  webhookId: number,
  ordering: WebhookOrdering | undefined,
  now: number,
): Promise<void> {
  // One state at a time, written as a literal: each dialect indexes a webhook's pending rows and its rows in
  // flight apart, in partial indexes a plan can use only when it sees the state (migrations 0013, 0015).
  for (const state of ordering === undefined ? [] : (['pending', 'in_flight'] as const)) {
    await db
      .updateTable('deliveries')
      .set((eb) => ({
        ordering_key:
          ordering === 'none'
            ? null
            : eb
                .selectFrom('events as e')
                .select(sql<string>`e.resource_id_type || ':' || e.resource_id`.as('key'))
                .whereRef('e.id', '=', 'deliveries.event_id'),
      }))
      .where('webhook_id', '=', webhookId)
      .where('state', '=', sql.lit(state))
      .execute();
  }
  await db
    .updateTable('deliveries')
    // Due now by the clock the claims compare with: the database's on PostgreSQL (database-clock.ts).
    .set({ next_attempt_at: dialect === 'postgres' ? DATABASE_NOW_MS : now, parked: 0 })
    .where('webhook_id', '=', webhookId)
    .where('state', '=', 'pending')
    .where('parked', '=', 1)
    .execute();
}
