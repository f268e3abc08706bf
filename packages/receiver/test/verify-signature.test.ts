import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signatureFor } from '../../server/src/delivery/signature.js';
import { verifySignature, WebhookVerificationError, type VerifySignatureInput } from '../src/index.js';
import { exampleBody, SECRET, signed } from './support.js';

const REGISTERED = 'https://hooks.example.com/carehooks/in?tenant=7';

async function rejection(input: VerifySignatureInput): Promise<WebhookVerificationError> {
  const error: unknown = await verifySignature(input).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`expected a WebhookVerificationError, got ${String(error)}`);
  return error;
}

describe('verifySignature against a vector computed from the guide', () => {
  // The guide's recipe, written out by hand rather than through the server's signer.
  const body =
    '{"resource_id":"12345","resource_id_type":"Test","event_type":"test.created","changed_fields":[]}';
  const secret = 'carehooks-fixed-vector-secret';
  const digest = createHash('sha256').update(body).digest('base64');
  const sign = (data: string) => 'sig1=' + createHmac('sha256', secret).update(data).digest('hex');
  const headers = (signature: string) => ({
    'content-type': 'application/json',
    'content-length': '97',
    'content-digest': `sha-256=${digest}`,
    'signature-input': 'sig1=("@method" "@path" "@query" "content-digest" "content-type" "content-length")',
    signature,
  });

  it('pins the recipe to fixed values', () => {
    expect(digest).toBe('jf07CvufnNYfqO2HHd3apvnsa9uq6cwighMD2Jx/owI=');
    expect(sign(`post /webhooks/healthie org=42 ${digest} application/json 97`)).toBe(
      'sig1=51b5179ed45a85e10c4f27e20ae21938cd705794cf14804303729cc3d297c9ef',
    );
  });

  it('accepts the vector with a query, and without one (two spaces in the signed string)', async () => {
    const withQuery = headers('sig1=51b5179ed45a85e10c4f27e20ae21938cd705794cf14804303729cc3d297c9ef');
    await expect(
      verifySignature({ method: 'POST', url: '/webhooks/healthie?org=42', headers: withQuery, body, secret }),
    ).resolves.toBe(true);
    const noQuery = headers('sig1=9e47149f74e42e6ce706f7fd860224b13ce20cbb8f9ea13cb7e9b19fc88db09c');
    expect(sign(`post /webhooks/healthie  ${digest} application/json 97`)).toBe(noQuery.signature);
    await expect(
      verifySignature({
        method: 'POST',
        url: 'https://a.example/webhooks/healthie',
        headers: noQuery,
        body,
        secret,
      }),
    ).resolves.toBe(true);
  });

  it('rejects the vector for another query', async () => {
    const withQuery = headers('sig1=51b5179ed45a85e10c4f27e20ae21938cd705794cf14804303729cc3d297c9ef');
    const error = await rejection({
      method: 'POST',
      url: '/webhooks/healthie?org=43',
      headers: withQuery,
      body,
      secret,
    });
    expect(error.code).toBe('signature_mismatch');
  });
});

describe('verifySignature against the server signer', () => {
  const body = exampleBody('patient.merged');
  const delivery = signed(REGISTERED, body);

  it('accepts a full URL and the path and query as received', async () => {
    const common = { method: 'POST', headers: delivery.headers, body, secret: SECRET };
    await expect(verifySignature({ ...common, url: REGISTERED })).resolves.toBe(true);
    await expect(verifySignature({ ...common, url: new URL(REGISTERED) })).resolves.toBe(true);
    await expect(verifySignature({ ...common, url: '/carehooks/in?tenant=7' })).resolves.toBe(true);
  });

  it('accepts the body as a string, Buffer, Uint8Array or ArrayBuffer, and headers in any form', async () => {
    const bytes = new TextEncoder().encode(body);
    const lowerCase = Object.fromEntries(
      Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const asLists = Object.fromEntries(
      Object.entries(delivery.headers).map(([k, v]) => [k.toUpperCase(), [v]]),
    );
    for (const [headers, raw] of [
      [delivery.headers, Buffer.from(body)],
      [lowerCase, bytes],
      [asLists, bytes.buffer],
      [new Headers(delivery.headers), body],
    ] as const) {
      await expect(verifySignature({ url: REGISTERED, headers, body: raw, secret: SECRET })).resolves.toBe(
        true,
      );
    }
  });

  it('accepts a Content-Digest without its base64 padding', async () => {
    const digest = delivery.headers['Content-Digest'] ?? '';
    expect(digest).toMatch(/=$/);
    const headers = { ...delivery.headers, 'Content-Digest': digest.replace(/=+$/, '') };
    await expect(verifySignature({ url: REGISTERED, headers, body, secret: SECRET })).resolves.toBe(true);
  });

  it('rejects a tampered body with digest_mismatch', async () => {
    const tampered = body.replace('5678', '5679');
    const error = await rejection({
      url: REGISTERED,
      headers: delivery.headers,
      body: tampered,
      secret: SECRET,
    });
    expect(error.code).toBe('digest_mismatch');
    expect(error.message).toContain('express.raw()');
  });

  it('rejects a body swapped together with its Content-Digest with signature_mismatch', async () => {
    const other = exampleBody('goal.created');
    const otherDigest = signed(REGISTERED, other).headers['Content-Digest'] ?? '';
    const headers = { ...delivery.headers, 'Content-Digest': otherDigest };
    const error = await rejection({ url: REGISTERED, headers, body: other, secret: SECRET });
    expect(error.code).toBe('signature_mismatch');
  });

  it('rejects a wrong secret, another method, and another path, naming the path and query used', async () => {
    const wrongSecret = await rejection({
      url: REGISTERED,
      headers: delivery.headers,
      body,
      secret: 'not-it',
    });
    expect(wrongSecret.code).toBe('signature_mismatch');
    const get = await rejection({
      method: 'GET',
      url: REGISTERED,
      headers: delivery.headers,
      body,
      secret: SECRET,
    });
    expect(get.code).toBe('signature_mismatch');

    // A proxy that strips the /carehooks prefix: the message says what was used and what to pass instead.
    const stripped = await rejection({
      url: '/in?tenant=7',
      headers: delivery.headers,
      body,
      secret: SECRET,
    });
    expect(stripped.code).toBe('signature_mismatch');
    expect(stripped.message).toContain('path "/in" and query "tenant=7"');
    expect(stripped.message).toMatch(/proxy strips a path prefix/);
    expect(stripped.message).not.toContain(SECRET);
  });

  it('names a missing header', async () => {
    for (const name of ['Signature', 'Content-Digest']) {
      const headers = Object.fromEntries(Object.entries(delivery.headers).filter(([key]) => key !== name));
      const error = await rejection({ url: REGISTERED, headers, body, secret: SECRET });
      expect(error.code).toBe('missing_header');
      expect(error.header).toBe(name);
      expect(error.message).toContain(`The ${name} header is missing`);
    }
  });

  it('rejects malformed headers', async () => {
    const cases: Record<string, string>[] = [
      { Signature: 'sig1=not-hex' },
      { Signature: `sig1=${'a'.repeat(63)}` },
      { 'Content-Digest': 'md5=CY9rzUYh03PK3k6DJie09g==' },
      { 'Content-Digest': 'sha-256=short' },
      { 'Signature-Input': 'sig1=("@method" "@path")' },
      { 'X-Carehooks-Signature-Previous': 'garbage' },
    ];
    for (const override of cases) {
      const error = await rejection({
        url: REGISTERED,
        headers: { ...delivery.headers, ...override },
        body,
        secret: SECRET,
      });
      expect(error.code).toBe('malformed_header');
      expect(error.header).toBe(Object.keys(override)[0]);
    }
  });

  it('rejects an empty secret list as a programming error', async () => {
    await expect(
      verifySignature({ url: REGISTERED, headers: delivery.headers, body, secret: [] }),
    ).rejects.toThrow(TypeError);
  });
});

describe('verifySignature during secret rotation', () => {
  const body = exampleBody('goal.created');
  const url = new URL(REGISTERED);
  const current = signed(REGISTERED, body, 'secret-new');

  it('accepts any secret of a list', async () => {
    await expect(
      verifySignature({
        url: REGISTERED,
        headers: current.headers,
        body,
        secret: ['secret-old', 'secret-new'],
      }),
    ).resolves.toBe(true);
  });

  it('accepts X-Carehooks-Signature-Previous against the previous secret', async () => {
    const headers = {
      ...current.headers,
      'X-Carehooks-Signature-Previous': signatureFor({ url, headers: current.headers, secret: 'secret-old' }),
    };
    await expect(verifySignature({ url: REGISTERED, headers, body, secret: 'secret-old' })).resolves.toBe(
      true,
    );
    await expect(verifySignature({ url: REGISTERED, headers, body, secret: 'secret-new' })).resolves.toBe(
      true,
    );
    const neither = await rejection({
      url: REGISTERED,
      headers,
      body,
      secret: ['secret-other', 'secret-third'],
    });
    expect(neither.code).toBe('signature_mismatch');
    expect(neither.message).toContain('X-Carehooks-Signature-Previous');
  });
});

describe('the receiver sources', () => {
  it('import nothing from Node, so they run in web runtimes', () => {
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ts'),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(
        /from '(node:|crypto'|http'|buffer')/,
      );
    }
  });
});
