/**
 * SQLite indexes deliveries by state with partial indexes, and the attempt log by organization only (migration
 * 0015): the statements that look up deliveries by state outside the claim (leases, retention, cancelling,
 * webhook options) and retention's on the attempt log each find their index rather than read the whole table,
 * which a condition spelled unlike a partial index's predicate would make them do.
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

describe('SQLite statements on deliveries by state and on the attempt log by time', () => {
  it('find their index instead of reading the whole table', async () => {
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

    // A scan may walk a partial index (the rows in flight, say), never the table or a whole index.
    const partial = await db.executeQuery<{ name: string }>(
      CompiledQuery.raw(`select name from sqlite_master where type = 'index' and sql like '% where %'`),
    );
    const partialNames = new Set(partial.rows.map((row) => row.name));
    const looked = run.filter((query) => /\b(deliveries|sent_webhooks)\b/.test(query.sql));
    expect(looked.length).toBeGreaterThanOrEqual(9);
    for (const query of looked) {
      const plan = await store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const wholeReads = plan.rows
        .map((row) =>
          /^SCAN (deliveries|d|sent_webhooks|s)\b(?: USING (?:COVERING )?INDEX (\w+))?/.exec(row.detail),
        )
        .filter((scan) => scan !== null && !partialNames.has(scan[2] ?? ''));
      expect(wholeReads, query.sql).toEqual([]);
    }
    await db.destroy();
  });
});
