/**
 * Request signing. Healthie's scheme (see the "Signature" section of the webhooks guide) signs every
 * delivery: the signed string (built by the shared wire module) is `post <path> <query> <digest>
 * application/json <content-length>`, where digest is the base64 SHA-256 of the body with its `=` padding
 * kept, as production receivers verify it.
 *
 * A webhook set to `standard_webhooks` also gets the Standard Webhooks headers, next to Healthie's as that
 * specification's migration section advises, under the same key: switching a webhook between the schemes
 * drops no delivery, whichever side switches first.
 */
import { createHmac, hash } from 'node:crypto';
import {
  CONTENT_DIGEST_HEADER,
  CONTENT_TYPE,
  DELIVERY_ID_HEADER,
  DIGEST_PREFIX,
  PREVIOUS_SIGNATURE_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_INPUT,
  SIGNATURE_INPUT_HEADER,
  SIGNATURE_LABEL,
  signedTarget,
  signingString,
  STANDARD_ID_HEADER,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_SIGNATURE_VERSION,
  STANDARD_TIMESTAMP_HEADER,
  standardSignedPrefix,
  type SignatureScheme,
} from '../core/wire/index.js';

export interface SignDeliveryInput {
  /** The webhook URL as registered: its path (with any proxy prefix) and query are signed. */
  url: URL;
  /** The exact bytes that will be sent. */
  body: Buffer | Uint8Array;
  /** `bodyDigest(body)`, when already known. */
  digest?: string | undefined;
  secret: string;
}

/** The base64 SHA-256 of a body, as `Content-Digest` carries it (after its prefix) and the signature signs it. */
export function bodyDigest(body: Buffer | Uint8Array): string {
  // One-shot: a Hash object per delivery cost twice as much (1.2 -> 0.55 µs for a 300-byte body).
  return hash('sha256', body, 'base64');
}

/** Headers to send with a webhook POST: content headers plus the guide's digest and signature headers. */
export function signDelivery({
  url,
  body,
  digest: knownDigest,
  secret,
}: SignDeliveryInput): Record<string, string> {
  const digest = knownDigest ?? bodyDigest(body);
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

export interface StandardSignInput {
  /** `webhook-id`: never contains a `.`, which would make the signed content ambiguous. */
  id: string;
  /** `webhook-timestamp`, in whole seconds. */
  timestampSeconds: number;
  body: Buffer | Uint8Array;
  /**
   * HMAC keys, the current one first: bytes, or a stored secret, whose UTF-8 bytes are the key (the same
   * key its Healthie signature uses).
   */
  keys: ReadonlyArray<string | Uint8Array>;
}

/** The three Standard Webhooks headers, with one `v1,<base64>` signature per key. */
export function signStandardWebhook({
  id,
  timestampSeconds,
  body,
  keys,
}: StandardSignInput): Record<string, string> {
  const prefix = standardSignedPrefix(id, timestampSeconds);
  const signatures = keys.map(
    (key) =>
      `${STANDARD_SIGNATURE_VERSION},` +
      createHmac('sha256', key).update(prefix).update(body).digest('base64'),
  );
  return {
    [STANDARD_ID_HEADER]: id,
    [STANDARD_TIMESTAMP_HEADER]: String(timestampSeconds),
    [STANDARD_SIGNATURE_HEADER]: signatures.join(' '),
  };
}

export interface DeliveryHeadersInput {
  url: URL;
  body: Buffer;
  /** `bodyDigest(body)`, when already known. */
  digest?: string | undefined;
  deliveryId: number;
  scheme: SignatureScheme;
  /** When this attempt is signed (ms); Standard Webhooks receivers check it against their clock. */
  now: number;
  /** Unsealed. */
  secret: string;
  /** The rotated-out secret, unsealed, while it is still honoured; otherwise null. */
  previousSecret: string | null;
}

/**
 * Every signing header of one attempt: Healthie's (with the previous secret's signature in its own header
 * during rotation), the delivery id, and for `standard_webhooks` the Standard Webhooks headers, whose
 * `webhook-signature` then carries a signature for each secret.
 */
export function deliveryHeaders(input: DeliveryHeadersInput): Record<string, string> {
  const { url, body, digest, secret, previousSecret } = input;
  const headers = signDelivery({ url, body, digest, secret });
  if (previousSecret !== null) {
    headers[PREVIOUS_SIGNATURE_HEADER] = signatureFor({ url, headers, secret: previousSecret });
  }
  const id = String(input.deliveryId);
  headers[DELIVERY_ID_HEADER] = id;
  if (input.scheme === 'standard_webhooks') {
    const keys = previousSecret === null ? [secret] : [secret, previousSecret];
    Object.assign(
      headers,
      signStandardWebhook({ id, timestampSeconds: Math.floor(input.now / 1000), body, keys }),
    );
  }
  return headers;
}
