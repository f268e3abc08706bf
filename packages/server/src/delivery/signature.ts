/**
 * Healthie-compatible request signing (see the "Signature" section of the webhooks guide).
 *
 * The signed string is `post <path> <query> <digest> application/json <content-length>`, where digest is the
 * base64 SHA-256 of the body with its `=` padding kept, as production receivers verify it.
 */
import { createHash, createHmac } from 'node:crypto';

const CONTENT_TYPE = 'application/json';
const DIGEST_PREFIX = 'sha-256=';
const SIGNATURE_INPUT = 'sig1=("@method" "@path" "@query" "content-digest" "content-type" "content-length")';

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
    'Content-Digest': DIGEST_PREFIX + digest,
    'Signature-Input': SIGNATURE_INPUT,
    Signature: sign(signingString(url, digest, contentLength), secret),
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
  const contentDigest = headers['Content-Digest'];
  const contentLength = headers['Content-Length'];
  if (
    contentDigest === undefined ||
    !contentDigest.startsWith(DIGEST_PREFIX) ||
    contentLength === undefined
  ) {
    throw new TypeError('signatureFor needs the Content-Digest and Content-Length headers from signDelivery');
  }
  return sign(signingString(url, contentDigest.slice(DIGEST_PREFIX.length), contentLength), secret);
}

function signingString(url: URL, digest: string, contentLength: string): string {
  // url.search is '' or '?…'; an empty query still takes its place, giving two spaces in a row.
  return `post ${url.pathname} ${url.search.slice(1)} ${digest} ${CONTENT_TYPE} ${contentLength}`;
}

function sign(data: string, secret: string): string {
  return 'sig1=' + createHmac('sha256', secret).update(data).digest('hex');
}
