/**
 * Sends one webhook POST over a shared keep-alive connection pool whose connections go through the SSRF
 * guard. Every outcome, network failures included, comes back as a `SendResult`; nothing throws.
 */
import { StringDecoder } from 'node:string_decoder';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { createGuardedConnector, type AddressLookup } from '../core/network-policy.js';
import { parseRetryAfter } from './retry-after.js';

export const TIMEOUT_CODE = 'CAREHOOKS_TIMEOUT';
/** The response body ran past `maxReadBytes`; the status is kept, the exchange counts as failed. */
export const RESPONSE_TOO_LARGE_CODE = 'CAREHOOKS_RESPONSE_TOO_LARGE';
/** What came back was not HTTP/1.1 (undici's parser errors carry no code). */
export const INVALID_RESPONSE_CODE = 'CAREHOOKS_INVALID_RESPONSE';

/** A 2xx counts only once its whole body is read; a body larger than this is not worth reading. */
export const MAX_RESPONSE_READ_BYTES = 1024 * 1024;

export interface HttpSenderOptions {
  allowPrivateNetworks: boolean;
  userAgent: string;
  connectTimeoutMs?: number;
  /** Covers connecting, waiting for the response headers and reading the body. */
  totalTimeoutMs?: number;
  /** How much of the response body is kept for the delivery log. */
  maxResponseBytes?: number;
  /** How much of the response body is read at most; past it the send fails (`RESPONSE_TOO_LARGE_CODE`). */
  maxReadBytes?: number;
  connectionsPerOrigin?: number;
  /** DNS resolution, injectable for tests. */
  lookup?: AddressLookup;
}

export interface SendRequest {
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  /** Epoch ms before which the exchange must not start (a rate-limited webhook's slot); absent, at once. */
  notBefore?: number;
}

export interface SendError {
  /** A Node or undici error code (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`...), or one of ours. */
  code: string;
  message: string;
}

export interface SendResult {
  /** A 2xx status with the whole response (at most `maxReadBytes`) received in time. */
  ok: boolean;
  status: number | null;
  /** The receiver's Retry-After, only read on 429 and 503. */
  retryAfterMs: number | null;
  /** The first `maxResponseBytes` bytes of the response body, decoded as UTF-8. */
  responseBody: string;
  durationMs: number;
  /** Why the exchange did not complete, whether or not a status had arrived; null when it did. */
  error: SendError | null;
}

/** A send that never reached the receiver, for `code` and `message`. */
export function sendFailure(code: string, message: string): SendResult {
  return {
    ok: false,
    status: null,
    retryAfterMs: null,
    responseBody: '',
    durationMs: 0,
    error: { code, message },
  };
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
  maxReadBytes = MAX_RESPONSE_READ_BYTES,
  connectionsPerOrigin = 8,
  lookup,
}: HttpSenderOptions): HttpSender {
  const agent = new Agent({
    connect: createGuardedConnector({ allowPrivateNetworks, lookup, connectTimeoutMs }),
    connections: connectionsPerOrigin,
    pipelining: 1,
  });
  const deadlines = new Deadlines(totalTimeoutMs);
  const limits: ExchangeLimits = { totalTimeoutMs, maxResponseBytes, maxReadBytes };

  function send(request: SendRequest): Promise<SendResult> {
    const { notBefore } = request;
    return notBefore !== undefined && notBefore > Date.now()
      ? until(notBefore).then(() => exchange(request))
      : exchange(request);
  }

  function exchange({ url, headers, body }: SendRequest): Promise<SendResult> {
    return new Promise((resolve) => {
      const exchange = new Exchange(url, limits, deadlines, resolve);
      deadlines.add(exchange);
      // A dispatch handler rather than agent.request: no response stream, no abort signal; the total timeout
      // is one shared sweep (Deadlines), undici's own timers only replace its 300 s defaults.
      agent.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: headerList(userAgent, headers),
          body,
          headersTimeout: totalTimeoutMs,
          bodyTimeout: totalTimeoutMs,
        },
        exchange,
      );
    });
  }

  return {
    send,
    close: () => agent.close(),
    destroy: async () => {
      await agent.destroy();
      deadlines.clear();
    },
  };
}

interface ExchangeLimits {
  totalTimeoutMs: number;
  maxResponseBytes: number;
  maxReadBytes: number;
}

/**
 * One POST and its response, as undici reports them; settles once with a SendResult. Only a response read to
 * its end is a complete answer: a connection closed, reset or timed out midway keeps the status that came
 * and reports the error. Never follows redirects (agent.dispatch does not): a 3xx is reported like any other
 * non-2xx.
 */
class Exchange implements Dispatcher.DispatchHandler {
  readonly deadline: number;
  private readonly started = performance.now();
  private controller: Dispatcher.DispatchController | null = null;
  private settled = false;
  private status: number | null = null;
  private retryAfterMs: number | null = null;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private readBytes = 0;

  constructor(
    private readonly url: URL,
    private readonly limits: ExchangeLimits,
    private readonly deadlines: Deadlines,
    private readonly settle: (result: SendResult) => void,
  ) {
    this.deadline = this.started + limits.totalTimeoutMs;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Timed out while waiting for a connection: it must not go out now.
    if (this.settled) controller.abort(new Error('timed out before it was sent'));
    else this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.status = statusCode;
    if (statusCode === 429 || statusCode === 503) this.retryAfterMs = parseRetryAfter(headers['retry-after']);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // Already answered (timed out or too large): what still arrives before the abort lands is not read.
    if (this.settled) return;
    if (this.keptBytes < this.limits.maxResponseBytes) {
      this.kept.push(chunk);
      this.keptBytes += chunk.length;
    }
    if ((this.readBytes += chunk.length) > this.limits.maxReadBytes) {
      // Aborting closes the connection rather than reading on.
      this.finish({
        code: RESPONSE_TOO_LARGE_CODE,
        message: `The response body from ${this.url.origin} ran past ${this.limits.maxReadBytes} bytes`,
      });
      controller.abort(new Error('response body too large'));
    }
  }

  onResponseEnd(): void {
    this.finish(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.finish(toSendError(error));
  }

  /** The total timeout passed (Deadlines calls this): answer now, and stop the exchange if it has begun. */
  expire(): void {
    this.finish({
      code: TIMEOUT_CODE,
      message: `No complete response from ${this.url.origin} within ${this.limits.totalTimeoutMs} ms`,
    });
    this.controller?.abort(new Error('timed out'));
  }

  private finish(error: SendError | null): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines.remove(this);
    const status = this.status;
    const ok = error === null && status !== null && status >= 200 && status < 300;
    this.settle({
      ok,
      status,
      retryAfterMs: this.retryAfterMs,
      responseBody: keptText(this.kept, Math.min(this.keptBytes, this.limits.maxResponseBytes)),
      durationMs: Math.round(performance.now() - this.started),
      error,
    });
  }
}

/**
 * The first `length` bytes of the kept chunks as text. A character cut in half at the end (by the cap, or by
 * the receiver) is left out, as StringDecoder does, rather than decoded as U+FFFD; most bodies arrive in one
 * chunk and end in an ASCII byte, which nothing can have cut, and are decoded straight from that chunk.
 */
function keptText(kept: readonly Buffer[], length: number): string {
  if (kept.length === 0) return '';
  const bytes = kept.length === 1 ? kept[0]! : Buffer.concat(kept, length);
  const end = Math.min(bytes.length, length);
  return end > 0 && bytes[end - 1]! < 0x80
    ? bytes.toString('utf8', 0, end)
    : new StringDecoder('utf8').write(bytes.subarray(0, end));
}

/**
 * undici's headers as a flat list, the User-Agent first (the request's own one, if it has one, in its place):
 * undici takes a list as it is, where an object costs a spread and a walk of its keys.
 */
function headerList(userAgent: string, headers: Record<string, string>): string[] {
  const list = ['User-Agent', headers['User-Agent'] ?? userAgent];
  for (const name of Object.keys(headers)) {
    if (name !== 'User-Agent') list.push(name, headers[name]!);
  }
  return list;
}

/**
 * The total timeout of every send, enforced by one timer. All sends share the same timeout, so their
 * deadlines fall in the order they started: an insertion-ordered set is already sorted by deadline.
 */
class Deadlines {
  private readonly pending = new Set<Exchange>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly timeoutMs: number) {}

  add(exchange: Exchange): void {
    this.pending.add(exchange);
    this.timer ??= this.arm(this.timeoutMs);
  }

  remove(exchange: Exchange): void {
    this.pending.delete(exchange);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private arm(ms: number): NodeJS.Timeout {
    // Sends in flight keep the process alive through their sockets; the sweep alone must not.
    return setTimeout(this.sweep, ms).unref();
  }

  private readonly sweep = (): void => {
    this.timer = null;
    const now = performance.now();
    for (const exchange of this.pending) {
      if (exchange.deadline > now) {
        this.timer = this.arm(exchange.deadline - now);
        return;
      }
      // expire() settles it, which removes it from the set: deleting the current entry is safe in a for-of.
      exchange.expire();
    }
  };
}

/** Resolves at `time`; a timer may fire a little early by the wall clock, so it checks. */
async function until(time: number): Promise<void> {
  for (let wait = time - Date.now(); wait > 0; wait = time - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
  }
}

function toSendError(cause: unknown): SendError {
  if (!(cause instanceof Error)) return { code: 'CAREHOOKS_SEND_FAILED', message: String(cause) };
  const code = (cause as { code?: unknown }).code;
  return {
    code:
      typeof code === 'string'
        ? code
        : cause.name === 'HTTPParserError'
          ? INVALID_RESPONSE_CODE
          : 'CAREHOOKS_SEND_FAILED',
    message: cause.message || cause.name,
  };
}
