import { getEvent, type EventType } from '@carehooks/catalog';
import { signDelivery } from '../../server/src/delivery/signature.js';

export const SECRET = 'whsec_receiver_test_secret';

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** A delivery signed by the server's own signer for `url` (the URL as registered). */
export function signed(url: string, body: string, secret = SECRET): SignedDelivery {
  return { body, headers: signDelivery({ url: new URL(url), body: Buffer.from(body), secret }) };
}

/** The catalog's example body of an event type, as sent. */
export function exampleBody(eventType: EventType): string {
  const definition = getEvent(eventType);
  if (!definition) throw new Error(`no catalog entry for ${eventType}`);
  return JSON.stringify(definition.example);
}

/** The headers `fetch` may send: it computes Content-Length itself. */
export function fetchHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length'),
  );
}
