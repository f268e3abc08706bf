/**
 * PostgreSQL: retention deletes a chunk of expired rows by probing their ids. As `id in (select … limit n)` the
 * planner hash-joined each chunk against a scan of the whole table, so a large expired backlog cost a full read
 * of `deliveries` per chunk.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { deleteExpiredHistory } from '../../src/delivery/retention.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresDialect } from '../support/dialects.js';

const DELIVERIES = 40_000;

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
