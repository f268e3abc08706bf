/**
 * A receiver-side signature check written from the webhooks guide alone (reference/webhooks-guide.md,
 * "Signature"), deliberately independent of src/delivery/signature.ts so the two can catch each other out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface GuideVerifyInput {
  method: string;
  /** Path and query as received on the request line, e.g. `/hooks/a?x=1`. */
  pathAndQuery: string;
  /** Node-style headers (lower-case names). */
  headers: IncomingHttpHeaders;
  body: Buffer;
  secret: string;
}

export type GuideVerifyResult = { ok: true } | { ok: false; reason: string };

const EXPECTED_SIGNATURE_INPUT =
  'sig1=("@method" "@path" "@query" "content-digest" "content-type" "content-length")';

export function verifyFromGuide({
  method,
  pathAndQuery,
  headers,
  body,
  secret,
}: GuideVerifyInput): GuideVerifyResult {
  const contentType = header(headers, 'content-type');
  const contentDigest = header(headers, 'content-digest');
  const contentLength = header(headers, 'content-length');
  const signatureInput = header(headers, 'signature-input');
  const signature = header(headers, 'signature');

  if (contentType !== 'application/json') return fail(`Content-Type is ${contentType}, not application/json`);
  if (contentDigest === undefined) return fail('Content-Digest header is missing');
  if (signature === undefined) return fail('Signature header is missing');
  if (signatureInput !== EXPECTED_SIGNATURE_INPUT)
    return fail(`unexpected Signature-Input: ${signatureInput}`);
  if (contentLength !== String(body.length)) {
    return fail(`Content-Length ${contentLength} does not match the ${body.length}-byte body`);
  }

  // "the value after sha-256=, padding included": split at the first '=' only.
  const separator = contentDigest.indexOf('=');
  const algorithm = contentDigest.slice(0, separator);
  const digest = contentDigest.slice(separator + 1);
  if (separator < 0 || algorithm !== 'sha-256')
    return fail(`Content-Digest is not sha-256: ${contentDigest}`);
  const actualDigest = createHash('sha256').update(body).digest('base64');
  if (digest !== actualDigest)
    return fail(`Content-Digest ${digest} does not match the body (${actualDigest})`);

  if (!signature.startsWith('sig1=')) return fail(`Signature does not start with sig1=: ${signature}`);
  const received = signature.slice('sig1='.length);

  const queryStart = pathAndQuery.indexOf('?');
  const path = queryStart < 0 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
  const query = queryStart < 0 ? '' : pathAndQuery.slice(queryStart + 1);
  const signed = (digestPart: string) =>
    [method.toLowerCase(), path, query, digestPart, 'application/json', contentLength].join(' ');
  const hmac = (data: string) => createHmac('sha256', secret).update(data).digest('hex');

  if (hexEqual(received, hmac(signed(digest)))) return { ok: true };
  // The guide's own sample drops the padding; say so rather than just "mismatch".
  if (hexEqual(received, hmac(signed(digest.replace(/=+$/, ''))))) {
    return fail('signature covers the digest without its = padding; production receivers expect it kept');
  }
  return fail(`signature does not match the signed string ${JSON.stringify(signed(digest))}`);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function hexEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function fail(reason: string): GuideVerifyResult {
  return { ok: false, reason };
}
