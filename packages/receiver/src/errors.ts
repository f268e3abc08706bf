/** Why a request failed signature verification; adapters send it back in the 400 body. */
export type VerificationErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'digest_mismatch'
  | 'signature_mismatch'
  /** Standard Webhooks only: `webhook-timestamp` is further from now than the tolerance. */
  | 'timestamp_out_of_range';

/** The request is not a delivery signed with one of the given secrets. The message says what to check. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    readonly code: VerificationErrorCode,
    message: string,
    /** The header at fault, for `missing_header` and `malformed_header`. */
    readonly header?: string,
  ) {
    super(message);
  }
}

/** Why a body is not a webhook event this SDK knows. */
export type PayloadErrorCode = 'invalid_json' | 'unknown_event_type' | 'invalid_payload';

/** The body is not JSON, or not an event of the catalog; `errors` lists every problem found. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';

  constructor(
    readonly code: PayloadErrorCode,
    readonly errors: readonly string[],
  ) {
    super(`invalid webhook payload: ${errors.join('; ')}`);
  }
}
