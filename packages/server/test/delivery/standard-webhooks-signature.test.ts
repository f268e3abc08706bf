/**
 * The Standard Webhooks headers the signer writes, checked against the specification's published vector and
 * against the maintained verifier from the registry (the `standardwebhooks` package), not only our own code.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { deliveryHeaders, signStandardWebhook } from '../../src/delivery/signature.js';
import { generateSignatureSecret, standardWebhookSecret } from '../../src/webhooks/secrets.js';
import { verifyFromGuide } from '../support/guide-verifier.js';
import { vectorKey, vectors } from '../support/standard-webhooks-vectors.js';

const lowerCased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

describe('signStandardWebhook against the published vector', () => {
  it('reproduces the signature', () => {
    const headers = signStandardWebhook({
      id: vectors.msg_id,
      timestampSeconds: vectors.timestamp,
      body: Buffer.from(vectors.payload),
      keys: [vectorKey],
    });
    expect(headers).toEqual({
      'webhook-id': vectors.msg_id,
      'webhook-timestamp': String(vectors.timestamp),
      'webhook-signature': vectors.signature,
    });
  });

  it('lists one signature per key, the current key first, separated by a space', () => {
    const other = Buffer.alloc(32, 1);
    const input = {
      id: vectors.msg_id,
      timestampSeconds: vectors.timestamp,
      body: Buffer.from(vectors.payload),
    };
    const both = signStandardWebhook({ ...input, keys: [vectorKey, other] })['webhook-signature'];
    const alone = signStandardWebhook({ ...input, keys: [other] })['webhook-signature'];
    expect(both).toBe(`${vectors.signature} ${alone}`);
  });
});

describe('a standard_webhooks delivery, checked by the standardwebhooks package', () => {
  const url = new URL('https://hooks.example.com/carehooks/in?tenant=7');
  const payload = {
    resource_id: '1234',
    resource_id_type: 'Appointment',
    event_type: 'appointment.created',
    changed_fields: [],
  };
  const body = Buffer.from(JSON.stringify(payload));
  const secret = generateSignatureSecret();
  const previous = generateSignatureSecret();
  const sign = (overrides: { now?: number; previousSecret?: string | null } = {}) =>
    deliveryHeaders({
      url,
      body,
      deliveryId: 4242,
      scheme: 'standard_webhooks',
      now: overrides.now ?? Date.now(),
      secret,
      previousSecret: overrides.previousSecret ?? null,
    });

  it('verifies with the whsec_ secret the API shows, and still carries the Healthie headers', () => {
    const now = Date.now();
    const headers = sign({ now });
    expect(headers['webhook-id']).toBe('4242');
    expect(headers['X-Carehooks-Delivery']).toBe('4242');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(new Webhook(standardWebhookSecret(secret)).verify(body, headers)).toEqual(payload);
    const guide = verifyFromGuide({
      method: 'POST',
      pathAndQuery: '/carehooks/in?tenant=7',
      headers: lowerCased(headers),
      body,
      secret,
    });
    expect(guide).toEqual({ ok: true });
  });

  it('is refused under another secret, or with an altered body', () => {
    const headers = sign();
    expect(() => new Webhook(standardWebhookSecret(previous)).verify(body, headers)).toThrow(
      WebhookVerificationError,
    );
    const altered = Buffer.from(JSON.stringify({ ...payload, resource_id: '1235' }));
    expect(() => new Webhook(standardWebhookSecret(secret)).verify(altered, headers)).toThrow(
      'No matching signature found',
    );
  });

  it('during rotation carries a signature for each secret, and either secret alone verifies', () => {
    const headers = sign({ previousSecret: previous });
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(standardWebhookSecret(secret)).verify(body, headers)).toEqual(payload);
    expect(new Webhook(standardWebhookSecret(previous)).verify(body, headers)).toEqual(payload);
    const stranger = standardWebhookSecret(generateSignatureSecret());
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow('No matching signature found');
  });

  it('is refused once its timestamp is beyond the tolerance', () => {
    const headers = sign({ now: Date.now() - 6 * 60 * 1000 });
    expect(() => new Webhook(standardWebhookSecret(secret)).verify(body, headers)).toThrow(
      'Message timestamp too old',
    );
  });

  it('keeps the key: the whsec_ form is the base64 of the secret Healthie receivers use', () => {
    const shown = standardWebhookSecret(secret);
    expect(shown).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(shown.slice('whsec_'.length), 'base64').toString('utf8')).toBe(secret);
  });
});

describe('a healthie delivery', () => {
  it('carries exactly the headers it carried before signature schemes existed', () => {
    const url = new URL('https://hooks.example.com/in');
    const headers = deliveryHeaders({
      url,
      body: Buffer.from('{}'),
      deliveryId: 7,
      scheme: 'healthie',
      now: Date.now(),
      secret: generateSignatureSecret(),
      previousSecret: generateSignatureSecret(),
    });
    expect(Object.keys(headers).sort()).toEqual([
      'Content-Digest',
      'Content-Length',
      'Content-Type',
      'Signature',
      'Signature-Input',
      'X-Carehooks-Delivery',
      'X-Carehooks-Signature-Previous',
    ]);
  });
});
