/**
 * A SQLite claim while a webhook is at its in-flight limit: the other webhooks' due deliveries are sought
 * webhook by webhook, so the claim never walks the due order past the saturated webhook's backlog (a receiver
 * that never answers piles its rows up at the front of that order).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { claimDeliveries, type ClaimRequest } from '../../src/delivery/claim.js';
import { Outbox } from '../../src/events/outbox.js';
import { openStore } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';
import { sqliteDialect } from '../support/dialects.js';
import { cliTestbed, createClinic, emitPatientsCreated, insertWebhook } from './helpers.js';

const testbed = cliTestbed();

/** `db`, with every statement run through its `executeQuery` (the claim's own SQL) added to `run`. */
function recording(db: Kysely<Database>, run: CompiledQuery[]): Kysely<Database> {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'executeQuery') {
        return (query: CompiledQuery) => {
          run.push(query);
          return target.executeQuery(query);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a SQLite claim while a webhook is at its limit', () => {
  it("seeks the other webhooks' due deliveries instead of walking the due order past its backlog", async () => {
    const store = testbed.keep(await openStore(await testbed.freshStore(sqliteDialect, 'sqlite')));
    const org = await createClinic(store, 'Saturated Clinic');
    const outbox = new Outbox();
    const saturated = await insertWebhook(store, {
      organizationId: org.organizationId,
      url: 'http://hung.test/',
    });
    await emitPatientsCreated({ store, outbox }, org.organizationId, 40);
    const other = await insertWebhook(store, { organizationId: org.organizationId, url: 'http://ok.test/' });
    await emitPatientsCreated({ store, outbox }, org.organizationId, 1, 41);
    // The scan (8 rows) is far shorter than the saturated webhook's 41 due rows ahead of the other's.
    const request: ClaimRequest = {
      owner: 'claim-test',
      now: Date.now(),
      leaseMs: 60_000,
      limit: 2,
      perWebhookLimit: 4,
      raisedLimits: new Map(),
      inFlightByWebhook: new Map([[saturated, 4]]),
    };

    const run: CompiledQuery[] = [];
    const claim = await store.db
      .transaction()
      .execute((trx) => claimDeliveries(recording(trx, run), 'sqlite', request));

    expect(claim.deliveries.map((d) => d.webhookId)).toEqual([other]);
    const dueReads = run.filter((query) => /^\s*select[\s\S]*next_attempt_at <= \?/i.test(query.sql));
    expect(dueReads).not.toEqual([]);
    for (const query of dueReads) {
      const plan = await store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const steps = plan.rows.map((row) => row.detail);
      expect(steps.some((step) => /INDEX deliveries_webhook_pending \(webhook_id=\?/.test(step))).toBe(true);
      expect(steps.filter((step) => /INDEX deliveries_(due|pending)\b/.test(step))).toEqual([]);
    }
  });
});
