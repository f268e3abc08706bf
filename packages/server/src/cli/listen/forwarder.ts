/**
 * Re-sends one delivery to the local target, signed for the target's own URL with the local secret, and
 * reports what the target answered (or why it did not), never throwing.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { DELIVERY_ID_HEADER, type SignatureScheme } from '../../core/wire/index.js';
import { signDelivery, signStandardWebhook } from '../../delivery/signature.js';

/** What comes back from the target is relayed to the server; past this much, the rest is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface ForwardRequest {
  body: Buffer;
  deliveryId: string | undefined;
  userAgent: string | undefined;
}

export interface ForwardResult {
  /** The target's status, or null when it gave none (connection error, timeout). */
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  latencyMs: number;
  /** Why no status came, e.g. `ECONNREFUSED` or `timed out after 10000 ms`. */
  error: string | null;
}

export interface Forwarder {
  forward(request: ForwardRequest): Promise<ForwardResult>;
}

export function createForwarder(options: {
  target: URL;
  secret: string;
  scheme: SignatureScheme;
  timeoutMs: number;
  dispatcher: Dispatcher;
}): Forwarder {
  const { target, secret, scheme, timeoutMs, dispatcher } = options;
  return {
    async forward({ body, deliveryId, userAgent }) {
      const headers = signDelivery({ url: target, body, secret });
      if (deliveryId !== undefined) headers[DELIVERY_ID_HEADER] = deliveryId;
      if (scheme === 'standard_webhooks') {
        // Signed now, like the server's own attempt; a webhook-id is required, so one is made if none came.
        const id = deliveryId ?? randomUUID();
        const timestampSeconds = Math.floor(Date.now() / 1000);
        Object.assign(headers, signStandardWebhook({ id, timestampSeconds, body, keys: [secret] }));
      }
      if (userAgent !== undefined) headers['User-Agent'] = userAgent;
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await dispatcher.request({
          origin: target.origin,
          path: target.pathname + target.search,
          method: 'POST',
          headers,
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal,
        });
        const answer = await readCapped(response.body);
        return {
          status: response.statusCode,
          headers: passedBack(response.headers),
          body: answer,
          latencyMs: Math.round(performance.now() - started),
          error: null,
        };
      } catch (error) {
        return {
          status: null,
          headers: {},
          body: Buffer.alloc(0),
          latencyMs: Math.round(performance.now() - started),
          error: signal.aborted ? `timed out after ${timeoutMs} ms` : describe(error),
        };
      }
    },
  };
}

/** Only the headers that change how the server treats the answer (Retry-After on 429/503) or read it. */
function passedBack(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'retry-after']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}

async function readCapped(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_RESPONSE_BYTES) break; // leaving the loop destroys the rest of the body
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES);
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
