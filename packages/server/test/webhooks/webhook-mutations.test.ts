import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/outbox.js';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  createWebhook,
  DELETE,
  EXPIRE,
  mutate,
  SEND_TEST,
  tableCounts,
  UPDATE,
  webhookSnapshot,
} from './webhook-fixtures.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(dialects)('webhook mutations on $name', (dialect) => {
  let server: TestServer;
  // The API role runs no dispatcher, so the deliveries written stay exactly as written.
  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
  });
  afterAll(() => server.close());

  const db = () => server.runtime.services.store.db;
  const unseal = (stored: string) => server.runtime.services.store.secrets.unseal(stored);

  it('creates a webhook with a fresh 32-byte secret, defaults, and one row per distinct event type', async () => {
    const webhook = await createWebhook(server, {
      url: 'http://127.0.0.1:9/hooks/a?x=1',
      webhook_events: [
        { event_type: 'patient.created' },
        { event_type: 'patient.updated' },
        { event_type: 'patient.created' },
      ],
    });
    expect(webhook).toMatchObject({
      url: 'http://127.0.0.1:9/hooks/a?x=1',
      is_enabled: true,
      should_retry: true,
      warned_at: null,
      event_type: null,
    });
    expect(webhook.id).toMatch(/^\d+$/);
    expect(webhook.signature_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(webhook.webhook_events.map((e) => e.event_type)).toEqual(['patient.created', 'patient.updated']);
    for (const event of webhook.webhook_events) {
      expect(event).toMatchObject({ retry_count: 0, first_failed_at: null, last_failed_at: null });
      expect(event.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }

    const row = await db()
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', Number(webhook.id))
      .executeTakeFirst();
    expect(row).toMatchObject({ organization_id: server.org.organizationId, is_enabled: 1, should_retry: 1 });
    // Stored sealed (see test/security/sealed-secrets.test.ts); unsealed it is the secret the API answered.
    expect(row!.signature_secret).not.toContain(webhook.signature_secret);
    expect(unseal(row!.signature_secret)).toBe(webhook.signature_secret);
    const other = await createWebhook(server, {
      url: 'http://127.0.0.1:9/b',
      is_enabled: false,
      should_retry: false,
    });
    expect(other).toMatchObject({ is_enabled: false, should_retry: false, webhook_events: [] });
    expect(other.signature_secret).not.toBe(webhook.signature_secret);
  });

  it("reads Healthie's single event_type field as one more subscription", async () => {
    const webhook = await createWebhook(server, {
      url: 'http://127.0.0.1:9/single',
      event_type: 'task.created',
    });
    expect(webhook.event_type).toBe('task.created');
    expect(webhook.webhook_events.map((e) => e.event_type)).toEqual(['task.created']);
  });

  it('replaces the subscription set, keeping the rows (and failure counters) it names', async () => {
    const webhook = await createWebhook(server, {
      url: 'http://127.0.0.1:9/set',
      webhook_events: [
        { event_type: 'patient.created' },
        { event_type: 'patient.updated' },
        { event_type: 'task.created' },
        { event_type: 'location.created' },
      ],
    });
    const [created, updated, task, location] = webhook.webhook_events;
    const failures = {
      first_failed_at: 1_700_000_000_000,
      last_failed_at: 1_700_000_360_000,
      retry_count: 4,
    };
    await db()
      .updateTable('webhook_events')
      .set(failures)
      .where('id', 'in', [Number(created!.id), Number(location!.id)])
      .execute();

    const payload = await mutate(server, 'updateWebhook', UPDATE, {
      id: webhook.id,
      webhook_events: [
        { id: created!.id, event_type: 'patient.created' },
        // No id, but already subscribed: that row is kept, counters and all.
        { event_type: 'location.created' },
        { event_type: 'task.deleted' },
      ],
    });
    expect(payload.messages).toBeNull();
    const events = payload.webhook!.webhook_events;
    expect(events.map((e) => e.event_type)).toEqual(['patient.created', 'location.created', 'task.deleted']);
    const kept = events.find((e) => e.event_type === 'patient.created')!;
    expect(kept).toMatchObject({
      id: created!.id,
      retry_count: 4,
      first_failed_at: new Date(failures.first_failed_at).toISOString(),
      last_failed_at: new Date(failures.last_failed_at).toISOString(),
    });
    expect(events.find((e) => e.event_type === 'location.created')).toMatchObject({
      id: location!.id,
      retry_count: 4,
    });
    const remaining = await db()
      .selectFrom('webhook_events')
      .select('id')
      .where('id', 'in', [Number(updated!.id), Number(task!.id)])
      .execute();
    expect(remaining).toEqual([]);

    const unchanged = await mutate(server, 'updateWebhook', UPDATE, { id: webhook.id, should_retry: false });
    expect(unchanged.webhook!.should_retry).toBe(false);
    expect(unchanged.webhook!.webhook_events).toEqual(events);

    const emptied = await mutate(server, 'updateWebhook', UPDATE, { id: webhook.id, webhook_events: [] });
    expect(emptied.webhook!.webhook_events).toEqual([]);
  });

  it('changes the URL and flags, and re-enabling a disabled webhook clears disabled_at and warned_at', async () => {
    const webhook = await createWebhook(server, { url: 'http://127.0.0.1:9/old' });
    await db()
      .updateTable('webhooks')
      .set({ is_enabled: 0, disabled_at: 1_700_000_000_000, warned_at: 1_699_990_000_000 })
      .where('id', '=', Number(webhook.id))
      .execute();
    const disabled = await mutate(server, 'updateWebhook', UPDATE, {
      id: webhook.id,
      url: 'http://127.0.0.1:9/new',
    });
    expect(disabled.webhook).toMatchObject({
      url: 'http://127.0.0.1:9/new',
      is_enabled: false,
      warned_at: new Date(1_699_990_000_000).toISOString(),
    });

    const enabled = await mutate(server, 'updateWebhook', UPDATE, { id: webhook.id, is_enabled: true });
    expect(enabled.webhook).toMatchObject({ is_enabled: true, warned_at: null });
    const row = await db()
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', Number(webhook.id))
      .executeTakeFirst();
    expect(row).toMatchObject({
      is_enabled: 1,
      disabled_at: null,
      warned_at: null,
      url: 'http://127.0.0.1:9/new',
    });
  });

  it('deletes a webhook and cancels its pending deliveries, leaving sent and in-flight ones alone', async () => {
    const doomed = await createWebhook(server, {
      url: 'http://127.0.0.1:9/doomed',
      webhook_events: [{ event_type: 'location.created' }],
    });
    const survivor = await createWebhook(server, {
      url: 'http://127.0.0.1:9/survivor',
      webhook_events: [{ event_type: 'location.created' }],
    });
    const { store, outbox } = server.runtime.services;
    for (const resourceId of [1, 2, 3]) {
      await runUnitOfWork(store, async (uow) => {
        outbox.emit(uow, {
          organizationId: server.org.organizationId,
          eventType: 'location.created',
          resourceId,
        });
      });
    }
    const deliveries = (webhookId: string) =>
      db()
        .selectFrom('deliveries')
        .select(['id', 'state'])
        .where('webhook_id', '=', Number(webhookId))
        .orderBy('id')
        .execute();
    const [first, second] = await deliveries(doomed.id);
    await db().updateTable('deliveries').set({ state: 'delivered' }).where('id', '=', first!.id).execute();
    await db().updateTable('deliveries').set({ state: 'in_flight' }).where('id', '=', second!.id).execute();

    const payload = await mutate(server, 'deleteWebhook', DELETE, { id: doomed.id });
    expect(payload.messages).toBeNull();
    expect(payload.webhook).toEqual(doomed);
    expect((await deliveries(doomed.id)).map((d) => d.state)).toEqual([
      'delivered',
      'in_flight',
      'cancelled',
    ]);
    expect((await deliveries(survivor.id)).map((d) => d.state)).toEqual(['pending', 'pending', 'pending']);
    expect(await webhookSnapshot(server, doomed.id)).toEqual({ webhook: undefined, events: [] });

    const again = await mutate(server, 'deleteWebhook', DELETE, { id: doomed.id });
    expect(again).toEqual({
      webhook: null,
      messages: [{ field: 'id', message: `Webhook "${doomed.id}" not found.` }],
    });
  });

  it('expires the signature secret at once, keeping the old one for 24 hours', async () => {
    const webhook = await createWebhook(server, { url: 'http://127.0.0.1:9/rotate' });
    const payload = await mutate(server, 'expireWebhookSignature', EXPIRE, { id: webhook.id });
    expect(payload.messages).toBeNull();
    const rotated = payload.webhook!.signature_secret;
    expect(rotated).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated).not.toBe(webhook.signature_secret);
    const row = await db()
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', Number(webhook.id))
      .executeTakeFirstOrThrow();
    expect(unseal(row.signature_secret)).toBe(rotated);
    expect(unseal(row.previous_secret!)).toBe(webhook.signature_secret);
    expect(row.previous_secret_expires_at).toBe(row.updated_at + DAY_MS);
    expect(row.updated_at).toBeGreaterThanOrEqual(row.created_at);
  });

  it('sendTestWebhook writes one test.created event and one pending delivery for that webhook only', async () => {
    const target = await createWebhook(server, {
      url: 'http://127.0.0.1:9/test-target',
      webhook_events: [{ event_type: 'patient.created' }],
    });
    const bystander = await createWebhook(server, {
      url: 'http://127.0.0.1:9/test-bystander',
      webhook_events: [{ event_type: 'test.created' }],
    });
    const committed: RecordedEvent[][] = [];
    const stopListening = server.runtime.services.outbox.onCommit((events) => committed.push([...events]));
    const before = await tableCounts(server);
    try {
      const response = await server.graphql<{ sendTestWebhook: unknown }>(SEND_TEST, {
        input: { id: target.id },
      });
      expect(response.data?.sendTestWebhook).toEqual({ sent: true, messages: null });
    } finally {
      stopListening();
    }

    const after = await tableCounts(server);
    expect(after).toEqual({ ...before, events: before.events! + 1, deliveries: before.deliveries! + 1 });
    const event = await db().selectFrom('events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      organization_id: server.org.organizationId,
      event_type: 'test.created',
      resource_id_type: 'Test',
    });
    expect(JSON.parse(event.body)).toEqual({
      resource_id: event.resource_id,
      resource_id_type: 'Test',
      event_type: 'test.created',
      changed_fields: [],
    });
    const deliveries = await db()
      .selectFrom('deliveries')
      .selectAll()
      .where('event_id', '=', event.id)
      .execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ webhook_id: Number(target.id), state: 'pending', attempts: 0 });
    const toBystander = await db()
      .selectFrom('deliveries')
      .select('id')
      .where('webhook_id', '=', Number(bystander.id))
      .execute();
    expect(toBystander).toEqual([]);
    expect(committed).toEqual([
      [expect.objectContaining({ eventType: 'test.created', resourceId: event.resource_id })],
    ]);

    await server.graphql(SEND_TEST, { input: { id: target.id } });
    const tests = await db()
      .selectFrom('events')
      .select('resource_id')
      .where('event_type', '=', 'test.created')
      .execute();
    expect(tests).toHaveLength(2);
    expect(tests[0]!.resource_id).not.toBe(tests[1]!.resource_id);
  });
});
