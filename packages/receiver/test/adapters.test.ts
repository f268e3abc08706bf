import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createNodeHandler,
  createWebHandler,
  DELIVERY_ID_HEADER,
  fastifyReceiver,
  type DeliveryInfo,
  type ReceiverOptions,
  type WebhookEvent,
} from '../src/index.js';
import { exampleBody, fetchHeaders, SECRET, signed, type SignedDelivery } from './support.js';

interface Reply {
  status: number;
  json: unknown;
}

/** One framework running the receiver at `/hooks`; `post` sends a request to a path of it. */
interface Target {
  post(path: string, init: { headers: Record<string, string>; body: string }): Promise<Reply>;
  close(): Promise<void>;
}

type Start = (options: ReceiverOptions) => Promise<Target>;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function overHttp(base: string, close: () => Promise<void>): Target {
  return {
    async post(path, { headers, body }) {
      const response = await fetch(base + path, { method: 'POST', headers: fetchHeaders(headers), body });
      return { status: response.status, json: await response.json() };
    },
    close,
  };
}

/** node:http and Express ignore a handler's return value; drop its promise as the README does. */
function unawaited<A extends unknown[]>(handler: (...args: A) => Promise<void>): (...args: A) => void {
  return (...args) => void handler(...args);
}

function closeServer(server: Server): () => Promise<void> {
  return () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

const targets: [string, Start][] = [
  [
    'node:http',
    async (options) => {
      const server = createServer(unawaited(createNodeHandler(options)));
      return overHttp(await listen(server), closeServer(server));
    },
  ],
  [
    'Express with express.raw()',
    async (options) => {
      const app = express();
      app.post('/hooks', express.raw({ type: 'application/json' }), unawaited(createNodeHandler(options)));
      const server = createServer(app);
      return overHttp(await listen(server), closeServer(server));
    },
  ],
  [
    'Express router mounted under /hooks, reading the stream',
    async (options) => {
      const app = express();
      const router = express.Router();
      router.post('/', unawaited(createNodeHandler(options)));
      app.use('/hooks', router);
      const server = createServer(app);
      return overHttp(await listen(server), closeServer(server));
    },
  ],
  [
    'Fastify plugin',
    async (options) => {
      const app = Fastify();
      await app.register(fastifyReceiver, { ...options, path: '/hooks' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return overHttp(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, () => app.close());
    },
  ],
  [
    'web Request handler',
    async (options) => {
      const handler = createWebHandler(options);
      return {
        async post(path, { headers, body }) {
          const request = new Request(`https://receiver.example${path}`, { method: 'POST', headers, body });
          const response = await handler(request);
          return { status: response.status, json: await response.json() };
        },
        close: async () => undefined,
      };
    },
  ],
];

describe.each(targets)('%s', (_name, start) => {
  const received: { event: WebhookEvent; delivery: DeliveryInfo }[] = [];
  const handlerErrors: unknown[] = [];
  let failNext = false;
  const options = (extra: Partial<ReceiverOptions> = {}): ReceiverOptions => ({
    secret: SECRET,
    onEvent(event, delivery) {
      if (failNext) {
        failNext = false;
        throw new Error('database unavailable');
      }
      received.push({ event, delivery });
    },
    onError: (error) => handlerErrors.push(error),
    ...extra,
  });
  let plain: Target;
  let deduplicating: Target;
  let behindProxy: Target;

  beforeAll(async () => {
    plain = await start(options());
    deduplicating = await start(options({ dedup: true }));
    behindProxy = await start(options({ registeredUrl: 'https://public.example/api/hooks?tenant=7' }));
  });
  afterAll(async () => {
    await Promise.all([plain, deduplicating, behindProxy].map((target) => target.close()));
  });
  beforeEach(() => {
    received.length = 0;
    handlerErrors.length = 0;
    failNext = false;
  });

  const delivery = (eventType: 'patient.merged' | 'goal.created', id: string): SignedDelivery => {
    const { body, headers } = signed('http://127.0.0.1/hooks?tenant=7', exampleBody(eventType));
    return { body, headers: { ...headers, [DELIVERY_ID_HEADER]: id } };
  };

  it('hands over the typed event of a correctly signed POST', async () => {
    const reply = await plain.post('/hooks?tenant=7', delivery('patient.merged', 'd-1'));
    expect(reply).toEqual({ status: 200, json: { ok: true } });
    expect(received).toHaveLength(1);
    const [{ event, delivery: info }] = received as [(typeof received)[number]];
    expect(info.deliveryId).toBe('d-1');
    if (event.event_type !== 'patient.merged') throw new Error(`got ${event.event_type}`);
    expect(event.source_user_id).toBe('5678');
  });

  it('answers 400 with the code for a tampered body or a wrong secret, without calling the handler', async () => {
    const tampered = delivery('patient.merged', 'd-2');
    tampered.body = tampered.body.replace('5678', '9999');
    const reply = await plain.post('/hooks?tenant=7', tampered);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: { code: 'digest_mismatch' } });

    const forged = signed('http://127.0.0.1/hooks?tenant=7', exampleBody('goal.created'), 'not-the-secret');
    const forgedReply = await plain.post('/hooks?tenant=7', forged);
    expect(forgedReply.status).toBe(400);
    expect(forgedReply.json).toMatchObject({ error: { code: 'signature_mismatch' } });

    const unsigned = delivery('goal.created', 'd-3');
    delete unsigned.headers['Signature'];
    expect((await plain.post('/hooks?tenant=7', unsigned)).json).toMatchObject({
      error: { code: 'missing_header' },
    });
    expect(received).toHaveLength(0);
  });

  it('answers 400 for a signed body that is not a catalog event', async () => {
    const body = JSON.stringify({ ...JSON.parse(exampleBody('goal.created')), diagnosis: 'x' });
    const reply = await plain.post('/hooks?tenant=7', signed('http://127.0.0.1/hooks?tenant=7', body));
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({
      error: { code: 'invalid_payload', errors: ['unexpected field "diagnosis"'] },
    });
    expect(received).toHaveLength(0);
  });

  it('answers 500 when the handler throws, so the sender retries', async () => {
    failNext = true;
    const reply = await plain.post('/hooks?tenant=7', delivery('goal.created', 'd-4'));
    expect(reply.status).toBe(500);
    expect(reply.json).toMatchObject({ error: { code: 'handler_failed' } });
    expect(handlerErrors).toHaveLength(1);
  });

  it('passes a duplicate delivery id to the handler once, and a retry after a failure again', async () => {
    const first = delivery('goal.created', 'dup-1');
    expect((await deduplicating.post('/hooks?tenant=7', first)).json).toEqual({ ok: true });
    expect((await deduplicating.post('/hooks?tenant=7', first)).json).toEqual({ ok: true, duplicate: true });
    expect((await deduplicating.post('/hooks?tenant=7', delivery('goal.created', 'dup-2'))).status).toBe(200);
    expect(received.map((entry) => entry.delivery.deliveryId)).toEqual(['dup-1', 'dup-2']);

    failNext = true;
    const retried = delivery('patient.merged', 'dup-3');
    expect((await deduplicating.post('/hooks?tenant=7', retried)).status).toBe(500);
    expect((await deduplicating.post('/hooks?tenant=7', retried)).json).toEqual({ ok: true });
    expect(received.map((entry) => entry.delivery.deliveryId)).toEqual(['dup-1', 'dup-2', 'dup-3']);
  });

  it('verifies against the registered URL when a proxy stripped a path prefix', async () => {
    const { body, headers } = signed(
      'https://public.example/api/hooks?tenant=7',
      exampleBody('goal.created'),
    );
    const stripped = await plain.post('/hooks?tenant=7', { body, headers });
    expect(stripped.status).toBe(400);
    expect(stripped.json).toMatchObject({ error: { code: 'signature_mismatch' } });
    expect(JSON.stringify(stripped.json)).toContain('path \\"/hooks\\"');

    expect(await behindProxy.post('/hooks?tenant=7', { body, headers })).toEqual({
      status: 200,
      json: { ok: true },
    });
    expect(received).toHaveLength(1);
  });
});

describe('framework specifics', () => {
  it('Fastify: the rest of the app keeps its JSON parser', async () => {
    const app = Fastify();
    app.post('/json', async (request) => ({ parsed: request.body }));
    await app.register(fastifyReceiver, { prefix: '/hooks', secret: SECRET, onEvent: () => undefined });
    const response = await app.inject({ method: 'POST', url: '/json', payload: { a: 1 } });
    expect(response.json()).toEqual({ parsed: { a: 1 } });
    await app.close();
  });

  it('Express: a body already parsed by express.json() is refused with a hint', async () => {
    const app = express();
    app.post(
      '/hooks',
      express.json(),
      unawaited(createNodeHandler({ secret: SECRET, onEvent: () => undefined })),
    );
    const server = createServer(app);
    const target = overHttp(await listen(server), closeServer(server));
    const reply = await target.post('/hooks', signed('http://127.0.0.1/hooks', exampleBody('goal.created')));
    expect(reply.status).toBe(500);
    expect(reply.json).toMatchObject({ error: { code: 'raw_body_unavailable' } });
    expect(JSON.stringify(reply.json)).toContain('express.raw');
    await target.close();
  });

  it('node:http: other methods get 405, and bodies beyond maxBodyBytes 413', async () => {
    const server = createServer(
      unawaited(createNodeHandler({ secret: SECRET, onEvent: () => undefined, maxBodyBytes: 64 })),
    );
    const base = await listen(server);
    const get = await fetch(`${base}/hooks`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const big = await overHttp(base, closeServer(server)).post(
      '/hooks',
      signed(`${base}/hooks`, exampleBody('goal.created')),
    );
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'body_too_large' } } });
    await closeServer(server)();
  });
});
