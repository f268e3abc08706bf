/** Store rows as the API shows them: Healthie's `Webhook`, `WebhookEvent` and `SentWebhook`. */
import type { PayloadIdFormat } from '@carehooks/catalog';
import type { Kysely } from 'kysely';
import type { SignatureScheme } from '../core/wire/index.js';
import { bodyInIdFormat } from '../delivery/payload-id-format.js';
import type { Database, DeliveryState, Millis, Row, WebhookOrdering } from '../store/schema.js';
import { formatId, formatTimestamp } from './api-values.js';
import { encodeCursor } from './query-arguments.js';
import type { OwnedSecret } from './secrets.js';

export interface WebhookEventView {
  id: string;
  event_type: string;
  created_at: string;
  updated_at: string;
  first_failed_at: string | null;
  last_failed_at: string | null;
  retry_count: number;
}

export interface WebhookView {
  id: string;
  cursor: string;
  /** Healthie's single-event field: the event type when the webhook has exactly one subscription. */
  event_type: string | null;
  url: string;
  is_enabled: boolean;
  should_retry: boolean;
  /**
   * Not a GraphQL field: the organization owning the webhook and its secret as stored (sealed).
   * `Webhook.signature_secret` unseals it for that organization's callers only (see ./secrets.ts).
   */
  owned_secret: OwnedSecret;
  /** A carehooks addition: how deliveries are signed. */
  signature_scheme: SignatureScheme;
  /** A carehooks addition: whether ids go out as strings (the reference's form) or as JSON numbers. */
  payload_id_format: PayloadIdFormat;
  /** carehooks additions: per-resource ordering and the most sends per second (null: no limit). */
  ordering: WebhookOrdering;
  max_per_second: number | null;
  warned_at: string | null;
  webhook_events: WebhookEventView[];
}

export interface SentWebhookView {
  id: string;
  cursor: string;
  created_at: string;
  event_type: string;
  /** A string in Healthie's schema; null when no response came (timeout, refused connection). */
  http_response_status: string | null;
  resource_id: string;
  resource_id_type: string;
  url: string;
  webhook_id: string;
  /** carehooks additions: the attempt, what was sent and what came back. */
  attempt: number;
  delivery_id: string;
  duration_ms: number;
  /** Why the exchange did not complete (delivery/attempt-errors.ts); null when the answer came whole. */
  error: string | null;
  error_detail: string | null;
  response_body: string | null;
  /** The exact bytes sent; null once retention has deleted the event. */
  request_body: string | null;
  delivery_state: DeliveryState | null;
  /** When the delivery is tried next, while it waits for a retry. */
  next_attempt_at: string | null;
}

/** What an attempt's row does not hold: its event's body and its delivery's current state. */
export interface SentWebhookDetails {
  requestBody: string | null;
  deliveryState: DeliveryState | null;
  nextAttemptAt: Millis | null;
}

const NO_DETAILS: SentWebhookDetails = { requestBody: null, deliveryState: null, nextAttemptAt: null };

export function webhookView(
  row: Row<'webhooks'>,
  subscriptions: readonly Row<'webhook_events'>[],
): WebhookView {
  return {
    id: formatId(row.id),
    cursor: encodeCursor('Webhook', row.id),
    event_type: subscriptions.length === 1 ? subscriptions[0]!.event_type : null,
    url: row.url,
    is_enabled: row.is_enabled === 1,
    should_retry: row.should_retry === 1,
    owned_secret: {
      organizationId: row.organization_id,
      sealed: row.signature_secret,
      scheme: row.signature_scheme,
    },
    signature_scheme: row.signature_scheme,
    payload_id_format: row.payload_id_format,
    ordering: row.ordering,
    max_per_second: row.max_per_second,
    warned_at: formatTimestamp(row.warned_at),
    webhook_events: subscriptions.map((s) => ({
      id: formatId(s.id),
      event_type: s.event_type,
      created_at: formatTimestamp(s.created_at),
      updated_at: formatTimestamp(s.updated_at),
      first_failed_at: formatTimestamp(s.first_failed_at),
      last_failed_at: formatTimestamp(s.last_failed_at),
      retry_count: s.retry_count,
    })),
  };
}

export function sentWebhookView(
  row: Row<'sent_webhooks'>,
  details: SentWebhookDetails = NO_DETAILS,
): SentWebhookView {
  return {
    id: formatId(row.id),
    cursor: encodeCursor('SentWebhook', row.id),
    created_at: formatTimestamp(row.created_at),
    event_type: row.event_type,
    http_response_status: row.http_response_status === null ? null : String(row.http_response_status),
    resource_id: row.resource_id,
    resource_id_type: row.resource_id_type,
    url: row.url,
    webhook_id: formatId(row.webhook_id),
    attempt: row.attempt,
    delivery_id: formatId(row.delivery_id),
    duration_ms: row.duration_ms,
    error: row.error,
    error_detail: row.error_detail,
    response_body: row.response_body,
    request_body: details.requestBody,
    delivery_state: details.deliveryState,
    next_attempt_at: details.deliveryState === 'pending' ? formatTimestamp(details.nextAttemptAt) : null,
  };
}

/** The event bodies and delivery states of a page of attempts, in two lookups by primary key. */
export async function sentWebhookDetails(
  db: Kysely<Database>,
  rows: readonly Row<'sent_webhooks'>[],
): Promise<Map<number, SentWebhookDetails>> {
  const details = new Map<number, SentWebhookDetails>();
  if (rows.length === 0) return details;
  const eventIds = [...new Set(rows.map((row) => row.event_id))];
  const deliveryIds = [...new Set(rows.map((row) => row.delivery_id))];
  const [events, deliveries] = await Promise.all([
    db.selectFrom('events').select(['id', 'body']).where('id', 'in', eventIds).execute(),
    db
      .selectFrom('deliveries')
      .select(['id', 'state', 'next_attempt_at'])
      .where('id', 'in', deliveryIds)
      .execute(),
  ]);
  const bodies = new Map(events.map((event) => [event.id, event.body]));
  const states = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  for (const row of rows) {
    const delivery = states.get(row.delivery_id);
    details.set(row.id, {
      requestBody: bodyAsSent(bodies.get(row.event_id), row.payload_id_format),
      deliveryState: delivery?.state ?? null,
      nextAttemptAt: delivery?.next_attempt_at ?? null,
    });
  }
  return details;
}

/** The stored body in the id form the attempt was sent in; null once retention has deleted the event. */
function bodyAsSent(body: string | undefined, format: PayloadIdFormat): string | null {
  return body === undefined ? null : bodyInIdFormat(body, format);
}

/** The subscriptions of several webhooks in one query, each list in the order it was created. */
export async function subscriptionsOf(
  db: Kysely<Database>,
  webhookIds: readonly number[],
): Promise<Map<number, Row<'webhook_events'>[]>> {
  const byWebhook = new Map<number, Row<'webhook_events'>[]>(webhookIds.map((id) => [id, []]));
  if (webhookIds.length === 0) return byWebhook;
  const rows = await db
    .selectFrom('webhook_events')
    .selectAll()
    .where('webhook_id', 'in', webhookIds)
    .orderBy('id')
    .execute();
  for (const row of rows) byWebhook.get(row.webhook_id)?.push(row);
  return byWebhook;
}

export async function loadWebhookView(db: Kysely<Database>, row: Row<'webhooks'>): Promise<WebhookView> {
  const subscriptions = await subscriptionsOf(db, [row.id]);
  return webhookView(row, subscriptions.get(row.id) ?? []);
}
