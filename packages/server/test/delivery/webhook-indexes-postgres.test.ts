/**
 * PostgreSQL: a webhook's deliveries are found by its partial indexes (migration 0013), however many other
 * deliveries the table holds. Cancelling a disabled webhook's backlog and applying a change of its options
 * once named its states as a list, which no partial index matches: the table was read whole.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { cancelPendingDeliveries } from '../../src/delivery/outcomes.js';
import { applyWebhookOptions } from '../../src/delivery/parking.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresDialect } from '../support/dialects.js';

const DELIVERIES = 20_000;

it("reads a webhook's pending and in-flight deliveries without reading the whole table", async () => {
  const { config, cleanup } = await postgresDialect.freshConfig();
  const store = await openStore(config);
  try {
    // Four webhooks' history: mostly delivered, a few pending and in flight each.
    await sql`insert into deliveries (event_id, webhook_id, state, attempts, next_attempt_at, created_at,
        updated_at)
      select n, 1 + n % 4, case (n / 4) % 100 when 0 then 'pending' when 1 then 'in_flight'
          else 'delivered' end, 1, 0, 0, 0
      from generate_series(1, ${DELIVERIES}) as n`.execute(store.db);
    await sql`analyze deliveries`.execute(store.db);

    const seqScans = await store.db.transaction().execute(async (trx) => {
      // This backend's counters not yet reported, up to date within the transaction.
      const counted = async () => {
        const stats = await sql<{ seq_scan: string }>`select seq_scan from pg_stat_xact_user_tables
          where relname = 'deliveries'`.execute(trx);
        return Number(stats.rows[0]!.seq_scan);
      };
      const before = await counted();
      await applyWebhookOptions(trx, 'postgres', 2, 'per_resource', Date.now());
      await applyWebhookOptions(trx, 'postgres', 2, undefined, Date.now());
      await cancelPendingDeliveries(trx, 3, Date.now());
      return (await counted()) - before;
    });

    const cancelled = await sql<{ n: string }>`select count(*) as n from deliveries
      where webhook_id = 3 and state = 'cancelled'`.execute(store.db);
    expect(Number(cancelled.rows[0]!.n)).toBe(DELIVERIES / 400);
    expect(seqScans).toBe(0);
  } finally {
    await store.close();
    await cleanup();
  }
});
