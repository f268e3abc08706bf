/**
 * The local end of the temporary webhook: a `node:http` server on 127.0.0.1 that checks each delivery's
 * signature, hands it to the forwarder, and answers the server with the target's status, so the server's
 * retries behave as they would against the target itself.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signDelivery } from '../../delivery/signature.js';
import { DELIVERY_ID_HEADER, type ForwardResult, type Forwarder } from './forwarder.js';

/** Sent during rotation, signed with the replaced secret: the one this relay may still hold. */
const PREVIOUS_SIGNATURE_HEADER = 'x-carehooks-signature-previous';
/** Webhook bodies are small; anything this large is not a delivery. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The relay's answer when the target gave none: a 5xx, so the server retries as it would for the target. */
export const UNREACHABLE_STATUS = 502;

export interface RelayedDelivery {
  body: Buffer;
  deliveryId: string | undefined;
  result: ForwardResult;
}

export interface RelayOptions {
  forwarder: Forwarder;
  onDelivery(delivery: RelayedDelivery): void;
  /** A request that is not a correctly signed delivery: answered 4xx and not forwarded. */
  onRejected(reason: string): void;
}

export interface Relay {
  /** The URL to register as the webhook: loopback, a random port and an unguessable path. */
  url: URL;
  /** The webhook's signature secret, once the webhook exists; until then nothing is accepted. */
  setSignatureSecret(secret: string): void;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const path = `/carehooks-listen/${randomBytes(12).toString('hex')}`;
  let url: URL | null = null;
  let secret: string | null = null;

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (body === 'aborted') return;
      if (!url || !secret) return refuse(res, 503, 'a delivery that came before listen was ready');
      if (req.url !== path)
        return refuse(res, 404, `a request for the unknown path ${req.url ?? ''}`, options);
      if (req.method !== 'POST')
        return refuse(res, 405, `an unexpected ${req.method ?? ''} request`, options);
      if (body === 'too large') return refuse(res, 413, `a body over ${MAX_BODY_BYTES} bytes`, options);
      if (!isSignedFor(url, body, req, secret)) {
        return refuse(res, 400, 'a request whose signature does not verify with the webhook secret', options);
      }
      const deliveryId = header(req, DELIVERY_ID_HEADER.toLowerCase());
      return options.forwarder
        .forward({ body, deliveryId, userAgent: header(req, 'user-agent') })
        .then((result) => {
          answer(res, result);
          options.onDelivery({ body, deliveryId, result });
        });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = new URL(`http://127.0.0.1:${port}${path}`);

  return {
    url,
    setSignatureSecret(value) {
      secret = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answer(res: ServerResponse, result: ForwardResult): void {
  if (result.status === null) {
    res.writeHead(UNREACHABLE_STATUS, { 'Content-Type': 'text/plain' });
    res.end(`carehooks listen could not reach the target: ${result.error ?? 'no response'}`);
    return;
  }
  res.writeHead(result.status, result.headers);
  res.end(result.body);
}

function refuse(res: ServerResponse, status: number, reason: string, options?: RelayOptions): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(`carehooks listen refused ${reason}\n`);
  options?.onRejected(`Refused ${reason} (answered ${status}).`);
}

/** The relay recomputes the signature its own URL should carry; the previous-secret header counts too. */
function isSignedFor(url: URL, body: Buffer, req: IncomingMessage, secret: string): boolean {
  const expected = signDelivery({ url, body, secret }).Signature;
  if (expected === undefined) return false;
  return [header(req, 'signature'), header(req, PREVIOUS_SIGNATURE_HEADER)].some(
    (received) => received !== undefined && safeEqual(received, expected),
  );
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or what went wrong; an oversized body is read to its end and dropped, so 413 can be sent. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too large' : Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted'));
  });
}
