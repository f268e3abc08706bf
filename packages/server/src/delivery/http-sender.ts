/**
 * Sends one webhook POST over a shared keep-alive connection pool whose connections go through the SSRF
 * guard. Every outcome, network failures included, comes back as a `SendResult`; nothing throws.
 */
import { StringDecoder } from 'node:string_decoder';
import { Agent } from 'undici';
import { createGuardedConnector, type AddressLookup } from '../core/network-policy.js';
import { parseRetryAfter } from './retry-after.js';

export const TIMEOUT_CODE = 'CAREHOOKS_TIMEOUT';

// Finishing a slightly oversized response keeps its connection reusable; past this, closing it is cheaper.
const DRAIN_LIMIT_BYTES = 64 * 1024;

export interface HttpSenderOptions {
  allowPrivateNetworks: boolean;
  userAgent: string;
  connectTimeoutMs?: number;
  /** Covers connecting, waiting for the response headers and reading the body. */
  totalTimeoutMs?: number;
  /** How much of the response body is kept for the delivery log. */
  maxResponseBytes?: number;
  connectionsPerOrigin?: number;
  /** DNS resolution, injectable for tests. */
  lookup?: AddressLookup;
}

export interface SendRequest {
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SendError {
  /** A Node or undici error code (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`...), or one of ours. */
  code: string;
  message: string;
}

export interface SendResult {
  /** A 2xx status with the whole response received in time. */
  ok: boolean;
  status: number | null;
  /** The receiver's Retry-After, only read on 429 and 503. */
  retryAfterMs: number | null;
  /** The first `maxResponseBytes` bytes of the response body, decoded as UTF-8. */
  responseBody: string;
  durationMs: number;
  error: SendError | null;
}

export interface HttpSender {
  send(request: SendRequest): Promise<SendResult>;
  /** Waits for in-flight sends (bounded by the total timeout), then closes all connections. */
  close(): Promise<void>;
  /** Aborts in-flight sends at once (they report an error) and closes all connections. */
  destroy(): Promise<void>;
}

export function createHttpSender({
  allowPrivateNetworks,
  userAgent,
  connectTimeoutMs = 5000,
  totalTimeoutMs = 15000,
  maxResponseBytes = 4096,
  connectionsPerOrigin = 8,
  lookup,
}: HttpSenderOptions): HttpSender {
  const agent = new Agent({
    connect: createGuardedConnector({ allowPrivateNetworks, lookup, connectTimeoutMs }),
    connections: connectionsPerOrigin,
    pipelining: 1,
  });

  async function send({ url, headers, body }: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), totalTimeoutMs);
    let status: number | null = null;
    let retryAfterMs: number | null = null;
    let responseBody = '';
    let error: SendError | null = null;
    try {
      // agent.request never follows redirects: a 3xx is reported like any other non-2xx.
      const response = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'User-Agent': userAgent, ...headers },
        body,
        // The abort timer bounds the whole exchange; undici's own timers only replace its 300 s defaults.
        headersTimeout: totalTimeoutMs,
        bodyTimeout: totalTimeoutMs,
        signal: controller.signal,
      });
      status = response.statusCode;
      if (status === 429 || status === 503) retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      responseBody = await readCapped(response.body, maxResponseBytes);
    } catch (cause) {
      error = controller.signal.aborted
        ? {
            code: TIMEOUT_CODE,
            message: `No complete response from ${url.origin} within ${totalTimeoutMs} ms`,
          }
        : toSendError(cause);
    } finally {
      clearTimeout(timer);
    }
    const ok = error === null && status !== null && status >= 200 && status < 300;
    return {
      ok,
      status,
      retryAfterMs,
      responseBody,
      durationMs: Math.round(performance.now() - started),
      error,
    };
  }

  return { send, close: () => agent.close(), destroy: () => agent.destroy() };
}

/** Keeps the first `maxBytes` bytes of a body and discards the rest without holding on to it. */
async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let drainedBytes = 0;
  for await (const chunk of body) {
    if (keptBytes < maxBytes) {
      kept.push(chunk);
      keptBytes += chunk.length;
    } else if ((drainedBytes += chunk.length) > DRAIN_LIMIT_BYTES) {
      break; // leaving the loop destroys the body, and with it the connection
    }
  }
  // StringDecoder leaves out a character cut in half by the cap rather than emitting U+FFFD.
  return new StringDecoder('utf8').write(Buffer.concat(kept, Math.min(keptBytes, maxBytes)));
}

function toSendError(cause: unknown): SendError {
  if (!(cause instanceof Error)) return { code: 'CAREHOOKS_SEND_FAILED', message: String(cause) };
  const code = (cause as { code?: unknown }).code;
  return {
    code: typeof code === 'string' ? code : 'CAREHOOKS_SEND_FAILED',
    message: cause.message || cause.name,
  };
}
