/** The `carehooks` command as a user runs it: a real process on a real store. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventTypes, resourceTypes } from '@carehooks/catalog';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/carehooks.js', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'carehooks-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...process.env, DATABASE_URL: '', CAREHOOKS_LOG_LEVEL: 'warn' };
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });

function startServe(args: string[]) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { env });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ready = new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 20_000);
    child.stdout.on('data', () => {
      const url = /GraphQL endpoint: (\S+)\/graphql/.exec(out)?.[1];
      const apiKey = /API key: (\S+)/.exec(out)?.[1];
      if (url && apiKey) {
        clearTimeout(timer);
        resolve({ url, apiKey });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

const currentUser = (url: string, apiKey: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${apiKey}`,
      authorizationsource: 'API',
    },
    body: JSON.stringify({ query: '{ currentUser { id } organization { id name } }' }),
  }).then(
    (r) =>
      r.json() as Promise<{
        data: { currentUser: { id: string }; organization: { id: string; name: string } };
      }>,
  );

describe('carehooks CLI', () => {
  it('lists the event catalog as JSON', () => {
    const result = run(['events', 'list', '--json']);
    expect(result.status).toBe(0);
    const list = JSON.parse(result.stdout) as Array<{
      event_type: string;
      extras: string[];
      nullable: string[];
    }>;
    expect(list).toHaveLength(167);
    expect(list.map((e) => e.event_type)).toEqual([...list.map((e) => e.event_type)].sort());
    expect(list.find((e) => e.event_type === 'appointment.created')).toEqual({
      event_type: 'appointment.created',
      resource_id_type: 'Appointment',
      extras: ['resource_organization_id'],
      nullable: [],
      mutations: ['createAppointment', 'completeCheckout'],
    });
    const table = run(['events', 'list']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/appointment\.created\s+Appointment/);
  });

  it('serves on the embedded store, prints a working key, and admin commands work beside it', async () => {
    const data = tempDir();
    const serve = startServe(['--data', data, '--allow-private-networks']);
    try {
      const { url, apiKey } = await serve.ready;
      expect(statSync(join(data, 'carehooks.db')).isFile()).toBe(true);
      const me = await currentUser(url, apiKey);
      expect(me.data.organization.name).toBe('Local Development');

      const created = run(['admin', 'create-org', '--name', 'Side Clinic', '--data', data, '--json']);
      expect(created.stderr).toBe('');
      const org = JSON.parse(created.stdout) as { organization_id: string; user_id: string; api_key: string };
      expect(org.organization_id).toMatch(/^\d+$/);
      expect((await currentUser(url, org.api_key)).data).toEqual({
        currentUser: { id: org.user_id },
        organization: { id: org.organization_id, name: 'Side Clinic' },
      });

      const sub = run([
        'admin',
        'create-org',
        '--name',
        'Sub Clinic',
        '--parent',
        org.organization_id,
        '--data',
        data,
        '--json',
      ]);
      expect(JSON.parse(sub.stdout)).toMatchObject({ organization_id: expect.stringMatching(/^\d+$/) });

      const key = run(['admin', 'create-api-key', '--org', org.organization_id, '--data', data, '--json']);
      const issued = JSON.parse(key.stdout) as { api_key: string };
      expect((await currentUser(url, issued.api_key)).data.currentUser.id).toBe(org.user_id);

      const bad = run(['admin', 'create-api-key', '--org', '424242', '--data', data]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toBe('carehooks: Organization 424242 does not exist.\n');

      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }

    // The same data folder keeps the same local key across restarts.
    const again = startServe(['--data', data]);
    try {
      const first = /API key: (\S+)/.exec(serve.output())?.[1];
      expect((await again.ready).apiKey).toBe(first);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('rejects bad configuration with a clear message, naming the flag or variable as given', () => {
    const role = run(['serve', '--role', 'juggler', '--data', tempDir()]);
    expect(role.status).toBe(1);
    expect(role.stderr).toBe(
      'carehooks: Invalid configuration: --role must be one of all, api, worker (got "juggler")\n',
    );
    const port = run(['serve', '--port', 'abc', '--data', tempDir()]);
    expect(port.status).toBe(1);
    expect(port.stderr).toBe(
      'carehooks: Invalid configuration: --port must be a whole number from 0 to 65535 (got "abc")\n',
    );
    expect(run(['serve', '--port', '65536', '--data', tempDir()]).stderr).toContain(
      '--port must be a whole number from 0 to 65535 (got "65536")',
    );
    // Every numeric setting says the same, whether it comes from a flag or from the environment.
    const fromEnv = spawnSync(process.execPath, [bin, 'serve', '--data', tempDir()], {
      encoding: 'utf8',
      env: { ...env, CAREHOOKS_PORT: '4o00', CAREHOOKS_MAX_IN_FLIGHT: '1.5', CAREHOOKS_RATE_LIMIT: '-1' },
    });
    expect(fromEnv.status).toBe(1);
    expect(fromEnv.stderr).toBe(
      'carehooks: Invalid configuration: port (CAREHOOKS_PORT) must be a whole number from 0 to 65535 (got "4o00"); ' +
        'rateLimit (CAREHOOKS_RATE_LIMIT) must be a whole number of 0 or more (got "-1"); ' +
        'maxInFlight (CAREHOOKS_MAX_IN_FLIGHT) must be a whole number of 1 or more (got "1.5")\n',
    );
  });

  it('on a busy port, says so in one line and exits non-zero', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = busy.address() as AddressInfo;
      const result = run(['serve', '--port', String(port), '--data', tempDir()]);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `carehooks: Port ${port} on 127.0.0.1 is already in use (is another carehooks running?): ` +
          'stop that process or pick another port with --port or CAREHOOKS_PORT.\n',
      );
      expect(result.stdout).toBe('');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('starts with a plain-text banner: no log line comes before or between its lines', async () => {
    const serve = startServe(['--data', tempDir(), '--log-level', 'info']);
    try {
      await serve.ready;
      const lines = serve.output().split('\n');
      expect(lines[0]).toBe('carehooks API on sqlite');
      const banner = lines.slice(0, lines.findIndex((line) => line.startsWith('Try: curl')) + 1);
      expect(banner.map((line) => line.split(':')[0])).toEqual([
        'carehooks API on sqlite',
        'GraphQL endpoint',
        'Local organization 1, API key',
        'Dashboard',
        'Try',
      ]);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });

  it('lists the catalog within 100 columns off a terminal, and one row per event type with --wide', () => {
    const table = run(['events', 'list']);
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    const listed = lines.map((line) => line.split(' ')[0]);
    for (const eventType of eventTypes) expect(listed).toContain(eventType);
    expect(table.stdout).toMatch(
      /\nappointment\.created +Appointment\n {4}extras: resource_organization_id; mutations: createAppointment, completeCheckout\n/,
    );
    expect(lines.at(-1)).toBe(
      `167 event types, ${resourceTypes.length} resource types (? = nullable extra); --wide: one row per event type`,
    );

    const wide = run(['events', 'list', '--wide']);
    expect(wide.status).toBe(0);
    expect(wide.stdout).toMatch(
      /\nappointment\.created +Appointment +resource_organization_id +createAppointment, completeCheckout\n/,
    );
    expect(wide.stdout.trimEnd().split('\n')).toHaveLength(eventTypes.length + 4);
  });

  it('runs migrations alone', () => {
    const result = run(['migrate', '--data', tempDir()]);
    expect(result.stdout).toBe('Migrations are up to date on sqlite.\n');
  });
});
