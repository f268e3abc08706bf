/**
 * `@carehooks/catalog/wire`: the webhook wire protocol shared by the carehooks server (which signs and sends
 * deliveries), `carehooks listen` and `@carehooks/receiver` (which verify them): header names and values,
 * and the signing string. No crypto and no Node APIs, so it runs wherever the receiver does.
 */
export {
  CONTENT_DIGEST_HEADER,
  CONTENT_TYPE,
  COVERED_COMPONENTS,
  DELIVERY_ID_HEADER,
  DIGEST_PREFIX,
  PREVIOUS_SIGNATURE_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_INPUT,
  SIGNATURE_INPUT_HEADER,
  SIGNATURE_LABEL,
} from './headers.js';
export { signedTarget, signingString, type SignedTarget, type SigningStringInput } from './signing.js';
export {
  isSignatureScheme,
  SIGNATURE_SCHEMES,
  STANDARD_ID_HEADER,
  STANDARD_SECRET_PREFIX,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_SIGNATURE_VERSION,
  STANDARD_TIMESTAMP_HEADER,
  standardSignedPrefix,
  type SignatureScheme,
} from './standard-webhooks.js';
