import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  CREATE,
  createWebhook,
  DELETE,
  EXPIRE,
  mutate,
  SEND_TEST,
  tableCounts,
  UPDATE,
  webhookSnapshot,
  type MutationName,
} from './webhook-fixtures.js';

describe.each(dialects)('webhook input validation on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
  });
  afterAll(() => server.close());

  it.each([
    ['no url', { webhook_events: [{ event_type: 'patient.created' }] }, 'url', /required/],
    ['a blank url', { url: '   ' }, 'url', /required/],
    ['a url that does not parse', { url: 'not a url' }, 'url', /not a valid URL/],
    ['a url without a host', { url: 'http://' }, 'url', /not a valid URL/],
    ['a non-http scheme', { url: 'ftp://127.0.0.1/hook' }, 'url', /http or https.*"ftp"/],
    ['a javascript: url', { url: 'javascript:alert(1)' }, 'url', /http or https/],
    ['a very long url', { url: `http://127.0.0.1/${'a'.repeat(2100)}` }, 'url', /longer than 2048/],
    [
      'an unknown event type',
      {
        url: 'http://127.0.0.1/h',
        webhook_events: [{ event_type: 'patient.created' }, { event_type: 'nope.x' }],
      },
      'webhook_events[1].event_type',
      /Unknown event type "nope\.x"/,
    ],
    [
      'an unknown single event_type',
      { url: 'http://127.0.0.1/h', event_type: 'patient.exploded' },
      'event_type',
      /Unknown event type/,
    ],
  ])(
    'createWebhook refuses %s, naming the field and writing nothing',
    async (_label, input, field, message) => {
      const before = await tableCounts(server);
      const payload = await mutate(server, 'createWebhook', CREATE, input);
      expect(payload.webhook).toBeNull();
      expect(payload.messages).toEqual([{ field, message: expect.stringMatching(message) }]);
      expect(await tableCounts(server)).toEqual(before);
    },
  );

  it('reports every problem of one input at once', async () => {
    const payload = await mutate(server, 'createWebhook', CREATE, {
      url: 'gopher://127.0.0.1/',
      webhook_events: [{ event_type: 'a.b' }, { event_type: 'c.d' }],
    });
    expect(payload.messages?.map((m) => m.field)).toEqual([
      'url',
      'webhook_events[0].event_type',
      'webhook_events[1].event_type',
    ]);
  });

  describe('on an existing webhook', () => {
    let id: string;
    let keptEventId: string;
    beforeAll(async () => {
      const webhook = await createWebhook(server, {
        url: 'http://127.0.0.1:9/existing',
        webhook_events: [{ event_type: 'patient.created' }, { event_type: 'task.created' }],
      });
      id = webhook.id;
      keptEventId = webhook.webhook_events[0]!.id;
    });

    it.each([
      ['a bad url', { url: 'http//missing-colon' }, 'url', /not a valid URL/],
      ['an empty url', { url: '' }, 'url', /cannot be empty/],
      [
        'an unknown event type',
        { webhook_events: [{ event_type: 'patient.teleported' }] },
        'webhook_events[0].event_type',
        /Unknown/,
      ],
      [
        'a subscription id of another webhook',
        { webhook_events: [{ id: '999999', event_type: 'patient.created' }] },
        'webhook_events[0].id',
        /No webhook event with id "999999"/,
      ],
      [
        'a malformed subscription id',
        { webhook_events: [{ id: 'abc', event_type: 'patient.created' }] },
        'webhook_events[0].id',
        /No webhook event with id "abc"/,
      ],
    ])('updateWebhook refuses %s and changes nothing', async (_label, input, field, message) => {
      const before = await webhookSnapshot(server, id);
      const payload = await mutate(server, 'updateWebhook', UPDATE, { id, is_enabled: false, ...input });
      expect(payload.webhook).toBeNull();
      expect(payload.messages).toEqual([{ field, message: expect.stringMatching(message) }]);
      expect(await webhookSnapshot(server, id)).toEqual(before);
    });

    it('refuses to change the event type of a kept subscription', async () => {
      const before = await webhookSnapshot(server, id);
      const payload = await mutate(server, 'updateWebhook', UPDATE, {
        id,
        webhook_events: [{ id: keptEventId, event_type: 'location.created' }],
      });
      expect(payload.messages).toEqual([
        { field: 'webhook_events[0].event_type', message: expect.stringMatching(/cannot change event type/) },
      ]);
      expect(await webhookSnapshot(server, id)).toEqual(before);
    });
  });

  const byId: Array<[MutationName | 'sendTestWebhook', string]> = [
    ['updateWebhook', UPDATE],
    ['deleteWebhook', DELETE],
    ['expireWebhookSignature', EXPIRE],
    ['sendTestWebhook', SEND_TEST],
  ];

  it.each(byId)(
    '%s answers "not found" for a missing, malformed or unknown id, writing nothing',
    async (name, document) => {
      const before = await tableCounts(server);
      // expireWebhookSignature and sendTestWebhook declare id: ID!, so GraphQL itself rejects a missing one.
      const inputs =
        name === 'updateWebhook' || name === 'deleteWebhook'
          ? [{}, { id: 'x1' }, { id: '424242' }]
          : [{ id: 'x1' }, { id: '424242' }];
      for (const input of inputs) {
        const response = await server.graphql<Record<string, { messages: unknown }>>(document, { input });
        expect(response.errors).toBeUndefined();
        const messages = response.data![name]!.messages;
        expect(messages).toEqual([
          { field: 'id', message: 'id' in input ? `Webhook "${input.id}" not found.` : 'id is required.' },
        ]);
      }
      expect(await tableCounts(server)).toEqual(before);
    },
  );
});

describe.each(dialects)('webhook destinations when private networks are not allowed, on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api', allowPrivateNetworks: false });
  });
  afterAll(() => server.close());

  // IP literals only: no test resolves a real DNS name.
  it.each([
    ['http://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://10.1.2.3/', /private network address/],
    ['http://192.168.1.20:8080/x', /private network address/],
    ['http://169.254.169.254/latest/meta-data', /cloud metadata/],
    ['http://169.254.10.1/', /link-local/],
    ['http://100.64.0.7/', /carrier-grade NAT/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:10.0.0.1]/', /private network/],
  ])('refuses %s at creation and on update', async (url, reason) => {
    const before = await tableCounts(server);
    const created = await mutate(server, 'createWebhook', CREATE, { url });
    expect(created).toEqual({
      webhook: null,
      messages: [{ field: 'url', message: expect.stringMatching(reason) }],
    });
    expect(await tableCounts(server)).toEqual(before);
  });

  it('accepts a public address (no connection is made) and refuses to move it to a private one', async () => {
    // Disabled, and no event is emitted on this server: nothing could ever be sent there.
    const webhook = await createWebhook(server, { url: 'https://93.184.216.34/hook', is_enabled: false });
    expect(webhook.url).toBe('https://93.184.216.34/hook');
    const before = await webhookSnapshot(server, webhook.id);
    const moved = await mutate(server, 'updateWebhook', UPDATE, { id: webhook.id, url: 'http://10.1.2.3/' });
    expect(moved.messages).toEqual([{ field: 'url', message: expect.stringMatching(/private network/) }]);
    expect(await webhookSnapshot(server, webhook.id)).toEqual(before);
    await mutate(server, 'deleteWebhook', DELETE, { id: webhook.id });
  });
});
