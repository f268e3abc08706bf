/** The retry schedule, what an outcome means for its delivery, and the delivery settings' parsing. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../../src/app/config.js';
import type { ClaimedDelivery } from '../../src/delivery/claim.js';
import type { SendResult } from '../../src/delivery/http-sender.js';
import { decide, type FinishedAttempt } from '../../src/delivery/outcomes.js';
import { DEFAULT_RETRY_SCHEDULE, nextRetryDelay, retryPolicy } from '../../src/delivery/retry-schedule.js';

const HOUR = 3_600_000;

describe('retry schedule', () => {
  it('backs off for just under three days by default, with jitter that only shortens', () => {
    const total = DEFAULT_RETRY_SCHEDULE.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThan(71 * HOUR);
    expect(total).toBeLessThanOrEqual(72 * HOUR);
    expect(DEFAULT_RETRY_SCHEDULE.slice(0, 3)).toEqual([5_000, 30_000, 120_000]);
    const policy = retryPolicy(undefined);
    expect(nextRetryDelay(policy, 1, null, () => 0)).toBe(5_000);
    expect(nextRetryDelay(policy, 1, null, () => 0.999)).toBeGreaterThanOrEqual(4_000);
    expect(nextRetryDelay(policy, 16, null, () => 0)).toBe(8 * HOUR);
    expect(nextRetryDelay(policy, 17, null)).toBeNull();
  });

  it('uses a configured schedule exactly and clamps Retry-After to its bounds', () => {
    const policy = retryPolicy([100, 100, 2_000]);
    expect([1, 2, 3, 4].map((attempt) => nextRetryDelay(policy, attempt, null))).toEqual([
      100,
      100,
      2_000,
      null,
    ]);
    expect(nextRetryDelay(policy, 1, 1_000)).toBe(1_000);
    expect(nextRetryDelay(policy, 1, 3_600_000)).toBe(2_000);
    expect(nextRetryDelay(policy, 1, 0)).toBe(100);
    expect(nextRetryDelay(policy, 4, 1_000)).toBeNull();
  });
});

describe('deciding an outcome', () => {
  const delivery = (shouldRetry: boolean, attempt: number): ClaimedDelivery => ({
    id: 1,
    eventId: 1,
    webhookId: 1,
    attempt,
    organizationId: 1,
    url: 'https://example.com/hook',
    shouldRetry,
    secret: 's',
    previousSecret: null,
    previousSecretExpiresAt: null,
    signatureScheme: 'healthie',
    payloadIdFormat: 'string',
    eventType: 'patient.created',
    resourceId: '1',
    resourceIdType: 'User',
    body: '{}',
    traceParent: null,
    orderingKey: null,
    sendAt: 0,
  });
  const result = (status: number | null, retryAfterMs: number | null = null): SendResult => ({
    ok: status !== null && status >= 200 && status < 300,
    status,
    retryAfterMs,
    responseBody: '',
    durationMs: 1,
    error: status === null ? { code: 'ECONNREFUSED', message: 'refused' } : null,
  });
  const attempt = (d: ClaimedDelivery, r: SendResult): FinishedAttempt => ({
    delivery: d,
    startedAt: 1_000,
    finishedAt: 2_000,
    result: r,
  });
  const policy = retryPolicy([100, 200]);

  it('delivers on any 2xx and disables on 410, retrying or not', () => {
    expect(decide(attempt(delivery(true, 1), result(204)), policy)).toEqual({ kind: 'delivered' });
    expect(decide(attempt(delivery(false, 1), result(410)), policy)).toEqual({
      kind: 'failed',
      disable: 'gone',
    });
    expect(decide(attempt(delivery(true, 1), result(410)), policy)).toEqual({
      kind: 'failed',
      disable: 'gone',
    });
  });

  it('fails a webhook without retries at once, and retries the others until the schedule runs out', () => {
    expect(decide(attempt(delivery(false, 1), result(500)), policy)).toEqual({
      kind: 'failed',
      disable: null,
    });
    expect(decide(attempt(delivery(true, 1), result(null)), policy)).toEqual({ kind: 'retry', at: 2_100 });
    expect(decide(attempt(delivery(true, 2), result(503, 150)), policy)).toEqual({
      kind: 'retry',
      at: 2_150,
    });
    expect(decide(attempt(delivery(true, 3), result(500)), policy)).toEqual({
      kind: 'failed',
      disable: 'exhausted',
    });
  });
});

describe('delivery settings', () => {
  it('reads durations and the retry schedule from the environment', () => {
    const config = loadConfig(
      {},
      {
        CAREHOOKS_RETRY_SCHEDULE: '1s,1s,1s',
        CAREHOOKS_WARN_AFTER: '24h',
        CAREHOOKS_RETENTION: '30d',
        CAREHOOKS_SEND_TIMEOUT: '1500',
      },
    );
    expect(config).toMatchObject({
      retrySchedule: [1000, 1000, 1000],
      warnAfterMs: 86_400_000,
      retentionMs: 30 * 86_400_000,
      sendTimeoutMs: 1500,
      connectTimeoutMs: 5000,
      maxInFlightPerWebhook: 16,
      maxInFlight: 256,
      sendThread: false,
    });
    expect(loadConfig({}, {}).retrySchedule).toBeUndefined();
    expect(loadConfig({}, { CAREHOOKS_SEND_THREAD: 'true' }).sendThread).toBe(true);
    expect([parseDuration('250ms'), parseDuration('1.5s'), parseDuration('2m'), parseDuration('x')]).toEqual([
      250,
      1500,
      120_000,
      null,
    ]);
  });

  it('names the variable of a bad setting, and refuses a lease shorter than a send', () => {
    expect(() => loadConfig({}, { CAREHOOKS_RETRY_SCHEDULE: '1s,soon' })).toThrow(
      /retrySchedule \(CAREHOOKS_RETRY_SCHEDULE\): "1s,soon" is not a list of durations/,
    );
    expect(() => loadConfig({}, { CAREHOOKS_LEASE: '10s', CAREHOOKS_SEND_TIMEOUT: '15s' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({}, { CAREHOOKS_LEASE: '10s', CAREHOOKS_SEND_TIMEOUT: '15s' })).toThrow(
      /leaseMs \(CAREHOOKS_LEASE\)/,
    );
  });
});
