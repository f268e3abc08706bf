/**
 * resendSentWebhook, recoverWebhook and sentWebhookBuckets against a real server with its delivery worker
 * and a real receiver on loopback: what the receiver gets again, what the attempt log then shows, and what
 * is refused (disabled webhooks, other tenants, deliveries in flight or past retention).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_ID_HEADER } from '../../src/core/wire/index.js';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { eventually } from '../engine/helpers.js';
import { dialects } from '../support/dialects.js';
import { startReceiver, type ReceivedRequest, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook, SEND_TEST, UPDATE, type FieldError } from './webhook-fixtures.js';

const RESEND = /* GraphQL */ `
  mutation ($input: resendSentWebhookInput) {
    resendSentWebhook(input: $input) {
      sent
      messages {
        field
        message
      }
    }
  }
`;

const RECOVER = /* GraphQL */ `
  mutation ($input: recoverWebhookInput) {
    recoverWebhook(input: $input) {
      count
      messages {
        field
        message
      }
    }
  }
`;

const ATTEMPTS = /* GraphQL */ `
  query ($webhook_id: ID, $failed: Boolean) {
    sentWebhooks(webhook_id: $webhook_id, failed: $failed, page_size: 100) {
      id
      created_at
      event_type
      http_response_status
      attempt
      delivery_id
      duration_ms
      error
      response_body
      request_body
      delivery_state
      next_attempt_at
      webhook_id
    }
  }
`;

interface Attempt {
  id: string;
  created_at: string;
  event_type: string;
  http_response_status: string | null;
  attempt: number;
  delivery_id: string;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  request_body: string | null;
  delivery_state: string | null;
  next_attempt_at: string | null;
  webhook_id: string;
}

describe.each(dialects)('resend and recover on $name', (dialect) => {
  let server: TestServer;
  let receiver: Receiver;
  let child: CreatedOrganization;
  let stranger: CreatedOrganization;
  /** Status per request path; 'hang' holds the request until `release` is called. */
  const answers = new Map<string, number | 'hang'>();
  const held: Array<() => void> = [];

  beforeAll(async () => {
    receiver = await startReceiver(
      (req) =>
        new Promise((resolve) => {
          const answer = answers.get(req.url ?? '') ?? 200;
          if (answer === 'hang') held.push(() => resolve({ status: 200, body: 'late ok' }));
          else resolve({ status: answer, body: `answered ${answer}` });
        }),
    );
    server = await startTestServer(dialect, { pollIntervalMs: 50 });
    child = await server.createOrg('Child Clinic', server.org.organizationId);
    stranger = await server.createOrg('Stranger Practice');
  });
  afterAll(async () => {
    held.forEach((release) => release());
    await server.close();
    await receiver.close();
  });

  const gql = async <T>(document: string, variables: Record<string, unknown>, apiKey?: string) => {
    const response = await server.graphql<T>(document, variables, apiKey);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  };
  const resend = (id: string, apiKey?: string) =>
    gql<{ resendSentWebhook: { sent: boolean; messages: FieldError[] } }>(
      RESEND,
      { input: { id } },
      apiKey,
    ).then((d) => d.resendSentWebhook);
  const recover = (id: string, since: string, apiKey?: string) =>
    gql<{ recoverWebhook: { count: number; messages: FieldError[] } }>(
      RECOVER,
      { input: { id, since } },
      apiKey,
    ).then((d) => d.recoverWebhook);
  const sendTest = (id: string, apiKey?: string) =>
    gql<{ sendTestWebhook: { sent: boolean; messages: FieldError[] } }>(
      SEND_TEST,
      { input: { id } },
      apiKey,
    ).then((d) => d.sendTestWebhook);
  const attempts = (webhookId: string, apiKey?: string) =>
    gql<{ sentWebhooks: Attempt[] }>(ATTEMPTS, { webhook_id: webhookId }, apiKey).then((d) => d.sentWebhooks);
  /** The attempts of a webhook once there are `n` of them and every delivery has settled. */
  const settledAttempts = (webhookId: string, n: number) =>
    eventually(`${n} settled attempts to webhook ${webhookId}`, async () => {
      const list = await attempts(webhookId);
      return list.length === n && list.every((a) => a.delivery_state !== 'in_flight') && list;
    });
  const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === path);
  const received = (path: string, n: number) =>
    eventually(`${n} requests to ${path}`, () => requestsTo(path).length >= n && requestsTo(path));
  const hook = (path: string, apiKey?: string) =>
    createWebhook(
      server,
      {
        url: `${receiver.url}${path}`,
        should_retry: false,
        webhook_events: [{ event_type: 'patient.created' }],
      },
      apiKey,
    );
  const deliveryHeader = (request: ReceivedRequest) => request.headers[DELIVERY_ID_HEADER.toLowerCase()];

  it('resends a failed attempt: same body and delivery id, a fresh attempt in the log', async () => {
    answers.set('/resend', 500);
    const webhook = await hook('/resend');
    expect(await sendTest(webhook.id)).toEqual({ sent: true, messages: null });
    const [failed] = await settledAttempts(webhook.id, 1);
    expect(failed).toMatchObject({
      http_response_status: '500',
      attempt: 1,
      response_body: 'answered 500',
      error: null,
      delivery_state: 'failed',
      next_attempt_at: null,
      event_type: 'test.created',
    });
    const [first] = await received('/resend', 1);
    expect(failed!.request_body).toBe(first!.body.toString('utf8'));
    expect(deliveryHeader(first!)).toBe(failed!.delivery_id);
    expect(failed!.duration_ms).toBeGreaterThanOrEqual(0);

    answers.set('/resend', 200);
    expect(await resend(failed!.id)).toEqual({ sent: true, messages: null });
    const [, second] = await received('/resend', 2);
    expect(second!.body.equals(first!.body)).toBe(true);
    expect(deliveryHeader(second!)).toBe(failed!.delivery_id);

    const log = await settledAttempts(webhook.id, 2);
    expect(log[0]).toMatchObject({
      http_response_status: '200',
      attempt: 1,
      delivery_id: failed!.delivery_id,
      delivery_state: 'delivered',
      request_body: failed!.request_body,
    });
    // A delivered delivery can be sent again too.
    expect(await resend(log[0]!.id)).toEqual({ sent: true, messages: null });
    await received('/resend', 3);
    await settledAttempts(webhook.id, 3);
  });

  it('recovers the deliveries that failed since a time, and only those', async () => {
    answers.set('/recover', 503);
    const webhook = await hook('/recover');
    await sendTest(webhook.id);
    const [early] = await settledAttempts(webhook.id, 1);
    const earlyDelivery = await server.runtime.services.store.db
      .selectFrom('deliveries')
      .select('updated_at')
      .where('id', '=', Number(early!.delivery_id))
      .executeTakeFirstOrThrow();
    const since = earlyDelivery.updated_at + 1;
    await eventually('the clock to pass the cut-off', () => Date.now() > since);
    await sendTest(webhook.id);
    await sendTest(webhook.id);
    const failed = await settledAttempts(webhook.id, 3);
    const lateDeliveries = failed.filter((a) => a.id !== early!.id).map((a) => a.delivery_id);
    expect(failed.every((a) => a.delivery_state === 'failed')).toBe(true);

    answers.set('/recover', 200);
    expect(await recover(webhook.id, new Date(since).toISOString())).toEqual({ count: 2, messages: null });
    const requests = await received('/recover', 5);
    expect(requests.slice(3).map(deliveryHeader).sort()).toEqual([...lateDeliveries].sort());
    const log = await settledAttempts(webhook.id, 5);
    expect(log.filter((a) => a.http_response_status === '200')).toHaveLength(2);

    // Delivered now, so nothing left to recover in that window; the early one is still there before it.
    expect(await recover(webhook.id, new Date(since).toISOString())).toEqual({ count: 0, messages: null });
    expect(await recover(webhook.id, new Date(since - 3_600_000).toISOString())).toEqual({
      count: 1,
      messages: null,
    });
    const [, , , , , sixth] = await received('/recover', 6);
    expect(deliveryHeader(sixth!)).toBe(early!.delivery_id);
    await settledAttempts(webhook.id, 6);
  });

  it('recovers deliveries cancelled when their webhook was disabled, skipping those past retention', async () => {
    answers.set('/cancelled', 500);
    const webhook = await hook('/cancelled');
    await sendTest(webhook.id);
    await sendTest(webhook.id);
    const [kept, expired] = await settledAttempts(webhook.id, 2);
    const db = server.runtime.services.store.db;
    // As disableWebhook leaves them: one cancelled; and one whose event retention has deleted.
    await db
      .updateTable('deliveries')
      .set({ state: 'cancelled' })
      .where('id', '=', Number(kept!.delivery_id))
      .execute();
    const expiredDelivery = await db
      .selectFrom('deliveries')
      .select('event_id')
      .where('id', '=', Number(expired!.delivery_id))
      .executeTakeFirstOrThrow();
    await db.deleteFrom('events').where('id', '=', expiredDelivery.event_id).execute();

    answers.set('/cancelled', 200);
    expect(await resend(expired!.id)).toEqual({
      sent: false,
      messages: [
        {
          field: 'id',
          message: `Sent webhook ${expired!.id}'s event is past retention and was deleted; it cannot be sent again.`,
        },
      ],
    });
    expect(await recover(webhook.id, '2000-01-01')).toEqual({ count: 1, messages: null });
    const [, , third] = await received('/cancelled', 3);
    expect(deliveryHeader(third!)).toBe(kept!.delivery_id);
    const log = await settledAttempts(webhook.id, 3);
    expect(log[0]).toMatchObject({ http_response_status: '200', delivery_state: 'delivered' });
    expect(log.find((a) => a.id === expired!.id)).toMatchObject({
      request_body: null,
      delivery_state: 'failed',
    });
  });

  it('brings a delivery waiting for its retry forward, keeping its place in the schedule', async () => {
    // A server whose only retry comes an hour later: the second attempt can only be the resend.
    const patient = await startTestServer(dialect, { pollIntervalMs: 50, retrySchedule: '1h' });
    try {
      answers.set('/waiting', 500);
      const webhook = await createWebhook(patient, {
        url: `${receiver.url}/waiting`,
        webhook_events: [{ event_type: 'patient.created' }],
      });
      const sent = await patient.graphql<{ sendTestWebhook: { sent: boolean } }>(SEND_TEST, {
        input: { id: webhook.id },
      });
      expect(sent.data?.sendTestWebhook.sent).toBe(true);
      const read = async () =>
        (await patient.graphql<{ sentWebhooks: Attempt[] }>(ATTEMPTS, { webhook_id: webhook.id })).data!
          .sentWebhooks;
      const [first] = await eventually('the first attempt', async () => {
        const list = await read();
        return list.length === 1 && list[0]!.delivery_state === 'pending' && list;
      });
      expect(first).toMatchObject({ attempt: 1, http_response_status: '500' });
      expect(Date.parse(first!.next_attempt_at!)).toBeGreaterThan(Date.parse(first!.created_at));

      answers.set('/waiting', 200);
      const resent = await patient.graphql<{ resendSentWebhook: unknown }>(RESEND, {
        input: { id: first!.id },
      });
      expect(resent.data?.resendSentWebhook).toEqual({ sent: true, messages: null });
      const [second] = await eventually('the second attempt', async () => {
        const list = await read();
        return list.length === 2 && list[0]!.delivery_state === 'delivered' && list;
      });
      expect(second).toMatchObject({ attempt: 2, http_response_status: '200', next_attempt_at: null });
    } finally {
      await patient.close();
    }
  });

  it('leaves a delivery in flight alone', async () => {
    answers.set('/slow', 500);
    const webhook = await hook('/slow');
    await sendTest(webhook.id);
    const [failed] = await settledAttempts(webhook.id, 1);
    answers.set('/slow', 'hang');
    expect(await resend(failed!.id)).toEqual({ sent: true, messages: null });
    await received('/slow', 2);
    expect(await resend(failed!.id)).toEqual({
      sent: false,
      messages: [
        {
          field: 'id',
          message: `Sent webhook ${failed!.id}'s delivery is being sent right now; its attempt will show in sentWebhooks.`,
        },
      ],
    });
    held.splice(0).forEach((release) => release());
    const log = await settledAttempts(webhook.id, 2);
    expect(log[0]).toMatchObject({ http_response_status: '200', delivery_state: 'delivered' });
    expect(requestsTo('/slow')).toHaveLength(2);
  });

  it('refuses on a disabled webhook: resend, recover and sendTestWebhook alike, writing nothing', async () => {
    answers.set('/disabled', 500);
    const webhook = await hook('/disabled');
    await sendTest(webhook.id);
    const [failed] = await settledAttempts(webhook.id, 1);
    const update = await gql<{ updateWebhook: { messages: FieldError[] } }>(UPDATE, {
      input: { id: webhook.id, is_enabled: false },
    });
    expect(update.updateWebhook.messages).toBeNull();
    const db = server.runtime.services.store.db;
    const before = await db.selectFrom('deliveries').selectAll().orderBy('id').execute();
    const eventsBefore = await db.selectFrom('events').select('id').execute();

    const disabled = {
      field: 'id',
      message: `Webhook ${webhook.id} is disabled; enable it first (updateWebhook with is_enabled: true).`,
    };
    expect(await resend(failed!.id)).toEqual({ sent: false, messages: [disabled] });
    expect(await recover(webhook.id, '2000-01-01T00:00:00Z')).toEqual({ count: 0, messages: [disabled] });
    expect(await sendTest(webhook.id)).toEqual({ sent: false, messages: [disabled] });
    expect(await db.selectFrom('deliveries').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await db.selectFrom('events').select('id').execute()).toHaveLength(eventsBefore.length);
    expect(requestsTo('/disabled')).toHaveLength(1);
  });

  it('answers bad input in messages', async () => {
    const webhook = await hook('/bad-input');
    expect(await resend('nope')).toEqual({
      sent: false,
      messages: [{ field: 'id', message: 'Sent webhook "nope" not found.' }],
    });
    expect(await resend('987654321')).toEqual({
      sent: false,
      messages: [{ field: 'id', message: 'Sent webhook "987654321" not found.' }],
    });
    expect(await recover(webhook.id, 'yesterday')).toEqual({
      count: 0,
      messages: [
        {
          field: 'since',
          message: 'since "yesterday" is not an ISO-8601 datetime such as 2025-01-31T09:30:00Z.',
        },
      ],
    });
    expect(await recover('987654321', '2025-01-01')).toEqual({
      count: 0,
      messages: [{ field: 'id', message: 'Webhook "987654321" not found.' }],
    });
  });

  it("keeps tenants apart: a stranger's attempts are not found, a sub-organization's are its own to resend", async () => {
    answers.set('/child', 500);
    const childHook = await hook('/child', child.apiKey);
    await sendTest(childHook.id, child.apiKey);
    const [childAttempt] = await settledAttempts(childHook.id, 1);

    const strangerView = await attempts(childHook.id, stranger.apiKey);
    expect(strangerView).toEqual([]);
    expect(await resend(childAttempt!.id, stranger.apiKey)).toEqual({
      sent: false,
      messages: [{ field: 'id', message: `Sent webhook "${childAttempt!.id}" not found.` }],
    });
    expect(await recover(childHook.id, '2000-01-01', stranger.apiKey)).toEqual({
      count: 0,
      messages: [{ field: 'id', message: `Webhook "${childHook.id}" not found.` }],
    });
    // The parent sees the attempt but manages the webhook only through the sub-organization's key.
    const subOrganization = {
      field: 'id',
      message: `Webhook ${childHook.id} belongs to a sub-organization; manage it with that organization's API key.`,
    };
    expect(await resend(childAttempt!.id)).toEqual({ sent: false, messages: [subOrganization] });
    expect(await recover(childHook.id, '2000-01-01')).toEqual({ count: 0, messages: [subOrganization] });
    expect(requestsTo('/child')).toHaveLength(1);

    answers.set('/child', 200);
    expect(await resend(childAttempt!.id, child.apiKey)).toEqual({ sent: true, messages: null });
    await received('/child', 2);
    await settledAttempts(childHook.id, 2);
  });

  it('sums attempts per webhook and time bucket', async () => {
    answers.set('/stats', 500);
    const webhook = await hook('/stats');
    await sendTest(webhook.id);
    await settledAttempts(webhook.id, 1);
    answers.set('/stats', 200);
    await sendTest(webhook.id);
    await sendTest(webhook.id);
    const log = await settledAttempts(webhook.id, 3);

    const BUCKETS = /* GraphQL */ `
      query ($after: ISO8601DateTime!, $seconds: Int, $webhook_id: ID) {
        sentWebhookBuckets(sent_after: $after, bucket_seconds: $seconds, webhook_id: $webhook_id) {
          webhook_id
          start
          attempts
          succeeded
          avg_duration_ms
          max_duration_ms
        }
      }
    `;
    type Bucket = {
      webhook_id: string;
      start: string;
      attempts: number;
      succeeded: number;
      avg_duration_ms: number;
      max_duration_ms: number;
    };
    const after = new Date(Date.now() - 3_600_000).toISOString();
    const { sentWebhookBuckets: buckets } = await gql<{ sentWebhookBuckets: Bucket[] }>(BUCKETS, {
      after,
      seconds: 7200,
      webhook_id: webhook.id,
    });
    const durations = log.map((a) => a.duration_ms);
    expect(buckets).toEqual([
      {
        webhook_id: webhook.id,
        start: after,
        attempts: 3,
        succeeded: 2,
        avg_duration_ms: expect.closeTo(durations.reduce((a, b) => a + b, 0) / 3, 6),
        max_duration_ms: Math.max(...durations),
      },
    ]);
    // Without a webhook: every visible webhook, each in its own rows; a stranger sees none of them.
    const all = await gql<{ sentWebhookBuckets: Bucket[] }>(BUCKETS, { after, seconds: 7200 });
    expect(all.sentWebhookBuckets.map((b) => b.webhook_id)).toContain(webhook.id);
    const strangers = await gql<{ sentWebhookBuckets: Bucket[] }>(
      BUCKETS,
      { after, seconds: 7200 },
      stranger.apiKey,
    );
    expect(strangers.sentWebhookBuckets).toEqual([]);

    const tooMany = await server.graphql(BUCKETS, { after: '2000-01-01T00:00:00Z', seconds: 60 });
    expect(tooMany.errors?.[0]?.message).toMatch(/more than 1440 buckets/);
  });
});
