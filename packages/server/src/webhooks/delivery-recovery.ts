/**
 * Sending a delivery again: `resendSentWebhook` (one delivery, named by one of its attempts) and
 * `recoverWebhook` (every delivery of a webhook that ended without success since a time). Neither makes a
 * new event or delivery: the existing delivery row becomes due now, so the receiver gets the same body and
 * the same `X-Carehooks-Delivery` id as before, and the dispatcher logs the new attempts as usual.
 *
 * A delivery that had finished (delivered, failed, cancelled) starts a fresh retry schedule: its attempt
 * counter restarts, so a webhook whose retries once ran out is not disabled again by the first failure. A
 * delivery still waiting for a retry is only brought forward. One in flight is left alone.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { FieldError } from '../core/field-errors.js';
import { DATABASE_NOW_MS } from '../delivery/database-clock.js';
import type { Database } from '../store/schema.js';
import { runUnitOfWork, type UnitOfWork } from '../store/unit-of-work.js';
import { formatId, parseId, parseTimestamp } from './api-values.js';
import {
  disabledMessage,
  ownWebhook,
  type WebhookActor,
  type WebhookCommandServices,
} from './webhook-commands.js';

export interface ResendInput {
  /** A `sentWebhooks` id. */
  id?: string | null;
}

export interface ResendResult {
  sent: boolean;
  /** Null on success, as Healthie answers. */
  messages: FieldError[] | null;
}

export interface RecoverInput {
  /** A webhook id. */
  id?: string | null;
  /** ISO-8601: deliveries that ended at or after this time. */
  since?: string | null;
}

export interface RecoverResult {
  /** How many deliveries were queued again. */
  count: number;
  /** Null on success, as Healthie answers. */
  messages: FieldError[] | null;
}

/**
 * Deliveries that ended without success: failed, or cancelled when their webhook was disabled. Written as the
 * predicate of SQLite's `deliveries_unsuccessful` is (migration 0015): otherwise SQLite does not see that the
 * index fits, and reads every delivery of the webhook.
 */
const UNSUCCESSFUL = sql<boolean>`(state = 'failed' or state = 'cancelled')`;

type DeliveryScope = ExpressionBuilder<Database, 'deliveries'>;

/** Only deliveries whose event is still stored can be sent: retention may have deleted an old one's. */
const eventStillStored = (eb: DeliveryScope) =>
  eb.exists(eb.selectFrom('events').select('events.id').whereRef('events.id', '=', 'deliveries.event_id'));

/**
 * The columns that make a delivery due now; a finished one also starts its retry schedule afresh. Now is the
 * database's clock on PostgreSQL, which the workers' claims compare due times with (delivery/database-clock.ts).
 */
function dueNow(eb: DeliveryScope, { dialect, now }: UnitOfWork) {
  const wasPending = eb('deliveries.state', '=', 'pending');
  return {
    state: 'pending' as const,
    next_attempt_at: dialect === 'postgres' ? DATABASE_NOW_MS : now,
    lease_owner: null,
    lease_until: null,
    attempts: eb.case().when(wasPending).then(eb.ref('deliveries.attempts')).else(0).end(),
    first_failed_at: eb
      .case()
      .when(wasPending)
      .then(eb.ref('deliveries.first_failed_at'))
      .else(sql<number | null>`null`)
      .end(),
    updated_at: now,
  };
}

export async function resendSentWebhook(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: ResendInput,
): Promise<ResendResult> {
  const refuse = (message: string): ResendResult => ({ sent: false, messages: [{ field: 'id', message }] });
  const rawId = input.id;
  if (rawId === null || rawId === undefined || String(rawId).trim() === '') {
    return { sent: false, messages: [{ field: 'id', message: 'id is required.' }] };
  }
  const id = parseId(rawId);
  const notFound = `Sent webhook "${rawId}" not found.`;
  if (id === null) return refuse(notFound);

  return runUnitOfWork(services.store, async (uow) => {
    const attempt = await uow.db
      .selectFrom('sent_webhooks')
      .select(['id', 'webhook_id', 'delivery_id'])
      .where('id', '=', id)
      .where('organization_id', 'in', actor.scope)
      .executeTakeFirst();
    if (!attempt) return refuse(notFound);

    const webhook = await uow.db
      .selectFrom('webhooks')
      .select('id')
      .where('id', '=', attempt.webhook_id)
      .executeTakeFirst();
    if (!webhook) return refuse(`Webhook ${attempt.webhook_id} of sent webhook ${id} was deleted.`);
    const found = await ownWebhook(uow, actor, formatId(attempt.webhook_id));
    if ('messages' in found) return { sent: false, messages: found.messages };
    const disabled = disabledMessage(found.row);
    if (disabled) return { sent: false, messages: [disabled] };

    const queued = await uow.db
      .updateTable('deliveries')
      .set((eb) => dueNow(eb, uow))
      .where('id', '=', attempt.delivery_id)
      .where('webhook_id', '=', attempt.webhook_id)
      .where('state', '<>', 'in_flight')
      .where(eventStillStored)
      .executeTakeFirst();
    if (Number(queued.numUpdatedRows) === 0) {
      const delivery = await uow.db
        .selectFrom('deliveries')
        .select('state')
        .where('id', '=', attempt.delivery_id)
        .executeTakeFirst();
      return refuse(
        delivery?.state === 'in_flight'
          ? `Sent webhook ${id}'s delivery is being sent right now; its attempt will show in sentWebhooks.`
          : `Sent webhook ${id}'s event is past retention and was deleted; it cannot be sent again.`,
      );
    }
    await services.outbox.wakeOnCommit(uow);
    return { sent: true, messages: null };
  });
}

export async function recoverWebhook(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: RecoverInput,
): Promise<RecoverResult> {
  const messages: FieldError[] = [];
  let since: number | null = null;
  if (input.since === null || input.since === undefined || input.since.trim() === '') {
    messages.push({ field: 'since', message: 'since is required.' });
  } else {
    since = parseTimestamp(input.since);
    if (since === null) {
      messages.push({
        field: 'since',
        message: `since "${input.since}" is not an ISO-8601 datetime such as 2025-01-31T09:30:00Z.`,
      });
    }
  }

  return runUnitOfWork(services.store, async (uow) => {
    const found = await ownWebhook(uow, actor, input.id);
    if ('messages' in found) return { count: 0, messages: [...found.messages, ...messages] };
    const disabled = disabledMessage(found.row);
    if (disabled) messages.unshift(disabled);
    if (messages.length > 0 || since === null) return { count: 0, messages };

    const result = await uow.db
      .updateTable('deliveries')
      .set((eb) => dueNow(eb, uow))
      .where('webhook_id', '=', found.row.id)
      .where(UNSUCCESSFUL)
      .where('updated_at', '>=', since)
      .where(eventStillStored)
      .executeTakeFirst();
    const count = Number(result.numUpdatedRows);
    if (count > 0) await services.outbox.wakeOnCommit(uow);
    return { count, messages: null };
  });
}
