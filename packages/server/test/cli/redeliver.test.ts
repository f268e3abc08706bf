/** `carehooks resend` and `carehooks recover` as a user runs them, against a real server and receiver. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSince } from '../../src/cli/redeliver.js';
import { eventually } from '../engine/helpers.js';
import { sqliteDialect } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook, SEND_TEST, UPDATE } from '../webhooks/webhook-fixtures.js';

const bin = new URL('../../bin/carehooks.js', import.meta.url).pathname;

function carehooks(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, CAREHOOKS_API_KEY: '', DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('carehooks resend and recover', () => {
  let server: TestServer;
  let receiver: Receiver;
  let status = 500;

  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status, body: `status ${status}` }));
    server = await startTestServer(sqliteDialect, { pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const connection = () => ['--url', server.url, '--api-key', server.org.apiKey];
  /** The attempt log once it has `n` rows and no delivery is waiting or in flight. */
  const settled = (n: number) =>
    eventually(`${n} settled attempts`, async () => {
      const response = await server.graphql<{
        sentWebhooks: Array<{ id: string; delivery_id: string; delivery_state: string }>;
      }>('{ sentWebhooks(page_size: 100) { id delivery_id delivery_state } }');
      const list = response.data!.sentWebhooks;
      const done = list.every((a) => a.delivery_state === 'failed' || a.delivery_state === 'delivered');
      return list.length === n && done && list;
    });

  it('resends one attempt and recovers the rest of a webhook, over GraphQL', async () => {
    const webhook = await createWebhook(server, { url: `${receiver.url}/cli`, should_retry: false });
    await server.graphql(SEND_TEST, { input: { id: webhook.id } });
    await server.graphql(SEND_TEST, { input: { id: webhook.id } });
    const [first, second] = await settled(2);
    expect([first!.delivery_state, second!.delivery_state]).toEqual(['failed', 'failed']);

    status = 200;
    const resent = await carehooks(['resend', first!.id, ...connection()]);
    expect(resent).toMatchObject({ status: 0, stderr: '' });
    expect(resent.stdout).toBe(`Sent webhook ${first!.id}: its delivery is queued to be sent again now.\n`);
    const afterResend = await settled(3);
    expect(afterResend[0]).toMatchObject({ delivery_id: first!.delivery_id, delivery_state: 'delivered' });

    const recovered = await carehooks([
      'recover',
      '--webhook',
      webhook.id,
      '--since',
      '1h',
      '--json',
      ...connection(),
    ]);
    expect(recovered.stderr).toBe('');
    expect(JSON.parse(recovered.stdout)).toMatchObject({ count: 1 });
    const afterRecover = await settled(4);
    expect(afterRecover[0]).toMatchObject({ delivery_id: second!.delivery_id, delivery_state: 'delivered' });
    expect(receiver.requests.map((r) => r.headers['x-carehooks-delivery'])).toEqual(
      [second, first, first, second].map((a) => a!.delivery_id),
    );

    const again = await carehooks([
      'recover',
      '--webhook',
      webhook.id,
      '--since',
      '2000-01-01T00:00:00Z',
      ...connection(),
    ]);
    expect(again.stdout).toBe(
      `Webhook ${webhook.id}: 0 failed deliveries since 2000-01-01T00:00:00Z queued to be sent again.\n`,
    );
  });

  it('prints the refusal and exits 1', async () => {
    const webhook = await createWebhook(server, { url: `${receiver.url}/off`, is_enabled: false });
    const refused = await carehooks(['recover', '--webhook', webhook.id, '--since', '1d', ...connection()]);
    expect(refused).toMatchObject({
      status: 1,
      stdout: '',
      stderr: `carehooks: id: Webhook ${webhook.id} is disabled; enable it first (updateWebhook with is_enabled: true).\n`,
    });
    const missing = await carehooks(['resend', '424242', ...connection()]);
    expect(missing).toMatchObject({ status: 1, stderr: 'carehooks: id: Sent webhook "424242" not found.\n' });
    const badSince = await carehooks([
      'recover',
      '--webhook',
      webhook.id,
      '--since',
      'last tuesday',
      ...connection(),
    ]);
    expect(badSince.status).toBe(1);
    expect(badSince.stderr).toMatch(/--since must be an ISO-8601 time/);
    await server.graphql(UPDATE, { input: { id: webhook.id, is_enabled: true } });
  });

  it('reads --since as an ISO time or a duration back from now', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(readSince('2h', now)).toBe('2025-06-01T10:00:00.000Z');
    expect(readSince('30m', now)).toBe('2025-06-01T11:30:00.000Z');
    expect(readSince('2025-05-31T08:00:00Z', now)).toBe('2025-05-31T08:00:00Z');
  });
});
