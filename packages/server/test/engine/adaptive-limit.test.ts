/**
 * The per-webhook in-flight limit on both stores: a webhook answering 2xx fast grows past the floor up to
 * the burst ceiling, while one that hangs, fails or answers slowly is held to the floor. Concurrency is
 * counted at real receivers on loopback: requests that have arrived and not yet been answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ServerConfig } from '../../src/app/config.js';
import { FAST_ANSWER_MS } from '../../src/delivery/webhook-limits.js';
import { dialects, type TestDialect } from '../support/dialects.js';
import { startReceiver, type ReceiverResponse } from '../support/receiver.js';
import { startTestServer } from '../support/server.js';
import { emitPatientsCreated, eventually, insertWebhook } from './helpers.js';

const FAST: Partial<Record<keyof ServerConfig, unknown>> = {
  pollIntervalMs: '50ms',
  connectTimeoutMs: '1s',
  sendTimeoutMs: '5s',
  leaseMs: '10s',
  stopTimeoutMs: '300ms',
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/** A receiver answering `response` after `delayMs`, which records the most requests it held at once. */
async function countingReceiver(response: ReceiverResponse | 'hang', delayMs: number) {
  let open = 0;
  const counts = { peak: 0 };
  const receiver = await startReceiver(async () => {
    counts.peak = Math.max(counts.peak, ++open);
    if (response === 'hang') return 'hang';
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    open--;
    return response;
  });
  cleanups.push(() => receiver.close());
  return { receiver, counts };
}

async function setUp(dialect: TestDialect, config: Partial<Record<keyof ServerConfig, unknown>>) {
  const server = await startTestServer(dialect, { ...FAST, ...config });
  cleanups.unshift(() => server.close());
  const { store } = server.runtime.services;
  const org = await server.createOrg('clinic');
  const emit = (count: number) => emitPatientsCreated(server.runtime.services, org.organizationId, count);
  const finished = (count: number) =>
    eventually(
      `${count} finished deliveries`,
      async () => {
        const rows = await store.db.selectFrom('deliveries').select('state').execute();
        return rows.filter((d) => d.state !== 'pending' && d.state !== 'in_flight').length === count;
      },
      30_000,
    );
  return { store, org, emit, finished };
}

describe('burst setting', () => {
  it('reads the ceiling from its variable and refuses one below the floor, naming both', () => {
    expect(loadConfig({}, { CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST: '32' })).toMatchObject({
      maxInFlightPerWebhook: 16,
      maxInFlightPerWebhookBurst: 32,
    });
    const below = {
      CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK: '8',
      CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST: '4',
    };
    expect(() => loadConfig({}, below)).toThrow(ConfigError);
    expect(() => loadConfig({}, below)).toThrow(
      /CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST.*\(4\) must not be below .*\(8, CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK\)/,
    );
    expect(() => loadConfig({}, { CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST: '0' })).toThrow(
      /CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST/,
    );
  });
});

describe.each(dialects)('per-webhook in-flight limit on $name', (dialect) => {
  it('grows past the floor for a fast endpoint, never past the ceiling, while a hung one keeps the floor', async () => {
    const { store, org, emit } = await setUp(dialect, {
      maxInFlightPerWebhook: 2,
      maxInFlightPerWebhookBurst: 6,
      maxInFlight: 32,
    });
    const fast = await countingReceiver({ status: 200, body: 'ok' }, 20);
    const hung = await countingReceiver('hang', 0);
    await insertWebhook(store, { organizationId: org.organizationId, url: `${fast.receiver.url}/fast` });
    await insertWebhook(store, { organizationId: org.organizationId, url: `${hung.receiver.url}/hung` });
    await emit(150);

    await fast.receiver.waitFor(150, 30_000);
    expect(fast.counts.peak).toBeGreaterThan(2);
    expect(fast.counts.peak).toBeLessThanOrEqual(6);
    expect(hung.receiver.requests).toHaveLength(2);
    expect(hung.counts.peak).toBe(2);
  });

  it('holds a failing endpoint to the floor', async () => {
    const { store, org, emit, finished } = await setUp(dialect, {
      maxInFlightPerWebhook: 2,
      maxInFlightPerWebhookBurst: 8,
    });
    const failing = await countingReceiver({ status: 503, body: 'busy' }, 20);
    await insertWebhook(store, {
      organizationId: org.organizationId,
      url: `${failing.receiver.url}/failing`,
      shouldRetry: false,
    });
    await emit(60);

    await finished(60);
    expect(failing.receiver.requests).toHaveLength(60);
    expect(failing.counts.peak).toBe(2);
  });

  it('holds an endpoint answering 2xx slowly to the floor', async () => {
    const { store, org, emit, finished } = await setUp(dialect, {
      maxInFlightPerWebhook: 1,
      maxInFlightPerWebhookBurst: 4,
      sendTimeoutMs: '10s',
      leaseMs: '20s',
    });
    const slow = await countingReceiver({ status: 200, body: 'ok' }, FAST_ANSWER_MS + 200);
    await insertWebhook(store, { organizationId: org.organizationId, url: `${slow.receiver.url}/slow` });
    await emit(4);

    await finished(4);
    expect(slow.counts.peak).toBe(1);
  });

  it('keeps the floor as the limit when the ceiling equals it', async () => {
    const { store, org, emit, finished } = await setUp(dialect, {
      maxInFlightPerWebhook: 2,
      maxInFlightPerWebhookBurst: 2,
    });
    const fast = await countingReceiver({ status: 200, body: 'ok' }, 20);
    await insertWebhook(store, { organizationId: org.organizationId, url: `${fast.receiver.url}/fast` });
    await emit(60);

    await finished(60);
    expect(fast.counts.peak).toBe(2);
  });
});
