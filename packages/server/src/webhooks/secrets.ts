/**
 * Signature secrets: generated here from 32 random bytes, stored sealed (core/sealed-secrets.ts, with the
 * store's keyring), shown unsealed only to the organization that owns the webhook, and never written to a
 * log. A rotated-out secret keeps signing a second header for a day, so a receiver can deploy the new secret
 * without dropping deliveries.
 */
import { randomBytes } from 'node:crypto';
import type { SecretKeyring } from '../core/sealed-secrets.js';

export const PREVIOUS_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** 64 lowercase hex characters: safe to paste into any environment variable or config file. */
export function generateSignatureSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A new secret, sealed for storage. */
export function newSealedSecret(keyring: SecretKeyring): string {
  return keyring.seal(generateSignatureSecret());
}

/** A webhook's stored (sealed) secret and the organization that owns the webhook. */
export interface OwnedSecret {
  organizationId: number;
  sealed: string;
}

/**
 * The secret as the API shows it to a caller of `organizationId`: unsealed for the owner; null for anyone
 * else, such as a parent organization, which sees its sub-organizations' webhooks but does not manage them.
 */
export function revealSecret(
  secret: OwnedSecret,
  organizationId: number,
  keyring: SecretKeyring,
): string | null {
  return secret.organizationId === organizationId ? keyring.unseal(secret.sealed) : null;
}
