/**
 * The Standard Webhooks specification's published test vector (test/fixtures/standard-webhooks-vectors.json,
 * copied from the reference libraries' tests, which the file names): one secret, message id, timestamp and
 * payload, the signature they give, and signature headers a verifier must accept or refuse.
 */
import { readFileSync } from 'node:fs';

export interface StandardWebhooksVectors {
  source: string;
  secret: string;
  bare_secret: string;
  msg_id: string;
  timestamp: number;
  payload: string;
  signature: string;
  signature_headers: Array<{ name: string; value: string; valid: boolean }>;
}

export const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/standard-webhooks-vectors.json', import.meta.url), 'utf8'),
) as StandardWebhooksVectors;

/** The vector's key: the base64 after `whsec_`. */
export const vectorKey = Buffer.from(vectors.secret.slice('whsec_'.length), 'base64');
