/**
 * Issue #12, item 2: webhook signing secrets are sealed at rest (AES-256-GCM, key id in the value), the
 * signer and the API unseal them, old plaintext rows are sealed when the store opens, and
 * `carehooks admin rotate-secret-key` seals everything again under a new key while deliveries go on.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import type { Runtime } from '../../src/app/runtime.js';
import { rotateSecretKey, secretKeyringFor } from '../../src/app/secret-keys.js';
import {
  generateSecretKey,
  parseSecretKey,
  SecretKeyError,
  SecretKeyring,
  secretKeyId,
  sealedKeyId,
} from '../../src/core/sealed-secrets.js';
import type { StoreConfig } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { keyFileFor, readKeyFile } from '../../src/store/secret-key-file.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { dialects, sqliteDialect } from '../support/dialects.js';
import {
  configOn,
  CREATE_WEBHOOK,
  createOrg,
  graphql,
  SEND_TEST,
  startRuntimeOn,
  startVerifyingReceiver,
  type VerifyingReceiver,
} from './support.js';

const keyA = generateSecretKey().toString('base64');
const keyB = generateSecretKey().toString('hex');

describe('the sealing primitive (core/sealed-secrets.ts)', () => {
  const ring = (current: Buffer, ...previous: Buffer[]) => new SecretKeyring({ current, previous });

  it('seals with AES-256-GCM under a key id, a fresh IV each time, and unseals', () => {
    const key = generateSecretKey();
    const keyring = ring(key);
    const sealed = keyring.seal('0123456789abcdef');
    expect(sealed).toMatch(/^sealed:v1:[0-9a-f]{16}:[A-Za-z0-9_-]+$/);
    expect(sealedKeyId(sealed)).toBe(secretKeyId(key));
    expect(sealed).not.toContain('0123456789abcdef');
    expect(keyring.seal('0123456789abcdef')).not.toBe(sealed);
    expect(keyring.unseal(sealed)).toBe('0123456789abcdef');
    // A fresh keyring with the same key (no cache) unseals it too.
    expect(ring(key).unseal(sealed)).toBe('0123456789abcdef');
  });

  it('fails clearly under a wrong key, on an altered value, and when no key is configured', () => {
    const sealed = ring(generateSecretKey()).seal('secret-value');
    const id = sealedKeyId(sealed)!;
    expect(() => ring(generateSecretKey()).unseal(sealed)).toThrow(SecretKeyError);
    expect(() => ring(generateSecretKey()).unseal(sealed)).toThrow(
      new RegExp(`sealed under key ${id}, which is not among the configured keys`),
    );
    const key = generateSecretKey();
    const good = ring(key).seal('secret-value');
    const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => ring(key).unseal(tampered)).toThrow(/does not authenticate/);
    const locked = new SecretKeyring(null, { lockedReason: 'set CAREHOOKS_SECRET_KEY' });
    expect(() => locked.seal('x')).toThrow('set CAREHOOKS_SECRET_KEY');
    expect(() => locked.unseal(good)).toThrow('set CAREHOOKS_SECRET_KEY');
  });

  it('unseals under any key of the ring and seals under the current one', () => {
    const [old, current] = [generateSecretKey(), generateSecretKey()];
    const underOld = ring(old).seal('s');
    const keyring = ring(current, old);
    expect(keyring.unseal(underOld)).toBe('s');
    expect(keyring.needsResealing(underOld)).toBe(true);
    expect(sealedKeyId(keyring.seal('s'))).toBe(secretKeyId(current));
    // A secret stored before sealing existed reads as it is, and is due for sealing.
    expect(keyring.unseal('legacy-plaintext')).toBe('legacy-plaintext');
    expect(keyring.needsResealing('legacy-plaintext')).toBe(true);
  });

  it('reads keys as 64 hex or 44 base64 characters and never repeats a bad one', () => {
    const key = generateSecretKey();
    expect(parseSecretKey(key.toString('hex'), 'K').equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64'), 'K').equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64url'), 'K').equals(key)).toBe(true);
    for (const bad of ['short', key.toString('hex').slice(2), `${key.toString('base64')}AAAA`]) {
      expect(() => parseSecretKey(bad, 'CAREHOOKS_SECRET_KEY')).toThrow(
        /CAREHOOKS_SECRET_KEY must be a 32-byte key/,
      );
      try {
        parseSecretKey(bad, 'CAREHOOKS_SECRET_KEY');
      } catch (error) {
        expect((error as Error).message).not.toContain(bad);
      }
    }
    expect(() => loadConfig({}, { CAREHOOKS_SECRET_KEY: 'not-a-key' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { CAREHOOKS_SECRET_KEY: 'not-a-key' })).toThrow(/CAREHOOKS_SECRET_KEY/);
  });
});

describe.each(dialects)('sealed webhook secrets on $name', (dialect) => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.reverse()) await close();
    closers.length = 0;
  });

  const fresh = async (): Promise<StoreConfig> => {
    const made = await dialect.freshConfig();
    closers.push(made.cleanup);
    return made.config;
  };
  const started = async (store: StoreConfig, overrides: Record<string, unknown> = {}): Promise<Runtime> => {
    const runtime = await startRuntimeOn(store, {
      ...(store.kind === 'postgres' ? { secretKey: keyA } : {}),
      ...overrides,
    });
    closers.push(() => runtime.stop());
    return runtime;
  };
  const opened = async (store: StoreConfig, overrides: Record<string, unknown> = {}): Promise<Store> => {
    const config = configOn(store, {
      ...(store.kind === 'postgres' ? { secretKey: keyA } : {}),
      ...overrides,
    });
    const handle = await openStore(store, { secrets: secretKeyringFor(config) });
    closers.push(() => handle.close());
    return handle;
  };
  const receiverFor = async (): Promise<VerifyingReceiver> => {
    const receiver = await startVerifyingReceiver();
    closers.push(() => receiver.receiver.close());
    return receiver;
  };
  const rawSecrets = async (store: Store, id: string) =>
    store.db
      .selectFrom('webhooks')
      .select(['signature_secret', 'previous_secret'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
  const createHook = async (runtime: Runtime, apiKey: string, url: string) => {
    const created = await graphql<{ createWebhook: { webhook: { id: string; signature_secret: string } } }>(
      runtime.url!,
      apiKey,
      CREATE_WEBHOOK,
      { input: { url, webhook_events: [{ event_type: 'patient.created' }] } },
    );
    return created.data!.createWebhook.webhook;
  };
  const sendTest = async (runtime: Runtime, apiKey: string, id: string) => {
    const answer = await graphql<{ sendTestWebhook: { sent: boolean } }>(runtime.url!, apiKey, SEND_TEST, {
      id,
    });
    expect(answer.data!.sendTestWebhook.sent).toBe(true);
  };

  it('keeps no plaintext secret in the webhooks table, current or previous, and the API still shows it', async () => {
    const store = await fresh();
    const runtime = await started(store, { role: 'api' });
    const org = await createOrg(runtime, 'Sealed');
    const webhook = await createHook(runtime, org.apiKey, 'http://127.0.0.1:9/sealed');
    expect(webhook.signature_secret).toMatch(/^[0-9a-f]{64}$/);
    const db = runtime.services.store;

    const row = await rawSecrets(db, webhook.id);
    expect(row.signature_secret).toMatch(/^sealed:v1:[0-9a-f]{16}:/);
    expect(row.signature_secret).not.toContain(webhook.signature_secret);

    const expired = await graphql<{ expireWebhookSignature: { webhook: { signature_secret: string } } }>(
      runtime.url!,
      org.apiKey,
      `
        mutation ($id: ID!) {
          expireWebhookSignature(input: { id: $id }) {
            webhook {
              signature_secret
            }
          }
        }
      `,
      { id: webhook.id },
    );
    const rotated = expired.data!.expireWebhookSignature.webhook.signature_secret;
    const after = await rawSecrets(db, webhook.id);
    for (const value of [after.signature_secret, after.previous_secret!]) {
      expect(value).toMatch(/^sealed:v1:/);
      expect(value).not.toContain(rotated);
      expect(value).not.toContain(webhook.signature_secret);
    }
    const listed = await graphql<{ webhooks: Array<{ signature_secret: string }> }>(
      runtime.url!,
      org.apiKey,
      '{ webhooks { signature_secret } }',
    );
    expect(listed.data!.webhooks).toEqual([{ signature_secret: rotated }]);
  });

  it('signs deliveries with the unsealed secret: a real receiver verifies them', async () => {
    const store = await fresh();
    const receiver = await receiverFor();
    const runtime = await started(store);
    const org = await createOrg(runtime, 'Signed');
    const webhook = await createHook(runtime, org.apiKey, receiver.url);
    receiver.secret = webhook.signature_secret;
    await sendTest(runtime, org.apiKey, webhook.id);
    await receiver.checked(1);
    expect({ verified: receiver.verified, rejected: receiver.rejected }).toEqual({
      verified: 1,
      rejected: 0,
    });
  });

  it('seals secrets stored in plaintext (before sealing existed) when the store opens', async () => {
    const store = await fresh();
    const first = await opened(store);
    const org = await first.db
      .transaction()
      .execute((trx) => createOrganization(trx, { name: 'Legacy', parentId: null }));
    const now = Date.now();
    const legacy = await first.db
      .insertInto('webhooks')
      .values({
        organization_id: org.organizationId,
        url: 'http://127.0.0.1:9/legacy',
        is_enabled: 1,
        should_retry: 1,
        signature_secret: 'a'.repeat(64),
        previous_secret: 'b'.repeat(64),
        previous_secret_expires_at: now + 60_000,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await first.close();

    const second = await opened(store);
    const row = await rawSecrets(second, String(legacy.id));
    expect(row.signature_secret).toMatch(/^sealed:v1:/);
    expect(row.previous_secret).toMatch(/^sealed:v1:/);
    expect(second.secrets.unseal(row.signature_secret)).toBe('a'.repeat(64));
    expect(second.secrets.unseal(row.previous_secret!)).toBe('b'.repeat(64));
  });

  it('refuses to start with a key that does not unseal the stored secrets, saying which key is missing', async () => {
    const store = await fresh();
    const runtime = await started(store, {
      role: 'api',
      ...(store.kind === 'sqlite' ? { secretKey: keyA } : {}),
    });
    const org = await createOrg(runtime, 'Wrong key');
    await createHook(runtime, org.apiKey, 'http://127.0.0.1:9/wrong');
    await runtime.stop();

    const attempt = startRuntimeOn(store, { role: 'api', secretKey: keyB });
    await expect(attempt).rejects.toThrow(SecretKeyError);
    await expect(startRuntimeOn(store, { role: 'api', secretKey: keyB })).rejects.toThrow(
      new RegExp(`sealed under key ${secretKeyId(parseSecretKey(keyA, 'A'))}.*CAREHOOKS_SECRET_KEY`),
    );
    if (store.kind === 'postgres') {
      // No key at all on PostgreSQL: a configuration error before anything opens.
      expect(() => secretKeyringFor(configOn(store))).toThrow(
        /CAREHOOKS_SECRET_KEY is required with DATABASE_URL/,
      );
    }
  });

  it('rotates to a new key in the environment: every secret is sealed again and deliveries keep verifying', async () => {
    const store = await fresh();
    const receiver = await receiverFor();
    // Before: every process seals under A.
    const before = await started(store, { secretKey: keyA });
    const org = await createOrg(before, 'Rotating');
    const webhook = await createHook(before, org.apiKey, receiver.url);
    receiver.secret = webhook.signature_secret;
    // A previous secret too, so both columns are rotated.
    const expired = await graphql<{ expireWebhookSignature: { webhook: { signature_secret: string } } }>(
      before.url!,
      org.apiKey,
      'mutation ($id: ID!) { expireWebhookSignature(input: { id: $id }) { webhook { signature_secret } } }',
      { id: webhook.id },
    );
    receiver.secret = expired.data!.expireWebhookSignature.webhook.signature_secret;
    await before.stop();

    // The processes restart with B as the key and A as a fallback; then the rotation runs beside them.
    const during = await started(store, { secretKey: keyB, secretKeyFallbacks: keyA });
    const rotationConfig = configOn(store, { secretKey: keyB, secretKeyFallbacks: keyA });
    const handle = await opened(store, { secretKey: keyB, secretKeyFallbacks: keyA });
    const rotation = await rotateSecretKey(rotationConfig, handle);
    const idB = secretKeyId(parseSecretKey(keyB, 'B'));
    expect(rotation).toEqual({ keyId: idB, resealed: 1, keyFile: null });
    const row = await rawSecrets(handle, webhook.id);
    expect(sealedKeyId(row.signature_secret)).toBe(idB);
    expect(sealedKeyId(row.previous_secret!)).toBe(idB);

    await sendTest(during, org.apiKey, webhook.id);
    await receiver.checked(1);
    expect({ verified: receiver.verified, rejected: receiver.rejected }).toEqual({
      verified: 1,
      rejected: 0,
    });
    await during.stop();

    // Once rotated, A is no longer needed: B alone opens the store.
    const after = await started(store, { secretKey: keyB });
    await sendTest(after, org.apiKey, webhook.id);
    await receiver.checked(2);
    expect({ verified: receiver.verified, rejected: receiver.rejected }).toEqual({
      verified: 2,
      rejected: 0,
    });
  });
});

describe('the embedded store key file', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.reverse()) await close();
    closers.length = 0;
  });

  it('is created beside the database on first start, readable by its owner only', async () => {
    const { config, cleanup } = await sqliteDialect.freshConfig();
    closers.push(cleanup);
    if (config.kind !== 'sqlite') throw new Error('expected SQLite');
    const runtime = await startRuntimeOn(config, { role: 'api' });
    closers.push(() => runtime.stop());
    const file = keyFileFor(config.file);
    expect(file).toBe(join(runtime.services.config.dataDir, 'secret.key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readKeyFile(file)).toHaveLength(1);
    expect(runtime.services.store.secrets.currentKeyId).toBe(secretKeyId(readKeyFile(file)![0]!));
  });

  it('rotate-secret-key replaces the key while a server runs, which keeps delivering verified requests', async () => {
    const { config, cleanup } = await sqliteDialect.freshConfig();
    closers.push(cleanup);
    if (config.kind !== 'sqlite') throw new Error('expected SQLite');
    const receiver = await startVerifyingReceiver();
    closers.push(() => receiver.receiver.close());
    const runtime = await startRuntimeOn(config);
    closers.push(() => runtime.stop());
    const org = await createOrg(runtime, 'Embedded');
    const created = await graphql<{ createWebhook: { webhook: { id: string; signature_secret: string } } }>(
      runtime.url!,
      org.apiKey,
      CREATE_WEBHOOK,
      { input: { url: receiver.url, webhook_events: [{ event_type: 'patient.created' }] } },
    );
    const webhook = created.data!.createWebhook.webhook;
    receiver.secret = webhook.signature_secret;
    const file = keyFileFor(config.file);
    const [original] = readKeyFile(file)!;

    // The command, as an operator runs it beside the server.
    const bin = new URL('../../bin/carehooks.js', import.meta.url).pathname;
    const run = () =>
      promisify(execFile)(
        process.execPath,
        [bin, 'admin', 'rotate-secret-key', '--data', runtime.services.config.dataDir, '--json'],
        {
          env: { ...process.env, DATABASE_URL: '', CAREHOOKS_SECRET_KEY: '' },
        },
      );
    const first = JSON.parse((await run()).stdout) as { key_id: string; resealed: number; key_file: string };
    const keys = readKeyFile(file)!;
    expect(first).toEqual({ key_id: secretKeyId(keys[0]!), resealed: 1, key_file: file });
    // The new key first, the one before it kept (it still unseals anything written during the rotation).
    expect(keys.map((k) => secretKeyId(k))).toEqual([first.key_id, secretKeyId(original!)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const row = await runtime.services.store.db
      .selectFrom('webhooks')
      .select('signature_secret')
      .executeTakeFirstOrThrow();
    expect(sealedKeyId(row.signature_secret)).toBe(first.key_id);

    // The running server reads the rewritten key file: it signs with the same webhook secret, and seals new
    // secrets under the new key.
    const sent = await graphql<{ sendTestWebhook: { sent: boolean } }>(runtime.url!, org.apiKey, SEND_TEST, {
      id: webhook.id,
    });
    expect(sent.data!.sendTestWebhook.sent).toBe(true);
    await receiver.checked(1);
    expect({ verified: receiver.verified, rejected: receiver.rejected }).toEqual({
      verified: 1,
      rejected: 0,
    });
    await graphql(runtime.url!, org.apiKey, CREATE_WEBHOOK, { input: { url: 'http://127.0.0.1:9/later' } });
    const newest = await runtime.services.store.db
      .selectFrom('webhooks')
      .select('signature_secret')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(sealedKeyId(newest.signature_secret)).toBe(first.key_id);

    // A second rotation drops the original key: the file holds the last two.
    const second = JSON.parse((await run()).stdout) as { key_id: string; resealed: number };
    expect(second.resealed).toBe(2);
    expect(readKeyFile(file)!.map((k) => secretKeyId(k))).toEqual([second.key_id, first.key_id]);
    expect(readFileSync(file, 'utf8')).not.toContain(original!.toString('base64'));
  });
});
