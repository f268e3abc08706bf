/**
 * The transactional outbox. Events are shaped by the catalog, buffered on the unit of work, and written
 * with their deliveries (one per subscribed, enabled webhook of the organization or an ancestor) just
 * before commit. A rolled-back unit writes nothing; a committed one always has its events.
 */
import { buildPayload } from '@carehooks/catalog';
import { sql } from 'kysely';
import { DELIVERY_CHANNEL } from '../core/wire/index.js';
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
}

/** Called after each commit that wrote deliveries, so an in-process dispatcher wakes at once. */
export type CommitListener = (events: readonly RecordedEvent[]) => void;

const buffers = new WeakMap<UnitOfWork, RecordedEvent[]>();

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

  /** Buffers an event on the unit of work; it is written just before the unit commits. */
  emit(uow: UnitOfWork, input: EventInput): RecordedEvent {
    const event = shapeEvent(input);
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
    const event = shapeEvent(input);
    uow.beforeCommit(async () => {
      const [eventId] = await writeEvents(uow, [event]);
      await uow.db
        .insertInto('deliveries')
        .values({
          event_id: eventId!,
          webhook_id: webhookId,
          state: 'pending',
          attempts: 0,
          next_attempt_at: uow.now,
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

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async flush(uow: UnitOfWork, events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const ids = await writeEvents(uow, events);
    await fanOut(uow, ids);
    await this.wake(uow, events);
  }

  /** Wakes dispatchers once the unit commits: other processes through PostgreSQL, this one through listeners. */
  private async wake(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<void> {
    if (uow.dialect === 'postgres') {
      await sql`select pg_notify(${sql.lit(DELIVERY_CHANNEL)}, '')`.execute(uow.db);
    }
    uow.afterCommit(() => {
      for (const listener of this.listeners) listener(events);
    });
  }
}

/** SQLite caps bound parameters per statement; 7 columns × 100 rows stays well inside it. */
const INSERT_CHUNK = 100;

async function writeEvents(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const rows = events.slice(start, start + INSERT_CHUNK).map((e) => ({
      organization_id: e.organizationId,
      event_type: e.eventType,
      resource_id: e.resourceId,
      resource_id_type: e.resourceIdType,
      body: e.body,
      created_at: uow.now,
    }));
    const inserted = await uow.db.insertInto('events').values(rows).returning('id').execute();
    for (const row of inserted) ids.push(row.id);
  }
  return ids;
}

/** One INSERT … SELECT: each event joined to the enabled webhooks of its organization's ancestry that subscribe. */
async function fanOut(uow: UnitOfWork, eventIds: readonly number[]): Promise<void> {
  for (let start = 0; start < eventIds.length; start += INSERT_CHUNK * 5) {
    const chunk = eventIds.slice(start, start + INSERT_CHUNK * 5);
    await uow.db
      .insertInto('deliveries')
      .columns(['event_id', 'webhook_id', 'state', 'attempts', 'next_attempt_at', 'created_at', 'updated_at'])
      .expression((eb) =>
        eb
          .selectFrom('events as ev')
          .innerJoin('organization_closure as oc', 'oc.descendant_id', 'ev.organization_id')
          .innerJoin('webhooks as w', (join) =>
            join.onRef('w.organization_id', '=', 'oc.ancestor_id').on('w.is_enabled', '=', 1),
          )
          .innerJoin('webhook_events as we', (join) =>
            join.onRef('we.webhook_id', '=', 'w.id').onRef('we.event_type', '=', 'ev.event_type'),
          )
          .where('ev.id', 'in', chunk)
          .select([
            'ev.id',
            'w.id',
            sql.lit('pending').as('state'),
            sql.lit(0).as('attempts'),
            sql.val(uow.now).as('next_attempt_at'),
            sql.val(uow.now).as('created_at'),
            sql.val(uow.now).as('updated_at'),
          ])
          .orderBy('ev.id')
          .orderBy('w.id'),
      )
      .execute();
  }
}
