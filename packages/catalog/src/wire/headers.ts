/**
 * The names and fixed values of a webhook delivery's headers, as the sender writes them and receivers read
 * them (any letter case on the wire). Healthie's signing headers first, then carehooks' own.
 */

/** The body's SHA-256: `sha-256=<base64, padding kept>`. */
export const CONTENT_DIGEST_HEADER = 'Content-Digest';
/** What the `Content-Digest` value starts with. */
export const DIGEST_PREFIX = 'sha-256=';

/** Which request components the signature covers: always `SIGNATURE_INPUT`. */
export const SIGNATURE_INPUT_HEADER = 'Signature-Input';
/** The label of the one signature a delivery carries, in `Signature-Input` and in `Signature`. */
export const SIGNATURE_LABEL = 'sig1';
/** The covered components, in signing-string order. */
export const COVERED_COMPONENTS =
  '"@method" "@path" "@query" "content-digest" "content-type" "content-length"';
/** The `Signature-Input` value every delivery carries. */
export const SIGNATURE_INPUT = `${SIGNATURE_LABEL}=(${COVERED_COMPONENTS})`;

/** `sig1=<hex HMAC-SHA256 of the signing string>`, under the webhook's current secret. */
export const SIGNATURE_HEADER = 'Signature';
/** Sent during secret rotation: the same request signed with the webhook's previous secret. */
export const PREVIOUS_SIGNATURE_HEADER = 'X-Carehooks-Signature-Previous';

/** The header carrying a delivery's id; retries of one delivery repeat it. */
export const DELIVERY_ID_HEADER = 'X-Carehooks-Delivery';

/** The media type of every delivery body, and the one that is signed. */
export const CONTENT_TYPE = 'application/json';
