/**
 * Why an attempt's exchange did not complete, as the attempt log's `error` column names it. An attempt
 * succeeds only with a 2xx status and the whole response body read within the send timeout; `error` is
 * null when the receiver's complete answer is the whole story (a 2xx, or a non-2xx status such as a 3xx,
 * which is never followed), and says what broke the exchange otherwise, the status kept when one came.
 */
import { BLOCKED_DESTINATION_CODE } from '../core/network-policy.js';
import {
  INVALID_RESPONSE_CODE,
  RESPONSE_TOO_LARGE_CODE,
  TIMEOUT_CODE,
  type SendError,
} from './http-sender.js';

export const attemptErrors = [
  /** No complete response within the send timeout (connecting, headers or body). */
  'timeout',
  /** The host name did not resolve. */
  'dns_failure',
  /** The policy refused the address the URL resolves to (private networks not allowed). */
  'blocked_destination',
  'connection_refused',
  /** The receiver reset the connection (TCP RST), before or after its status line. */
  'connection_reset',
  /** The receiver closed the connection without answering. */
  'connection_closed',
  /** The receiver closed the connection before the whole body it announced had arrived. */
  'truncated_response',
  /** What came back was not HTTP/1.1. */
  'invalid_response',
  /** The body ran past the bytes a send reads (1 MiB, `MAX_RESPONSE_READ_BYTES`). */
  'response_too_large',
  'tls_error',
  /** The request could not be prepared (its URL or signing secret); nothing was sent. */
  'invalid_request',
  'send_failed',
] as const;

export type AttemptError = (typeof attemptErrors)[number];

const BY_CODE: Readonly<Record<string, AttemptError>> = {
  [TIMEOUT_CODE]: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  EAI_FAIL: 'dns_failure',
  EAI_NODATA: 'dns_failure',
  EAI_NONAME: 'dns_failure',
  [BLOCKED_DESTINATION_CODE]: 'blocked_destination',
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  [INVALID_RESPONSE_CODE]: 'invalid_response',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'invalid_response',
  [RESPONSE_TOO_LARGE_CODE]: 'response_too_large',
  EPROTO: 'tls_error',
  CERT_HAS_EXPIRED: 'tls_error',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls_error',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls_error',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls_error',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls_error',
  // The dispatcher's code for a request it could not build.
  CAREHOOKS_INVALID_REQUEST: 'invalid_request',
};

/** The attempt's `error`: null exactly when the receiver's answer arrived whole. */
export function attemptErrorOf(error: SendError | null, status: number | null): AttemptError | null {
  if (error === null) return null;
  const { code } = error;
  // undici's "other side closed": an orderly close, which cuts the answer short if one had begun.
  if (code === 'UND_ERR_SOCKET') return status === null ? 'connection_closed' : 'truncated_response';
  const known = BY_CODE[code];
  if (known) return known;
  if (code.startsWith('HPE_')) return 'invalid_response';
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_'))
    return 'tls_error';
  return 'send_failed';
}
