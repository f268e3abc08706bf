/**
 * A PostgreSQL claim locks every row its walk reads (FOR UPDATE SKIP LOCKED), and each lock writes the row and
 * a WAL record: its walk stops at the claim's limit and one webhook's room beyond it (postgresClaimScan), not
 * at four rows per delivery wanted as SQLite's, whose walk only reads.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { claimDeliveries, type ClaimRequest } from '../../src/delivery/claim.js';
import { Outbox } from '../../src/events/outbox.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresDialect } from '../support/dialects.js';
import { cliTestbed, createClinic, emitPatientsCreated, insertWebhook } from './helpers.js';

const testbed = cliTestbed();

it('locks no more rows than it takes and one webhook’s room', async () => {
  const store = testbed.keep(await openStore(await testbed.freshStore(postgresDialect, 'postgres')));
  const org = await createClinic(store, 'Scan Clinic');
  await insertWebhook(store, { organizationId: org.organizationId, url: 'http://a.test/' });
  await emitPatientsCreated({ store, outbox: new Outbox() }, org.organizationId, 40);
  const request: ClaimRequest = {
    owner: 'scan-test',
    now: Date.now(),
    leaseMs: 60_000,
    limit: 4,
    perWebhookLimit: 8,
    raisedLimits: new Map(),
    inFlightByWebhook: new Map(),
  };

  const { taken, lockedPending } = await store.db.transaction().execute(async (trx) => {
    const claim = await claimDeliveries(trx, 'postgres', request);
    // Rows this transaction locked and left pending carry its id as their locker.
    const locked = await sql<{ n: string }>`select count(*) as n from deliveries
      where state = 'pending' and xmax::text::bigint = txid_current() % 4294967296`.execute(trx);
    return { taken: claim.deliveries.length, lockedPending: Number(locked.rows[0]!.n) };
  });

  expect(taken).toBe(4);
  // Four rows per delivery wanted would lock 16 and leave 12 of them pending.
  expect(lockedPending).toBe(request.perWebhookLimit);
});
