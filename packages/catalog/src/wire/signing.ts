/**
 * The string a delivery's signature is the HMAC-SHA256 of (see the "Signature" section of Healthie's
 * webhooks guide): `<method> <path> <query> <digest> application/json <content-length>`, the method in
 * lower case and an empty query still taking its place (two spaces in a row). Signers and verifiers both
 * build it here; each hashes it with its own crypto (Node's on the server, WebCrypto in the receiver).
 */
import { CONTENT_TYPE } from './headers.js';

export interface SignedTarget {
  /** The URL's path, percent-encoding as it is. */
  path: string;
  /** The query without its `?`; `''` when there is none. */
  query: string;
}

/**
 * The signed path and query of a URL: taken verbatim from a path (`/hooks?x=1`), or from a full URL as the
 * WHATWG parser reads it. Any fragment is left out.
 */
export function signedTarget(url: string | URL): SignedTarget {
  if (typeof url !== 'string') return { path: url.pathname, query: url.search.slice(1) };
  if (url.startsWith('/')) {
    const end = url.includes('#') ? url.indexOf('#') : url.length;
    const queryStart = url.indexOf('?');
    return queryStart < 0 || queryStart > end
      ? { path: url.slice(0, end), query: '' }
      : { path: url.slice(0, queryStart), query: url.slice(queryStart + 1, end) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `url must be the path and query as received (like "/hooks?x=1") or a full URL, got ${JSON.stringify(url)}`,
    );
  }
  return { path: parsed.pathname, query: parsed.search.slice(1) };
}

export interface SigningStringInput extends SignedTarget {
  /** The request method, in any case; deliveries are POSTs. */
  method: string;
  /** The base64 SHA-256 of the body, as in `Content-Digest` after `sha-256=`. */
  digest: string;
  /** The body's length in bytes. */
  contentLength: number | string;
}

export function signingString({ method, path, query, digest, contentLength }: SigningStringInput): string {
  return `${method.toLowerCase()} ${path} ${query} ${digest} ${CONTENT_TYPE} ${contentLength}`;
}
