import type { WebhookEvent } from '@carehooks/catalog';
import type { SignatureScheme } from '@carehooks/catalog/wire';
import type { RawBody } from './bytes.js';
import { createDeduplicator, deliveryIdFrom, MemoryDeliveryStore, type DeliveryStore } from './dedup.js';
import { WebhookPayloadError, WebhookVerificationError } from './errors.js';
import type { HeadersInput } from './headers.js';
import { parseEvent } from './parse-event.js';
import { verifySignature } from './verify-signature.js';
import { verifyStandardWebhook } from './verify-standard-webhook.js';

export interface DeliveryInfo {
  /**
   * The `X-Carehooks-Delivery` header (`webhook-id` with the Standard Webhooks scheme): the same for every
   * retry of one delivery.
   */
  deliveryId: string | undefined;
}

export interface ReceiverOptions {
  /** The webhook's signature secret (`whsec_…` for `standard_webhooks`), or several while rotating. */
  secret: string | readonly string[];
  /** The webhook's `signature_scheme`: which signature to check. Default `healthie`. */
  scheme?: SignatureScheme;
  /** `standard_webhooks` only: how far `webhook-timestamp` may be from now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Called once the delivery is verified and parsed. If it throws, the sender gets a 500 and retries. */
  onEvent(event: WebhookEvent, delivery: DeliveryInfo): unknown;
  /**
   * Hand each delivery id to `onEvent` once: `true` keeps ids in memory (see `MemoryDeliveryStore`), or give a
   * store shared by all instances. Deliveries without the id header are always handled.
   */
  dedup?: boolean | DeliveryStore;
  /**
   * The webhook URL as registered (full, or path and query). Needed when a proxy rewrites the path before it
   * reaches this server, since the signature covers the path the sender used.
   */
  registeredUrl?: string;
  /** Told about handler failures, which are otherwise answered with a 500. Default: `console.error`. */
  onError?(error: unknown, delivery: DeliveryInfo): void;
}

export interface ReceivedRequest {
  method: string;
  /** The path and query as received, or a full URL. */
  url: string;
  headers: HeadersInput;
  /** The raw body; `undefined` for none. */
  body: RawBody | undefined;
}

export type ReceiverResponseBody =
  { ok: true; duplicate?: true } | { error: { code: string; message: string; errors?: readonly string[] } };

export interface ReceiverResponse {
  status: number;
  headers: Record<string, string>;
  body: ReceiverResponseBody;
}

export type Receiver = (request: ReceivedRequest) => Promise<ReceiverResponse>;

/**
 * The framework-independent core of every adapter: verify, parse, deduplicate, call `onEvent`, and say what
 * to answer. 2xx only when the event was handled (or was a duplicate), so failures are retried.
 */
export function createReceiver(options: ReceiverOptions): Receiver {
  const scheme = options.scheme ?? 'healthie';
  const dedup =
    options.dedup === undefined || options.dedup === false
      ? undefined
      : createDeduplicator(options.dedup === true ? new MemoryDeliveryStore() : options.dedup);
  const onError =
    options.onError ??
    ((error: unknown, delivery: DeliveryInfo) =>
      console.error(
        `carehooks receiver: the handler failed for delivery ${delivery.deliveryId ?? '(no id)'}`,
        error,
      ));

  return async (request) => {
    if (request.method.toUpperCase() !== 'POST') {
      const message = `webhooks are delivered with POST, not ${request.method}`;
      return failure(405, 'method_not_allowed', message, undefined, { Allow: 'POST' });
    }
    const body = request.body ?? new Uint8Array(0);
    let event: WebhookEvent;
    try {
      if (scheme === 'standard_webhooks') {
        const { secret, toleranceSeconds } = options;
        await verifyStandardWebhook({ headers: request.headers, body, secret, toleranceSeconds });
      } else {
        await verifySignature({
          method: request.method,
          url: options.registeredUrl ?? request.url,
          headers: request.headers,
          body,
          secret: options.secret,
        });
      }
      event = parseEvent(body);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return failure(400, error.code, error.message);
      if (error instanceof WebhookPayloadError) return failure(400, error.code, error.message, error.errors);
      return failure(500, 'receiver_error', error instanceof Error ? error.message : String(error));
    }

    const delivery: DeliveryInfo = { deliveryId: deliveryIdFrom(request.headers, scheme) };
    try {
      let handled = true;
      if (dedup) handled = await dedup.once(delivery.deliveryId, () => options.onEvent(event, delivery));
      else await options.onEvent(event, delivery);
      return {
        status: 200,
        headers: JSON_HEADERS,
        body: handled ? { ok: true } : { ok: true, duplicate: true },
      };
    } catch (error) {
      onError(error, delivery);
      return failure(500, 'handler_failed', 'the event handler failed; the sender will retry the delivery');
    }
  };
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

function failure(
  status: number,
  code: string,
  message: string,
  errors?: readonly string[],
  headers: Record<string, string> = {},
): ReceiverResponse {
  return {
    status,
    headers: { ...JSON_HEADERS, ...headers },
    body: { error: errors === undefined ? { code, message } : { code, message, errors } },
  };
}
