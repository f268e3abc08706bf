/** One line per forwarded delivery: readable by default, one JSON object with `--json`. */
import type { ForwardResult } from './forwarder.js';
import { UNREACHABLE_STATUS, type RelayedDelivery } from './relay.js';

/** Longest reason quoted from a target's answer; receivers' messages are a sentence or two. */
const MAX_REASON_CHARS = 300;
/** @carehooks/receiver's codes for a delivery whose signature it could not verify. */
const SIGNATURE_CODES = ['missing_header', 'malformed_header', 'digest_mismatch', 'signature_mismatch'];

export interface DeliveryRecord {
  time: string;
  event_type: string | null;
  resource_id: string | null;
  resource_id_type: string | null;
  delivery_id: string | null;
  /** The status the server got back: the target's, or 502 when the target gave none. */
  status: number;
  latency_ms: number;
  /** Why the target gave no status (connection refused, timeout); null when it answered. */
  error: string | null;
  /**
   * For an answer other than 2xx, the target's own reason: `code: message` of a JSON error body such as
   * @carehooks/receiver's `{ "error": { "code", "message" } }`, else the start of the body; null otherwise.
   */
  reason: string | null;
}

export function deliveryRecord({ body, deliveryId, result }: RelayedDelivery, at: Date): DeliveryRecord {
  const payload = readPayload(body);
  return {
    time: at.toISOString(),
    event_type: payload.event_type,
    resource_id: payload.resource_id,
    resource_id_type: payload.resource_id_type,
    delivery_id: deliveryId ?? null,
    status: result.status ?? UNREACHABLE_STATUS,
    latency_ms: result.latencyMs,
    error: result.error,
    reason: targetReason(result),
  };
}

export function formatDeliveryLine(record: DeliveryRecord): string {
  const time = new Date(record.time).toTimeString().slice(0, 8);
  const resource = [record.resource_id_type, record.resource_id].filter((part) => part !== null).join(' ');
  const outcome =
    record.error !== null
      ? `${record.status} (target: ${record.error})`
      : record.reason !== null
        ? `${record.status} (target: ${record.reason}${signatureHint(record.reason)})`
        : String(record.status);
  const delivery = record.delivery_id === null ? '' : `  delivery ${record.delivery_id}`;
  return `${time}  ${record.event_type ?? '(not a webhook payload)'}  ${resource || '-'}  → ${outcome}  ${record.latency_ms} ms${delivery}`;
}

function readPayload(body: Buffer): Pick<DeliveryRecord, 'event_type' | 'resource_id' | 'resource_id_type'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = null;
  }
  const field = (name: string): string | null => {
    const value = (parsed as Record<string, unknown> | null)?.[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  return {
    event_type: field('event_type'),
    resource_id: field('resource_id'),
    resource_id_type: field('resource_id_type'),
  };
}

function targetReason({ status, body }: ForwardResult): string | null {
  if (status === null || (status >= 200 && status < 300) || body.length === 0) return null;
  const text = body.toString('utf8');
  let reason: string | null = null;
  try {
    reason = reasonOf(JSON.parse(text));
  } catch {
    // Not JSON: the text itself is the reason.
  }
  const line = (reason ?? text).replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}

/** `error.code: error.message`, `error`, or `message` of a JSON error body. */
function reasonOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const { error, message } = json as { error?: unknown; message?: unknown };
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const { code, message: text } = error as { code?: unknown; message?: unknown };
    if (typeof text === 'string') return typeof code === 'string' ? `${code}: ${text}` : text;
    if (typeof code === 'string') return code;
  }
  return typeof message === 'string' ? message : null;
}

/** The usual cause of a signature failure behind listen: the receiver holds another secret. */
function signatureHint(reason: string): string {
  return SIGNATURE_CODES.some((code) => reason.startsWith(`${code}:`))
    ? '; give the receiver the forwarding signing secret printed at start'
    : '';
}
