/**
 * The webhook mutations, free of GraphQL: each validates first (URL, event types), then does its work in
 * one unit of work, and answers `messages` naming the field, with nothing written, when the input is bad.
 * A key manages only its own organization's webhooks; any other id is "not found" (a sub-organization's
 * webhook, which the key may read, gets a message saying which key manages it).
 */
import { randomInt } from 'node:crypto';
import type { NetworkPolicy } from '../core/network-policy.js';
import { applyWebhookOptions } from '../delivery/parking.js';
import type { Outbox } from '../events/outbox.js';
import type { Store } from '../store/open-store.js';
import type { Row, RowUpdate } from '../store/schema.js';
import { runUnitOfWork, type UnitOfWork } from '../store/unit-of-work.js';
import { parseId } from './api-values.js';
import { newSealedSecret, PREVIOUS_SECRET_OVERLAP_MS } from './secrets.js';
import { planSubscriptions } from './subscription-plan.js';
import type { FieldError } from '../core/field-errors.js';
import {
  checkUrl,
  readDeliveryOptions,
  readPayloadIdFormat,
  readSignatureScheme,
  readSubscriptions,
  type DeliveryOptions,
  type WebhookFieldsInput,
} from './webhook-input.js';
import { loadWebhookView, subscriptionsOf, type WebhookView } from './webhook-view.js';

export interface WebhookCommandServices {
  store: Store;
  outbox: Outbox;
  networkPolicy: NetworkPolicy;
}

export interface WebhookActor {
  organizationId: number;
  /**
   * The actor's organization and its sub-organizations, read before the unit of work starts (on SQLite a
   * query outside the open transaction would wait for it).
   */
  scope: readonly number[];
}

export interface WebhookResult {
  webhook: WebhookView | null;
  /** Null on success, as Healthie answers. */
  messages: FieldError[] | null;
}

export interface TestSendResult {
  sent: boolean;
  /** Null on success, as Healthie answers. */
  messages: FieldError[] | null;
}

export interface WebhookIdInput {
  id?: string | null;
}

export type UpdateWebhookInput = WebhookFieldsInput & WebhookIdInput;

const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

export async function createWebhook(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: WebhookFieldsInput,
): Promise<WebhookResult> {
  const url = input.url?.trim();
  const messages: FieldError[] = [];
  if (!url) messages.push({ field: 'url', message: 'url is required.' });
  else pushIf(messages, await checkUrl(url, services.networkPolicy));
  const { requested, errors } = readSubscriptions(input, false);
  messages.push(...errors);
  const { scheme, error: schemeError } = readSignatureScheme(input);
  pushIf(messages, schemeError);
  const { format: idFormat, error: idFormatError } = readPayloadIdFormat(input);
  pushIf(messages, idFormatError);
  const { options, errors: optionErrors } = readDeliveryOptions(input);
  messages.push(...optionErrors);
  if (messages.length > 0 || !url) return { webhook: null, messages };

  return runUnitOfWork(services.store, async (uow) => {
    const row = await uow.db
      .insertInto('webhooks')
      .values({
        organization_id: actor.organizationId,
        url,
        is_enabled: flag(input.is_enabled ?? true),
        should_retry: flag(input.should_retry ?? true),
        signature_secret: newSealedSecret(services.store.secrets),
        ...(scheme ? { signature_scheme: scheme } : {}),
        ...(idFormat ? { payload_id_format: idFormat } : {}),
        ...(options.ordering ? { ordering: options.ordering } : {}),
        max_per_second: options.maxPerSecond ?? null,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await addSubscriptions(
      uow,
      row.id,
      requested.entries.map((e) => e.eventType),
    );
    return { webhook: await loadWebhookView(uow.db, row), messages: null };
  });
}

/**
 * Changes the fields given. `webhook_events`, when given, becomes the whole subscription set; re-enabling a
 * disabled webhook clears `disabled_at` and `warned_at`, so the failure emails start afresh.
 */
export async function updateWebhook(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: UpdateWebhookInput,
): Promise<WebhookResult> {
  const url = input.url?.trim();
  const fieldErrors: FieldError[] = [];
  if (input.url !== null && input.url !== undefined) {
    if (!url) fieldErrors.push({ field: 'url', message: 'url cannot be empty.' });
    else pushIf(fieldErrors, await checkUrl(url, services.networkPolicy));
  }
  const { requested, errors } = readSubscriptions(input, true);
  fieldErrors.push(...errors);
  const { scheme, error: schemeError } = readSignatureScheme(input);
  pushIf(fieldErrors, schemeError);
  const { format: idFormat, error: idFormatError } = readPayloadIdFormat(input);
  pushIf(fieldErrors, idFormatError);
  const { options, errors: optionErrors } = readDeliveryOptions(input);
  fieldErrors.push(...optionErrors);

  return runUnitOfWork(services.store, async (uow) => {
    const found = await ownWebhook(uow, actor, input.id);
    if ('messages' in found) return { webhook: null, messages: found.messages };
    const { row } = found;
    if (fieldErrors.length > 0) return { webhook: null, messages: fieldErrors };

    const current = (await subscriptionsOf(uow.db, [row.id])).get(row.id) ?? [];
    const plan = planSubscriptions(row.id, current, requested);
    if (plan.errors.length > 0) return { webhook: null, messages: plan.errors };

    const reenabled = input.is_enabled === true && row.is_enabled === 0;
    const optionChanges = changedOptions(row, options);
    const updated = await uow.db
      .updateTable('webhooks')
      .set({
        ...(url ? { url } : {}),
        ...(typeof input.is_enabled === 'boolean' ? { is_enabled: flag(input.is_enabled) } : {}),
        ...(typeof input.should_retry === 'boolean' ? { should_retry: flag(input.should_retry) } : {}),
        ...(reenabled ? { disabled_at: null, warned_at: null } : {}),
        // The key stays: only how it is shown and which headers carry it change (see ./secrets.ts).
        ...(scheme ? { signature_scheme: scheme } : {}),
        // Deliveries not yet sent take the new form too: the body is derived at send time.
        ...(idFormat ? { payload_id_format: idFormat } : {}),
        ...optionChanges,
        updated_at: uow.now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (Object.keys(optionChanges).length > 0) {
      await applyWebhookOptions(uow.db, uow.dialect, row.id, optionChanges.ordering, uow.now);
    }
    if (plan.remove.length > 0) {
      await uow.db
        .deleteFrom('webhook_events')
        .where('webhook_id', '=', row.id)
        .where('id', 'in', plan.remove)
        .execute();
    }
    await addSubscriptions(uow, row.id, plan.add);
    return { webhook: await loadWebhookView(uow.db, updated), messages: null };
  });
}

/** Deletes the webhook and its subscriptions; deliveries not yet sent are cancelled, the send log stays. */
export async function deleteWebhook(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: WebhookIdInput,
): Promise<WebhookResult> {
  return runUnitOfWork(services.store, async (uow) => {
    const found = await ownWebhook(uow, actor, input.id);
    if ('messages' in found) return { webhook: null, messages: found.messages };
    const { row } = found;
    const webhook = await loadWebhookView(uow.db, row);
    await uow.db
      .updateTable('deliveries')
      .set({ state: 'cancelled', updated_at: uow.now })
      .where('webhook_id', '=', row.id)
      .where('state', '=', 'pending')
      .execute();
    await uow.db.deleteFrom('webhook_events').where('webhook_id', '=', row.id).execute();
    await uow.db.deleteFrom('webhooks').where('id', '=', row.id).execute();
    return { webhook, messages: null };
  });
}

/**
 * Replaces the signature secret at once. The replaced secret is kept for a day as `previous_secret`, which
 * the delivery engine uses to sign an extra header; a second rotation within the day drops the oldest.
 */
export async function expireWebhookSignature(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: WebhookIdInput,
): Promise<WebhookResult> {
  return runUnitOfWork(services.store, async (uow) => {
    const found = await ownWebhook(uow, actor, input.id);
    if ('messages' in found) return { webhook: null, messages: found.messages };
    const updated = await uow.db
      .updateTable('webhooks')
      .set({
        signature_secret: newSealedSecret(services.store.secrets),
        // Moved as stored: it stays sealed under the key it was sealed with.
        previous_secret: found.row.signature_secret,
        previous_secret_expires_at: uow.now + PREVIOUS_SECRET_OVERLAP_MS,
        updated_at: uow.now,
      })
      .where('id', '=', found.row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { webhook: await loadWebhookView(uow.db, updated), messages: null };
  });
}

/**
 * Queues a `test.created` event for this one webhook, whatever it subscribes to and whether or not other
 * webhooks subscribe to `test.created`. `sent` means queued: the dispatcher sends it like any delivery.
 * A disabled webhook refuses: nothing would send the delivery until it is enabled again.
 */
export async function sendTestWebhook(
  services: WebhookCommandServices,
  actor: WebhookActor,
  input: WebhookIdInput,
): Promise<TestSendResult> {
  return runUnitOfWork(services.store, async (uow) => {
    const found = await ownWebhook(uow, actor, input.id);
    if ('messages' in found) return { sent: false, messages: found.messages };
    const disabled = disabledMessage(found.row);
    if (disabled) return { sent: false, messages: [disabled] };
    services.outbox.emitToWebhook(uow, found.row.id, {
      organizationId: found.row.organization_id,
      eventType: 'test.created',
      // A test stands for no record; a fresh id lets a receiver tell test sends apart.
      resourceId: randomInt(1, 2 ** 47),
      extras: {},
    });
    return { sent: true, messages: null };
  });
}

/** The webhook with this id if the actor's organization owns it, locked for the rest of the unit. */
export async function ownWebhook(
  uow: UnitOfWork,
  actor: WebhookActor,
  rawId: string | null | undefined,
): Promise<{ row: Row<'webhooks'> } | { messages: FieldError[] }> {
  if (rawId === null || rawId === undefined || rawId.trim() === '') {
    return { messages: [{ field: 'id', message: 'id is required.' }] };
  }
  const notFound = { messages: [{ field: 'id', message: `Webhook "${rawId}" not found.` }] };
  const id = parseId(rawId);
  if (id === null) return notFound;
  const row = await uow.db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', 'in', actor.scope)
    .$if(uow.dialect === 'postgres', (query) => query.forUpdate())
    .executeTakeFirst();
  if (!row) return notFound;
  if (row.organization_id !== actor.organizationId) {
    const message = `Webhook ${id} belongs to a sub-organization; manage it with that organization's API key.`;
    return { messages: [{ field: 'id', message }] };
  }
  return { row };
}

/** Why a webhook cannot be sent to right now, or null when it is enabled. */
export function disabledMessage(row: Row<'webhooks'>): FieldError | null {
  if (row.is_enabled === 1) return null;
  return {
    field: 'id',
    message: `Webhook ${row.id} is disabled; enable it first (updateWebhook with is_enabled: true).`,
  };
}

async function addSubscriptions(uow: UnitOfWork, webhookId: number, eventTypes: readonly string[]) {
  if (eventTypes.length === 0) return;
  await uow.db
    .insertInto('webhook_events')
    .values(
      eventTypes.map((eventType) => ({
        webhook_id: webhookId,
        event_type: eventType,
        retry_count: 0,
        created_at: uow.now,
        updated_at: uow.now,
      })),
    )
    .execute();
}

/**
 * The webhook columns an update's delivery options change. A new rate keeps the schedule where it is (just
 * past the slots already handed out), so changing it never lets a burst through.
 */
function changedOptions(
  row: Row<'webhooks'>,
  options: DeliveryOptions,
): Pick<RowUpdate<'webhooks'>, 'ordering' | 'max_per_second'> {
  const changes: Pick<RowUpdate<'webhooks'>, 'ordering' | 'max_per_second'> = {};
  if (options.ordering !== undefined && options.ordering !== row.ordering) {
    changes.ordering = options.ordering;
  }
  if (options.maxPerSecond !== undefined && options.maxPerSecond !== row.max_per_second) {
    changes.max_per_second = options.maxPerSecond;
  }
  return changes;
}

function pushIf(messages: FieldError[], error: FieldError | null): void {
  if (error) messages.push(error);
}
