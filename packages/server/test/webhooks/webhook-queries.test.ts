import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import type { NewRow } from '../../src/store/schema.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook, WEBHOOK_FIELDS, type WebhookResult } from './webhook-fixtures.js';

interface SentWebhookResult {
  id: string;
  cursor: string;
  created_at: string;
  event_type: string;
  http_response_status: string | null;
  resource_id: string;
  resource_id_type: string;
  url: string;
  webhook_id: string;
}

const SENT_FIELDS =
  'id cursor created_at event_type http_response_status resource_id resource_id_type url webhook_id';
const T0 = Date.UTC(2025, 0, 31, 9, 0, 0);
const MINUTE = 60_000;

describe.each(dialects)('webhook queries on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
  });
  afterAll(() => server.close());

  const listWebhooks = async (args: string, apiKey?: string) => {
    const response = await server.graphql<{ webhooks: WebhookResult[]; webhooksCount: number }>(
      `{ webhooks${args} { ${WEBHOOK_FIELDS} } webhooksCount }`,
      {},
      apiKey,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.webhooks;
  };

  describe('webhooks', () => {
    let hooks: WebhookResult[];
    beforeAll(async () => {
      hooks = [];
      for (const [path, eventType] of [
        ['/c', 'task.created'],
        ['/a', 'patient.created'],
        ['/b', 'location.created'],
      ] as const) {
        hooks.push(
          await createWebhook(server, {
            url: `http://127.0.0.1:9${path}`,
            webhook_events: [{ event_type: eventType }],
          }),
        );
      }
    });
    const ids = (list: WebhookResult[]) => list.map((w) => w.id);

    it('lists newest first with subscriptions, and counts', async () => {
      const list = await listWebhooks('');
      expect(ids(list)).toEqual(ids(hooks).reverse());
      expect(list[0]).toEqual(hooks[2]);
      const response = await server.graphql<{ webhooksCount: number }>('{ webhooksCount }');
      expect(response.data?.webhooksCount).toBe(3);
    });

    it("answers each subscription's webhook (WebhookEvent.webhook)", async () => {
      const response = await server.graphql<{
        webhooks: Array<{
          id: string;
          webhook_events: Array<{ event_type: string; webhook: { id: string; url: string } }>;
        }>;
      }>('{ webhooks(order_by: URL_ASC) { id webhook_events { event_type webhook { id url } } } }');
      expect(response.errors).toBeUndefined();
      expect(response.data!.webhooks.map((w) => w.webhook_events)).toEqual([
        [{ event_type: 'patient.created', webhook: { id: hooks[1]!.id, url: 'http://127.0.0.1:9/a' } }],
        [{ event_type: 'location.created', webhook: { id: hooks[2]!.id, url: 'http://127.0.0.1:9/b' } }],
        [{ event_type: 'task.created', webhook: { id: hooks[0]!.id, url: 'http://127.0.0.1:9/c' } }],
      ]);
    });

    it('pages with offset / page_size and with the after cursor', async () => {
      expect(ids(await listWebhooks('(page_size: 2)'))).toEqual([hooks[2]!.id, hooks[1]!.id]);
      expect(ids(await listWebhooks('(page_size: 2, offset: 2)'))).toEqual([hooks[0]!.id]);
      const first = await listWebhooks('(page_size: 1)');
      const next = await listWebhooks(`(page_size: 2, after: "${first[0]!.cursor}")`);
      expect(ids(next)).toEqual([hooks[1]!.id, hooks[0]!.id]);
      expect(await listWebhooks(`(after: "${hooks[0]!.cursor}")`)).toEqual([]);
    });

    it('orders by url and by event type, and filters by keywords in the url', async () => {
      expect(ids(await listWebhooks('(order_by: URL_ASC)'))).toEqual([
        hooks[1]!.id,
        hooks[2]!.id,
        hooks[0]!.id,
      ]);
      expect(ids(await listWebhooks('(order_by: URL_DESC, page_size: 1)'))).toEqual([hooks[0]!.id]);
      expect(ids(await listWebhooks('(order_by: EVENT_TYPE_ASC)'))).toEqual([
        hooks[2]!.id,
        hooks[1]!.id,
        hooks[0]!.id,
      ]);
      const afterFirst = await listWebhooks(`(order_by: URL_ASC, after: "${hooks[1]!.cursor}")`);
      expect(ids(afterFirst)).toEqual([hooks[2]!.id, hooks[0]!.id]);
      expect(ids(await listWebhooks('(keywords: "9/B")'))).toEqual([hooks[2]!.id]);
      expect(await listWebhooks('(keywords: "%")')).toEqual([]);
      const counted = await server.graphql<{ webhooksCount: number }>('{ webhooksCount(keywords: "/a") }');
      expect(counted.data?.webhooksCount).toBe(1);
    });

    it('answers a cursor from another list with an error naming the argument', async () => {
      const response = await server.graphql(
        `{ webhooks(after: "${Buffer.from('SentWebhook:1').toString('base64url')}") { id } }`,
      );
      expect(response.errors?.[0]?.message).toMatch(/not a cursor of this list/);
    });

    it('lists every event type a webhook can subscribe to', async () => {
      const response = await server.graphql<{ webhookEventTypes: string[] }>('{ webhookEventTypes }');
      expect(response.data?.webhookEventTypes).toEqual(
        expect.arrayContaining(['patient.created', 'test.created']),
      );
    });
  });

  describe('sentWebhooks', () => {
    let child: CreatedOrganization;
    let stranger: CreatedOrganization;
    let rows: Array<NewRow<'sent_webhooks'> & { id: number }>;

    beforeAll(async () => {
      child = await server.createOrg('Sent Child', server.org.organizationId);
      stranger = await server.createOrg('Sent Stranger');
      const db = server.runtime.services.store.db;
      const row = (
        organizationId: number,
        minutes: number,
        status: number | null,
        eventType: string,
        resourceId: string,
        webhookId: number,
      ): NewRow<'sent_webhooks'> => ({
        organization_id: organizationId,
        webhook_id: webhookId,
        delivery_id: 1,
        event_id: 1,
        event_type: eventType,
        resource_id: resourceId,
        resource_id_type: eventType.startsWith('patient') ? 'User' : 'Task',
        url: `http://127.0.0.1:9/sent/${webhookId}`,
        attempt: 1,
        http_response_status: status,
        error: status === null ? 'connect ECONNREFUSED' : null,
        response_body: null,
        duration_ms: 5,
        created_at: T0 + minutes * MINUTE,
      });
      const own = server.org.organizationId;
      const values = [
        row(own, 0, 200, 'patient.created', '11', 501),
        row(own, 1, 500, 'patient.created', '11', 501),
        row(own, 2, null, 'patient.updated', '12', 502),
        row(own, 3, 204, 'task.created', '13', 502),
        row(own, 4, 302, 'task.created', '13', 501),
        row(child.organizationId, 5, 200, 'task.created', '14', 601),
        row(stranger.organizationId, 6, 200, 'task.created', '15', 701),
      ];
      rows = [];
      for (const value of values) {
        const inserted = await db
          .insertInto('sent_webhooks')
          .values(value)
          .returning('id')
          .executeTakeFirstOrThrow();
        rows.push({ ...value, id: inserted.id });
      }
    });

    const sent = async (args: string, apiKey?: string) => {
      const response = await server.graphql<{ sentWebhooks: SentWebhookResult[] }>(
        `{ sentWebhooks${args} { ${SENT_FIELDS} } }`,
        {},
        apiKey,
      );
      expect(response.errors).toBeUndefined();
      return response.data!.sentWebhooks;
    };
    const count = async (args: string) => {
      const response = await server.graphql<{ sentWebhooksCount: number }>(`{ sentWebhooksCount${args} }`);
      expect(response.errors).toBeUndefined();
      return response.data!.sentWebhooksCount;
    };
    // Indexes into `rows`, newest first.
    const expectRows = (list: SentWebhookResult[], indexes: number[]) =>
      expect(list.map((r) => r.id)).toEqual(indexes.map((i) => String(rows[i]!.id)));

    it('lists the attempts of the organization and its sub-organizations, newest first', async () => {
      const list = await sent('');
      expectRows(list, [5, 4, 3, 2, 1, 0]);
      expect(list[3]).toEqual({
        id: String(rows[2]!.id),
        cursor: expect.any(String),
        created_at: '2025-01-31T09:02:00.000Z',
        event_type: 'patient.updated',
        http_response_status: null,
        resource_id: '12',
        resource_id_type: 'User',
        url: 'http://127.0.0.1:9/sent/502',
        webhook_id: '502',
      });
      expect(list[1]!.http_response_status).toBe('302');
      expect(await count('')).toBe(6);
    });

    it('keeps sub-organizations and strangers to their own attempts', async () => {
      expectRows(await sent('', child.apiKey), [5]);
      expectRows(await sent('', stranger.apiKey), [6]);
    });

    it('filters by failure, time window, resource, event type and webhook', async () => {
      expectRows(await sent('(failed: true)'), [4, 2, 1]);
      expectRows(await sent('(failed: false)'), [5, 3, 0]);
      expectRows(
        await sent('(sent_after: "2025-01-31T09:01:00Z", sent_before: "2025-01-31T09:03:00Z")'),
        [2, 1],
      );
      expectRows(await sent('(sent_after: "2025-01-31T10:01:00+01:00")'), [5, 4, 3, 2, 1]);
      expectRows(await sent('(resource_id: "13")'), [4, 3]);
      expectRows(await sent('(event_type: "patient.created")'), [1, 0]);
      expectRows(await sent('(webhook_id: "502", failed: true)'), [2]);
      expectRows(await sent('(webhook_id: "701")'), []);
      expectRows(await sent('(keywords: "SENT/502")'), [3, 2]);
      expect(await count('(failed: true, event_type: "task.created")')).toBe(1);
    });

    it('pages with offset / page_size and the after cursor, in any order', async () => {
      expectRows(await sent('(page_size: 2)'), [5, 4]);
      expectRows(await sent('(page_size: 2, offset: 2)'), [3, 2]);
      const [, second] = await sent('(page_size: 2)');
      expectRows(await sent(`(after: "${second!.cursor}", page_size: 2)`), [3, 2]);
      expectRows(await sent('(order_by: CREATED_AT_ASC, page_size: 2)'), [0, 1]);
      expectRows(await sent(`(order_by: CREATED_AT_ASC, after: "${second!.cursor}")`), [5]);
      // Ties on the sort key are broken by id, in the same direction.
      expectRows(await sent('(order_by: URL_ASC)'), [0, 1, 4, 2, 3, 5]);
      expectRows(await sent('(order_by: EVENT_TYPE_DESC, page_size: 4)'), [5, 4, 3, 2]);
    });

    it('answers malformed filters with an error naming the argument', async () => {
      for (const [args, argument] of [
        ['(sent_after: "yesterday")', 'sent_after'],
        ['(sent_before: "2025-13-45T00:00:00Z")', 'sent_before'],
        ['(webhook_id: "abc")', 'webhook_id'],
        ['(after: "bm90IGEgY3Vyc29y")', 'after'],
      ] as const) {
        const response = await server.graphql(`{ sentWebhooks${args} { id } }`);
        const error = response.errors?.[0] as
          { message: string; extensions?: { argument?: string } } | undefined;
        expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
        expect(error?.message).toContain(argument === 'after' ? 'cursor' : argument);
      }
    });
  });
});
