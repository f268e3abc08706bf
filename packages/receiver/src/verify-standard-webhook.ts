import {
  STANDARD_ID_HEADER,
  STANDARD_SECRET_PREFIX,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_SIGNATURE_VERSION,
  STANDARD_TIMESTAMP_HEADER,
  standardSignedPrefix,
} from '@carehooks/catalog/wire';
import { concatBytes, constantTimeEqual, toBytes, type RawBody } from './bytes.js';
import { WebhookVerificationError } from './errors.js';
import { headerValue, type HeadersInput } from './headers.js';
import { subtleCrypto } from './web-crypto.js';

/** The Standard Webhooks libraries' default: five minutes either way. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface VerifyStandardWebhookInput {
  headers: HeadersInput;
  /** The exact bytes received, before any JSON parsing. */
  body: RawBody;
  /**
   * The webhook's secret as `whsec_<base64>` (how carehooks shows it for `standard_webhooks`), or the bare
   * base64; several while rotating, any one of which may match.
   */
  secret: string | readonly string[];
  /** How far `webhook-timestamp` may be from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The current time in ms since the epoch; `Date.now()` when left out. */
  now?: number;
}

/**
 * Checks a delivery signed with the Standard Webhooks scheme: `webhook-timestamp` must be within the
 * tolerance of now, and one `v1,<base64>` entry of `webhook-signature` must be the HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>` under one of the secrets. Entries of other versions are skipped.
 * Resolves `true` or throws a `WebhookVerificationError`.
 *
 * The id and timestamp are signed, so a captured request can only be replayed as it is, within the
 * tolerance: drop those repeats by `webhook-id` (the adapters' `dedup` option does).
 */
export async function verifyStandardWebhook(input: VerifyStandardWebhookInput): Promise<true> {
  const keys = secretKeys(input.secret);
  const id = requiredHeader(input.headers, STANDARD_ID_HEADER);
  const timestamp = requiredHeader(input.headers, STANDARD_TIMESTAMP_HEADER);
  const signatures = parseSignatures(requiredHeader(input.headers, STANDARD_SIGNATURE_HEADER));
  checkTimestamp(timestamp, input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS, input.now ?? Date.now());

  const subtle = await subtleCrypto();
  const signed = concatBytes([
    new TextEncoder().encode(standardSignedPrefix(id, timestamp)),
    toBytes(input.body),
  ]);
  for (const key of keys) {
    const hmacKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const expected = new Uint8Array(await subtle.sign('HMAC', hmacKey, signed));
    if (signatures.some((signature) => constantTimeEqual(signature, expected))) return true;
  }

  const unprefixed = [input.secret].flat().some((value) => withoutPrefix(value) === value);
  throw new WebhookVerificationError(
    'signature_mismatch',
    `No ${STANDARD_SIGNATURE_VERSION} signature in ${STANDARD_SIGNATURE_HEADER} matches the body for ` +
      `${keys.length === 1 ? 'the secret' : `any of the ${keys.length} secrets`} given (${STANDARD_ID_HEADER} ` +
      `${quote(id)}, ${STANDARD_TIMESTAMP_HEADER} ${timestamp}). Check that the secret is the webhook's current ` +
      `signature_secret and that the body is the exact bytes received` +
      (unprefixed
        ? `; a secret without the ${STANDARD_SECRET_PREFIX} prefix is read as base64, so a Healthie-scheme hex ` +
          `secret does not fit here.`
        : '.'),
  );
}

/** The HMAC key of each secret: the base64 after an optional `whsec_` prefix. */
function secretKeys(secret: string | readonly string[]): Uint8Array<ArrayBuffer>[] {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0) throw new TypeError('secret must be a whsec_ secret or a non-empty list of them');
  return secrets.map((value, index) => {
    const key = typeof value === 'string' ? fromBase64(withoutPrefix(value)) : undefined;
    if (key === undefined || key.byteLength === 0) {
      const which = secrets.length === 1 ? 'secret' : `secret[${index}]`;
      throw new TypeError(
        `${which} must be ${STANDARD_SECRET_PREFIX}<base64 of the key>, as the webhook shows it`,
      );
    }
    return key;
  });
}

function withoutPrefix(secret: string): string {
  return secret.startsWith(STANDARD_SECRET_PREFIX) ? secret.slice(STANDARD_SECRET_PREFIX.length) : secret;
}

function requiredHeader(headers: HeadersInput, name: string): string {
  const value = headerValue(headers, name)?.trim();
  if (value === undefined || value === '') {
    throw new WebhookVerificationError(
      'missing_header',
      `The ${name} header is missing: the request is not signed with the Standard Webhooks scheme (is the ` +
        `webhook's signature_scheme standard_webhooks?), or a proxy removed the header.`,
      name,
    );
  }
  return value;
}

function checkTimestamp(value: string, toleranceSeconds: number, nowMs: number): void {
  if (!/^\d{1,15}$/.test(value)) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${STANDARD_TIMESTAMP_HEADER} must be whole seconds since the epoch, got ${quote(value)}.`,
      STANDARD_TIMESTAMP_HEADER,
    );
  }
  const skew = Math.floor(nowMs / 1000) - Number(value);
  if (Math.abs(skew) > toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp_out_of_range',
      `${STANDARD_TIMESTAMP_HEADER} ${value} is ${Math.abs(skew)} s ${skew > 0 ? 'in the past' : 'in the future'}, ` +
        `beyond the ${toleranceSeconds} s tolerance: a replayed request, or a clock that is off (check NTP).`,
      STANDARD_TIMESTAMP_HEADER,
    );
  }
}

/** The `v1` signatures of the header as bytes; entries of other versions, or not base64, match nothing. */
function parseSignatures(value: string): Uint8Array[] {
  const entries = value.split(' ').filter((entry) => entry !== '');
  if (!entries.every((entry) => /^[\w.-]+,\S*$/.test(entry))) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${STANDARD_SIGNATURE_HEADER} must be space-separated <version>,<base64> entries, got ${quote(value)}.`,
      STANDARD_SIGNATURE_HEADER,
    );
  }
  const signatures: Uint8Array[] = [];
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    if (entry.slice(0, comma) !== STANDARD_SIGNATURE_VERSION) continue;
    const bytes = fromBase64(entry.slice(comma + 1));
    if (bytes !== undefined) signatures.push(bytes);
  }
  return signatures;
}

/** Bytes of standard base64 (padding optional), or `undefined` when the text is not base64. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function quote(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
}
