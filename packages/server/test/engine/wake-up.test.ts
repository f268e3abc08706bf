/**
 * Wake-ups without polling: with a poll interval far longer than the test, a delivery can only go out
 * promptly because a commit in this process woke the dispatcher, or (on PostgreSQL, for a worker with its
 * own outbox, as in another process) because LISTEN heard the outbox's NOTIFY. And after a small turn the
 * next one lets work gather: commits in quick succession share turns, while a lone one still goes at once.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRuntime } from '../../src/app/runtime.js';
import { dialects, postgresDialect } from '../support/dialects.js';
import { startReceiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deliveryIdOf, emitPatientsCreated, insertWebhook } from './helpers.js';

const NO_POLLING = { pollIntervalMs: '1h' };

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/** Dispatcher turns that committed so far in this runtime. */
async function turnsSoFar(server: TestServer): Promise<number> {
  const turns = server.runtime.metrics.registry.getSingleMetric('carehooks_dispatcher_turns_total');
  const { values } = await turns!.get();
  return values.find((value) => value.labels.result === 'ok')?.value ?? 0;
}

describe.each(dialects)('waking the dispatcher on $name', (dialect) => {
  it('sends as soon as a unit of work in this process commits, gathering commits in quick succession', async () => {
    const receiver = await startReceiver();
    const server = await startTestServer(dialect, { ...NO_POLLING, turnGatherMs: '300ms' });
    cleanups.push(
      () => server.close(),
      () => receiver.close(),
    );
    await insertWebhook(server.runtime.services.store, {
      organizationId: server.org.organizationId,
      url: `${receiver.url}/now`,
    });
    // A lone commit, the first since the worker started, wakes a turn at once.
    await emitPatientsCreated(server.runtime.services, server.org.organizationId, 1, 1);
    await receiver.waitFor(1);
    // These come while the turn that claimed it gathers work: they share a turn or two.
    const before = await turnsSoFar(server);
    const commits = 20;
    for (let i = 0; i < commits; i++) {
      await emitPatientsCreated(server.runtime.services, server.org.organizationId, 1, 2 + i);
    }
    await receiver.waitFor(1 + commits);
    expect((await turnsSoFar(server)) - before).toBeLessThan(commits / 2);
    expect(new Set(receiver.requests.map(deliveryIdOf)).size).toBe(1 + commits);
  });
});

describe('waking workers on postgres', () => {
  it('wakes a worker in another process through LISTEN/NOTIFY', async () => {
    const receiver = await startReceiver();
    const api = await startTestServer(postgresDialect, { role: 'api' });
    const worker = await startRuntime(
      { ...api.runtime.services.config, pollIntervalMs: 3_600_000, role: 'worker' },
      { logger: pino({ level: 'silent' }) },
    );
    cleanups.push(
      () => worker.stop(),
      () => api.close(),
      () => receiver.close(),
    );
    expect(api.runtime.delivery).toBeNull();
    await insertWebhook(api.runtime.services.store, {
      organizationId: api.org.organizationId,
      url: `${receiver.url}/listen`,
    });
    // The API's outbox is not the worker's: only the NOTIFY committed with the events can wake it.
    for (let round = 1; round <= 3; round++) {
      await emitPatientsCreated(api.runtime.services, api.org.organizationId, 1, round);
      await receiver.waitFor(round);
    }
    expect(new Set(receiver.requests.map(deliveryIdOf)).size).toBe(3);
  });
});
