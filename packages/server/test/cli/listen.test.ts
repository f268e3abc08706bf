/**
 * `carehooks listen` as a developer runs it: the real CLI (compiled; run `npx tsc -b` first) against a real
 * `carehooks serve` child process, forwarding to a recording receiver on loopback.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventTypes } from '@carehooks/catalog';
import { createNodeHandler } from '@carehooks/receiver';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyFromGuide } from '../support/guide-verifier.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const bin = new URL('../../bin/carehooks.js', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'carehooks-listen-'));
  dirs.push(dir);
  return dir;
};
const children: ChildProcessWithoutNullStreams[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  children.forEach((child) => child.kill('SIGKILL'));
  await Promise.all(receivers.map((r) => r.close()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

// A failed test must not leave its listen running into the next one.
afterEach(() => {
  children.filter((c) => c.spawnargs.includes('listen')).forEach((child) => child.kill('SIGKILL'));
});

const configDir = tempDir();
const baseEnv = {
  ...process.env,
  DATABASE_URL: '',
  CAREHOOKS_API_KEY: '',
  CAREHOOKS_DATA_DIR: '',
  CAREHOOKS_LOG_LEVEL: 'warn',
  CAREHOOKS_CONFIG_DIR: configDir,
};

interface Proc {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout (or stderr), once it appears. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...baseEnv, ...env } });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  const wakers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
    wakers.forEach((wake) => wake());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString();
    wakers.forEach((wake) => wake());
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    waitFor(pattern, stream = 'stdout', timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out[stream]);
          if (!match) return;
          wakers.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`no ${pattern} in ${stream}:\n${out.stdout}\n--- stderr ---\n${out.stderr}`));
        }, timeoutMs);
        wakers.add(check);
        check();
      });
    },
  };
}

interface Server {
  proc: Proc;
  url: string;
  apiKey: string;
  data: string;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

async function startServer(extraArgs: string[]): Promise<Server> {
  const data = tempDir();
  const proc = start(['serve', '--port', '0', '--data', data, ...extraArgs], {
    CAREHOOKS_RETRY_SCHEDULE: '200ms,200ms',
  });
  const url = (await proc.waitFor(/GraphQL endpoint: (\S+)\/graphql/))[1]!;
  const apiKey = (await proc.waitFor(/API key: (\S+)/))[1]!;
  const graphql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${apiKey}`,
        authorizationsource: 'API',
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  return { proc, url, apiKey, data, graphql };
}

async function receiver(handler?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const started = await startReceiver(handler);
  receivers.push(started);
  return started;
}

interface ListedWebhook {
  id: string;
  url: string;
  should_retry: boolean;
  webhook_events: Array<{ event_type: string }>;
}

const listWebhooks = (server: Server) =>
  server
    .graphql<{ webhooks: ListedWebhook[] }>(
      '{ webhooks { id url should_retry webhook_events { event_type } } }',
    )
    .then((d) => d.webhooks);

/** The webhook this listen registered, found by the relay URL it printed (stderr with --json). */
async function relayWebhook(server: Server, listen: Proc, stream: 'stdout' | 'stderr' = 'stdout') {
  const relayUrl = (
    await listen.waitFor(/ to (http:\/\/127\.0\.0\.1:\d+\/carehooks-listen\/\S+)\n/, stream)
  )[1];
  const found = (await listWebhooks(server)).filter((w) => w.url === relayUrl);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const sendTest = (server: Server, id: string) =>
  server
    .graphql<{ sendTestWebhook: { sent: boolean; messages: unknown[] } }>(
      'mutation($id: ID!) { sendTestWebhook(input: { id: $id }) { sent messages { field message } } }',
      { id },
    )
    .then((d) => expect(d.sendTestWebhook).toEqual({ sent: true, messages: null }));

const stopAndWait = async (proc: Proc) => {
  proc.child.kill('SIGTERM');
  return proc.exited;
};

describe('carehooks listen', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(['--allow-private-networks']);
  });

  it('forwards a delivery re-signed for the target with the stable secret, and removes the webhook on SIGTERM', async () => {
    const target = await receiver();
    // No --api-key: the key comes from the local organization in the server's data folder.
    const listen = start([
      'listen',
      '--forward-to',
      `${target.url}/hooks/in?source=carehooks`,
      '--url',
      server.url,
      '--data',
      server.data,
      '--json',
    ]);
    const secret = (JSON.parse((await listen.waitFor(/^.*\n/))[0]) as { secret: string }).secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(configDir, 'listen-secret'), 'utf8').trim()).toBe(secret);
    expect(statSync(join(configDir, 'listen-secret')).mode & 0o777).toBe(0o600);

    const webhook = await relayWebhook(server, listen, 'stderr');
    expect(webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/carehooks-listen\/[0-9a-f]+$/);
    expect(webhook.should_retry).toBe(true);
    expect(webhook.webhook_events.map((e) => e.event_type).sort()).toEqual([...eventTypes].sort());

    await sendTest(server, webhook.id);
    const [request] = await target.waitFor(1, 10_000);
    expect(request!.path).toBe('/hooks/in?source=carehooks');
    expect(
      verifyFromGuide({
        method: request!.method,
        pathAndQuery: request!.path,
        headers: request!.headers,
        body: request!.body,
        secret,
      }),
    ).toEqual({ ok: true });
    const payload = JSON.parse(request!.body.toString()) as { event_type: string; resource_id: string };
    expect(payload.event_type).toBe('test.created');
    expect(request!.headers['user-agent']).toMatch(/^carehooks\//);
    const deliveryId = request!.headers['x-carehooks-delivery'];
    expect(deliveryId).toMatch(/^\d+$/);

    const line = (await listen.waitFor(/^\{"time".*\}$/m))[0];
    expect(JSON.parse(line)).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event_type: 'test.created',
      resource_id: payload.resource_id,
      resource_id_type: 'Test',
      delivery_id: deliveryId,
      status: 200,
      latency_ms: expect.any(Number),
      error: null,
      reason: null,
    });

    expect(await stopAndWait(listen)).toBe(0);
    expect((await listWebhooks(server)).map((w) => w.id)).not.toContain(webhook.id);
  });

  it("passes the target's failure back, so the server retries the same delivery; the secret stays the same", async () => {
    const target = await receiver(() => ({ status: 500, body: 'not yet' }));
    const listen = start(
      ['listen', '--forward-to', `${target.url}/fail`, '--url', server.url, '--events', 'test.created'],
      { CAREHOOKS_API_KEY: server.apiKey },
    );
    const secret = (await listen.waitFor(/Forwarding signing secret: (\S+)/))[1]!;
    expect(secret).toBe(readFileSync(join(configDir, 'listen-secret'), 'utf8').trim());
    await listen.waitFor(/Forwarding to /);
    const webhook = await relayWebhook(server, listen);
    expect(webhook.webhook_events).toEqual([{ event_type: 'test.created' }]);

    await sendTest(server, webhook.id);
    const requests = await target.waitFor(2, 10_000);
    expect(requests[1]!.headers['x-carehooks-delivery']).toBe(requests[0]!.headers['x-carehooks-delivery']);
    await listen.waitFor(/test\.created {2}Test \d+ {2}→ 500 .*\n.*→ 500 /);

    const attempts = async () =>
      (
        await server.graphql<{ sentWebhooks: Array<{ http_response_status: string | null }> }>(
          'query($id: ID) { sentWebhooks(webhook_id: $id) { http_response_status } }',
          { id: webhook.id },
        )
      ).sentWebhooks;
    // The server records the second attempt once it has the relay's answer, a moment after the relay printed it.
    await expect.poll(async () => (await attempts()).length).toBeGreaterThanOrEqual(2);
    expect(new Set((await attempts()).map((s) => s.http_response_status))).toEqual(new Set(['500']));

    expect(await stopAndWait(listen)).toBe(0);
    expect(listen.stdout()).toContain(`Removed webhook ${webhook.id}.`);
    expect((await listWebhooks(server)).map((w) => w.id)).not.toContain(webhook.id);
  });

  it('with --signature-scheme standard_webhooks, forwards deliveries a Standard Webhooks library verifies', async () => {
    const target = await receiver();
    const listen = start([
      'listen',
      '--forward-to',
      `${target.url}/standard`,
      '--url',
      server.url,
      '--data',
      server.data,
      '--events',
      'test.created',
      '--signature-scheme',
      'standard_webhooks',
    ]);
    const shown = (await listen.waitFor(/Forwarding signing secret: (\S+)/))[1]!;
    // The stable local secret, written as Standard Webhooks receivers take it.
    const local = readFileSync(join(configDir, 'listen-secret'), 'utf8').trim();
    expect(shown).toBe(`whsec_${Buffer.from(local).toString('base64')}`);
    const webhook = await relayWebhook(server, listen);
    const { webhooks } = await server.graphql<{ webhooks: Array<{ id: string; signature_scheme: string }> }>(
      '{ webhooks { id signature_scheme } }',
    );
    expect(webhooks.find((w) => w.id === webhook.id)?.signature_scheme).toBe('standard_webhooks');

    await sendTest(server, webhook.id);
    const [request] = await target.waitFor(1, 10_000);
    const headers = Object.fromEntries(Object.entries(request!.headers).map(([k, v]) => [k, String(v)]));
    expect(new Webhook(shown).verify(request!.body, headers)).toMatchObject({ event_type: 'test.created' });
    expect(headers['webhook-id']).toBe(headers['x-carehooks-delivery']);
    await listen.waitFor(/test\.created {2}Test \d+ {2}→ 200 /);
    expect(await stopAndWait(listen)).toBe(0);
  });

  it('answers 502 when the target cannot be reached or does not answer in time, so the server retries', async () => {
    const gone = await startReceiver();
    await gone.close();
    const hanging = await receiver(() => 'hang');
    for (const [target, error] of [
      [`${gone.url}/closed`, /ECONNREFUSED/],
      [`${hanging.url}/slow`, /timed out after 300 ms/],
    ] as const) {
      const listen = start(
        [
          'listen',
          '--forward-to',
          target,
          '--url',
          server.url,
          '--api-key',
          server.apiKey,
          '--timeout',
          '300ms',
        ],
        {},
      );
      await listen.waitFor(/Forwarding to /);
      await sendTest(server, (await relayWebhook(server, listen)).id);
      const match = await listen.waitFor(/→ 502 \(target: ([^)]*)\).*\n(.*\n)*.*→ 502 /);
      expect(match[1]).toMatch(error);
      expect(await stopAndWait(listen)).toBe(0);
    }
  });

  it('refuses a request whose signature does not verify, with a warning, and forwards nothing', async () => {
    const target = await receiver();
    const listen = start(['listen', '--forward-to', target.url, '--url', server.url, '--data', server.data]);
    await listen.waitFor(/Forwarding to /);
    const webhook = await relayWebhook(server, listen);
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', signature: 'sig1=00', 'x-carehooks-delivery': '1' },
      body: JSON.stringify({ resource_id: '1', resource_id_type: 'Test', event_type: 'test.created' }),
    });
    expect(response.status).toBe(400);
    await listen.waitFor(/warning: Refused a request whose signature does not verify/, 'stderr');
    expect(target.requests).toHaveLength(0);
    expect(await stopAndWait(listen)).toBe(0);
  });

  it("shows a receiver's refusal in its own words: a signature failure names the secret to use", async () => {
    // A real @carehooks/receiver app, configured with some other secret than listen's.
    const handler = createNodeHandler({
      secret: 'the-webhook-secret-not-the-listen-one',
      onEvent: () => undefined,
    });
    const app = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = app.address() as AddressInfo;
      const listen = start(
        [
          'listen',
          '--forward-to',
          `http://127.0.0.1:${port}/hooks`,
          '--url',
          server.url,
          '--events',
          'test.created',
        ],
        { CAREHOOKS_API_KEY: server.apiKey },
      );
      await listen.waitFor(/Forwarding to /);
      await sendTest(server, (await relayWebhook(server, listen)).id);
      const line = (await listen.waitFor(/^.*→ 400 .*$/m))[0];
      expect(line).toMatch(
        /test\.created {2}Test \d+ {2}→ 400 \(target: signature_mismatch: No signature in Signature matches .*; give the receiver the forwarding signing secret printed at start\) {2}\d+ ms/,
      );
      expect(await stopAndWait(listen)).toBe(0);
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it('exits non-zero, saying so, when the server is gone at exit', async () => {
    const own = await startServer(['--allow-private-networks']);
    const listen = start([
      'listen',
      '--forward-to',
      'http://127.0.0.1:9/x',
      '--url',
      own.url,
      '--data',
      own.data,
    ]);
    await listen.waitFor(/Forwarding to /);
    own.proc.child.kill('SIGKILL');
    await own.proc.exited;
    expect(await stopAndWait(listen)).toBe(1);
    expect(listen.stderr()).toMatch(/Could not reach the carehooks server at .*still registered/);
  });
});

describe('carehooks listen refuses to start', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [bin, 'listen', ...args], { encoding: 'utf8', env: { ...baseEnv, ...env } });

  it('on unknown event types, suggesting close names', () => {
    const bogus = run(['--forward-to', 'http://127.0.0.1:9/x', '--api-key', 'k', '--events', 'bogus.event']);
    expect(bogus.status).toBe(1);
    expect(bogus.stderr).toMatch(
      /Unknown event type "bogus\.event"\..*`carehooks events list` shows them all/,
    );
    const typo = run([
      '--forward-to',
      'http://127.0.0.1:9/x',
      '--api-key',
      'k',
      '--events',
      'patient.created,appointment.craeted',
    ]);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(
      /Unknown event type "appointment\.craeted"\. Did you mean appointment\.created[,?]/,
    );
    expect(typo.stderr).not.toMatch(/patient\.created/);
  });

  it('on an unknown signature scheme', () => {
    const result = run([
      '--forward-to',
      'http://127.0.0.1:9/x',
      '--api-key',
      'k',
      '--signature-scheme',
      'svix',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--signature-scheme must be healthie or standard_webhooks, got "svix".');
  });

  it('without an API key', () => {
    const empty = tempDir();
    const result = run(['--forward-to', 'http://127.0.0.1:9/x', '--data', empty]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No API key: pass --api-key or set CAREHOOKS_API_KEY/);
  });

  it('when the server may not deliver to loopback, with the flag to start it with', async () => {
    const strict = await startServer([]);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const proc = start([
        'listen',
        '--forward-to',
        'http://127.0.0.1:9/x',
        '--url',
        strict.url,
        '--data',
        strict.data,
      ]);
      void proc.exited.then((code) => resolve({ code, stderr: proc.stderr() }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the temporary webhook: url: .*private network/);
    expect(result.stderr).toContain('carehooks serve --allow-private-networks');
    expect(await listWebhooks(strict)).toEqual([]);
    await stopAndWait(strict.proc);
  });
});
