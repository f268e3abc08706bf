/**
 * The body a webhook is sent. The outbox stores one body per event, the exact bytes in the reference's form
 * (ids as strings), shared by every webhook; for a webhook set to `payload_id_format: "number"` the ids
 * (which fields they are is the catalog's to say) become JSON numbers, derived here from those bytes at send
 * time, and again by the attempt log to show what was sent. The outbox writes its bodies with
 * `JSON.stringify`, so parsing and writing one back changes nothing but the ids.
 */
import { withNumberIds, type PayloadIdFormat } from '@carehooks/catalog';

export function bodyInIdFormat(body: string, format: PayloadIdFormat): string {
  if (format === 'string') return body;
  const payload: unknown = JSON.parse(body);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new TypeError('the event body is not a JSON object, so its ids cannot be sent as numbers');
  }
  return JSON.stringify(withNumberIds(payload as Record<string, unknown>));
}

/** How many events' number-form bodies a worker keeps: enough for one event's fan-out to many webhooks. */
const CACHED_EVENTS = 1024;

/**
 * A worker's number-form bodies by event: an event's body never changes, so the webhooks that take numbers
 * share one conversion (a parse and a write, some microseconds) for as long as it stays among the last
 * `CACHED_EVENTS` converted.
 */
export class PayloadBodies {
  private readonly numberForm = new Map<number, string>();

  /** The body to send for a delivery of `eventId` whose stored body is `body`. */
  bodyFor(eventId: number, body: string, format: PayloadIdFormat): string {
    if (format === 'string') return body;
    let converted = this.numberForm.get(eventId);
    if (converted === undefined) {
      converted = bodyInIdFormat(body, format);
      if (this.numberForm.size >= CACHED_EVENTS) {
        this.numberForm.delete(this.numberForm.keys().next().value!);
      }
      this.numberForm.set(eventId, converted);
    }
    return converted;
  }
}
