/**
 * Migration 0005 on a store that already has an attempt log: the old `error` text (`CODE: message`) moves
 * to `error_detail` and `error` becomes the reason, so `sentWebhooks(failed: true)` also finds the old
 * attempts whose 200 was cut short. On both stores, migrated from 0004 with rows written the old way.
 */
import { Migrator, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import type { SentWebhookTable } from '../../src/store/schema.js';
import { dialects } from '../support/dialects.js';

let store: Store | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await store?.close();
  await cleanup?.();
  store = cleanup = undefined;
});

/** The attempt log as 0001 made it. */
interface BeforeMigration {
  sent_webhooks: Omit<SentWebhookTable, 'error_detail'>;
}

async function migrateUpTo(db: Kysely<unknown>, dialect: Store['dialect'], last: string): Promise<void> {
  const upTo = migrations.filter((m) => m.name <= last);
  const provider = {
    getMigrations: async () =>
      Object.fromEntries(upTo.map((m) => [m.name, { up: (k: Kysely<unknown>) => m.up(k, dialect) }])),
  };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw new Error(`migrating up to ${last} failed`, { cause: error });
}

/** [status, error as written before 0005] → [error, error_detail] after it. */
const cases: Array<[number | null, string | null, string | null, string | null]> = [
  [200, null, null, null],
  [500, null, null, null],
  [200, 'UND_ERR_SOCKET: other side closed', 'truncated_response', 'UND_ERR_SOCKET: other side closed'],
  [null, 'UND_ERR_SOCKET: other side closed', 'connection_closed', 'UND_ERR_SOCKET: other side closed'],
  [200, 'CAREHOOKS_TIMEOUT: No complete response', 'timeout', 'CAREHOOKS_TIMEOUT: No complete response'],
  [null, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9', 'connection_refused', null],
  [200, 'ECONNRESET: read ECONNRESET', 'connection_reset', null],
  [null, 'ENOTFOUND: Could not resolve nowhere.test', 'dns_failure', null],
  [null, 'CAREHOOKS_BLOCKED_DESTINATION: Refused to connect', 'blocked_destination', null],
  [null, 'ERR_TLS_CERT_ALTNAME_INVALID: Hostname mismatch', 'tls_error', null],
  [null, 'CAREHOOKS_SEND_FAILED: Response does not match HTTP/1.1', 'send_failed', null],
];

describe.each(dialects)('migration 0005 on $name', (dialect) => {
  it('classifies the attempts logged before it and keeps their text as the detail', async () => {
    const fresh = await dialect.freshConfig();
    cleanup = fresh.cleanup;
    store = await openStore(fresh.config, { migrate: false });
    await migrateUpTo(store.db as Kysely<unknown>, store.dialect, '0004-users-email-index');
    const ids: number[] = [];
    for (const [status, error] of cases) {
      // Written as the attempt log was before 0005 (no error_detail column yet).
      const row = await (store.db as unknown as Kysely<BeforeMigration>)
        .insertInto('sent_webhooks')
        .values({
          organization_id: 1,
          webhook_id: 1,
          delivery_id: 1,
          event_id: 1,
          event_type: 'patient.created',
          resource_id: '1',
          resource_id_type: 'User',
          url: 'https://example.test/hooks',
          attempt: 1,
          http_response_status: status,
          error,
          response_body: null,
          duration_ms: 1,
          created_at: 1_700_000_000_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
    await store.close();

    store = await openStore(fresh.config);
    const rows = await store.db
      .selectFrom('sent_webhooks')
      .select(['id', 'http_response_status', 'error', 'error_detail'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.http_response_status, r.error, r.error_detail])).toEqual(
      cases.map(([status, old, error, detail]) => [status, error, detail ?? old]),
    );
    expect(await store.db.selectFrom('delivery_workers').selectAll().execute()).toEqual([]);
  });
});
