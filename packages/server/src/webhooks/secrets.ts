/**
 * Signature secrets: generated here from 32 random bytes, stored sealed (core/sealed-secrets.ts, with the
 * store's keyring), shown unsealed only to the organization that owns the webhook, and never written to a
 * log. A rotated-out secret keeps signing a second header for a day, so a receiver can deploy the new secret
 * without dropping deliveries.
 *
 * One stored secret serves both signature schemes: its UTF-8 bytes are the HMAC key of each. Healthie's
 * scheme shows it as stored (64 hex characters); Standard Webhooks shows the same key in that scheme's form,
 * `whsec_<base64 of the key bytes>`. Switching a webhook's scheme therefore keeps its key, and any rotation
 * under way, and only changes how `signature_secret` reads.
 */
import { randomBytes } from 'node:crypto';
import type { SecretKeyring } from '../core/sealed-secrets.js';
import { STANDARD_SECRET_PREFIX, type SignatureScheme } from '../core/wire/index.js';

export const PREVIOUS_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** 64 lowercase hex characters: safe to paste into any environment variable or config file. */
export function generateSignatureSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A new secret, sealed for storage. */
export function newSealedSecret(keyring: SecretKeyring): string {
  return keyring.seal(generateSignatureSecret());
}

/** A webhook's stored (sealed) secret, the organization that owns the webhook, and the scheme it signs with. */
export interface OwnedSecret {
  organizationId: number;
  sealed: string;
  scheme: SignatureScheme;
}

/** The secret as Standard Webhooks libraries take it: `whsec_` and the base64 of its key bytes. */
export function standardWebhookSecret(secret: string): string {
  return STANDARD_SECRET_PREFIX + Buffer.from(secret, 'utf8').toString('base64');
}

/**
 * The secret as the API shows it to a caller of `organizationId`: unsealed for the owner, in its scheme's
 * form; null for anyone else, such as a parent organization, which sees its sub-organizations' webhooks but
 * does not manage them.
 */
export function revealSecret(
  secret: OwnedSecret,
  organizationId: number,
  keyring: SecretKeyring,
): string | null {
  if (secret.organizationId !== organizationId) return null;
  const plain = keyring.unseal(secret.sealed);
  return secret.scheme === 'standard_webhooks' ? standardWebhookSecret(plain) : plain;
}
