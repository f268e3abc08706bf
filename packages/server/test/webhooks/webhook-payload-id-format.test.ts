/**
 * `payload_id_format` end to end, on both stores: set and read back through GraphQL, refused when unknown,
 * and real events (a patient, a care plan, a goal) delivered to a loopback receiver by two webhooks of the
 * same events, one taking ids as numbers and one as strings. The number webhook gets `resource_id` and the
 * association ids as JSON numbers (null stays null), signed over the bytes it got; the other gets the stored
 * body; `@carehooks/receiver` hands both the same event; the attempt log shows each body as sent.
 */
import { parseEvent, verifySignature } from '@carehooks/receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../engine/helpers.js';
import { dialects } from '../support/dialects.js';
import { startReceiver, type ReceivedRequest, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  graphqlData,
  tableCounts,
  webhookDocuments,
  webhookSnapshot,
  webhookWrites,
} from './webhook-fixtures.js';

const FIELDS = 'id signature_secret payload_id_format';

interface IdFormatWebhook {
  id: string;
  signature_secret: string;
  payload_id_format: string;
}

const { LIST } = webhookDocuments(FIELDS);
const SENT = `query ($webhook_id: ID) {
  sentWebhooks(webhook_id: $webhook_id, page_size: 100, order_by: CREATED_AT_ASC) { event_type request_body }
}`;

const mutation = (name: string, field: string) =>
  `mutation ($input: ${name}Input) { ${name}(input: $input) { ${field} { id } messages { field message } } }`;

describe.each(dialects)('payload_id_format on $name', (dialect) => {
  let server: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startTestServer(dialect, { pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const gql = <T>(document: string, variables: Record<string, unknown>) =>
    graphqlData<T>(server, document, variables);
  const { create, update } = webhookWrites<IdFormatWebhook>(() => server, FIELDS);
  const created = async (input: Record<string, unknown>) => {
    const payload = await create(input);
    expect(payload.messages).toBeNull();
    return payload.webhook!;
  };
  /** Runs a create mutation and returns the new record's id. */
  const make = async (name: string, field: string, input: Record<string, unknown>) => {
    const data = await gql<Record<string, Record<string, { id: string } | null>>>(mutation(name, field), {
      input,
    });
    const record = data[name]![field];
    if (!record) throw new Error(`${name} refused: ${JSON.stringify(data[name])}`);
    return record.id;
  };
  const storedFormat = async (id: string) =>
    (
      await server.runtime.services.store.db
        .selectFrom('webhooks')
        .select('payload_id_format')
        .where('id', '=', Number(id))
        .executeTakeFirstOrThrow()
    ).payload_id_format;

  it('defaults to string, takes number, reads it back and keeps it when an update leaves it out', async () => {
    const plain = await created({ url: `${receiver.url}/plain` });
    expect(plain.payload_id_format).toBe('string');
    expect(await storedFormat(plain.id)).toBe('string');

    const numbers = await created({ url: `${receiver.url}/n`, payload_id_format: 'number' });
    expect(numbers.payload_id_format).toBe('number');
    expect(await storedFormat(numbers.id)).toBe('number');
    const listed = (await gql<{ webhooks: IdFormatWebhook[] }>(LIST, {})).webhooks;
    expect(listed.find((w) => w.id === numbers.id)?.payload_id_format).toBe('number');

    expect((await update({ id: numbers.id, should_retry: false })).webhook?.payload_id_format).toBe('number');
    expect((await update({ id: numbers.id, payload_id_format: 'string' })).webhook?.payload_id_format).toBe(
      'string',
    );
    expect(await storedFormat(numbers.id)).toBe('string');
  });

  it('refuses an unknown format, naming the field and writing nothing', async () => {
    const before = await tableCounts(server);
    expect(await create({ url: `${receiver.url}/never`, payload_id_format: 'integer' })).toEqual({
      webhook: null,
      messages: [{ field: 'payload_id_format', message: 'payload_id_format must be "string" or "number".' }],
    });
    expect(await tableCounts(server)).toEqual(before);

    const webhook = await created({ url: `${receiver.url}/unchanged` });
    const snapshot = await webhookSnapshot(server, webhook.id);
    const bad = await update({ id: webhook.id, url: `${receiver.url}/moved`, payload_id_format: 'NUMBER' });
    expect(bad.webhook).toBeNull();
    expect(bad.messages?.map((m) => m.field)).toEqual(['payload_id_format']);
    expect(await webhookSnapshot(server, webhook.id)).toEqual(snapshot);
  });

  it('sends ids as numbers to the webhook that asks, signed over those bytes, and strings to the other', async () => {
    const subscriptions = ['patient.created', 'care_plan.created', 'goal.created'].map((event_type) => ({
      event_type,
    }));
    const numbers = await created({
      url: `${receiver.url}/numbers`,
      webhook_events: subscriptions,
      payload_id_format: 'number',
    });
    const strings = await created({ url: `${receiver.url}/strings`, webhook_events: subscriptions });

    const patient = await make('createClient', 'user', {
      first_name: 'Ada',
      last_name: 'Number',
      email: `ada.${dialect.name}@example.com`,
    });
    const plan = await make('createCarePlan', 'carePlan', { name: 'Walking plan', patient_id: patient });
    const goal = await make('createGoal', 'goal', {
      name: 'Walk 30 minutes',
      user_id: patient,
      care_plan_id: plan,
    });

    const at = (path: string) => receiver.requests.filter((request) => request.path === path);
    const byEvent = (requests: ReceivedRequest[], eventType: string) => {
      const found = requests.find((r) => r.body.toString('utf8').includes(`"event_type":"${eventType}"`));
      if (!found) throw new Error(`no ${eventType} delivery`);
      return found;
    };
    await eventually(
      'three deliveries to each webhook',
      () => at('/numbers').length === 3 && at('/strings').length === 3,
    );

    const goalBody = (ids: { goal: string; plan: string; patient: string }) =>
      `{"resource_id":${ids.goal},"resource_id_type":"Goal","event_type":"goal.created","changed_fields":[],` +
      `"care_plan_id":${ids.plan},"parent_id":null,"user_id":${ids.patient}}`;
    const quoted = (id: string) => `"${id}"`;
    const numberGoal = byEvent(at('/numbers'), 'goal.created');
    const stringGoal = byEvent(at('/strings'), 'goal.created');
    expect(numberGoal.body.toString('utf8')).toBe(goalBody({ goal, plan, patient }));
    expect(stringGoal.body.toString('utf8')).toBe(
      goalBody({ goal: quoted(goal), plan: quoted(plan), patient: quoted(patient) }),
    );
    expect(byEvent(at('/numbers'), 'patient.created').body.toString('utf8')).toMatch(
      new RegExp(`^\\{"resource_id":${patient},"resource_id_type":"User","event_type":"patient.created"`),
    );
    const planEvent = JSON.parse(
      byEvent(at('/numbers'), 'care_plan.created').body.toString('utf8'),
    ) as Record<string, unknown>;
    expect(planEvent).toMatchObject({ resource_id: Number(plan), patient_id: Number(patient) });

    // The outbox holds one body per event, in the documented form; both webhooks' deliveries point at it.
    const stored = await server.runtime.services.store.db
      .selectFrom('events')
      .select('body')
      .where('event_type', '=', 'goal.created')
      .where('resource_id', '=', goal)
      .execute();
    expect(stored.map((row) => row.body)).toEqual([stringGoal.body.toString('utf8')]);

    for (const [path, webhook] of [
      ['/numbers', numbers],
      ['/strings', strings],
    ] as const) {
      for (const request of at(path)) {
        expect(request.headers['content-length']).toBe(String(request.body.byteLength));
        await expect(
          verifySignature({
            method: request.method,
            url: request.path,
            headers: request.headers,
            body: request.body,
            secret: webhook.signature_secret,
          }),
        ).resolves.toBe(true);
      }
    }
    // @carehooks/receiver hands the application the same event from either body.
    expect(parseEvent(numberGoal.body)).toEqual(parseEvent(stringGoal.body));
    expect(parseEvent(numberGoal.body)).toMatchObject({
      resource_id: goal,
      care_plan_id: plan,
      user_id: patient,
    });

    // The attempt log shows each body as sent, and keeps doing so after the webhook's setting changes. An
    // attempt is logged on the dispatcher's turn after the answer came.
    const logged = (webhookId: string) =>
      eventually(
        `the goal.created attempt of webhook ${webhookId} logged`,
        async () =>
          (
            await gql<{ sentWebhooks: Array<{ event_type: string; request_body: string }> }>(SENT, {
              webhook_id: webhookId,
            })
          ).sentWebhooks.find((attempt) => attempt.event_type === 'goal.created')?.request_body,
      );
    expect(await logged(numbers.id)).toBe(numberGoal.body.toString('utf8'));
    expect(await logged(strings.id)).toBe(stringGoal.body.toString('utf8'));
    await update({ id: numbers.id, payload_id_format: 'string' });
    expect(await logged(numbers.id)).toBe(numberGoal.body.toString('utf8'));
  });
});
