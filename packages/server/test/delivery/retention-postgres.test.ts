/**
 * PostgreSQL: retention deletes a chunk of expired rows by probing their ids. As `id in (select … limit n)` the
 * planner hash-joined each chunk against a scan of the whole table, so a large expired backlog cost a full read
 * of `deliveries` per chunk. The attempt log and the events are found without an index of their own for it
 * (migration 0017): old attempts per organization, an event's unfinished deliveries in a partial index.
 */
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { deleteExpiredHistory } from '../../src/delivery/retention.js';
import { openStore } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';
import { postgresDialect } from '../support/dialects.js';

const DELIVERIES = 40_000;

/** Sequential reads of each table by this transaction so far (its counters not yet reported). */
async function seqRowsRead(trx: Kysely<Database>): Promise<Map<string, number>> {
  const stats = await sql<{ relname: string; seq_tup_read: string }>`select relname, seq_tup_read
    from pg_stat_xact_user_tables`.execute(trx);
  return new Map(stats.rows.map((row) => [row.relname, Number(row.seq_tup_read)]));
}

it('deletes expired deliveries in chunks without reading the whole table for each', async () => {
  const { config, cleanup } = await postgresDialect.freshConfig();
  const store = await openStore(config);
  try {
    // Half the history expired (finished at time 1), half recent; two chunks' worth and more expired.
    await sql`insert into deliveries (event_id, webhook_id, state, attempts, next_attempt_at, created_at,
        updated_at)
      select n, 1, 'delivered', 1, 0, 0, case when n % 2 = 0 then 1 else 10000000 end
      from generate_series(1, ${DELIVERIES}) as n`.execute(store.db);
    await sql`analyze deliveries`.execute(store.db);

    const seqRowsRead = await store.db.transaction().execute(async (trx) => {
      const read = async () => {
        const stats = await sql<{ seq_tup_read: string }>`select seq_tup_read from pg_stat_xact_user_tables
          where relname = 'deliveries'`.execute(trx);
        return Number(stats.rows[0]!.seq_tup_read);
      };
      const before = await read();
      const deleted = await deleteExpiredHistory({ db: trx, dialect: 'postgres' }, 1000);
      expect(deleted.deliveries).toBe(DELIVERIES / 2);
      return (await read()) - before;
    });

    const left = await sql<{ n: string }>`select count(*) as n from deliveries`.execute(store.db);
    expect(Number(left.rows[0]!.n)).toBe(DELIVERIES / 2);
    // No chunk walks the table: the old form read it whole for each of the five (220,001 rows).
    expect(seqRowsRead).toBeLessThan(DELIVERIES);
  } finally {
    await store.close();
    await cleanup();
  }
});

it('deletes expired attempts and events without reading their tables whole', async () => {
  const { config, cleanup } = await postgresDialect.freshConfig();
  const store = await openStore(config);
  try {
    // Two organizations' attempts and events, half of each expired (at time 1); one old event still has a
    // delivery pending, beside finished ones of every event.
    await sql`insert into sent_webhooks (organization_id, webhook_id, delivery_id, event_id, event_type,
        resource_id, resource_id_type, url, attempt, duration_ms, created_at)
      select 1 + n % 2, 1, n, n, 'patient.created', '1', 'Patient', 'http://x', 1, 1,
        case when n % 4 < 2 then 1 else 10000000 end
      from generate_series(1, ${DELIVERIES}) as n`.execute(store.db);
    await sql`insert into events (organization_id, event_type, resource_id, resource_id_type, body, created_at)
      select 1 + n % 2, 'patient.created', '1', 'Patient', '{}', case when n % 4 < 2 then 1 else 10000000 end
      from generate_series(1, ${DELIVERIES}) as n`.execute(store.db);
    await sql`insert into deliveries (event_id, webhook_id, state, attempts, next_attempt_at, created_at,
        updated_at)
      select n, 1, case when n = 4 then 'pending' else 'delivered' end, 1, 0, 0, 10000000
      from generate_series(1, ${DELIVERIES}) as n`.execute(store.db);
    await sql`analyze`.execute(store.db);

    const { deleted, read } = await store.db.transaction().execute(async (trx) => {
      const before = await seqRowsRead(trx);
      const deleted = await deleteExpiredHistory({ db: trx, dialect: 'postgres' }, 1000);
      const after = await seqRowsRead(trx);
      const read = (table: string) => (after.get(table) ?? 0) - (before.get(table) ?? 0);
      return { deleted, read };
    });

    expect(deleted.sentWebhooks).toBe(DELIVERIES / 2);
    expect(deleted.events).toBe(DELIVERIES / 2 - 1);
    expect(read('sent_webhooks')).toBeLessThan(DELIVERIES);
    expect(read('deliveries')).toBeLessThan(DELIVERIES);
  } finally {
    await store.close();
    await cleanup();
  }
});
