/**
 * The delivery engine end to end on both stores: a real server runtime, real receivers on loopback, events
 * through the real outbox, webhooks as rows. Short schedules and timeouts come from configuration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/app/config.js';
import { BLOCKED_DESTINATION_CODE } from '../../src/core/network-policy.js';
import { version } from '../../src/version.js';
import { dialects, type TestDialect } from '../support/dialects.js';
import { verifyFromGuide } from '../support/guide-verifier.js';
import { startReceiver, type ReceiverHandler } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  deliveryIdOf,
  emitPatientsCreated,
  eventually,
  insertWebhook,
  startMailServer,
  type MailServer,
  type NewWebhook,
} from './helpers.js';

const FAST: Partial<Record<keyof ServerConfig, unknown>> = {
  pollIntervalMs: '50ms',
  connectTimeoutMs: '1s',
  sendTimeoutMs: '2s',
  leaseMs: '5s',
  stopTimeoutMs: '300ms',
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Servers first (their stop waits briefly for sends in flight), then receivers and mail servers.
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function setUp(
  dialect: TestDialect,
  options: {
    config?: Partial<Record<keyof ServerConfig, unknown>>;
    handler?: ReceiverHandler;
    webhook?: Partial<NewWebhook>;
    mail?: boolean;
  } = {},
) {
  const mail: MailServer | null = options.mail ? await startMailServer() : null;
  const receiver = await startReceiver(options.handler);
  const server = await startTestServer(dialect, {
    ...FAST,
    ...(mail ? { smtpUrl: mail.url, mailFrom: 'carehooks <alerts@carehooks.test>' } : {}),
    ...options.config,
  });
  cleanups.push(
    () => server.close(),
    () => receiver.close(),
    async () => mail?.close(),
  );
  const { store } = server.runtime.services;
  // An organization whose owner's address is a valid mailbox (the default one's has a space).
  const org = await server.createOrg('clinic');
  const url = `${receiver.url}/hooks/healthie?clinic=7`;
  const webhookId = await insertWebhook(store, {
    organizationId: org.organizationId,
    url,
    ...options.webhook,
  });
  const emit = (count = 1, first = 1) =>
    emitPatientsCreated(server.runtime.services, org.organizationId, count, first);
  return { server, org, receiver, mail, store, url, webhookId, emit };
}

/** Answers with the given statuses in order, then with the last one forever. */
function sequence(
  ...responses: Array<{ status: number; headers?: Record<string, string> }>
): ReceiverHandler {
  let calls = 0;
  return () => {
    const response = responses[Math.min(calls++, responses.length - 1)]!;
    return { ...response, body: `answer ${calls}` };
  };
}

function deliveries(server: TestServer) {
  return server.runtime.services.store.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
}

function attempts(server: TestServer) {
  return server.runtime.services.store.db.selectFrom('sent_webhooks').selectAll().orderBy('id').execute();
}

function webhookRow(server: TestServer, id: number) {
  return server.runtime.services.store.db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

function counters(server: TestServer, webhookId: number) {
  return server.runtime.services.store.db
    .selectFrom('webhook_events')
    .select(['first_failed_at', 'last_failed_at', 'retry_count'])
    .where('webhook_id', '=', webhookId)
    .where('event_type', '=', 'patient.created')
    .executeTakeFirstOrThrow();
}

async function settled(server: TestServer, count: number) {
  return eventually(`${count} finished deliveries`, async () => {
    const rows = await deliveries(server);
    return rows.length === count && rows.every((d) => d.state !== 'pending' && d.state !== 'in_flight')
      ? rows
      : undefined;
  });
}

describe.each(dialects)('delivery engine on $name', (dialect) => {
  it('delivers and records the same with sends on a thread of their own (sendThread on)', async () => {
    const { server, receiver, webhookId, emit } = await setUp(dialect, { config: { sendThread: 'true' } });
    await emit(3);
    const rows = await settled(server, 3);

    expect(rows.map((d) => [d.webhook_id, d.state, d.attempts])).toEqual(
      Array.from({ length: 3 }, () => [webhookId, 'delivered', 1]),
    );
    expect(receiver.requests).toHaveLength(3);
    expect((await attempts(server)).map((a) => a.http_response_status)).toEqual([200, 200, 200]);
  });

  it('retries a flaky receiver with the same body, delivery id and a valid signature each time', async () => {
    const { server, org, receiver, url, webhookId, emit } = await setUp(dialect, {
      config: { retrySchedule: '50ms,50ms,50ms' },
      handler: sequence({ status: 500 }, { status: 500 }, { status: 200 }),
      webhook: { secret: 'flaky-secret' },
    });
    await emit();
    const [delivery] = await settled(server, 1);

    expect(delivery).toMatchObject({
      state: 'delivered',
      attempts: 3,
      last_status: 200,
      webhook_id: webhookId,
    });
    expect(receiver.requests).toHaveLength(3);
    const event = await server.runtime.services.store.db
      .selectFrom('events')
      .selectAll()
      .executeTakeFirstOrThrow();
    for (const request of receiver.requests) {
      expect(request.body.toString('utf8')).toBe(event.body);
      expect(deliveryIdOf(request)).toBe(String(delivery!.id));
      expect(request.headers['user-agent']).toBe(`carehooks/${version}`);
      expect(request.path).toBe('/hooks/healthie?clinic=7');
      expect(
        verifyFromGuide({
          method: request.method,
          pathAndQuery: request.path,
          headers: request.headers,
          body: request.body,
          secret: 'flaky-secret',
        }),
      ).toEqual({ ok: true });
      expect(request.headers['x-carehooks-signature-previous']).toBeUndefined();
    }
    const log = await attempts(server);
    expect(log.map((a) => [a.attempt, a.http_response_status, a.response_body, a.error])).toEqual([
      [1, 500, 'answer 1', null],
      [2, 500, 'answer 2', null],
      [3, 200, 'answer 3', null],
    ]);
    expect(log[0]).toMatchObject({
      organization_id: org.organizationId,
      webhook_id: webhookId,
      delivery_id: delivery!.id,
      event_id: event.id,
      event_type: 'patient.created',
      resource_id: '1',
      resource_id_type: 'User',
      url,
    });
  });

  it('gives a webhook without retries one attempt, then marks the delivery failed', async () => {
    const { server, receiver, webhookId, emit } = await setUp(dialect, {
      config: { retrySchedule: '50ms,50ms' },
      handler: sequence({ status: 500 }),
      webhook: { shouldRetry: false },
    });
    await emit();
    const [delivery] = await settled(server, 1);

    expect(delivery).toMatchObject({ state: 'failed', attempts: 1, last_status: 500 });
    expect(receiver.requests).toHaveLength(1);
    expect(await attempts(server)).toHaveLength(1);
    expect(await webhookRow(server, webhookId)).toMatchObject({ is_enabled: 1, disabled_at: null });
  });

  it('sets the failure counters on a webhook event and resets them on success', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const { server, receiver, webhookId, emit } = await setUp(dialect, {
      config: { retrySchedule: '50ms,50ms,50ms' },
      handler: async () => {
        if (++calls <= 2) return { status: 502 };
        await gate;
        return { status: 200 };
      },
    });
    await emit();
    await receiver.waitFor(3);

    const log = await attempts(server);
    expect(log).toHaveLength(2);
    expect(await counters(server, webhookId)).toEqual({
      first_failed_at: log[0]!.created_at,
      last_failed_at: log[1]!.created_at,
      retry_count: 2,
    });

    release();
    await settled(server, 1);
    expect(await counters(server, webhookId)).toEqual({
      first_failed_at: null,
      last_failed_at: null,
      retry_count: 0,
    });
  });

  it('disables a webhook at once on 410 Gone, cancels its pending deliveries and emails the owner', async () => {
    const { server, receiver, mail, url, webhookId, emit } = await setUp(dialect, {
      config: { maxInFlightPerWebhook: 1, retrySchedule: '50ms' },
      handler: sequence({ status: 410 }),
      mail: true,
    });
    await emit(5);
    const rows = await settled(server, 5);

    expect(receiver.requests).toHaveLength(1);
    expect(rows.map((d) => d.state).sort()).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'failed',
    ]);
    const webhook = await webhookRow(server, webhookId);
    expect(webhook.is_enabled).toBe(0);
    expect(webhook.disabled_at).not.toBeNull();

    const [message] = await eventually('the email', () =>
      mail!.messages.length > 0 ? mail!.messages : undefined,
    );
    expect(message!.to).toEqual(['owner-clinic@example.com']);
    expect(message!.from).toBe('alerts@carehooks.test');
    expect(message!.subject).toContain(url);
    expect(message!.subject).toContain('410 Gone');
    const notification = await eventually('the notification to be marked sent', async () => {
      const row = await server.runtime.services.store.db
        .selectFrom('notifications')
        .selectAll()
        .executeTakeFirst();
      return row?.sent_at ? row : undefined;
    });
    expect(notification).toMatchObject({ kind: 'webhook_disabled', webhook_id: webhookId, error: null });
  });

  it('disables a retrying webhook once its retries are exhausted and emails the owner', async () => {
    const { server, receiver, mail, url, webhookId, emit } = await setUp(dialect, {
      config: { retrySchedule: '100ms,100ms' },
      handler: sequence({ status: 500 }),
      mail: true,
    });
    await emit();
    const [delivery] = await settled(server, 1);

    expect(delivery).toMatchObject({ state: 'failed', attempts: 3 });
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map(deliveryIdOf))).toEqual(new Set([String(delivery!.id)]));
    expect(await webhookRow(server, webhookId)).toMatchObject({ is_enabled: 0 });
    const [message] = await eventually('the email', () =>
      mail!.messages.length > 0 ? mail!.messages : undefined,
    );
    expect(message!.subject).toContain(url);
    expect(message!.subject).toContain('retries were exhausted after 3 attempts');
  });

  it('honours Retry-After on 429 and 503, clamped to the schedule', async () => {
    const { server, receiver, emit } = await setUp(dialect, {
      config: { retrySchedule: '100ms,100ms,2s' },
      handler: sequence(
        { status: 503, headers: { 'Retry-After': '1' } },
        { status: 429, headers: { 'Retry-After': '3600' } },
        { status: 200 },
      ),
    });
    await emit();
    const waitingAfter = (attempt: number) =>
      eventually(`the retry after attempt ${attempt}`, async () => {
        const [delivery] = await deliveries(server);
        const log = await attempts(server);
        return delivery?.state === 'pending' && delivery.attempts === attempt && log.length === attempt
          ? {
              delay: delivery.next_attempt_at - log[attempt - 1]!.created_at,
              took: log[attempt - 1]!.duration_ms,
            }
          : undefined;
      });

    // Scheduled would be 100 ms: the receiver's 1 s wins.
    const first = await waitingAfter(1);
    expect(first.delay).toBeGreaterThanOrEqual(1000);
    expect(first.delay).toBeLessThan(2000);
    // An hour is clamped to the schedule's longest delay, 2 s.
    const second = await waitingAfter(2);
    expect(second.delay).toBeGreaterThanOrEqual(2000);
    expect(second.delay).toBeLessThan(3000);

    await settled(server, 1);
    expect(receiver.requests).toHaveLength(3);
  });

  it('warns the owner once when a webhook keeps failing past the warn-after period', async () => {
    const { server, mail, url, webhookId, emit } = await setUp(dialect, {
      config: { retrySchedule: Array(12).fill('100ms').join(','), warnAfterMs: '300ms' },
      handler: sequence({ status: 500 }),
      mail: true,
    });
    await emit();
    await settled(server, 1);

    const messages = await eventually('two emails', () =>
      mail!.messages.length >= 2 ? mail!.messages : undefined,
    );
    expect(messages.map((m) => m.subject)).toEqual([
      `carehooks: webhook ${url} has been failing for 300 ms`,
      `carehooks: webhook ${url} was disabled because retries were exhausted after 13 attempts`,
    ]);
    const webhook = await webhookRow(server, webhookId);
    expect(webhook.warned_at).not.toBeNull();
    expect(webhook.is_enabled).toBe(0);
    const kinds = await server.runtime.services.store.db
      .selectFrom('notifications')
      .select('kind')
      .orderBy('id')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(['webhook_failing', 'webhook_disabled']);
  });

  it('also signs with the previous secret while a rotation overlap lasts', async () => {
    const { server, org, receiver, store, emit } = await setUp(dialect, {
      webhook: {
        secret: 'new-secret',
        previousSecret: 'old-secret',
        previousSecretExpiresAt: Date.now() + 3_600_000,
      },
    });
    await insertWebhook(store, {
      organizationId: org.organizationId,
      url: `${receiver.url}/expired`,
      secret: 'newer-secret',
      previousSecret: 'expired-secret',
      previousSecretExpiresAt: Date.now() - 1000,
    });
    await emit();
    await settled(server, 2);

    const overlap = receiver.requests.find((r) => r.path.startsWith('/hooks'))!;
    const verify = (headers: typeof overlap.headers, secret: string, path = overlap.path) =>
      verifyFromGuide({ method: 'POST', pathAndQuery: path, headers, body: overlap.body, secret });
    expect(verify(overlap.headers, 'new-secret')).toEqual({ ok: true });
    const previous = overlap.headers['x-carehooks-signature-previous'];
    expect(previous).toMatch(/^sig1=[0-9a-f]{64}$/);
    expect(verify({ ...overlap.headers, signature: previous }, 'old-secret')).toEqual({ ok: true });
    expect(verify({ ...overlap.headers, signature: previous }, 'new-secret').ok).toBe(false);

    const expired = receiver.requests.find((r) => r.path === '/expired')!;
    expect(expired.headers['x-carehooks-signature-previous']).toBeUndefined();
    expect(
      verifyFromGuide({
        method: 'POST',
        pathAndQuery: expired.path,
        headers: expired.headers,
        body: expired.body,
        secret: 'newer-secret',
      }),
    ).toEqual({ ok: true });
  });

  it('keeps delivering to a healthy receiver while another never answers', async () => {
    const {
      server,
      org,
      receiver: healthy,
      store,
      emit,
    } = await setUp(dialect, {
      config: { maxInFlightPerWebhook: 2, maxInFlight: 4, sendTimeoutMs: '20s', leaseMs: '30s' },
    });
    const silent = await startReceiver(() => 'hang');
    cleanups.push(() => silent.close());
    await insertWebhook(store, { organizationId: org.organizationId, url: `${silent.url}/never` });
    await emit(40);

    const received = await healthy.waitFor(40, 15_000);
    expect(new Set(received.map(deliveryIdOf)).size).toBe(40);
    // The silent receiver holds its two slots; nothing more was claimed for it meanwhile.
    expect(silent.requests).toHaveLength(2);
    const rows = await eventually('the healthy deliveries to be recorded', async () => {
      const all = await deliveries(server);
      return all.filter((d) => d.state === 'delivered').length === 40 ? all : undefined;
    });
    expect(rows.filter((d) => d.state === 'in_flight')).toHaveLength(2);
    expect(silent.requests).toHaveLength(2);
  });

  it('refuses a loopback webhook at connect time when private networks are not allowed', async () => {
    const { server, receiver, emit } = await setUp(dialect, {
      config: { allowPrivateNetworks: false },
      webhook: { shouldRetry: false },
    });
    await emit();
    const [delivery] = await settled(server, 1);

    expect(delivery!.state).toBe('failed');
    expect(receiver.requests).toHaveLength(0);
    const [attempt] = await attempts(server);
    expect(attempt!.http_response_status).toBeNull();
    expect(attempt!.error).toBe('blocked_destination');
    expect(attempt!.error_detail).toMatch(
      new RegExp(`^${BLOCKED_DESTINATION_CODE}: Refused to connect: 127\\.0\\.0\\.1`),
    );
  });

  it('keeps a notification in the table, with the reason, when no SMTP server is configured', async () => {
    const { server, webhookId, emit } = await setUp(dialect, { handler: sequence({ status: 410 }) });
    await emit();
    await settled(server, 1);
    const notification = await eventually('the notification outcome', async () => {
      const row = await server.runtime.services.store.db
        .selectFrom('notifications')
        .selectAll()
        .executeTakeFirst();
      return row?.error ? row : undefined;
    });
    expect(notification).toMatchObject({
      kind: 'webhook_disabled',
      webhook_id: webhookId,
      recipient: 'owner-clinic@example.com',
      sent_at: null,
      error: 'not sent: no SMTP server is configured (CAREHOOKS_SMTP_URL)',
    });
  });
});
