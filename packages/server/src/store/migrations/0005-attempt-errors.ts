/**
 * An honest attempt log and faster recovery after a crash.
 *
 * `sent_webhooks.error` becomes a short reason (`timeout`, `truncated_response`, ...) and the text it held
 * (`CODE: message`) moves to the new `error_detail`. Earlier rows are classified here by their code, as the
 * delivery engine classified them when this migration was written (delivery/attempt-errors.ts); the mapping
 * is copied rather than imported so that later changes there do not rewrite history.
 *
 * `delivery_workers` holds each PostgreSQL worker's heartbeat, so a worker whose heartbeat stops is known
 * dead and its leases are taken back at once instead of when they run out.
 */
import { sql, type Kysely } from 'kysely';
import { bigint, type DialectName } from '../dialect.js';

/** Code prefixes of the `CODE: message` text, first match wins. */
const REASONS: ReadonlyArray<[reason: string, codes: readonly string[]]> = [
  [
    'timeout',
    [
      'CAREHOOKS_TIMEOUT',
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'ETIMEDOUT',
    ],
  ],
  ['dns_failure', ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']],
  ['blocked_destination', ['CAREHOOKS_BLOCKED_DESTINATION']],
  ['connection_refused', ['ECONNREFUSED']],
  ['connection_reset', ['ECONNRESET', 'EPIPE']],
  ['invalid_response', ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'HPE_']],
  ['invalid_request', ['CAREHOOKS_INVALID_REQUEST']],
  [
    'tls_error',
    [
      'EPROTO',
      'ERR_TLS_',
      'ERR_SSL_',
      'CERT_',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ],
  ],
];

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('sent_webhooks').addColumn('error_detail', 'text').execute();

  const error = sql.ref('error');
  const status = sql.ref('http_response_status');
  // A code ends at the first colon; exact codes are matched with it, prefixes (`HPE_`, `ERR_TLS_`) without.
  const startsWith = (code: string) =>
    sql`${error} like ${sql.lit(code.endsWith('_') ? `${code}%` : `${code}:%`)}`;
  const whens = REASONS.flatMap(([reason, codes]) =>
    codes.map((code) => sql`when ${startsWith(code)} then ${sql.lit(reason)}`),
  );
  // undici's "other side closed" is a truncated answer once a status had come, a closed connection before.
  const closed = sql`when ${startsWith('UND_ERR_SOCKET')} then case when ${status} is null
    then 'connection_closed' else 'truncated_response' end`;
  await sql`update sent_webhooks set error_detail = ${error},
      error = case ${closed} ${sql.join(whens, sql` `)} else 'send_failed' end
    where ${error} is not null`.execute(db);

  await db.schema
    .createTable('delivery_workers')
    .addColumn('owner', 'text', (c) => c.primaryKey())
    .addColumn('started_at', bigint, (c) => c.notNull())
    .addColumn('heartbeat_at', bigint, (c) => c.notNull())
    .execute();
}
