import { describe, expect, it } from 'vitest';
import { deliveryHeaders } from '../../server/src/delivery/signature.js';
import { vectors } from '../../server/test/support/standard-webhooks-vectors.js';
import {
  createReceiver,
  verifyStandardWebhook,
  WebhookVerificationError,
  type VerifyStandardWebhookInput,
} from '../src/index.js';
import { exampleBody } from './support.js';

async function rejection(input: VerifyStandardWebhookInput): Promise<WebhookVerificationError> {
  const error: unknown = await verifyStandardWebhook(input).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`expected a WebhookVerificationError, got ${String(error)}`);
  return error;
}

/** The published vector as a request received `secondsLater` after it was signed. */
function vectorRequest(signature: string, secondsLater = 0): VerifyStandardWebhookInput {
  return {
    headers: {
      'webhook-id': vectors.msg_id,
      'webhook-timestamp': String(vectors.timestamp),
      'webhook-signature': signature,
    },
    body: vectors.payload,
    secret: vectors.secret,
    now: (vectors.timestamp + secondsLater) * 1000,
  };
}

describe('verifyStandardWebhook against the published vectors', () => {
  for (const { name, value, valid } of vectors.signature_headers) {
    it(`${valid ? 'accepts' : 'refuses'} ${name}`, async () => {
      if (valid) await expect(verifyStandardWebhook(vectorRequest(value))).resolves.toBe(true);
      else expect((await rejection(vectorRequest(value))).code).toBe('signature_mismatch');
    });
  }

  it('takes the secret with or without its whsec_ prefix, and among several', async () => {
    const request = vectorRequest(vectors.signature);
    await expect(verifyStandardWebhook({ ...request, secret: vectors.bare_secret })).resolves.toBe(true);
    const other = `whsec_${btoa('another key of twenty-four')}`;
    await expect(verifyStandardWebhook({ ...request, secret: [other, vectors.secret] })).resolves.toBe(true);
    const error = await rejection({ ...request, secret: other });
    expect(error.message).toContain('webhook-id "msg_p5jXN8AQM9LWM0D4loKWxJek"');
  });

  it('refuses a timestamp beyond the tolerance either way, by default five minutes', async () => {
    await expect(verifyStandardWebhook(vectorRequest(vectors.signature, 300))).resolves.toBe(true);
    await expect(verifyStandardWebhook(vectorRequest(vectors.signature, -300))).resolves.toBe(true);
    const late = await rejection(vectorRequest(vectors.signature, 301));
    expect(late).toMatchObject({ code: 'timestamp_out_of_range', header: 'webhook-timestamp' });
    expect(late.message).toContain('301 s in the past');
    const early = await rejection(vectorRequest(vectors.signature, -301));
    expect(early.message).toContain('301 s in the future');
    const strict = { ...vectorRequest(vectors.signature, 31), toleranceSeconds: 30 };
    expect((await rejection(strict)).code).toBe('timestamp_out_of_range');
  });

  it('names a missing or malformed header', async () => {
    const request = vectorRequest(vectors.signature);
    const without = (name: string) =>
      Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== name));
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      expect(await rejection({ ...request, headers: without(name) })).toMatchObject({
        code: 'missing_header',
        header: name,
      });
    }
    const badTime = { ...request, headers: { ...request.headers, 'webhook-timestamp': '1614265330.5' } };
    expect(await rejection(badTime)).toMatchObject({ code: 'malformed_header', header: 'webhook-timestamp' });
    const badList = { ...request, headers: { ...request.headers, 'webhook-signature': 'g0hM9SsE' } };
    expect(await rejection(badList)).toMatchObject({ code: 'malformed_header', header: 'webhook-signature' });
  });

  it('says a hex secret is the wrong form, and refuses an empty one', async () => {
    const hex = 'ab'.repeat(32);
    expect((await rejection({ ...vectorRequest(vectors.signature), secret: hex })).message).toContain(
      'without the whsec_ prefix is read as base64',
    );
    await expect(
      verifyStandardWebhook({ ...vectorRequest(vectors.signature), secret: 'whsec_' }),
    ).rejects.toThrow(TypeError);
  });
});

describe('a standard_webhooks delivery from the server signer', () => {
  const body = exampleBody('appointment.created');
  const secret = 'ab12'.repeat(16);
  const whsec = `whsec_${Buffer.from(secret).toString('base64')}`;
  const signed = (now: number, previousSecret: string | null = null) =>
    deliveryHeaders({
      url: new URL('https://hooks.example.com/in'),
      body: Buffer.from(body),
      deliveryId: 99,
      scheme: 'standard_webhooks',
      now,
      secret,
      previousSecret,
    });

  it('verifies with the current or, during rotation, the previous secret', async () => {
    const now = Date.now();
    const previous = 'cd34'.repeat(16);
    const headers = signed(now, previous);
    await expect(verifyStandardWebhook({ headers, body, secret: whsec, now })).resolves.toBe(true);
    const old = `whsec_${Buffer.from(previous).toString('base64')}`;
    await expect(verifyStandardWebhook({ headers, body, secret: old, now })).resolves.toBe(true);
  });

  it('through createReceiver: handled once, its replays dropped by webhook-id, stale copies refused', async () => {
    const handled: Array<string | undefined> = [];
    const receive = createReceiver({
      secret: whsec,
      scheme: 'standard_webhooks',
      dedup: true,
      onEvent: (_event, { deliveryId }) => void handled.push(deliveryId),
    });
    const request = { method: 'POST', url: '/in', headers: signed(Date.now()), body };
    expect(await receive(request)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await receive(request)).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(handled).toEqual(['99']);

    const stale = { ...request, headers: signed(Date.now() - 10 * 60 * 1000) };
    const refused = await receive(stale);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'timestamp_out_of_range' } });
  });
});
