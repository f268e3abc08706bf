/**
 * Test helpers for the delivery engine: webhooks inserted as rows (the GraphQL module is built elsewhere),
 * events produced through the real outbox, a real SMTP server on loopback, and polling on the store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach } from 'vitest';
import type { Outbox } from '../../src/events/outbox.js';
import type { StoreConfig } from '../../src/store/dialect.js';
import type { Store } from '../../src/store/open-store.js';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { createOrganization, type CreatedOrganization } from '../../src/tenants/organizations.js';
import { testSecretKey, type TestDialect } from '../support/dialects.js';
import type { ReceivedRequest } from '../support/receiver.js';

export interface NewWebhook {
  organizationId: number;
  url: string;
  eventTypes?: string[];
  shouldRetry?: boolean;
  secret?: string;
  previousSecret?: string | null;
  previousSecretExpiresAt?: number | null;
}

export async function insertWebhook(store: Store, webhook: NewWebhook): Promise<number> {
  const now = Date.now();
  return store.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhooks')
      .values({
        organization_id: webhook.organizationId,
        url: webhook.url,
        is_enabled: 1,
        should_retry: webhook.shouldRetry === false ? 0 : 1,
        signature_secret: webhook.secret ?? 'test-secret',
        previous_secret: webhook.previousSecret ?? null,
        previous_secret_expires_at: webhook.previousSecretExpiresAt ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('webhook_events')
      .values(
        (webhook.eventTypes ?? ['patient.created']).map((eventType) => ({
          webhook_id: row.id,
          event_type: eventType,
          retry_count: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    return row.id;
  });
}

/** Commits `count` patient.created events (resource ids first..first+count-1) in one unit of work. */
export async function emitPatientsCreated(
  services: { store: Store; outbox: Outbox },
  organizationId: number,
  count: number,
  first = 1,
): Promise<void> {
  await runUnitOfWork(services.store, async (uow) => {
    for (let i = 0; i < count; i++) {
      services.outbox.emit(uow, { organizationId, eventType: 'patient.created', resourceId: first + i });
    }
  });
}

/** A small seeded generator (mulberry32) for receivers that fail at random: a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function deliveryIdOf(request: ReceivedRequest): string {
  const id = request.headers['x-carehooks-delivery'];
  if (typeof id !== 'string') throw new Error(`request without X-Carehooks-Delivery: ${request.path}`);
  return id;
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  raw: string;
}

export interface MailServer {
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that accepts everything and keeps what it was sent. */
export async function startMailServer(): Promise<MailServer> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: unfoldHeader(raw, 'Subject'),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A header's value with folded continuation lines joined (nodemailer folds long subjects). */
function unfoldHeader(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const match = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match ? match[1]!.replace(/\r?\n[ \t]/g, ' ') : '';
}

export interface ServeReady {
  url: string | null;
  apiKey: string | null;
  /** Where the process answers /healthz and /metrics. */
  statusUrl: string | null;
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves once the process printed its banner (and, for the API, its endpoint). */
  ready: Promise<ServeReady>;
  exited: Promise<number | null>;
  output(): string;
}

const bin = new URL('../../bin/carehooks.js', import.meta.url).pathname;

/**
 * Runs `carehooks serve` (the built CLI, from dist) as a real child process; `ready` fails if it has not
 * started within `startTimeoutMs` (a loaded machine may need more than the default).
 */
export function spawnServe(
  args: string[],
  env: Record<string, string>,
  { startTimeoutMs = 20_000 }: { startTimeoutMs?: number } = {},
): CliProcess {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      CAREHOOKS_LOG_LEVEL: 'warn',
      // PostgreSQL stores need the key in the environment; the test servers use this one.
      ...(env.DATABASE_URL ? { CAREHOOKS_SECRET_KEY: testSecretKey } : {}),
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<ServeReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start within ${startTimeoutMs} ms:\n${out}`)),
      startTimeoutMs,
    );
    const check = () => {
      const banner = /^carehooks (API|worker) on \w+$/m.exec(out);
      if (!banner) return;
      const url = /GraphQL endpoint: (\S+)\/graphql/.exec(out)?.[1] ?? null;
      const apiKey = /API key: (\S+)/.exec(out)?.[1] ?? null;
      // A worker answers /healthz and /metrics on its own port; the API on its endpoint's.
      const statusUrl = /Health and metrics: (\S+)\/healthz/.exec(out)?.[1] ?? url;
      if (banner[1] === 'API' && (!url || (!apiKey && !env.DATABASE_URL))) return;
      clearTimeout(timer);
      resolve({ url, apiKey, statusUrl });
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  return { child, ready, exited, output: () => out };
}

/** SIGKILL, as a crash would; resolves once the process is gone. */
export async function crash(process: CliProcess): Promise<void> {
  process.child.kill('SIGKILL');
  await process.exited;
}

/** One organization (with its owner) committed on the store. */
export function createClinic(store: Store, name: string): Promise<CreatedOrganization> {
  return store.db
    .transaction()
    .execute((trx) => createOrganization(trx, { name, owner: { email: 'owner@example.com' } }));
}

/** CLI processes and what a test opens around them, all gone after each test. */
export interface CliTestbed {
  /** `carehooks serve` with `args`, killed after the test. */
  spawn(args: string[], env: Record<string, string>): CliProcess;
  /** Closes `opened` after the test, before anything kept earlier (a store before its database). */
  keep<T extends { close(): Promise<void> }>(opened: T): T;
  /** A new, empty store of `dialect`, dropped after the test. */
  freshStore<K extends StoreConfig['kind']>(
    dialect: TestDialect,
    kind: K,
  ): Promise<Extract<StoreConfig, { kind: K }>>;
}

/** Registers the teardown: the processes are killed first, then what was kept is closed, latest first. */
export function cliTestbed(): CliTestbed {
  const processes: CliProcess[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const process of processes.splice(0)) await crash(process);
    for (const close of closers.splice(0).reverse()) await close();
  });
  return {
    spawn(args, env) {
      const child = spawnServe(args, env);
      processes.push(child);
      return child;
    },
    keep(opened) {
      closers.push(() => opened.close());
      return opened;
    },
    async freshStore(dialect, kind) {
      const fresh = await dialect.freshConfig();
      closers.push(fresh.cleanup);
      if (fresh.config.kind !== kind) throw new Error(`expected a ${kind} store, got ${fresh.config.kind}`);
      return fresh.config as Extract<StoreConfig, { kind: typeof kind }>;
    },
  };
}
