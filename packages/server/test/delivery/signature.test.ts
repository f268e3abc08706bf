import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSender } from '../../src/delivery/http-sender.js';
import { signatureFor, signDelivery } from '../../src/delivery/signature.js';
import { verifyFromGuide } from '../support/guide-verifier.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const SECRET = 'whsec_test_secret';
const PAYLOAD = Buffer.from(
  JSON.stringify({
    resource_id: '1234',
    resource_id_type: 'Appointment',
    event_type: 'appointment.created',
    changed_fields: [],
  }),
);

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('signDelivery', () => {
  it('signs a POST that a receiver verifying by the guide accepts, path prefix and query included', async () => {
    receiver = await startReceiver();
    const url = new URL(`${receiver.url}/proxy-prefix/hooks/healthie?tenant=a%20b&v=2`);
    const sender = createHttpSender({ allowPrivateNetworks: true, userAgent: 'carehooks-test' });
    try {
      const result = await sender.send({
        url,
        headers: signDelivery({ url, body: PAYLOAD, secret: SECRET }),
        body: PAYLOAD,
      });
      expect(result.error).toBeNull();
      expect(result.ok).toBe(true);
    } finally {
      await sender.close();
    }

    const [received] = receiver.requests;
    expect(received?.path).toBe('/proxy-prefix/hooks/healthie?tenant=a%20b&v=2');
    const verdict = verifyFromGuide({
      method: received!.method,
      pathAndQuery: received!.path,
      headers: received!.headers,
      body: received!.body,
      secret: SECRET,
    });
    expect(verdict).toEqual({ ok: true });
  });

  it('keeps the base64 padding of the digest and sends the guide headers', () => {
    const headers = signDelivery({ url: new URL('https://example.com/hook'), body: PAYLOAD, secret: SECRET });
    expect(headers['Content-Digest']).toMatch(/^sha-256=[A-Za-z0-9+/]{43}=$/);
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['Content-Length']).toBe(String(PAYLOAD.length));
    expect(headers['Signature-Input']).toBe(
      'sig1=("@method" "@path" "@query" "content-digest" "content-type" "content-length")',
    );
    expect(headers.Signature).toMatch(/^sig1=[0-9a-f]{64}$/);
  });

  it('signs an empty query as an empty part, giving two spaces in a row', () => {
    const body = Buffer.from('{}');
    const digest = createHash('sha256').update(body).digest('base64');
    const expected = createHmac('sha256', SECRET)
      .update(`post /hook  ${digest} application/json 2`)
      .digest('hex');
    for (const url of ['https://example.com/hook', 'https://example.com/hook?']) {
      expect(signDelivery({ url: new URL(url), body, secret: SECRET }).Signature).toBe(`sig1=${expected}`);
    }
  });

  it('fails verification when the body is tampered with', () => {
    const headers = signDelivery({ url: new URL('https://example.com/hook'), body: PAYLOAD, secret: SECRET });
    const tampered = Buffer.from(PAYLOAD.toString().replace('1234', '1235'));
    const verdict = verifyFromGuide({
      method: 'POST',
      pathAndQuery: '/hook',
      headers: lowerCase({ ...headers, 'Content-Length': String(tampered.length) }),
      body: tampered,
      secret: SECRET,
    });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/Content-Digest/) });
  });

  it('fails verification with another secret', () => {
    const headers = signDelivery({ url: new URL('https://example.com/hook'), body: PAYLOAD, secret: SECRET });
    const verdict = verifyFromGuide({
      method: 'POST',
      pathAndQuery: '/hook',
      headers: lowerCase(headers),
      body: PAYLOAD,
      secret: 'another-secret',
    });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('matches a fixed vector computed from the guide recipe', () => {
    const url = new URL('https://receiver.example.com/webhooks/healthie?org=42');
    const body = Buffer.from('{"resource_id":"1","event_type":"patient.created"}');
    const secret = 'fixed-vector-secret';

    const digest = createHash('sha256').update(body).digest('base64');
    const signed = [
      'post',
      '/webhooks/healthie',
      'org=42',
      digest,
      'application/json',
      String(body.length),
    ].join(' ');
    const hmac = createHmac('sha256', secret).update(signed).digest('hex');

    expect(signDelivery({ url, body, secret })).toEqual({
      'Content-Type': 'application/json',
      'Content-Length': '50',
      'Content-Digest': `sha-256=${digest}`,
      'Signature-Input': 'sig1=("@method" "@path" "@query" "content-digest" "content-type" "content-length")',
      Signature: `sig1=${hmac}`,
    });
    // Pinned so that a change to the recipe on both sides at once still shows up.
    expect(digest).toBe('+Aed8262piEhwB/ZlCy+GyBUw90kjfT4z9ocUpn2W5Q=');
    expect(hmac).toBe('6b74d66002e715463e43848726e98f01259bf51444f4706df569db7b68c1081a');
  });
});

describe('signatureFor', () => {
  it('signs the same request with another secret, as signDelivery would', () => {
    const url = new URL('https://example.com/a/b?c=d');
    const headers = signDelivery({ url, body: PAYLOAD, secret: SECRET });
    const previous = signDelivery({ url, body: PAYLOAD, secret: 'old-secret' });
    expect(signatureFor({ url, headers, secret: 'old-secret' })).toBe(previous.Signature);
    expect(signatureFor({ url, headers, secret: SECRET })).toBe(headers.Signature);
  });

  it('refuses headers that did not come from signDelivery', () => {
    expect(() => signatureFor({ url: new URL('https://example.com/'), headers: {}, secret: SECRET })).toThrow(
      /Content-Digest and Content-Length/,
    );
  });
});

describe('guide verifier', () => {
  it('explains a signature made over the padding-stripped digest', () => {
    const digest = createHash('sha256').update(PAYLOAD).digest('base64');
    const stripped = digest.replace(/=+$/, '');
    const hmac = createHmac('sha256', SECRET)
      .update(`post /hook  ${stripped} application/json ${PAYLOAD.length}`)
      .digest('hex');
    const verdict = verifyFromGuide({
      method: 'POST',
      pathAndQuery: '/hook',
      headers: {
        'content-type': 'application/json',
        'content-length': String(PAYLOAD.length),
        'content-digest': `sha-256=${digest}`,
        'signature-input':
          'sig1=("@method" "@path" "@query" "content-digest" "content-type" "content-length")',
        signature: `sig1=${hmac}`,
      },
      body: PAYLOAD,
      secret: SECRET,
    });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/padding/) });
  });
});

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
