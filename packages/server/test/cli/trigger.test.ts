/**
 * `carehooks trigger` as a developer runs it: the real CLI (compiled; run `npx tsc -b` first) against a real
 * `carehooks serve` child process on the embedded store, whose deliveries go to a recording receiver on
 * loopback through a webhook subscribed to every event type.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventTypes, getEvent, validatePayload } from '@carehooks/catalog';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.js';

const bin = new URL('../../bin/carehooks.js', import.meta.url).pathname;
const env = {
  ...process.env,
  DATABASE_URL: '',
  CAREHOOKS_API_KEY: '',
  CAREHOOKS_DATA_DIR: '',
  CAREHOOKS_LOG_LEVEL: 'warn',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Delivered {
  event_type: string;
  resource_id: string;
  [key: string]: unknown;
}

/** Runs the CLI to its end without blocking this process, whose receiver must keep answering deliveries. */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitUntil<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('carehooks trigger', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'carehooks-trigger-'));
  let server: ChildProcessWithoutNullStreams;
  let receiver: Receiver;
  let url: string;
  let apiKey: string;

  const delivered = (): Delivered[] =>
    receiver.requests.map((request) => JSON.parse(request.body.toString('utf8')) as Delivered);

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [bin, 'serve', '--port', '0', '--data', dataDir, '--allow-private-networks'],
      { env },
    );
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    [url, apiKey] = await waitUntil(
      'the server to start',
      () => {
        const endpoint = /GraphQL endpoint: (\S+)\/graphql/.exec(out)?.[1];
        const key = /API key: (\S+)/.exec(out)?.[1];
        return endpoint && key ? ([endpoint, key] as const) : undefined;
      },
      30_000,
    );
    receiver = await startReceiver();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${apiKey}`,
        AuthorizationSource: 'API',
      },
      body: JSON.stringify({
        query:
          'mutation($input: createWebhookInput) { createWebhook(input: $input) { webhook { id } messages { message } } }',
        variables: {
          input: { url: receiver.url, webhook_events: eventTypes.map((event_type) => ({ event_type })) },
        },
      }),
    });
    const created = (await response.json()) as {
      data: { createWebhook: { webhook: { id: string } | null } };
    };
    expect(created.data.createWebhook.webhook?.id).toMatch(/^\d+$/);
  }, 60_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an unknown event type, naming the close matches, and produces nothing', async () => {
    const result = await run(['trigger', 'patient.craeted', '--url', url, '--api-key', apiKey]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Unknown event type "patient.craeted". Did you mean patient.created');
  });

  it("produces one patient.created with the local organization's key, printing its resource id", async () => {
    const result = await run(['trigger', 'patient.created', '--url', url, '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const match = /^patient\.created {2}User (\d+)\n$/.exec(result.stdout);
    expect(match).not.toBeNull();
    const event = await waitUntil('the patient.created delivery', () =>
      delivered().find((e) => e.event_type === 'patient.created' && e.resource_id === match![1]),
    );
    expect(validatePayload(event)).toMatchObject({ ok: true });
  });

  it('test.created reaches every enabled webhook subscribed to it, besides the send whose id is printed', async () => {
    const tests = () => delivered().filter((e) => e.event_type === 'test.created');
    const before = tests().length;
    const result = await run(['trigger', 'test.created', '--url', url, '--api-key', apiKey]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^test\.created {2}Test \d+\n$/);
    // The suite's webhook subscribes to every event type: it gets a test send of its own.
    const event = await waitUntil('a test.created delivery to the subscribed webhook', () => tests()[before]);
    expect(validatePayload(event)).toMatchObject({ ok: true });
  });

  it('--all --json produces every event type through its source; each arrives as the catalog describes it', async () => {
    const result = await run(['trigger', '--all', '--json', '--url', url, '--api-key', apiKey]);
    // Every event type is produced: no failure and no "not yet triggerable" is allowed.
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { event_type: string; resource_id: string; resource_id_type: string },
      );
    expect(eventTypes).toHaveLength(167);
    expect(lines.map((l) => l.event_type).sort()).toEqual([...eventTypes].sort());
    expect(new Set(lines.map((l) => l.event_type)).size).toBe(eventTypes.length);

    const database = new Database(join(dataDir, 'carehooks.db'), { readonly: true });
    try {
      for (const line of lines) {
        expect(line.resource_id).toMatch(/^\d+$/);
        // A test send goes to the trigger's own webhook only, so it is read from the outbox instead.
        const event =
          line.event_type === 'test.created'
            ? (JSON.parse(
                (
                  database
                    .prepare('select body from events where event_type = ? and resource_id = ?')
                    .get(line.event_type, line.resource_id) as { body: string }
                ).body,
              ) as Delivered)
            : await waitUntil(`${line.event_type} ${line.resource_id}`, () =>
                delivered().find(
                  (e) => e.event_type === line.event_type && e.resource_id === line.resource_id,
                ),
              );
        expect(event.resource_id_type, line.event_type).toBe(line.resource_id_type);
        expect(validatePayload(event), line.event_type).toMatchObject({ ok: true });
        // Exactly the catalog's keys, in its order: the standard four, then the event's extras.
        expect(Object.keys(event), line.event_type).toEqual([
          'resource_id',
          'resource_id_type',
          'event_type',
          'changed_fields',
          ...getEvent(line.event_type)!.extras.map((extra) => extra.name),
        ]);
      }
    } finally {
      database.close();
    }
  }, 240_000);
});
