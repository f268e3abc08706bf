/**
 * Healthie-compatible request signing (see the "Signature" section of the webhooks guide).
 *
 * The signed string (built by the shared wire module) is `post <path> <query> <digest> application/json
 * <content-length>`, where digest is the base64 SHA-256 of the body with its `=` padding kept, as production
 * receivers verify it.
 */
import { createHash, createHmac } from 'node:crypto';
import {
  CONTENT_DIGEST_HEADER,
  CONTENT_TYPE,
  DIGEST_PREFIX,
  SIGNATURE_HEADER,
  SIGNATURE_INPUT,
  SIGNATURE_INPUT_HEADER,
  SIGNATURE_LABEL,
  signedTarget,
  signingString,
} from '../core/wire/index.js';

export interface SignDeliveryInput {
  /** The webhook URL as registered: its path (with any proxy prefix) and query are signed. */
  url: URL;
  /** The exact bytes that will be sent. */
  body: Buffer | Uint8Array;
  secret: string;
}

/** Headers to send with a webhook POST: content headers plus the guide's digest and signature headers. */
export function signDelivery({ url, body, secret }: SignDeliveryInput): Record<string, string> {
  const digest = createHash('sha256').update(body).digest('base64');
  const contentLength = String(body.byteLength);
  return {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': contentLength,
    [CONTENT_DIGEST_HEADER]: DIGEST_PREFIX + digest,
    [SIGNATURE_INPUT_HEADER]: SIGNATURE_INPUT,
    [SIGNATURE_HEADER]: sign(url, digest, contentLength, secret),
  };
}

export interface SignatureForInput {
  url: URL;
  /** Headers returned by `signDelivery` for the same URL and body; their digest and length are reused. */
  headers: Record<string, string>;
  secret: string;
}

/**
 * The `sig1=<hex>` value for another secret, e.g. the previous one during rotation, without hashing the
 * body again.
 */
export function signatureFor({ url, headers, secret }: SignatureForInput): string {
  const contentDigest = headers[CONTENT_DIGEST_HEADER];
  const contentLength = headers['Content-Length'];
  if (
    contentDigest === undefined ||
    !contentDigest.startsWith(DIGEST_PREFIX) ||
    contentLength === undefined
  ) {
    throw new TypeError(
      `signatureFor needs the ${CONTENT_DIGEST_HEADER} and Content-Length headers from signDelivery`,
    );
  }
  return sign(url, contentDigest.slice(DIGEST_PREFIX.length), contentLength, secret);
}

function sign(url: URL, digest: string, contentLength: string, secret: string): string {
  const data = signingString({ method: 'POST', ...signedTarget(url), digest, contentLength });
  return `${SIGNATURE_LABEL}=` + createHmac('sha256', secret).update(data).digest('hex');
}
