/**
 * Signature secrets: generated here from 32 random bytes, returned to the API caller and stored for the
 * signer, never written to a log. A rotated-out secret keeps signing a second header for a day, so a
 * receiver can deploy the new secret without dropping deliveries.
 */
import { randomBytes } from 'node:crypto';

export const PREVIOUS_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** 64 lowercase hex characters: safe to paste into any environment variable or config file. */
export function generateSignatureSecret(): string {
  return randomBytes(32).toString('hex');
}
