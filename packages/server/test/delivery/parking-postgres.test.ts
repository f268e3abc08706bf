/**
 * PostgreSQL: parking the deliveries that wait for their resource's turn reads those deliveries, however
 * many others are pending. The planner once turned the per-delivery test into a join and ran it on every
 * pending row: 174 ms for 100 deliveries with 20,000 pending, on every claim that parked some.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { applyClaimPlannerSettings } from '../../src/delivery/claim-planner.js';
import { parkDeliveries } from '../../src/delivery/parking.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresDialect } from '../support/dialects.js';

const PENDING = 5000;
const RESOURCES = 50;

it('parks waiting deliveries by reading each one, not every pending delivery', async () => {
  const { config, cleanup } = await postgresDialect.freshConfig();
  const store = await openStore(config);
  try {
    // One per_resource webhook's backlog: each resource's deliveries after its first wait for their turn.
    await sql`insert into deliveries (event_id, webhook_id, state, attempts, next_attempt_at, created_at,
        updated_at, ordering_key)
      select n, 1, 'pending', 0, 0, 0, 0, 'User:' || (n % ${RESOURCES})
      from generate_series(1, ${PENDING}) as n`.execute(store.db);
    const waiting = await sql<{ id: string }>`select id from deliveries order by id desc limit 100`.execute(
      store.db,
    );
    const until = Date.now() + 60_000;

    const fetched = await store.db.transaction().execute(async (trx) => {
      await applyClaimPlannerSettings(trx);
      await parkDeliveries(
        trx,
        'postgres',
        waiting.rows.map((row) => ({ id: Number(row.id), until })),
        true,
      );
      // This transaction's own counters, up to date within it.
      const stats = await sql<{ fetched: string }>`select idx_tup_fetch as fetched
        from pg_stat_xact_user_tables where relname = 'deliveries'`.execute(trx);
      return Number(stats.rows[0]!.fetched);
    });

    const parked = await sql<{ n: string }>`select count(*) as n from deliveries
      where parked = 1 and next_attempt_at = ${until}`.execute(store.db);
    expect(Number(parked.rows[0]!.n)).toBe(100);
    // A few reads per waiting delivery (itself, the one before it, its row to update), not one per pending.
    expect(fetched).toBeLessThan(PENDING / 5);
  } finally {
    await store.close();
    await cleanup();
  }
});
