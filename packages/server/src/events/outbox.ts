/**
 * The transactional outbox. Events are shaped by the catalog, buffered on the unit of work, and written
 * with their deliveries (one per subscribed, enabled webhook of the organization or an ancestor) just
 * before commit. A rolled-back unit writes nothing; a committed one always has its events.
 */
import { buildPayload } from '@carehooks/catalog';
import { CompiledQuery, sql } from 'kysely';
import { DELIVERY_CHANNEL } from '../core/wire/index.js';
import type { DialectName } from '../store/dialect.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

export interface EventInput {
  organizationId: number;
  eventType: string;
  resourceId: string | number;
  /** Association fields the catalog lists for this event; every one must be given (null where nullable). */
  extras?: Record<string, string | number | null>;
  changedFields?: string[];
}

export interface RecordedEvent {
  organizationId: number;
  eventType: string;
  resourceId: string;
  resourceIdType: string;
  body: string;
  /** The W3C traceparent of the span that emitted it; only set when tracing is on. */
  traceParent?: string;
}

/**
 * The current trace context as a W3C `traceparent`, or undefined outside any span. Given only when
 * tracing is on, so the outbox knows nothing of OpenTelemetry.
 */
export type TraceParentSource = () => string | undefined;

/** Called after each commit that wrote deliveries, so an in-process dispatcher wakes at once. */
export type CommitListener = (events: readonly RecordedEvent[]) => void;

const buffers = new WeakMap<UnitOfWork, RecordedEvent[]>();

/**
 * The PostgreSQL server's clock in epoch milliseconds, as delivery/database-clock.ts reads it (this layer may
 * not import that one). A new delivery is due at once by the clock the workers' claims compare due times
 * with, so an API process whose clock is off neither delays nor advances it.
 */
const DATABASE_NOW_TEXT = '(extract(epoch from now()) * 1000)::bigint';

export function shapeEvent(input: EventInput): RecordedEvent {
  const extras: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(input.extras ?? {})) {
    extras[key] = value === null ? null : String(value);
  }
  const payload = buildPayload(input.eventType, String(input.resourceId), extras, input.changedFields ?? []);
  return {
    organizationId: input.organizationId,
    eventType: payload.event_type,
    resourceId: payload.resource_id,
    resourceIdType: payload.resource_id_type,
    body: JSON.stringify(payload),
  };
}

export class Outbox {
  private readonly listeners = new Set<CommitListener>();
  private readonly traceParent: TraceParentSource | undefined;

  constructor(options: { traceParent?: TraceParentSource | undefined } = {}) {
    this.traceParent = options.traceParent;
  }

  /** Buffers an event on the unit of work; it is written just before the unit commits. */
  emit(uow: UnitOfWork, input: EventInput): RecordedEvent {
    const event = this.shape(input);
    let buffer = buffers.get(uow);
    if (!buffer) {
      const events: RecordedEvent[] = [];
      buffer = events;
      buffers.set(uow, events);
      uow.beforeCommit(() => this.flush(uow, events));
    }
    buffer.push(event);
    return event;
  }

  /**
   * Buffers an event for one webhook only, bypassing the fan-out to subscribers (sendTestWebhook): the event
   * and its single delivery are written just before the unit commits, and the dispatcher is woken as usual.
   */
  emitToWebhook(uow: UnitOfWork, webhookId: number, input: EventInput): RecordedEvent {
    const event = this.shape(input);
    uow.beforeCommit(async () => {
      const [eventId] = await writeEvents(uow, [event]);
      await uow.db
        .insertInto('deliveries')
        .values({
          event_id: eventId!,
          webhook_id: webhookId,
          state: 'pending',
          attempts: 0,
          next_attempt_at: uow.dialect === 'postgres' ? sql<number>`${sql.raw(DATABASE_NOW_TEXT)}` : uow.now,
          created_at: uow.now,
          updated_at: uow.now,
        })
        .execute();
      await this.wake(uow, [event]);
    });
    return event;
  }

  /**
   * Wakes dispatchers once the unit commits, for deliveries made due again without a new event
   * (resendSentWebhook, recoverWebhook).
   */
  wakeOnCommit(uow: UnitOfWork): Promise<void> {
    return this.wake(uow, []);
  }

  /** The trace context is read as the event is emitted, inside the span (the mutation) that caused it. */
  private shape(input: EventInput): RecordedEvent {
    const event = shapeEvent(input);
    const traceParent = this.traceParent?.();
    if (traceParent !== undefined) event.traceParent = traceParent;
    return event;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async flush(uow: UnitOfWork, events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    let madeDeliveries: boolean;
    if (uow.dialect === 'postgres') {
      // Events, fan-out and the other processes' wake-up in one round trip (see WRITE_AND_FAN_OUT_ON_POSTGRES).
      const { rows } = await uow.db.executeQuery(
        CompiledQuery.raw(WRITE_AND_FAN_OUT_ON_POSTGRES, [uow.now, JSON.stringify(events)]),
      );
      madeDeliveries = rows.length > 0;
    } else {
      madeDeliveries = (await fanOut(uow, await writeEvents(uow, events))) > 0;
    }
    // Events no webhook subscribes to give the dispatcher nothing to do: a turn would only find that out.
    if (madeDeliveries) this.wakeListeners(uow, events);
  }

  /** Wakes dispatchers once the unit commits: other processes through PostgreSQL, this one through listeners. */
  private async wake(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<void> {
    if (uow.dialect === 'postgres') {
      await sql`select pg_notify(${sql.lit(DELIVERY_CHANNEL)}, '')`.execute(uow.db);
    }
    this.wakeListeners(uow, events);
  }

  private wakeListeners(uow: UnitOfWork, events: readonly RecordedEvent[]): void {
    uow.afterCommit(() => {
      for (const listener of this.listeners) listener(events);
    });
  }
}

/*
 * Commit order per resource. On PostgreSQL, event ids come from a sequence as rows are inserted, so two
 * transactions may commit their ids out of order. Before taking ids, each unit takes a transaction-level
 * advisory lock on every resource it writes events for (in one sorted pass, so two units cannot deadlock;
 * the lock is an InitPlan under a one-time filter, so it runs before the first id is drawn). A unit writing
 * events about a resource thus waits until an earlier one doing so has committed: per resource, event and
 * delivery ids increase in commit order, which is what per-resource ordering sends by. On SQLite, units
 * commit one at a time in the order of their ids.
 *
 * A unit's events and their fan-out are statements of constant text whatever the number of events (two on
 * SQLite, one on PostgreSQL): the rows travel as one JSON parameter. Built with the query builder for every
 * mutation they cost as much CPU again as running them, and each number of events was another SQL text to
 * compile; as fixed texts the stores keep them prepared.
 */
const INSERT_EVENTS_ON_POSTGRES = `insert into events (organization_id, event_type, resource_id,
      resource_id_type, body, trace_parent, created_at)
    select e."organizationId", e."eventType", e."resourceId", e."resourceIdType", e.body, e."traceParent", $1
    from json_to_recordset($2::json)
      as e("organizationId" bigint, "eventType" text, "resourceId" text, "resourceIdType" text, body text,
        "traceParent" text)
    where (select count(*) from (select pg_advisory_xact_lock(k) from (
        select distinct hashtextextended(r."resourceIdType" || ':' || r."resourceId", 0) as k
        from json_to_recordset($2::json) as r("resourceId" text, "resourceIdType" text)
        order by k) as keys) as locked) >= 0`;

const WRITE_EVENTS: Record<DialectName, string> = {
  sqlite: `insert into events (organization_id, event_type, resource_id, resource_id_type, body, trace_parent,
      created_at)
    select value ->> 'organizationId', value ->> 'eventType', value ->> 'resourceId', value ->> 'resourceIdType',
      value ->> 'body', value ->> 'traceParent', ?
    from json_each(?)
    returning id`,
  postgres: `${INSERT_EVENTS_ON_POSTGRES} returning id`,
};

/**
 * Each event joined to the enabled webhooks of its organization's ancestry that subscribe to its type; a
 * webhook that orders per resource gets the resource as the delivery's ordering key (delivery/claim.ts). The
 * events are the unit's, between two ids: one statement wrote them all while holding the write lock, so their
 * ids are above every id before them and no other row's id lies between them. A range of the primary key is
 * cheaper to walk than a JSON list of ids. Ordered by event alone, the order that walk reads them in, so each
 * webhook's deliveries follow its events' order with nothing to sort: ordering by webhook too cost a temporary
 * B-tree per mutation (insert 5.9 -> 5.3 µs, median, one webhook).
 */
const FAN_OUT_ON_SQLITE = `insert into deliveries (event_id, webhook_id, state, attempts, next_attempt_at,
      created_at, updated_at, ordering_key)
    select ev.id, w.id, 'pending', 0, ?, ?, ?,
      case when w.ordering = 'per_resource' then ev.resource_id_type || ':' || ev.resource_id end
    from events ev
    join organization_closure oc on oc.descendant_id = ev.organization_id
    join webhooks w on w.organization_id = oc.ancestor_id and w.is_enabled = 1
    join webhook_events we on we.webhook_id = w.id and we.event_type = ev.event_type
    where ev.id between ? and ?
    order by ev.id`;

/**
 * On PostgreSQL a mutation's events, their fan-out (the same join as on SQLite, over the rows the insert
 * returns) and the notification waking other processes' dispatchers are one statement: each was a round trip
 * of its own, and with a client's round trip costing more CPU than the statement, the three were a large
 * share of a mutation's. Other processes are notified only when there is a delivery to send.
 */
const WRITE_AND_FAN_OUT_ON_POSTGRES = preparedOnPostgres(`with ev as (${INSERT_EVENTS_ON_POSTGRES}
    returning id, organization_id, event_type, resource_id, resource_id_type),
  fanned as (insert into deliveries (event_id, webhook_id, state, attempts, next_attempt_at, created_at,
      updated_at, ordering_key)
    select ev.id, w.id, 'pending', 0, ${DATABASE_NOW_TEXT}, $1, $1,
      case when w.ordering = 'per_resource' then ev.resource_id_type || ':' || ev.resource_id end
    from ev
    join organization_closure oc on oc.descendant_id = ev.organization_id
    join webhooks w on w.organization_id = oc.ancestor_id and w.is_enabled = 1
    join webhook_events we on we.webhook_id = w.id and we.event_type = ev.event_type
    order by ev.id, w.id
    returning 1)
  select pg_notify('${DELIVERY_CHANNEL}', '') where exists (select from fanned)`);

async function writeEvents(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<number[]> {
  const { rows } = await uow.db.executeQuery<{ id: number }>(
    CompiledQuery.raw(WRITE_EVENTS[uow.dialect], [uow.now, JSON.stringify(events)]),
  );
  return rows.map((row) => row.id);
}

/** Fans out the events one statement wrote; returns how many deliveries it made. */
async function fanOut(uow: UnitOfWork, eventIds: readonly number[]): Promise<number> {
  let first = Infinity;
  let last = -Infinity;
  for (const id of eventIds) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  const { numAffectedRows } = await uow.db.executeQuery(
    CompiledQuery.raw(FAN_OUT_ON_SQLITE, [uow.now, uow.now, uow.now, first, last]),
  );
  return Number(numAffectedRows ?? 0);
}
