/**
 * The body a webhook is sent. The outbox stores one body per event, the exact bytes in the reference's form
 * (ids as strings), shared by every webhook; for a webhook set to `payload_id_format: "number"` the ids
 * (which fields they are is the catalog's to say) become JSON numbers, derived here from those bytes at send
 * time, and again by the attempt log to show what was sent. The outbox writes its bodies with
 * `JSON.stringify`, so parsing and writing one back changes nothing but the ids.
 */
import { withNumberIds, type PayloadIdFormat } from '@carehooks/catalog';
import { bodyDigest } from './signature.js';

export function bodyInIdFormat(body: string, format: PayloadIdFormat): string {
  if (format === 'string') return body;
  const payload: unknown = JSON.parse(body);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new TypeError('the event body is not a JSON object, so its ids cannot be sent as numbers');
  }
  return JSON.stringify(withNumberIds(payload as Record<string, unknown>));
}

/** A body as sent: its bytes, and their digest as `Content-Digest` and the signature carry it. */
export interface SendBody {
  readonly bytes: Buffer;
  readonly digest: string;
}

/** How many events' bodies a worker keeps per id format: enough for one event's fan-out to many webhooks. */
const CACHED_EVENTS = 1024;

/**
 * A worker's send bodies by event and id format: an event's body never changes, so the webhooks it goes to
 * share one encoding to bytes and one digest (about 1 µs together), and those that take numbers one conversion
 * (a parse and a write, some microseconds), for as long as it stays among the last `CACHED_EVENTS` sent in
 * that format.
 */
export class PayloadBodies {
  private readonly byFormat: Record<PayloadIdFormat, Map<number, SendBody>> = {
    string: new Map(),
    number: new Map(),
  };

  /** The body to send for a delivery of `eventId` whose stored body is `body`. */
  bodyFor(eventId: number, body: string, format: PayloadIdFormat): SendBody {
    const cached = this.byFormat[format];
    let sendBody = cached.get(eventId);
    if (sendBody === undefined) {
      const bytes = Buffer.from(bodyInIdFormat(body, format), 'utf8');
      sendBody = { bytes, digest: bodyDigest(bytes) };
      if (cached.size >= CACHED_EVENTS) cached.delete(cached.keys().next().value!);
      cached.set(eventId, sendBody);
    }
    return sendBody;
  }
}
