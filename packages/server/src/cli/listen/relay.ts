/**
 * The local end of the temporary webhook: a `node:http` server on 127.0.0.1 that verifies each delivery's
 * signature with `@carehooks/receiver`, as an app would, hands it to the forwarder, and answers the server
 * with the target's status, so the server's retries behave as they would against the target itself.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature, verifyStandardWebhook, WebhookVerificationError } from '@carehooks/receiver';
import { DELIVERY_ID_HEADER, type SignatureScheme } from '../../core/wire/index.js';
import type { ForwardResult, Forwarder } from './forwarder.js';

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
  /** The temporary webhook's scheme: which signature a delivery must carry. */
  scheme: SignatureScheme;
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

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> => {
    if (body === 'aborted') return;
    if (!url || !secret) return refuse(res, 503, 'a delivery that came before listen was ready');
    if (req.url !== path) return refuse(res, 404, `a request for the unknown path ${req.url ?? ''}`, options);
    if (req.method !== 'POST') return refuse(res, 405, `an unexpected ${req.method ?? ''} request`, options);
    if (body === 'too large') return refuse(res, 413, `a body over ${MAX_BODY_BYTES} bytes`, options);
    let verified: boolean;
    try {
      verified = await verifies(url, body, req, secret, options.scheme);
    } catch (error) {
      return refuse(res, 500, `a delivery it could not verify (${String(error)})`, options);
    }
    if (!verified) {
      return refuse(res, 400, 'a request whose signature does not verify with the webhook secret', options);
    }
    const deliveryId = header(req, DELIVERY_ID_HEADER.toLowerCase());
    const result = await options.forwarder.forward({
      body,
      deliveryId,
      userAgent: header(req, 'user-agent'),
    });
    answer(res, result);
    options.onDelivery({ body, deliveryId, result });
  };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => handle(req, res, body));
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

/**
 * Whether the request is a delivery signed for the relay's own URL with the webhook secret, checked as a
 * receiving app checks it (digest, then `Signature` or the previous-secret header; or the Standard Webhooks
 * headers).
 */
async function verifies(
  url: URL,
  body: Buffer,
  req: IncomingMessage,
  secret: string,
  scheme: SignatureScheme,
): Promise<boolean> {
  try {
    if (scheme === 'standard_webhooks') await verifyStandardWebhook({ headers: req.headers, body, secret });
    else await verifySignature({ method: req.method, url, headers: req.headers, body, secret });
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

type Body = Buffer | 'too large' | 'aborted';

/** The whole body, or what went wrong; an oversized body is read to its end and dropped, so 413 can be sent. */
function readBody(req: IncomingMessage): Promise<Body> {
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
