import { afterEach, describe, expect, it } from 'vitest';
import type { HttpSender } from '../../src/delivery/http-sender.js';
import {
  createThreadedHttpSender,
  SEND_THREAD_LOST_CODE,
  SENDER_STOPPED_CODE,
  type ThreadedHttpSender,
} from '../../src/delivery/send-thread.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

// What only the threaded sender does; the exchanges themselves are in http-sender.test.ts, for both senders.
let receiver: Receiver | undefined;
let sender: HttpSender | undefined;
afterEach(async () => {
  await sender?.destroy();
  await receiver?.close();
  sender = receiver = undefined;
});

const OPTIONS = { allowPrivateNetworks: true, userAgent: 'carehooks-test/1.0', totalTimeoutMs: 10_000 };

const post = (url: string, headers: Record<string, string> = {}) =>
  sender!.send({ url: new URL(url), headers, body: Buffer.from(`{"to":"${url}"}`) });

describe('threaded http sender', () => {
  it('answers each send of one batch with its own exchange', async () => {
    const statuses = [200, 201, 500, 404];
    receiver = await startReceiver((req) => ({
      status: statuses[Number(req.url!.split('/')[2]) % 4]!,
      body: req.url!,
    }));
    sender = createThreadedHttpSender(OPTIONS);
    const paths = Array.from({ length: 40 }, (_, i) => `/n/${i}`);
    // Sent in one turn: they cross to the thread as one message.
    const results = await Promise.all(paths.map((path) => post(receiver!.url + path)));

    expect(results.map((r) => [r.status, r.responseBody])).toEqual(
      paths.map((path, i) => [statuses[i % 4], path]),
    );
    expect(receiver.requests.map((r) => r.body.toString()).sort()).toEqual(
      paths.map((path) => `{"to":"${receiver!.url}${path}"}`).sort(),
    );
  });

  it('on destroy, answers a send still in flight with its error and refuses new ones', async () => {
    receiver = await startReceiver(() => 'hang');
    sender = createThreadedHttpSender(OPTIONS);
    const hung = post(`${receiver.url}/hang`);
    await receiver.waitFor(1);
    await sender.destroy();

    const result = await hung;
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error?.code).toMatch(/^UND_ERR/);
    expect(await post(`${receiver.url}/late`)).toMatchObject({
      ok: false,
      error: { code: SENDER_STOPPED_CODE },
    });
  });

  it('is ready once its thread has loaded, or has failed to', async () => {
    sender = createThreadedHttpSender(OPTIONS);
    await (sender as ThreadedHttpSender).ready;
    const broken = createThreadedHttpSender(
      OPTIONS,
      new URL(`data:text/javascript,${encodeURIComponent('throw new Error("cannot load");')}`),
    );
    await broken.ready;
    expect(
      await broken.send({ url: new URL('http://127.0.0.1:9/'), headers: {}, body: Buffer.from('{}') }),
    ).toMatchObject({ ok: false, error: { code: SEND_THREAD_LOST_CODE } });
    await broken.destroy();
  });

  it('answers the sends of a thread that died with an error, and starts another for the next', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    // The real thread, but one that dies on a batch carrying an x-crash header. The real module is loaded
    // first, so that its listener is there for the first batch.
    const real = new URL('../../dist/delivery/send-thread-entry.js', import.meta.url).href;
    const crashing = `import { parentPort } from 'node:worker_threads';
      import ${JSON.stringify(real)};
      parentPort.on('message', (m) => { if (m.kind === 'send' && m.sends.some((s) => s[2]['x-crash'])) process.exit(3); });`;
    sender = createThreadedHttpSender(
      OPTIONS,
      new URL(`data:text/javascript,${encodeURIComponent(crashing)}`),
    );

    expect((await post(`${receiver.url}/before`)).status).toBe(200);
    const lost = await post(`${receiver.url}/crash`, { 'x-crash': '1' });
    expect(lost).toMatchObject({ ok: false, status: null, error: { code: SEND_THREAD_LOST_CODE } });
    expect(lost.error?.message).toContain('code 3');
    expect((await post(`${receiver.url}/after`)).status).toBe(200);
    expect(receiver.requests.map((r) => r.path)).toContain('/after');
  });
});
