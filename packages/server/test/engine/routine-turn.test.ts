/**
 * PostgreSQL's single-statement turn (routine-turn.ts), called directly on a store: it records successes and
 * claims in one statement that commits both or neither, and leaves the candidates only a turn in a
 * transaction may park or slot (a rate-limited webhook's) untouched, saying so.
 */
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../src/events/outbox.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import type { ClaimRequest } from '../../src/delivery/claim.js';
import type { FinishedAttempt } from '../../src/delivery/outcomes.js';
import { routineTurnOnPostgres } from '../../src/delivery/routine-turn.js';
import { postgresDialect } from '../support/dialects.js';
import { cliTestbed, createClinic, emitPatientsCreated, insertWebhook } from './helpers.js';

const testbed = cliTestbed();

function request(limit: number): ClaimRequest {
  return {
    owner: 'routine-test',
    now: Date.now(),
    leaseMs: 60_000,
    limit,
    perWebhookLimit: 16,
    raisedLimits: new Map(),
    inFlightByWebhook: new Map(),
  };
}

function states(store: Store) {
  return store.db
    .selectFrom('deliveries')
    .select(['id', 'webhook_id', 'state', 'parked'])
    .orderBy('id')
    .execute();
}

async function setUp() {
  const store = testbed.keep(await openStore(await testbed.freshStore(postgresDialect, 'postgres')));
  const org = await createClinic(store, 'Routine Clinic');
  const plain = await insertWebhook(store, { organizationId: org.organizationId, url: 'http://a.test/' });
  const limited = await insertWebhook(store, { organizationId: org.organizationId, url: 'http://b.test/' });
  await store.db.updateTable('webhooks').set({ max_per_second: 1 }).where('id', '=', limited).execute();
  await emitPatientsCreated({ store, outbox: new Outbox() }, org.organizationId, 3);
  return { store, plain, limited };
}

function succeeded(claimed: FinishedAttempt['delivery']): FinishedAttempt {
  const at = Date.now();
  return {
    delivery: claimed,
    startedAt: at,
    finishedAt: at,
    result: { ok: true, status: 200, retryAfterMs: null, responseBody: '', durationMs: 1, error: null },
  };
}

describe('a routine turn on PostgreSQL', () => {
  it("claims the plain webhook's deliveries, records their successes with the next claim, and leaves the rate-limited one's", async () => {
    const { store, plain, limited } = await setUp();

    const first = await routineTurnOnPostgres(store.db, [], request(2));
    expect(first.claim.deliveries.map((d) => d.webhookId)).toEqual([plain, plain]);
    expect(first.leftForTransaction).toBe(true);
    const untouched = (await states(store)).filter((d) => d.webhook_id === limited);
    expect(untouched.map((d) => [d.state, d.parked])).toEqual(Array(3).fill(['pending', 0]));

    const second = await routineTurnOnPostgres(store.db, first.claim.deliveries.map(succeeded), request(2));
    expect(second.claim.deliveries.map((d) => d.webhookId)).toEqual([plain]);
    const plainStates = (await states(store)).filter((d) => d.webhook_id === plain).map((d) => d.state);
    expect(plainStates).toEqual(['delivered', 'delivered', 'in_flight']);
    const logged = await store.db
      .selectFrom('sent_webhooks')
      .select('delivery_id')
      .orderBy('delivery_id')
      .execute();
    expect(logged.map((row) => row.delivery_id)).toEqual(first.claim.deliveries.map((d) => d.id));
  });

  it('writes neither the outcomes nor the claim when the statement fails', async () => {
    const { store, plain } = await setUp();
    const [claimed] = (await routineTurnOnPostgres(store.db, [], request(1))).claim.deliveries;
    // The attempt log refuses a row without its event type, which fails the whole statement.
    const broken = succeeded({ ...claimed!, eventType: null as unknown as string });

    await expect(routineTurnOnPostgres(store.db, [broken], request(2))).rejects.toThrow();
    const plainStates = (await states(store)).filter((d) => d.webhook_id === plain).map((d) => d.state);
    expect(plainStates).toEqual(['in_flight', 'pending', 'pending']);
    expect(await store.db.selectFrom('sent_webhooks').select('id').execute()).toEqual([]);
  });
});
