import { concatBytes, isRawBody, type RawBody } from '../bytes.js';
import { createReceiver, type ReceiverOptions, type ReceiverResponse } from '../receive.js';

/** What this adapter reads from a Node `IncomingMessage` or an Express `Request`. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  /** Express keeps the URL as received here when a router is mounted under a path. */
  originalUrl?: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set by body parsers: a `Buffer` from `express.raw()` is used as the raw body. */
  body?: unknown;
  readableEnded?: boolean;
}

/** What this adapter writes to a Node `ServerResponse` or an Express `Response`. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk: string): unknown;
}

export interface NodeHandlerOptions extends ReceiverOptions {
  /** Largest body read from the stream; larger ones get a 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * A `(req, res)` handler for `node:http` and Express. It takes the raw body from `express.raw()` when that ran,
 * and reads the request stream otherwise.
 */
export function createNodeHandler(
  options: NodeHandlerOptions,
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  const receive = createReceiver(options);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    const method = req.method ?? 'GET';
    let body: RawBody | undefined;
    if (method.toUpperCase() === 'POST') {
      if (isRawBody(req.body)) body = req.body;
      else if (req.readableEnded === true) {
        return send(res, {
          status: 500,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: {
            error: {
              code: 'raw_body_unavailable',
              message:
                'the body was read and parsed before the webhook handler, so its signature cannot be checked: ' +
                "use express.raw({ type: 'application/json' }) on this route, not express.json()",
            },
          },
        });
      } else {
        body = await readStream(req, maxBodyBytes);
        if (body === undefined) {
          return send(res, {
            status: 413,
            headers: { 'Content-Type': 'application/json; charset=utf-8' },
            body: {
              error: { code: 'body_too_large', message: `the body is larger than ${maxBodyBytes} bytes` },
            },
          });
        }
      }
    }
    send(res, await receive({ method, url: req.originalUrl ?? req.url ?? '/', headers: req.headers, body }));
  };
}

/** The whole body, or `undefined` once it exceeds `limit` bytes. */
async function readStream(req: AsyncIterable<unknown>, limit: number): Promise<Uint8Array | undefined> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > limit) return undefined;
    chunks.push(bytes);
  }
  return concatBytes(chunks);
}

function send(res: NodeResponseLike, response: ReceiverResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.end(JSON.stringify(response.body));
}
