/**
 * Issue #12, item 3: webhook URLs with control characters (a raw NUL, newlines, …) or with a user name and
 * password were stored unchecked; the userinfo was never sent but was shown back in sentWebhooks.url and
 * in the owner's emails. Both are refused with a `messages` entry naming `url`, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  CREATE,
  createWebhook,
  mutate,
  tableCounts,
  UPDATE,
  webhookSnapshot,
} from '../webhooks/webhook-fixtures.js';

const refused: Array<[string, string, RegExp]> = [
  ['a raw NUL', 'http://127.0.0.1:9/a\u0000b', /control character \(U\+0000\)/],
  ['a NUL at the end', 'http://127.0.0.1:9/hook\u0000', /control character \(U\+0000\)/],
  ['a newline inside', 'http://127.0.0.1:9/a\nb', /control character \(U\+000A\)/],
  ['a tab in the host', 'http://127.0.\t0.1:9/', /control character \(U\+0009\)/],
  ['an escape character', 'http://127.0.0.1:9/\u001b[31m', /control character \(U\+001B\)/],
  ['DEL', 'http://127.0.0.1:9/\u007f', /control character \(U\+007F\)/],
  ['a C1 control', 'http://127.0.0.1:9/\u0085', /control character \(U\+0085\)/],
  ['a user and password', 'http://user:pass@127.0.0.1:9/hook', /must not contain a user name or password/],
  ['a user name only', 'https://token@127.0.0.1:9/hook', /must not contain a user name or password/],
  ['a password only', 'http://:hunter2@127.0.0.1:9/hook', /must not contain a user name or password/],
];

describe.each(dialects)('webhook URL values on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
  });
  afterAll(() => server.close());

  it.each(refused)(
    'createWebhook refuses a URL with %s, naming url and writing nothing',
    async (_label, url, message) => {
      const before = await tableCounts(server);
      const payload = await mutate(server, 'createWebhook', CREATE, {
        url,
        webhook_events: [{ event_type: 'patient.created' }],
      });
      expect(payload.webhook).toBeNull();
      expect(payload.messages).toEqual([{ field: 'url', message: expect.stringMatching(message) }]);
      // The message never repeats the credentials.
      expect(JSON.stringify(payload.messages)).not.toMatch(/hunter2|token@|user:pass@127/);
      expect(await tableCounts(server)).toEqual(before);
    },
  );

  it.each(refused)(
    'updateWebhook refuses a URL with %s and changes nothing',
    async (_label, url, message) => {
      const webhook = await createWebhook(server, { url: 'http://127.0.0.1:9/kept' });
      const before = await webhookSnapshot(server, webhook.id);
      const payload = await mutate(server, 'updateWebhook', UPDATE, { id: webhook.id, url });
      expect(payload.webhook).toBeNull();
      expect(payload.messages).toEqual([{ field: 'url', message: expect.stringMatching(message) }]);
      expect(await webhookSnapshot(server, webhook.id)).toEqual(before);
    },
  );

  it('still accepts ordinary URLs, with @ in the path or query and surrounding spaces trimmed', async () => {
    for (const url of ['http://127.0.0.1:9/hooks/@team?from=a@b.example', '  https://127.0.0.1:9/x  ']) {
      const webhook = await createWebhook(server, { url });
      expect(webhook.url).toBe(url.trim());
    }
  });
});
