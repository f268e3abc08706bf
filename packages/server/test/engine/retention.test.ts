/**
 * The retention job, run by the worker on its interval: old attempt logs, finished deliveries and their
 * events go; anything recent, and any event with a delivery still to make, stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database, DeliveryState } from '../../src/store/schema.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { eventually, insertWebhook } from './helpers.js';

const DAY = 86_400_000;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function insertEvent(db: Kysely<Database>, organizationId: number, createdAt: number): Promise<number> {
  const row = await db
    .insertInto('events')
    .values({
      organization_id: organizationId,
      event_type: 'patient.created',
      resource_id: '1',
      resource_id_type: 'User',
      body: '{}',
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertDelivery(
  db: Kysely<Database>,
  eventId: number,
  webhookId: number,
  state: DeliveryState,
  at: number,
): Promise<number> {
  const row = await db
    .insertInto('deliveries')
    .values({
      event_id: eventId,
      webhook_id: webhookId,
      state,
      attempts: 1,
      // Far in the future, so the running worker leaves the pending ones alone.
      next_attempt_at: at + 365 * DAY,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertAttempt(
  db: Kysely<Database>,
  deliveryId: number,
  eventId: number,
  at: number,
): Promise<number> {
  const row = await db
    .insertInto('sent_webhooks')
    .values({
      organization_id: 1,
      webhook_id: 1,
      delivery_id: deliveryId,
      event_id: eventId,
      event_type: 'patient.created',
      resource_id: '1',
      resource_id_type: 'User',
      url: 'http://127.0.0.1:9/hook',
      attempt: 1,
      http_response_status: 200,
      error: null,
      response_body: null,
      duration_ms: 3,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe.each(dialects)('retention on $name', (dialect) => {
  it('deletes history older than the retention age, keeping events with deliveries to make', async () => {
    server = await startTestServer(dialect, { retentionMs: '30d', retentionIntervalMs: '100ms' });
    const { store } = server.runtime.services;
    const org = server.org.organizationId;
    // Loopback, and never due: the running worker leaves these deliveries alone.
    const webhookId = await insertWebhook(store, { organizationId: org, url: 'http://127.0.0.1:9/hook' });
    const now = Date.now();
    const old = now - 31 * DAY;
    const recent = now - 29 * DAY;

    // One transaction, so the job (running every 100 ms) never sees an event without its deliveries.
    const { stillPending, recentDelivered, recentAttempt, waitingEvent, recentEvent } = await store.db
      .transaction()
      .execute(async (db) => {
        const finishedEvent = await insertEvent(db, org, old);
        const oldDelivered = await insertDelivery(db, finishedEvent, webhookId, 'delivered', old);
        await insertDelivery(db, finishedEvent, webhookId, 'failed', old);
        await insertDelivery(db, finishedEvent, webhookId, 'cancelled', old);
        await insertAttempt(db, oldDelivered, finishedEvent, old);

        const waitingEvent = await insertEvent(db, org, old);
        const stillPending = await insertDelivery(db, waitingEvent, webhookId, 'pending', old);
        await insertDelivery(db, waitingEvent, webhookId, 'delivered', old);

        const recentEvent = await insertEvent(db, org, recent);
        const recentDelivered = await insertDelivery(db, recentEvent, webhookId, 'delivered', recent);
        const recentAttempt = await insertAttempt(db, recentDelivered, recentEvent, recent);
        return { stillPending, recentDelivered, recentAttempt, waitingEvent, recentEvent };
      });
    const ids = async (table: 'events' | 'deliveries' | 'sent_webhooks') =>
      (await store.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
    // A run may have started before the rows were committed; the next one finishes the job.
    const left = await eventually('the retention job to delete the old rows', async () => {
      const rows = {
        sent: await ids('sent_webhooks'),
        deliveries: await ids('deliveries'),
        events: await ids('events'),
      };
      return rows.sent.length + rows.deliveries.length + rows.events.length === 5 ? rows : undefined;
    });
    expect(left).toEqual({
      sent: [recentAttempt],
      deliveries: [stillPending, recentDelivered],
      events: [waitingEvent, recentEvent],
    });
  });
});
