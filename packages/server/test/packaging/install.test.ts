/**
 * The packages as a user gets them before they are published: `npm pack` in the repository, then an install
 * of the tarball where no other carehooks package exists. The receiver goes into an empty project and is used
 * from a plain Node script (and type-checked); `carehooks` is installed globally under a throwaway prefix and
 * run from a folder outside the repository.
 *
 * The tarballs install through the machine's npm cache (`--prefer-offline`). better-sqlite3's install script
 * would compile SQLite for minutes where GitHub's prebuilt binaries are out of reach, so the test hands it the
 * repository's own build as a local prebuild: the install script still runs and installs the binary it finds,
 * as it would one it downloaded. (Should npm resolve another version than the repository's, the script
 * downloads or compiles as for any user, which the carehooks test's time allows.)
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDelivery } from '../../src/delivery/signature.js';

const run = promisify(execFile);
const repo = new URL('../../../../', import.meta.url).pathname;
const serverVersion = (
  JSON.parse(readFileSync(join(repo, 'packages/server/package.json'), 'utf8')) as { version: string }
).version;
const work = mkdtempSync(join(tmpdir(), 'carehooks-packaging-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The environment of a user's shell: none of the `npm_*` settings `npm test` exports (they would point npm
 * back at this repository), but the same npm cache.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return { ...env, DATABASE_URL: '', ...extra };
}

const npm = (args: string[], cwd: string, env = userEnv()) =>
  run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier'], {
    cwd,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });

/** The repository's compiled better-sqlite3, packed the way prebuild-install names and unpacks a download. */
async function localPrebuilds(): Promise<string> {
  const serverRequire = createRequire(join(repo, 'packages/server/package.json'));
  const packageDir = dirname(serverRequire.resolve('better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = join(work, 'prebuilds');
  mkdirSync(dir);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(dir, name), '-C', packageDir, 'build/Release/better_sqlite3.node']);
  return dir;
}

let tarballs: { receiver: string; server: string };

beforeAll(async () => {
  const packed = join(work, 'packed');
  mkdirSync(packed);
  await npm(['pack', '-w', '@carehooks/receiver', '-w', 'carehooks', '--pack-destination', packed], repo);
  const files = readdirSync(packed);
  const find = (pattern: RegExp) => {
    const file = files.find((f) => pattern.test(f));
    if (!file) throw new Error(`npm pack made no ${String(pattern)} in ${files.join(', ')}`);
    return join(packed, file);
  };
  tarballs = { receiver: find(/^carehooks-receiver-.*\.tgz$/), server: find(/^carehooks-\d.*\.tgz$/) };
}, 60_000);

describe('npm pack of @carehooks/receiver', () => {
  it('installs alone into an empty project and verifies a signed delivery from a plain Node script', async () => {
    const project = join(work, 'receiver-app');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'receiver-app', private: true, type: 'module' }),
    );
    await npm(['install', tarballs.receiver], project);
    // The catalog travels inside the receiver: nothing else of carehooks is installed beside it.
    expect(readdirSync(join(project, 'node_modules/@carehooks'))).toEqual(['receiver']);

    const secret = 'whsec_packaging_test';
    const url = new URL('https://app.example/hooks/carehooks?tenant=7');
    const body = JSON.stringify({
      resource_id: '42',
      resource_id_type: 'User',
      event_type: 'patient.created',
      changed_fields: [],
    });
    const headers = signDelivery({ url, body: Buffer.from(body), secret });
    writeFileSync(
      join(project, 'delivery.json'),
      JSON.stringify({ path: url.pathname + url.search, headers, body }),
    );
    writeFileSync(
      join(project, 'verify.mjs'),
      `import { readFileSync } from 'node:fs';
import { parseEvent, verifySignature } from '@carehooks/receiver';

const { path, headers, body } = JSON.parse(readFileSync('delivery.json', 'utf8'));
const secret = process.argv[2];
await verifySignature({ method: 'POST', url: path, headers, body, secret });
const event = parseEvent(body);
const tampered = await verifySignature({ url: path, headers, body: body.replace('42', '43'), secret }).catch((e) => e.code);
console.log(JSON.stringify({ event_type: event.event_type, resource_id: event.resource_id, tampered }));
`,
    );
    const { stdout } = await run(process.execPath, ['verify.mjs', secret], { cwd: project, env: userEnv() });
    expect(JSON.parse(stdout)).toEqual({
      event_type: 'patient.created',
      resource_id: '42',
      tampered: 'digest_mismatch',
    });

    // The declarations resolve the bundled catalog's types: EventType is the closed union, not `any`.
    writeFileSync(
      join(project, 'check.ts'),
      `import { parseEvent, type EventType, type WebhookEvent } from '@carehooks/receiver';

const known: EventType = 'patient.created';
// @ts-expect-error not an event type of the catalog
const unknown: EventType = 'patient.exploded';
const event: WebhookEvent = parseEvent('{}');
if (event.event_type === 'patient.merged') console.log(known, unknown, event.source_user_id);
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023', 'dom'],
          types: [],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    await expect(run(process.execPath, [tsc, '-p', '.'], { cwd: project })).resolves.toMatchObject({
      stdout: '',
    });
  }, 60_000);
});

describe('npm pack of carehooks', () => {
  it('installs globally and serves the API and the dashboard from any folder', async () => {
    const prefix = join(work, 'global');
    const env = userEnv({ npm_config_better_sqlite3_local_prebuilds: await localPrebuilds() });
    // npm 11 runs no dependency's install script unless allowed; better-sqlite3 needs its own.
    await npm(
      ['install', '-g', '--prefix', prefix, '--allow-scripts=better-sqlite3', tarballs.server],
      work,
      env,
    );
    const bin = join(prefix, 'bin/carehooks');

    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    const version = await run(bin, ['--version'], { cwd: elsewhere, env: userEnv() });
    expect(version.stdout.trim()).toBe(serverVersion);

    const data = join(work, 'data');
    const child = spawn(bin, ['serve', '--port', '0', '--data', data], { cwd: elsewhere, env: userEnv() });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const { url, apiKey } = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
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

      const answer = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${apiKey}`,
          authorizationsource: 'API',
        },
        body: JSON.stringify({ query: '{ organization { name } }' }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { organization: { name: 'Local Development' } } });

      // The dashboard's built page and its assets ship inside the tarball.
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(new URL(script!, `${url}/`));
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(1000);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 300_000);
});
