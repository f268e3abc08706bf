/**
 * SQLite indexes deliveries by state with partial indexes (migration 0015): the statements that look up
 * deliveries by state outside the claim (leases, retention, cancelling, webhook options) each find theirs
 * rather than read the whole table, which a condition spelled unlike the index's predicate would make them do.
 */
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { leaseOwners, releaseExpiredLeases, releaseLeasesOf } from '../../src/delivery/leases.js';
import { cancelPendingDeliveries } from '../../src/delivery/outcomes.js';
import { applyWebhookOptions } from '../../src/delivery/parking.js';
import { deleteExpiredHistory } from '../../src/delivery/retention.js';
import { openStore } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';
import { sqliteDialect } from '../support/dialects.js';
import { cliTestbed } from './helpers.js';

const testbed = cliTestbed();

describe('SQLite statements on deliveries by state', () => {
  it('find their partial index instead of reading every delivery', async () => {
    const config = await testbed.freshStore(sqliteDialect, 'sqlite');
    if (config.kind !== 'sqlite') throw new Error('a SQLite store was asked for');
    const store = testbed.keep(await openStore(config));
    // A plain connection to the migrated file, logging every statement the builders compile.
    const run: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(config.file) }),
      log: (event) => void run.push(event.query),
    });
    const now = Date.now();
    await releaseExpiredLeases(db, 'sqlite', now);
    await leaseOwners(db);
    await releaseLeasesOf(db, ['worker-a'], now);
    await cancelPendingDeliveries(db, 1, now);
    await applyWebhookOptions(db, 'sqlite', 1, 'per_resource', now);
    await deleteExpiredHistory({ db, dialect: 'sqlite' }, now);

    const onDeliveries = run.filter((query) => /\bdeliveries\b/.test(query.sql));
    expect(onDeliveries.length).toBeGreaterThanOrEqual(8);
    for (const query of onDeliveries) {
      const plan = await store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const fullScans = plan.rows.filter((row) => /^SCAN (deliveries|d)$/.test(row.detail));
      expect(fullScans, query.sql).toEqual([]);
    }
    await db.destroy();
  });
});
