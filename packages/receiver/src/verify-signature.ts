import {
  CONTENT_DIGEST_HEADER,
  COVERED_COMPONENTS,
  DIGEST_PREFIX,
  PREVIOUS_SIGNATURE_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_INPUT_HEADER,
  SIGNATURE_LABEL,
  signedTarget,
  signingString,
} from '@carehooks/catalog/wire';
import { constantTimeEqual, fromHex, toBase64, toBytes, type RawBody } from './bytes.js';
import { WebhookVerificationError } from './errors.js';
import { headerValue, type HeadersInput } from './headers.js';
import { subtleCrypto } from './web-crypto.js';

export interface VerifySignatureInput {
  /** The request method; `POST` when left out. */
  method?: string;
  /** The path and query as received (`/hooks?x=1`), or a full URL. Only its path and query are signed. */
  url: string | URL;
  headers: HeadersInput;
  /** The exact bytes received, before any JSON parsing. */
  body: RawBody;
  /** The webhook's signature secret, or several while rotating: any one of them may match. */
  secret: string | readonly string[];
}

/**
 * Checks a delivery's `Content-Digest` against the body and its `Signature` (or, during rotation,
 * `X-Carehooks-Signature-Previous`) against every secret given. Resolves `true` or throws a
 * `WebhookVerificationError` whose message says what to check.
 */
export async function verifySignature(input: VerifySignatureInput): Promise<true> {
  const secrets = secretList(input.secret);
  const { path, query } = signedTarget(input.url);
  const contentDigest = requiredHeader(input.headers, CONTENT_DIGEST_HEADER);
  const signatureHeader = requiredHeader(input.headers, SIGNATURE_HEADER);
  const previousHeader = headerValue(input.headers, PREVIOUS_SIGNATURE_HEADER);
  checkSignatureInput(headerValue(input.headers, SIGNATURE_INPUT_HEADER));
  const claimedDigest = parseContentDigest(contentDigest);
  const signatures = [
    ...parseSignatures(SIGNATURE_HEADER, signatureHeader),
    ...(previousHeader === undefined ? [] : parseSignatures(PREVIOUS_SIGNATURE_HEADER, previousHeader)),
  ];

  const subtle = await subtleCrypto();
  const body = toBytes(input.body);
  const digest = toBase64(new Uint8Array(await subtle.digest('SHA-256', body)));
  if (withoutPadding(claimedDigest) !== withoutPadding(digest)) {
    throw new WebhookVerificationError(
      'digest_mismatch',
      `${CONTENT_DIGEST_HEADER} does not match the body: the ${body.byteLength}-byte body hashes to ${DIGEST_PREFIX}${digest}, ` +
        `the header says ${contentDigest}. Verify the exact bytes received, before any JSON parsing or ` +
        `re-encoding (in Express use express.raw(), not express.json()).`,
    );
  }

  // Production signers keep the base64 padding in the signed string; accepting the unpadded form as well
  // costs nothing, since both stand for the digest just checked against the body.
  const method = (input.method ?? 'POST').toLowerCase();
  const signedStrings = [digest, withoutPadding(digest)].map((digestPart) =>
    signingString({ method, path, query, digest: digestPart, contentLength: body.byteLength }),
  );
  const encoder = new TextEncoder();
  for (const secret of secrets) {
    const key = await subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    for (const signed of signedStrings) {
      const expected = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(signed)));
      if (signatures.some((signature) => constantTimeEqual(signature, expected))) return true;
    }
  }

  const checked =
    previousHeader === undefined ? SIGNATURE_HEADER : `${SIGNATURE_HEADER} and ${PREVIOUS_SIGNATURE_HEADER}`;
  throw new WebhookVerificationError(
    'signature_mismatch',
    `No signature in ${checked} matches the request for ${secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`} ` +
      `given; verified ${method.toUpperCase()} with path "${path}" and query "${query}". Check that the secret ` +
      `is the webhook's current signature_secret, and that the path and query are those of the URL registered ` +
      `for the webhook: if a proxy strips a path prefix or rewrites the query, pass the path as registered ` +
      `(for example url: "/<prefix>${path}${query === '' ? '' : `?${query}`}") instead of the one received.`,
  );
}

function secretList(secret: string | readonly string[]): string[] {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0 || secrets.some((value) => typeof value !== 'string' || value === '')) {
    throw new TypeError('secret must be a non-empty string or a non-empty list of non-empty strings');
  }
  return secrets;
}

function requiredHeader(headers: HeadersInput, name: string): string {
  const value = headerValue(headers, name);
  if (value === undefined || value.trim() === '') {
    throw new WebhookVerificationError(
      'missing_header',
      `The ${name} header is missing: the request was not signed by carehooks, or a proxy removed the header.`,
      name,
    );
  }
  return value.trim();
}

function checkSignatureInput(value: string | undefined): void {
  if (value === undefined) return;
  const components = /^[\w.*-]+=\(([^)]*)\)/.exec(value.trim())?.[1];
  if (components?.trim().split(/\s+/).join(' ') !== COVERED_COMPONENTS) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${SIGNATURE_INPUT_HEADER} is ${quote(value)}; this SDK verifies signatures covering (${COVERED_COMPONENTS}).`,
      SIGNATURE_INPUT_HEADER,
    );
  }
}

const CONTENT_DIGEST = new RegExp(`^${DIGEST_PREFIX}([A-Za-z0-9+/]{43}=?)$`, 'i');

/** The base64 digest after `sha-256=`, with or without its `=` padding. */
function parseContentDigest(value: string): string {
  const match = CONTENT_DIGEST.exec(value);
  if (match?.[1] === undefined) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${CONTENT_DIGEST_HEADER} must be ${DIGEST_PREFIX}<base64 SHA-256 of the body>, got ${quote(value)}.`,
      CONTENT_DIGEST_HEADER,
    );
  }
  return match[1];
}

/** Every `label=<hex HMAC>` entry of a signature header, as bytes. */
function parseSignatures(name: string, value: string): Uint8Array[] {
  return value.split(',').map((entry) => {
    const hex = /^[\w.*-]+=([0-9a-f]{64})$/i.exec(entry.trim())?.[1];
    const bytes = hex === undefined ? undefined : fromHex(hex);
    if (bytes === undefined) {
      throw new WebhookVerificationError(
        'malformed_header',
        `${name} must be ${SIGNATURE_LABEL}=<64 hex digits of HMAC-SHA256>, got ${quote(value)}.`,
        name,
      );
    }
    return bytes;
  });
}

function withoutPadding(base64: string): string {
  return base64.replace(/=+$/, '');
}

function quote(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
}
