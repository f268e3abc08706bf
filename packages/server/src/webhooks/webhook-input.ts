/**
 * Validation of createWebhook / updateWebhook input that needs no database: the URL (syntax, scheme and,
 * unless private networks are allowed, where it resolves) and the requested event types. Problems come back
 * as `FieldError`s naming the input field, so the caller can answer with `messages` and write nothing.
 */
import {
  isEventType,
  isPayloadIdFormat,
  PAYLOAD_ID_FORMATS,
  type EventType,
  type PayloadIdFormat,
} from '@carehooks/catalog';
import { checkWebhookUrl, type NetworkPolicy } from '../core/network-policy.js';
import { isSignatureScheme, SIGNATURE_SCHEMES, type SignatureScheme } from '../core/wire/index.js';
import type { FieldError } from '../core/field-errors.js';
import { parseId } from '../core/ids.js';
import type { WebhookOrdering } from '../store/schema.js';

/** Healthie's `WebhookEventInput`. */
export interface WebhookEventInput {
  id?: string | null;
  event_type: string;
}

/** The fields `createWebhookInput` and `updateWebhookInput` share. */
export interface WebhookFieldsInput {
  url?: string | null;
  is_enabled?: boolean | null;
  should_retry?: boolean | null;
  /** Healthie's older single-event field: read as one more subscription. */
  event_type?: string | null;
  webhook_events?: ReadonlyArray<WebhookEventInput | null> | null;
  /** A carehooks addition: `healthie` (the default) or `standard_webhooks`. */
  signature_scheme?: string | null;
  /** A carehooks addition: `string` (the default) or `number`, how ids appear in the payloads sent. */
  payload_id_format?: string | null;
  /** A carehooks addition: `none` (the default) or `per_resource`. */
  ordering?: string | null;
  /** A carehooks addition: the most sends per second; null removes the limit. */
  max_per_second?: number | null;
}

export interface RequestedSubscription {
  /** The existing `webhook_events` row this entry keeps, when it named one. */
  id: number | null;
  eventType: EventType;
  /** The input field the entry came from, for messages. */
  field: string;
}

export interface RequestedSubscriptions {
  entries: RequestedSubscription[];
  /** True when `webhook_events` was given: the entries are then the whole set, and rows left out go. */
  replacesSet: boolean;
}

/** Longer URLs are refused: no real endpoint needs one, and every delivery row would carry it. */
export const MAX_URL_LENGTH = 2048;

/**
 * The first C0 control (NUL, tab, newline, …), DEL or C1 control in the text, as a code. The URL parser
 * drops or encodes some of them silently, so the stored text would not be the address that is called.
 */
function controlCharacter(text: string): number | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return code;
  }
  return null;
}

/**
 * Checks a webhook URL (already trimmed). Besides the destination policy: no control characters, and no
 * user name or password, which would never be sent (receivers check the Signature header instead) yet would
 * be shown wherever the URL is, in the attempt log and in emails.
 */
export async function checkUrl(url: string, policy: NetworkPolicy): Promise<FieldError | null> {
  if (url.length > MAX_URL_LENGTH) {
    return { field: 'url', message: `url is longer than ${MAX_URL_LENGTH} characters.` };
  }
  const control = controlCharacter(url);
  if (control !== null) {
    const code = control.toString(16).toUpperCase().padStart(4, '0');
    return { field: 'url', message: `url contains a control character (U+${code}); remove it.` };
  }
  if (URL.canParse(url)) {
    const { username, password } = new URL(url);
    if (username !== '' || password !== '') {
      return {
        field: 'url',
        message:
          'url must not contain a user name or password (user:pass@); deliveries are authenticated by ' +
          'their Signature header.',
      };
    }
  }
  const check = await checkWebhookUrl(url, policy);
  return check.ok ? null : { field: 'url', message: check.reason };
}

/**
 * The subscriptions an input asks for, with duplicates of one event type collapsed into one entry (keeping
 * the id when one of them named a row). Ids are only read when `keepIds` (updateWebhook): a new webhook has
 * no rows to keep.
 */
export function readSubscriptions(
  input: WebhookFieldsInput,
  keepIds: boolean,
): { requested: RequestedSubscriptions; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const entries: RequestedSubscription[] = [];
  // `entry` is `webhook_events[i]`, or null for the single `event_type` field.
  const add = (entry: string | null, eventType: string, rawId: string | null | undefined) => {
    if (!isEventType(eventType)) {
      errors.push({
        field: entry === null ? 'event_type' : `${entry}.event_type`,
        message: `Unknown event type "${eventType}"; the webhookEventTypes query lists them all.`,
      });
      return;
    }
    const field = entry ?? 'event_type';
    let id: number | null = null;
    if (keepIds && rawId !== null && rawId !== undefined) {
      id = parseId(rawId);
      if (id === null) {
        errors.push({
          field: `${field}.id`,
          message: `No webhook event with id "${rawId}" on this webhook.`,
        });
        return;
      }
    }
    const same = entries.find((existing) => existing.eventType === eventType);
    if (!same) entries.push({ id, eventType, field });
    else if (same.id === null) same.id = id;
    // Two different rows claiming one event type: keep both so the row check reports the mismatch.
    else if (id !== null && id !== same.id) entries.push({ id, eventType, field });
  };
  input.webhook_events?.forEach((entry, index) => {
    if (entry) add(`webhook_events[${index}]`, entry.event_type, entry.id);
  });
  if (input.event_type !== null && input.event_type !== undefined) add(null, input.event_type, null);
  return { requested: { entries, replacesSet: Array.isArray(input.webhook_events) }, errors };
}

/** The scheme the input asks for: null when it does not say (create keeps the default, update the current). */
export function readSignatureScheme(input: WebhookFieldsInput): {
  scheme: SignatureScheme | null;
  error: FieldError | null;
} {
  const value = input.signature_scheme;
  if (value === null || value === undefined) return { scheme: null, error: null };
  if (isSignatureScheme(value)) return { scheme: value, error: null };
  const names = SIGNATURE_SCHEMES.map((name) => `"${name}"`).join(' or ');
  return {
    scheme: null,
    error: { field: 'signature_scheme', message: `signature_scheme must be ${names}.` },
  };
}

/** The id format the input asks for: null when it does not say (create keeps the default, update the current). */
export function readPayloadIdFormat(input: WebhookFieldsInput): {
  format: PayloadIdFormat | null;
  error: FieldError | null;
} {
  const value = input.payload_id_format;
  if (value === null || value === undefined) return { format: null, error: null };
  if (isPayloadIdFormat(value)) return { format: value, error: null };
  const names = PAYLOAD_ID_FORMATS.map((name) => `"${name}"`).join(' or ');
  return {
    format: null,
    error: { field: 'payload_id_format', message: `payload_id_format must be ${names}.` },
  };
}

export const WEBHOOK_ORDERINGS: readonly WebhookOrdering[] = ['none', 'per_resource'];

/** The highest `max_per_second` taken: beyond it, a limit would never bind. */
export const MAX_SENDS_PER_SECOND = 10_000;

export interface DeliveryOptions {
  /** Undefined when the input does not say. */
  ordering?: WebhookOrdering;
  /** Undefined when the input does not say; null to remove the limit. */
  maxPerSecond?: number | null;
}

/**
 * The delivery options an input asks for. Absent fields change nothing (create keeps the defaults: no
 * ordering, no limit); an explicit null `max_per_second` removes the limit, an explicit null `ordering` is
 * read as absent.
 */
export function readDeliveryOptions(input: WebhookFieldsInput): {
  options: DeliveryOptions;
  errors: FieldError[];
} {
  const options: DeliveryOptions = {};
  const errors: FieldError[] = [];
  const { ordering, max_per_second: rate } = input;
  if (ordering !== null && ordering !== undefined) {
    const known = WEBHOOK_ORDERINGS.find((name) => name === ordering);
    if (known) options.ordering = known;
    else errors.push({ field: 'ordering', message: 'ordering must be "none" or "per_resource".' });
  }
  if (rate === null) options.maxPerSecond = null;
  else if (rate !== undefined) {
    if (Number.isInteger(rate) && rate >= 1 && rate <= MAX_SENDS_PER_SECOND) options.maxPerSecond = rate;
    else {
      errors.push({
        field: 'max_per_second',
        message: `max_per_second must be a whole number from 1 to ${MAX_SENDS_PER_SECOND}, or null for no limit.`,
      });
    }
  }
  return { options, errors };
}
