import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  createWebhook,
  DELETE,
  EXPIRE,
  SEND_TEST,
  tableCounts,
  UPDATE,
  webhookSnapshot,
  type WebhookResult,
} from './webhook-fixtures.js';

describe.each(dialects)('webhook tenancy on $name', (dialect) => {
  let server: TestServer;
  let child: CreatedOrganization;
  let stranger: CreatedOrganization;
  let parentHook: WebhookResult;
  let childHook: WebhookResult;
  let strangerHook: WebhookResult;

  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
    child = await server.createOrg('Child Clinic', server.org.organizationId);
    stranger = await server.createOrg('Stranger Practice');
    const subscribe = { webhook_events: [{ event_type: 'patient.created' }] };
    parentHook = await createWebhook(server, { url: 'http://127.0.0.1:9/parent', ...subscribe });
    childHook = await createWebhook(server, { url: 'http://127.0.0.1:9/child', ...subscribe }, child.apiKey);
    strangerHook = await createWebhook(
      server,
      { url: 'http://127.0.0.1:9/stranger', ...subscribe },
      stranger.apiKey,
    );
  });
  afterAll(() => server.close());

  const visibleIds = async (apiKey: string) => {
    const response = await server.graphql<{ webhooks: Array<{ id: string }>; webhooksCount: number }>(
      '{ webhooks { id } webhooksCount }',
      {},
      apiKey,
    );
    return { ids: response.data!.webhooks.map((w) => w.id).sort(), count: response.data!.webhooksCount };
  };

  it("shows a key its own webhooks and its sub-organizations', never a parent's or a stranger's", async () => {
    expect(await visibleIds(server.org.apiKey)).toEqual({
      ids: [parentHook.id, childHook.id].sort(),
      count: 2,
    });
    expect(await visibleIds(child.apiKey)).toEqual({ ids: [childHook.id], count: 1 });
    expect(await visibleIds(stranger.apiKey)).toEqual({ ids: [strangerHook.id], count: 1 });
  });

  const mutations = [
    ['updateWebhook', UPDATE, { is_enabled: false, url: 'http://127.0.0.1:9/hijacked', webhook_events: [] }],
    ['deleteWebhook', DELETE, {}],
    ['expireWebhookSignature', EXPIRE, {}],
    ['sendTestWebhook', SEND_TEST, {}],
  ] as const;

  it.each(mutations)(
    "%s treats another organization's webhook as not found and changes nothing",
    async (name, document, extra) => {
      for (const [target, apiKey] of [
        [strangerHook, server.org.apiKey],
        [parentHook, child.apiKey],
        [parentHook, stranger.apiKey],
      ] as const) {
        const before = { counts: await tableCounts(server), row: await webhookSnapshot(server, target.id) };
        const response = await server.graphql<Record<string, Record<string, unknown>>>(
          document,
          { input: { id: target.id, ...extra } },
          apiKey,
        );
        expect(response.data![name]!.messages).toEqual([
          { field: 'id', message: `Webhook "${target.id}" not found.` },
        ]);
        expect({ counts: await tableCounts(server), row: await webhookSnapshot(server, target.id) }).toEqual(
          before,
        );
      }
    },
  );

  it.each(mutations)(
    "%s from a parent's key leaves a sub-organization's webhook to that organization",
    async (name, document, extra) => {
      const before = await webhookSnapshot(server, childHook.id);
      const response = await server.graphql<Record<string, Record<string, unknown>>>(document, {
        input: { id: childHook.id, ...extra },
      });
      expect(response.data![name]!.messages).toEqual([
        { field: 'id', message: expect.stringMatching(/belongs to a sub-organization/) },
      ]);
      expect(await webhookSnapshot(server, childHook.id)).toEqual(before);
    },
  );

  it("fans a child's event out to the parent's webhook, but never a parent's event to the child's", async () => {
    const { store, outbox } = server.runtime.services;
    const deliveredTo = async (eventId: number) => {
      const rows = await store.db
        .selectFrom('deliveries')
        .select('webhook_id')
        .where('event_id', '=', eventId)
        .execute();
      return rows.map((r) => String(r.webhook_id)).sort();
    };
    const emit = (organizationId: number, resourceId: number) =>
      runUnitOfWork(store, async (uow) => {
        outbox.emit(uow, { organizationId, eventType: 'patient.created', resourceId });
      });
    const lastEventId = async () =>
      (await store.db.selectFrom('events').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

    await emit(child.organizationId, 7001);
    expect(await deliveredTo(await lastEventId())).toEqual([parentHook.id, childHook.id].sort());

    await emit(server.org.organizationId, 7002);
    expect(await deliveredTo(await lastEventId())).toEqual([parentHook.id]);

    await emit(stranger.organizationId, 7003);
    expect(await deliveredTo(await lastEventId())).toEqual([strangerHook.id]);
  });
});
