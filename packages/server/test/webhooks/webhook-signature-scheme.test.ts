/**
 * `signature_scheme` end to end, on both stores: set and read back through GraphQL, refused when unknown,
 * switched without changing the key, and deliveries of a `standard_webhooks` webhook received by a real
 * receiver on loopback, which checks each one with the `standardwebhooks` package (the maintained verifier
 * from the registry) and answers through `@carehooks/receiver`'s own handler, across a retry and a rotation.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler, verifyStandardWebhook, type NodeHandlerOptions } from '@carehooks/receiver';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../engine/helpers.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  graphqlData,
  tableCounts,
  webhookDocuments,
  webhookSnapshot,
  webhookWrites,
  type SelectedWebhookPayload,
} from './webhook-fixtures.js';

const FIELDS = 'id url signature_secret signature_scheme';

interface SchemeWebhook {
  id: string;
  url: string;
  signature_secret: string;
  signature_scheme: string;
}

type Payload = SelectedWebhookPayload<SchemeWebhook>;

const EXPIRE = `mutation ($input: expireWebhookSignatureInput) {
  expireWebhookSignature(input: $input) { webhook { ${FIELDS} } messages { field message } }
}`;
const SEND_TEST = `mutation ($input: sendTestWebhookInput) {
  sendTestWebhook(input: $input) { sent messages { field message } }
}`;
const { LIST } = webhookDocuments(FIELDS);

/** A delivery as it reached the loopback receiver, and what the `standardwebhooks` package said of it. */
interface Arrival {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Null when the package verified it; otherwise its error message. */
  packageError: string | null;
}

/** Node's headers as the single strings Standard Webhooks verifiers take. */
function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each(dialects)('signature_scheme on $name', (dialect) => {
  let server: TestServer;
  let receiver: Server;
  let receiverUrl: string;
  const arrivals: Arrival[] = [];
  /** Per path: the secret the package checks with, and the options of our receiver's handler. */
  const endpoints = new Map<string, { packageSecret: string; options: NodeHandlerOptions }>();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const path = req.url ?? '';
        const endpoint = endpoints.get(path);
        const headers = flatHeaders(req.headers);
        let packageError: string | null = null;
        try {
          new Webhook(endpoint?.packageSecret ?? 'whsec_AA==').verify(body, headers);
        } catch (error) {
          packageError = (error as Error).message;
        }
        arrivals.push({ path, headers, body, packageError });
        if (!endpoint) return void res.writeHead(404).end();
        // Our receiver answers: the server sees a 2xx only if @carehooks/receiver verified the delivery.
        await createNodeHandler(endpoint.options)(Object.assign(req, { body }), res);
      })();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    server = await startTestServer(dialect, { pollIntervalMs: 50, retrySchedule: '100ms,100ms' });
  });
  afterAll(async () => {
    await server.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const gql = <T>(document: string, variables: Record<string, unknown>) =>
    graphqlData<T>(server, document, variables);
  const { create, update } = webhookWrites<SchemeWebhook>(() => server, FIELDS);
  const created = async (input: Record<string, unknown>) => {
    const payload = await create({ webhook_events: [{ event_type: 'patient.created' }], ...input });
    expect(payload.messages).toBeNull();
    return payload.webhook!;
  };
  const sendTest = async (id: string) => {
    const { sendTestWebhook } = await gql<{ sendTestWebhook: { sent: boolean } }>(SEND_TEST, {
      input: { id },
    });
    expect(sendTestWebhook.sent).toBe(true);
  };
  const storedSecret = async (id: string) => {
    const row = await server.runtime.services.store.db
      .selectFrom('webhooks')
      .select(['signature_secret', 'signature_scheme'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    return { ...row, unsealed: server.runtime.services.store.secrets.unseal(row.signature_secret) };
  };
  const whsecOf = (secret: string) => `whsec_${Buffer.from(secret, 'utf8').toString('base64')}`;
  const arrivalsAt = (path: string) => arrivals.filter((arrival) => arrival.path === path);
  const deliveryState = async (webhookId: string) =>
    (
      await server.runtime.services.store.db
        .selectFrom('deliveries')
        .select('state')
        .where('webhook_id', '=', Number(webhookId))
        .execute()
    ).map((row) => row.state);

  it("keeps Healthie's scheme when the input does not name one: hex secret, no Standard Webhooks headers", async () => {
    const webhook = await created({ url: `${receiverUrl}/healthie` });
    expect(webhook.signature_scheme).toBe('healthie');
    expect(webhook.signature_secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await storedSecret(webhook.id)).signature_scheme).toBe('healthie');
    endpoints.set('/healthie', {
      packageSecret: whsecOf(webhook.signature_secret),
      options: { secret: webhook.signature_secret, onEvent: () => undefined },
    });
    await sendTest(webhook.id);
    const [arrival] = await eventually(
      'the healthie delivery',
      () => arrivalsAt('/healthie').length === 1 && arrivalsAt('/healthie'),
    );
    expect(arrival!.headers.signature).toMatch(/^sig1=[0-9a-f]{64}$/);
    expect(Object.keys(arrival!.headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
    await eventually(
      'the healthie delivery delivered',
      async () => (await deliveryState(webhook.id))[0] === 'delivered',
    );
  });

  it('refuses an unknown scheme, naming the field and writing nothing', async () => {
    const before = await tableCounts(server);
    const refused = await create({ url: `${receiverUrl}/never`, signature_scheme: 'svix' });
    expect(refused).toEqual({
      webhook: null,
      messages: [
        { field: 'signature_scheme', message: 'signature_scheme must be "healthie" or "standard_webhooks".' },
      ],
    });
    expect(await tableCounts(server)).toEqual(before);

    const webhook = await created({ url: `${receiverUrl}/unchanged` });
    const snapshot = await webhookSnapshot(server, webhook.id);
    const bad = await update({
      id: webhook.id,
      url: `${receiverUrl}/moved`,
      signature_scheme: 'STANDARD_WEBHOOKS',
    });
    expect(bad.webhook).toBeNull();
    expect(bad.messages?.map((m) => m.field)).toEqual(['signature_scheme']);
    expect(await webhookSnapshot(server, webhook.id)).toEqual(snapshot);
  });

  it('shows a standard_webhooks secret as whsec_, and switching either way keeps the key', async () => {
    const webhook = await created({ url: `${receiverUrl}/switch`, signature_scheme: 'standard_webhooks' });
    const stored = await storedSecret(webhook.id);
    expect(stored.signature_scheme).toBe('standard_webhooks');
    expect(webhook.signature_secret).toBe(whsecOf(stored.unsealed));

    const listed = (await gql<{ webhooks: SchemeWebhook[] }>(LIST, {})).webhooks.find(
      (w) => w.id === webhook.id,
    );
    expect(listed).toEqual(webhook);

    const toHealthie = await update({ id: webhook.id, signature_scheme: 'healthie' });
    expect(toHealthie.webhook).toMatchObject({
      signature_scheme: 'healthie',
      signature_secret: stored.unsealed,
    });
    const back = await update({ id: webhook.id, signature_scheme: 'standard_webhooks' });
    expect(back.webhook).toMatchObject({
      signature_scheme: 'standard_webhooks',
      signature_secret: webhook.signature_secret,
    });
    // The sealed value itself is untouched: nothing was generated or re-sealed.
    expect((await storedSecret(webhook.id)).signature_secret).toBe(stored.signature_secret);
    // Leaving the field out changes nothing.
    const other = await update({ id: webhook.id, should_retry: false });
    expect(other.webhook?.signature_scheme).toBe('standard_webhooks');
  });

  it('delivers Standard Webhooks signatures both verifiers accept, with one webhook-id across a retry', async () => {
    const webhook = await created({ url: `${receiverUrl}/standard`, signature_scheme: 'standard_webhooks' });
    let calls = 0;
    endpoints.set('/standard', {
      packageSecret: webhook.signature_secret,
      options: {
        secret: webhook.signature_secret,
        scheme: 'standard_webhooks',
        onEvent: () => {
          // The first attempt fails after verification, so the engine retries it.
          if (++calls === 1) throw new Error('not yet');
        },
        onError: () => undefined,
      },
    });
    await sendTest(webhook.id);
    await eventually(
      'the retried delivery delivered',
      async () => (await deliveryState(webhook.id))[0] === 'delivered',
    );
    const received = arrivalsAt('/standard');
    expect(received).toHaveLength(2);
    expect(calls).toBe(2);
    for (const arrival of received) {
      expect(arrival.packageError).toBeNull();
      expect(arrival.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(arrival.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
      // Healthie's headers ride along, under the same key.
      expect(arrival.headers.signature).toMatch(/^sig1=/);
    }
    const [first, second] = received;
    const deliveryId = first!.headers['x-carehooks-delivery'];
    expect(first!.headers['webhook-id']).toBe(deliveryId);
    expect(second!.headers['webhook-id']).toBe(deliveryId);
    const row = await server.runtime.services.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('webhook_id', '=', Number(webhook.id))
      .executeTakeFirstOrThrow();
    expect(deliveryId).toBe(String(row.id));
  });

  it('during rotation signs with both secrets: a receiver with either one keeps verifying', async () => {
    const webhook = await created({ url: `${receiverUrl}/rotating`, signature_scheme: 'standard_webhooks' });
    const oldSecret = webhook.signature_secret;
    const { expireWebhookSignature } = await gql<{ expireWebhookSignature: Payload }>(EXPIRE, {
      input: { id: webhook.id },
    });
    const newSecret = expireWebhookSignature.webhook!.signature_secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    // This receiver has not deployed the new secret yet.
    endpoints.set('/rotating', {
      packageSecret: oldSecret,
      options: { secret: oldSecret, scheme: 'standard_webhooks', onEvent: () => undefined },
    });
    await sendTest(webhook.id);
    await eventually(
      'the rotated delivery delivered',
      async () => (await deliveryState(webhook.id))[0] === 'delivered',
    );
    const [arrival] = arrivalsAt('/rotating');
    expect(arrival!.packageError).toBeNull();
    expect(arrival!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    const { headers, body } = arrival!;
    expect(new Webhook(newSecret).verify(body, headers)).toMatchObject({ event_type: 'test.created' });
    await expect(verifyStandardWebhook({ headers, body, secret: newSecret })).resolves.toBe(true);
    await expect(verifyStandardWebhook({ headers, body, secret: [newSecret, oldSecret] })).resolves.toBe(
      true,
    );
    const stranger = whsecOf('a secret this webhook never had');
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow('No matching signature found');
    await expect(verifyStandardWebhook({ headers, body, secret: stranger })).rejects.toThrow(
      /No v1 signature/,
    );
  });
});
