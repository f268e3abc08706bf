/** One line per forwarded delivery: readable by default, one JSON object with `--json`. */
import { UNREACHABLE_STATUS, type RelayedDelivery } from './relay.js';

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
  };
}

export function formatDeliveryLine(record: DeliveryRecord): string {
  const time = new Date(record.time).toTimeString().slice(0, 8);
  const resource = [record.resource_id_type, record.resource_id].filter((part) => part !== null).join(' ');
  const outcome =
    record.error === null ? String(record.status) : `${record.status} (target: ${record.error})`;
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
