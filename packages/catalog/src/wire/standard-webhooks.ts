/**
 * The Standard Webhooks signature scheme (https://www.standardwebhooks.com, spec version 1.0.0), which a
 * webhook may use instead of, or rather next to, Healthie's: `webhook-signature` holds space-separated
 * `v1,<base64 HMAC-SHA256>` entries over `<webhook-id>.<webhook-timestamp>.<body>`, under a key shown as
 * `whsec_<base64 of the key bytes>`.
 */

/** The schemes a webhook can be signed with; `healthie` is the default and what Healthie clients get. */
export const SIGNATURE_SCHEMES = ['healthie', 'standard_webhooks'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export function isSignatureScheme(value: unknown): value is SignatureScheme {
  return (SIGNATURE_SCHEMES as readonly unknown[]).includes(value);
}

/** The message id, the same on every attempt of one delivery (carehooks sends the delivery id). */
export const STANDARD_ID_HEADER = 'webhook-id';
/** When this attempt was signed, in whole seconds since the epoch. */
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
/** One `v1,<base64>` entry per signing key, separated by single spaces. */
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';
/** The version tag of an HMAC-SHA256 signature. */
export const STANDARD_SIGNATURE_VERSION = 'v1';
/** What a Standard Webhooks secret starts with; the rest is the base64 of the HMAC key. */
export const STANDARD_SECRET_PREFIX = 'whsec_';

/** The signed content up to the body: `<id>.<timestamp>.`; the body's bytes follow it unchanged. */
export function standardSignedPrefix(id: string, timestampSeconds: number | string): string {
  return `${id}.${timestampSeconds}.`;
}
