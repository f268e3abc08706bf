/**
 * Per-webhook delivery options end to end on both stores: a real server runtime, webhooks made through
 * GraphQL, real receivers on loopback.
 *
 * - `ordering: per_resource`: concurrent `updateClient` calls on a handful of patients, a receiver failing at
 *   random (seeded) and one patient's deliveries failing until the others are all through. Each patient's
 *   deliveries arrive one at a time in commit order (per resource, delivery ids increase in commit order:
 *   see the PostgreSQL case below), a failing one holds back only its own patient's, nothing is lost; and a
 *   delivery given up releases the next, while a resend of it is sent again.
 * - `max_per_second`: a backlog reaches the receiver spread out, never more than the limit in any second
 *   (from arrival times, with a tolerance of one slot, far below any burst), and entirely; a webhook
 *   without a limit gets the same events at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/app/config.js';
import { Outbox } from '../../src/events/outbox.js';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { dialects, postgresDialect } from '../support/dialects.js';
import { startReceiver, type ReceiverHandler } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { emitPatientsCreated, eventually, seeded } from './helpers.js';

/** Retries every 100 ms for 30 s: far more than the receivers below ever refuse in a row. */
const FAST: Partial<Record<keyof ServerConfig, unknown>> = {
  pollIntervalMs: '50ms',
  connectTimeoutMs: '1s',
  sendTimeoutMs: '2s',
  leaseMs: '5s',
  stopTimeoutMs: '300ms',
  retrySchedule: Array.from({ length: 300 }, () => '100ms').join(','),
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

const CREATE_WEBHOOK = `mutation ($input: createWebhookInput) {
  createWebhook(input: $input) { webhook { id ordering max_per_second } messages { field message } }
}`;
const CREATE_CLIENT = `mutation ($input: createClientInput) {
  createClient(input: $input) { user { id } messages { field message } }
}`;
const UPDATE_CLIENT = `mutation ($input: updateClientInput) {
  updateClient(input: $input) { user { id } messages { field message } }
}`;
const SENT_WEBHOOKS = `query { sentWebhooks(page_size: 100, order_by: CREATED_AT_ASC) { id delivery_id } }`;
const SEND_TEST = `mutation ($input: sendTestWebhookInput) {
  sendTestWebhook(input: $input) { sent messages { field message } }
}`;
const RESEND = `mutation ($input: resendSentWebhookInput) {
  resendSentWebhook(input: $input) { sent messages { field message } }
}`;

async function start(dialect: (typeof dialects)[number], handler: ReceiverHandler) {
  const receiver = await startReceiver(handler);
  const server = await startTestServer(dialect, FAST);
  cleanups.push(
    () => server.close(),
    () => receiver.close(),
  );
  return { server, receiver, store: server.runtime.services.store };
}

async function createWebhook(server: TestServer, input: Record<string, unknown>): Promise<number> {
  const result = await server.graphql<{
    createWebhook: { webhook: { id: string } | null; messages: unknown[] };
  }>(CREATE_WEBHOOK, { input });
  expect(result.data?.createWebhook.messages).toBeNull();
  return Number(result.data!.createWebhook.webhook!.id);
}

/** What a receiver saw of one attempt: the resource named in the body, the delivery id, the answer. */
interface Attempt {
  resource: string;
  delivery: number;
  ok: boolean;
}

function describeAttempt(body: Buffer, headers: Record<string, unknown>): Omit<Attempt, 'ok'> {
  const event = JSON.parse(body.toString('utf8')) as { resource_id: string };
  return { resource: event.resource_id, delivery: Number(headers['x-carehooks-delivery']) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('delivery options on $name', (dialect) => {
  it(
    'sends each resource in commit order, one at a time, through random failures, holding up no other',
    { timeout: 90_000 },
    async () => {
      const random = seeded(20_240_611);
      const attempts: Attempt[] = [];
      const active = new Map<string, number>();
      let mostAtOnce = 0;
      const failuresInARow = new Map<number, number>();
      let stuck = '';
      let released = false;

      const { server, receiver, store } = await start(dialect, async (req, body) => {
        const attempt = describeAttempt(body, req.headers);
        const running = (active.get(attempt.resource) ?? 0) + 1;
        active.set(attempt.resource, running);
        mostAtOnce = Math.max(mostAtOnce, running);
        // Answer after a moment, so that a second send of the same resource would overlap this one.
        await sleep(random() * 15);
        active.set(attempt.resource, running - 1);
        const streak = failuresInARow.get(attempt.delivery) ?? 0;
        const fail = (attempt.resource === stuck && !released) || (streak < 3 && random() < 0.3);
        failuresInARow.set(attempt.delivery, fail ? streak + 1 : 0);
        attempts.push({ ...attempt, ok: !fail });
        return { status: fail ? 503 : 200 };
      });
      const patients: string[] = [];
      for (let i = 0; i < 6; i++) {
        const created = await server.graphql<{ createClient: { user: { id: string } } }>(CREATE_CLIENT, {
          input: { first_name: `Patient${i}`, last_name: 'Ordered', skipped_email: true },
        });
        patients.push(created.data!.createClient.user.id);
      }
      // Chosen before the webhook exists, so the stuck patient's first delivery is refused from the start.
      stuck = patients[0]!;
      const webhookId = await createWebhook(server, {
        url: `${receiver.url}/ordered`,
        ordering: 'per_resource',
        event_type: 'patient.updated',
      });
      // Rounds of concurrent updates, several to the same patient at once.
      let version = 0;
      for (let round = 0; round < 4; round++) {
        await Promise.all(
          Array.from({ length: 15 }, async () => {
            const id = patients[Math.floor(random() * patients.length)]!;
            const updated = await server.graphql<{ updateClient: { user: { id: string } | null } }>(
              UPDATE_CLIENT,
              { input: { id, first_name: `Version${++version}` } },
            );
            expect(updated.data?.updateClient.user?.id).toBe(id);
          }),
        );
      }

      const deliveries = () =>
        store.db
          .selectFrom('deliveries as d')
          .innerJoin('events as e', 'e.id', 'd.event_id')
          .select(['d.id', 'd.state', 'e.resource_id'])
          .where('d.webhook_id', '=', webhookId)
          .orderBy('d.id')
          .execute();
      const all = await deliveries();
      expect(all).toHaveLength(60);

      // Every other patient's deliveries get through while the stuck one's first keeps failing, and none of
      // the stuck patient's later deliveries is even tried.
      await eventually(
        'the other patients delivered',
        async () => {
          const rows = await deliveries();
          return rows.filter((d) => d.resource_id !== stuck).every((d) => d.state === 'delivered');
        },
        60_000,
      );
      const stuckIds = all.filter((d) => d.resource_id === stuck).map((d) => d.id);
      expect(stuckIds.length).toBeGreaterThan(1);
      const stuckTried = new Set(attempts.filter((a) => a.resource === stuck).map((a) => a.delivery));
      expect([...stuckTried]).toEqual([stuckIds[0]]);

      released = true;
      await eventually(
        'every delivery delivered',
        async () => (await deliveries()).every((d) => d.state === 'delivered'),
        60_000,
      );

      expect(mostAtOnce).toBe(1);
      expect(attempts.some((a) => !a.ok && a.resource !== stuck)).toBe(true);
      for (const patient of patients) {
        const expected = all.filter((d) => d.resource_id === patient).map((d) => d.id);
        const seen = attempts.filter((a) => a.resource === patient);
        // Attempts never go back to an earlier delivery: each waited until the previous one succeeded.
        const tried = seen.map((a) => a.delivery);
        expect(tried).toEqual([...tried].sort((a, b) => a - b));
        // Each delivery succeeded once, in commit order, and none is missing.
        expect(seen.filter((a) => a.ok).map((a) => a.delivery)).toEqual(expected);
      }
      expect(receiver.requests.length).toBe(attempts.length);
    },
  );

  it('releases the next delivery when one is given up, and a resend sends that one again', async () => {
    const calls = new Map<number, number>();
    const { server, receiver, store } = await start(dialect, (req, body) => {
      const { delivery } = describeAttempt(body, req.headers);
      const call = (calls.get(delivery) ?? 0) + 1;
      calls.set(delivery, call);
      // The first delivery of the webhook fails on its first attempt only.
      return { status: delivery === Math.min(...calls.keys()) && call === 1 ? 500 : 200 };
    });
    await createWebhook(server, {
      url: `${receiver.url}/once`,
      ordering: 'per_resource',
      should_retry: false,
      event_type: 'patient.created',
    });
    const outbox = server.runtime.services.outbox;
    const emitFor = (resourceId: number) =>
      runUnitOfWork(store, async (uow) => {
        outbox.emit(uow, {
          organizationId: server.org.organizationId,
          eventType: 'patient.created',
          resourceId,
        });
      });
    await emitFor(41);
    await emitFor(41);
    const [first, second] = await eventually('both deliveries finished', async () => {
      const rows = await store.db.selectFrom('deliveries').select(['id', 'state']).orderBy('id').execute();
      return rows.length === 2 && rows.every((d) => d.state === 'failed' || d.state === 'delivered')
        ? rows
        : undefined;
    });
    expect([first!.state, second!.state]).toEqual(['failed', 'delivered']);

    const log = await server.graphql<{ sentWebhooks: Array<{ id: string; delivery_id: string }> }>(
      SENT_WEBHOOKS,
    );
    const failedAttempt = log.data!.sentWebhooks.find((a) => Number(a.delivery_id) === first!.id)!;
    const resent = await server.graphql<{ resendSentWebhook: { sent: boolean } }>(RESEND, {
      input: { id: failedAttempt.id },
    });
    expect(resent.data?.resendSentWebhook.sent).toBe(true);
    await receiver.waitFor(3);
    expect(receiver.requests.map((r) => describeAttempt(r.body, r.headers).delivery)).toEqual([
      first!.id,
      second!.id,
      first!.id,
    ]);
  });

  it(
    'spreads a backlog to a rate-limited webhook, never above the limit, while another gets it at once',
    { timeout: 60_000 },
    async () => {
      const limit = 5;
      const backlog = 30;
      const { server, receiver } = await start(dialect, () => ({ status: 200 }));
      const limitedId = await createWebhook(server, {
        url: `${receiver.url}/limited`,
        max_per_second: limit,
        event_type: 'patient.created',
      });
      await createWebhook(server, { url: `${receiver.url}/free`, event_type: 'patient.created' });
      const isTest = (body: Buffer) => body.toString('utf8').includes('"test.created"');
      const arrivals = (path: string) => receiver.requests.filter((r) => r.path === path && !isTest(r.body));
      // A test send first opens the connection, so the first timed arrival carries no connection set-up.
      const warmUp = await server.graphql<{ sendTestWebhook: { sent: boolean } }>(SEND_TEST, {
        input: { id: String(limitedId) },
      });
      expect(warmUp.data?.sendTestWebhook.sent).toBe(true);
      await receiver.waitFor(1);

      await emitPatientsCreated(server.runtime.services, server.org.organizationId, backlog);
      await eventually('the free webhook has the backlog', () => arrivals('/free').length === backlog);
      expect(arrivals('/limited').length).toBeLessThan(backlog);
      await eventually(
        'the limited webhook has the backlog',
        () => arrivals('/limited').length === backlog,
        30_000,
      );

      const limited = arrivals('/limited');
      expect(new Set(limited.map((r) => r.headers['x-carehooks-delivery'])).size).toBe(backlog);
      // Any limit + 1 consecutive arrivals span a second, less one slot (200 ms) for a late timer or a busy
      // loop; a burst would put them milliseconds apart.
      const times = limited.map((r) => r.at).sort((a, b) => a - b);
      const tolerance = 1000 / limit;
      for (let i = 0; i + limit < times.length; i++) {
        expect(times[i + limit]! - times[i]!).toBeGreaterThanOrEqual(1000 - tolerance);
      }
    },
  );
});

describe('commit order on postgres', () => {
  it('makes a unit writing events about a resource wait for an earlier one to commit', async () => {
    const server = await startTestServer(postgresDialect, FAST);
    cleanups.push(() => server.close());
    const { store } = server.runtime.services;
    const outbox = new Outbox();
    const organizationId = server.org.organizationId;
    const committed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));

    // The first unit draws its event id, then holds its transaction open.
    let firstFlushed!: () => void;
    const flushed = new Promise<void>((resolve) => (firstFlushed = resolve));
    const first = runUnitOfWork(store, async (uow) => {
      outbox.emit(uow, { organizationId, eventType: 'patient.created', resourceId: 7 });
      uow.beforeCommit(async () => {
        firstFlushed();
        await gate;
      });
      uow.afterCommit(() => committed.push('first'));
    });
    await flushed;
    const second = runUnitOfWork(store, async (uow) => {
      outbox.emit(uow, { organizationId, eventType: 'patient.created', resourceId: 7 });
      uow.afterCommit(() => committed.push('second'));
    });
    // Another resource is not held up by the open unit.
    await runUnitOfWork(store, async (uow) => {
      outbox.emit(uow, { organizationId, eventType: 'patient.created', resourceId: 8 });
      uow.afterCommit(() => committed.push('other'));
    });
    await sleep(200);
    open();
    await Promise.all([first, second]);

    // The first unit drew the lower id and committed first: id order is commit order.
    expect(committed).toEqual(['other', 'first', 'second']);
  });
});
