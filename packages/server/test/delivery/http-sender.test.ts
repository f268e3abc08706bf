import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpSender,
  RESPONSE_TOO_LARGE_CODE,
  TIMEOUT_CODE,
  type HttpSender,
  type HttpSenderOptions,
} from '../../src/delivery/http-sender.js';
import { createThreadedHttpSender } from '../../src/delivery/send-thread.js';
import { startReceiver, type Receiver, type ReceiverHandler } from '../support/receiver.js';

let receiver: Receiver | undefined;
let sender: HttpSender | undefined;
afterEach(async () => {
  await sender?.close();
  await receiver?.close();
  sender = receiver = undefined;
});

const BODY = Buffer.from('{"resource_id":"1","event_type":"patient.created"}');

// The same exchanges, in process and on the send thread (send-thread.ts, which runs the in-process sender).
describe.each([
  ['in process', createHttpSender],
  ['on its own thread', createThreadedHttpSender],
])('http sender, %s', (_where, createSender: (options: HttpSenderOptions) => HttpSender) => {
  async function setUp(handler?: ReceiverHandler, options: Partial<HttpSenderOptions> = {}) {
    receiver = await startReceiver(handler);
    sender = createSender({ allowPrivateNetworks: true, userAgent: 'carehooks-test/1.0', ...options });
    const url = new URL(`${receiver.url}/hooks/healthie?x=1`);
    return {
      receiver,
      sender,
      send: () => sender!.send({ url, headers: { 'Content-Type': 'application/json' }, body: BODY }),
    };
  }

  it('reports a 200 as ok and sends the body, path and User-Agent', async () => {
    const { receiver, send } = await setUp(() => ({ status: 200, body: 'thanks' }));
    const result = await send();

    expect(result).toMatchObject({
      ok: true,
      status: 200,
      retryAfterMs: null,
      responseBody: 'thanks',
      error: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const [received] = receiver.requests;
    expect(received).toMatchObject({ method: 'POST', path: '/hooks/healthie?x=1', body: BODY });
    expect(received?.headers['user-agent']).toBe('carehooks-test/1.0');
  });

  it('counts any 2xx as success', async () => {
    const { send } = await setUp(() => ({ status: 204 }));
    expect(await send()).toMatchObject({ ok: true, status: 204, responseBody: '' });
  });

  it('reports a 500 as not ok, with its status and body', async () => {
    const { send } = await setUp(() => ({ status: 500, body: 'boom' }));
    expect(await send()).toMatchObject({ ok: false, status: 500, responseBody: 'boom', error: null });
  });

  it('does not follow redirects', async () => {
    const { receiver, send } = await setUp((req) =>
      req.url === '/elsewhere' ? { status: 200 } : { status: 301, headers: { Location: '/elsewhere' } },
    );
    expect(await send()).toMatchObject({ ok: false, status: 301, error: null });
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hooks/healthie?x=1']);
  });

  it('keeps only the first 4096 bytes of a 1 MiB response (read whole), and stays usable', async () => {
    const { send } = await setUp(() => ({ status: 200, body: Buffer.alloc(1024 * 1024, 'a') }));
    const result = await send();
    expect(result.ok).toBe(true);
    expect(result.responseBody).toBe('a'.repeat(4096));
    expect((await send()).ok).toBe(true);
  });

  it('fails a 2xx whose body runs past the read bound, keeping its status and start', async () => {
    const { send } = await setUp(() => ({ status: 200, body: Buffer.alloc(64 * 1024, 'a') }), {
      maxReadBytes: 16 * 1024,
    });
    const result = await send();
    expect(result).toMatchObject({ ok: false, status: 200, error: { code: RESPONSE_TOO_LARGE_CODE } });
    expect(result.responseBody).toBe('a'.repeat(4096));
    expect((await send()).status).toBe(200);
  });

  it('does not split a multi-byte character at the cap', async () => {
    const { send } = await setUp(() => ({ status: 200, body: 'é'.repeat(3000) }), { maxResponseBytes: 4095 });
    expect((await send()).responseBody).toBe('é'.repeat(2047));
  });

  it('leaves out a character the receiver cut off at the end of a short body', async () => {
    const { send } = await setUp(() => ({ status: 200, body: Buffer.from([0x6f, 0x6b, 0xc3]) }));
    expect((await send()).responseBody).toBe('ok');
  });

  it('reads Retry-After seconds on a 429', async () => {
    const { send } = await setUp(() => ({ status: 429, headers: { 'Retry-After': '7' } }));
    expect(await send()).toMatchObject({ ok: false, status: 429, retryAfterMs: 7000 });
  });

  it('reads a Retry-After HTTP-date on a 503', async () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const { send } = await setUp(() => ({ status: 503, headers: { 'Retry-After': inAMinute } }));
    const { retryAfterMs } = await send();
    expect(retryAfterMs).toBeGreaterThan(55_000);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('ignores Retry-After on other statuses', async () => {
    const { send } = await setUp(() => ({ status: 500, headers: { 'Retry-After': '7' } }));
    expect((await send()).retryAfterMs).toBeNull();
  });

  it('gives up on a receiver that never answers once the total timeout passes', async () => {
    const { receiver, send } = await setUp(() => 'hang', { totalTimeoutMs: 300 });
    const started = Date.now();
    const result = await send();

    expect(result).toMatchObject({ ok: false, status: null, error: { code: TIMEOUT_CODE } });
    expect(result.error?.message).toMatch(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('holds a send until its notBefore', async () => {
    const { receiver } = await setUp();
    const notBefore = Date.now() + 300;
    const result = await sender!.send({ url: new URL(receiver.url), headers: {}, body: BODY, notBefore });
    expect(result.ok).toBe(true);
    expect(receiver.requests[0]!.at).toBeGreaterThanOrEqual(notBefore);
  });

  it('reports a refused connection as an error instead of throwing', async () => {
    const port = await closedPort();
    sender = createSender({ allowPrivateNetworks: true, userAgent: 'test' });
    const result = await sender.send({ url: new URL(`http://127.0.0.1:${port}/`), headers: {}, body: BODY });
    expect(result).toMatchObject({
      ok: false,
      status: null,
      error: { code: 'ECONNREFUSED', message: expect.stringContaining(`127.0.0.1:${port}`) },
    });
  });

  it('reuses one keep-alive connection for sequential sends', async () => {
    const { receiver, send } = await setUp();
    for (let i = 0; i < 4; i++) {
      expect((await send()).ok).toBe(true);
      // undici frees the connection for the pool a tick after the body ends; a send started in that same
      // tick gets a second connection. Deliveries always have I/O in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(receiver.connections).toBe(1);
    expect(new Set(receiver.requests.map((r) => r.remotePort)).size).toBe(1);
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
