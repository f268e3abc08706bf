/**
 * `ordering` and `max_per_second` through GraphQL, on both stores: a webhook made or changed without them
 * (as a Healthie client does) keeps the defaults, both are read back from `webhooks`, bad values are refused
 * naming the field with nothing written, `max_per_second: null` removes the limit, and a change of ordering
 * covers the deliveries still waiting. The engine side is in test/engine/delivery-options*.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { dialects } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { eventually } from '../engine/helpers.js';
import {
  tableCounts,
  webhookDocuments,
  webhookSnapshot,
  type SelectedWebhookPayload,
} from './webhook-fixtures.js';

const FIELDS = 'id url should_retry ordering max_per_second';

interface OptionsWebhook {
  id: string;
  url: string;
  should_retry: boolean;
  ordering: string;
  max_per_second: number | null;
}

type Payload = SelectedWebhookPayload<OptionsWebhook>;

const { CREATE, UPDATE, LIST } = webhookDocuments(FIELDS);

describe.each(dialects)('webhook delivery options on $name', (dialect) => {
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    // Every delivery fails and waits 5 s for its retry: deliveries stay pending for the backlog case.
    receiver = await startReceiver(() => ({ status: 503 }));
    server = await startTestServer(dialect, { pollIntervalMs: '50ms', retrySchedule: '5s' });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const call = async (document: string, input: Record<string, unknown>) => {
    const response = await server.graphql<Record<string, Payload>>(document, { input });
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0]!;
  };
  const listed = async (id: string) => {
    const response = await server.graphql<{ webhooks: OptionsWebhook[] }>(LIST);
    return response.data!.webhooks.find((w) => w.id === id);
  };

  it('keeps the defaults for a client that does not send the options', async () => {
    const created = await call(CREATE, { url: `${receiver.url}/plain`, event_type: 'patient.created' });
    expect(created.webhook).toMatchObject({ ordering: 'none', max_per_second: null });
    const updated = await call(UPDATE, { id: created.webhook!.id, should_retry: false });
    expect(updated.webhook).toMatchObject({ should_retry: false, ordering: 'none', max_per_second: null });
  });

  it('sets, reads back, changes and removes the options', async () => {
    const created = await call(CREATE, {
      url: `${receiver.url}/options`,
      event_type: 'patient.created',
      ordering: 'per_resource',
      max_per_second: 20,
    });
    const id = created.webhook!.id;
    expect(created.webhook).toMatchObject({ ordering: 'per_resource', max_per_second: 20 });
    expect(await listed(id)).toMatchObject({ ordering: 'per_resource', max_per_second: 20 });

    // Not sending them changes nothing; null removes the limit.
    expect((await call(UPDATE, { id, url: `${receiver.url}/options2` })).webhook).toMatchObject({
      ordering: 'per_resource',
      max_per_second: 20,
    });
    expect((await call(UPDATE, { id, max_per_second: null, ordering: 'none' })).webhook).toMatchObject({
      ordering: 'none',
      max_per_second: null,
    });
    expect(await listed(id)).toMatchObject({ ordering: 'none', max_per_second: null });
  });

  it.each([
    ['an unknown ordering', { ordering: 'sorted' }, 'ordering', /"none" or "per_resource"/],
    ['a zero rate', { max_per_second: 0 }, 'max_per_second', /whole number from 1 to 10000/],
    ['a negative rate', { max_per_second: -3 }, 'max_per_second', /whole number from 1 to 10000/],
    ['a rate above the bound', { max_per_second: 10_001 }, 'max_per_second', /whole number from 1 to 10000/],
  ])('refuses %s, naming the field and writing nothing', async (_label, options, field, message) => {
    const before = await tableCounts(server);
    const created = await call(CREATE, { url: `${receiver.url}/bad`, ...options });
    expect(created.webhook).toBeNull();
    expect(created.messages).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await tableCounts(server)).toEqual(before);

    const existing = (await call(CREATE, { url: `${receiver.url}/kept` })).webhook!;
    const snapshot = await webhookSnapshot(server, existing.id);
    const updated = await call(UPDATE, { id: existing.id, ...options });
    expect(updated.messages).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await webhookSnapshot(server, existing.id)).toEqual(snapshot);
  });

  it('applies a change of ordering to the deliveries still waiting', async () => {
    const { store, outbox } = server.runtime.services;
    const created = await call(CREATE, { url: `${receiver.url}/backlog`, event_type: 'patient.created' });
    const webhookId = Number(created.webhook!.id);
    for (let i = 0; i < 2; i++) {
      await runUnitOfWork(store, async (uow) => {
        outbox.emit(uow, {
          organizationId: server.org.organizationId,
          eventType: 'patient.created',
          resourceId: 9,
        });
      });
    }
    const waiting = () =>
      store.db
        .selectFrom('deliveries')
        .select(['state', 'attempts', 'ordering_key'])
        .where('webhook_id', '=', webhookId)
        .orderBy('id')
        .execute();
    // Both tried once (the receiver refuses), then waiting for their retry.
    await eventually('two deliveries waiting for a retry', async () => {
      const rows = await waiting();
      return rows.length === 2 && rows.every((d) => d.state === 'pending' && d.attempts === 1);
    });
    expect((await waiting()).map((d) => d.ordering_key)).toEqual([null, null]);

    await call(UPDATE, { id: created.webhook!.id, ordering: 'per_resource' });
    expect((await waiting()).map((d) => d.ordering_key)).toEqual(['User:9', 'User:9']);
    await call(UPDATE, { id: created.webhook!.id, ordering: 'none' });
    expect((await waiting()).map((d) => d.ordering_key)).toEqual([null, null]);
  });
});
