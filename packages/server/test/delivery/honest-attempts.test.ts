/**
 * The attempt log tells the truth about broken exchanges. Raw `node:net` receivers on loopback answer in
 * ways an HTTP server library would not: a 200 cut short, a reset after the headers, a body trickling past
 * the send timeout, bytes that are not HTTP, a refused connection, a body past the read bound, a redirect.
 * Each attempt must be a failure in `sentWebhooks(failed: true)`, `sentWebhooksCount` and
 * `sentWebhookBuckets`, keep the status that arrived, name the reason in `error`, and leave its delivery
 * waiting for a retry. On both stores, with a real server runtime.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/app/config.js';
import { MAX_RESPONSE_READ_BYTES } from '../../src/delivery/http-sender.js';
import { dialects, type TestDialect } from '../support/dialects.js';
import { startTestServer } from '../support/server.js';
import { emitPatientsCreated, eventually, insertWebhook } from '../engine/helpers.js';

const FAST: Partial<Record<keyof ServerConfig, unknown>> = {
  pollIntervalMs: '50ms',
  connectTimeoutMs: '1s',
  sendTimeoutMs: '1s',
  leaseMs: '5s',
  stopTimeoutMs: '200ms',
  // One retry, far away: the first attempt is the only one the test sees, and its delivery waits.
  retrySchedule: '10m',
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/** What a raw receiver does once a whole request has arrived on the socket. */
type RawAnswer = (socket: Socket) => void;

/** A TCP server that reads each HTTP request whole (headers and content-length body), then runs `answer`. */
async function startRawReceiver(answer: RawAnswer): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headerEnd = received.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, headerEnd).toString('latin1'));
      if (received.length < headerEnd + 4 + Number(length?.[1] ?? 0)) return;
      received = Buffer.alloc(0);
      answer(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nobody listens on: bound, then let go. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks`;
}

const HEAD_200_OF_1000 = 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\n';

interface Scenario {
  name: string;
  receiver: RawAnswer | 'refused';
  status: string | null;
  error: string | null;
  detail: RegExp | null;
}

const scenarios: Scenario[] = [
  {
    name: 'a 200 announcing 1000 bytes that sends 7 and drops the connection',
    receiver: (socket) => socket.write(`${HEAD_200_OF_1000}partial`, () => socket.destroy()),
    status: '200',
    error: 'truncated_response',
    detail: /^UND_ERR_SOCKET: /,
  },
  {
    name: 'a reset right after the headers of a 200',
    receiver: (socket) => {
      socket.write(HEAD_200_OF_1000, () => setTimeout(() => socket.resetAndDestroy(), 20));
    },
    status: '200',
    error: 'connection_reset',
    detail: /^ECONNRESET: /,
  },
  {
    name: 'a 200 whose body trickles in past the send timeout',
    receiver: (socket) => {
      socket.write(HEAD_200_OF_1000);
      const trickle = setInterval(() => socket.write('.'), 100);
      socket.on('close', () => clearInterval(trickle));
    },
    status: '200',
    error: 'timeout',
    detail: /^CAREHOOKS_TIMEOUT: No complete response .* within 1000 ms$/,
  },
  {
    name: 'bytes that are not HTTP',
    receiver: (socket) => socket.end('\u0000\u0001 this is not HTTP at all\r\n\r\n'),
    status: null,
    error: 'invalid_response',
    detail: /^CAREHOOKS_INVALID_RESPONSE: /,
  },
  {
    name: 'a refused connection',
    receiver: 'refused',
    status: null,
    error: 'connection_refused',
    detail: /^ECONNREFUSED: /,
  },
  {
    name: 'a 200 whose body runs past the read bound',
    receiver: (socket) => {
      const size = MAX_RESPONSE_READ_BYTES * 2;
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${size}\r\n\r\n`);
      socket.write(Buffer.alloc(size, 'x'));
    },
    status: '200',
    error: 'response_too_large',
    detail: /^CAREHOOKS_RESPONSE_TOO_LARGE: /,
  },
  {
    // Redirects are not followed; the receiver's complete answer is the whole story, so error stays null.
    name: 'a complete 301 redirect',
    receiver: (socket) =>
      socket.write('HTTP/1.1 301 Moved Permanently\r\nlocation: /elsewhere\r\ncontent-length: 0\r\n\r\n'),
    status: '301',
    error: null,
    detail: null,
  },
];

interface SentWebhookRow {
  id: string;
  http_response_status: string | null;
  error: string | null;
  error_detail: string | null;
  delivery_state: string | null;
  next_attempt_at: string | null;
}

async function setUp(dialect: TestDialect, receiver: Scenario['receiver']) {
  let url: string;
  if (receiver === 'refused') {
    url = await closedPortUrl();
  } else {
    const raw = await startRawReceiver(receiver);
    cleanups.push(() => raw.close());
    url = raw.url;
  }
  const server = await startTestServer(dialect, FAST);
  // The server stops before the receiver closes: its stop waits briefly for sends in flight.
  cleanups.unshift(() => server.close());
  const { store } = server.runtime.services;
  await insertWebhook(store, { organizationId: server.org.organizationId, url });
  return { server, store };
}

describe.each(dialects)('honest attempt log on $name', (dialect) => {
  it.each(scenarios)('records $name as a failed attempt', async ({ receiver, status, error, detail }) => {
    const { server, store } = await setUp(dialect, receiver);
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    await emitPatientsCreated(server.runtime.services, server.org.organizationId, 1);

    const delivery = await eventually('the first attempt to be recorded', async () => {
      const row = await store.db.selectFrom('deliveries').selectAll().executeTakeFirst();
      return row?.state === 'pending' && row.attempts === 1 ? row : undefined;
    });
    // Scheduled for its retry, not delivered and not given up.
    expect(delivery.next_attempt_at).toBeGreaterThan(Date.now() + 60_000);

    const { data, errors } = await server.graphql<{
      failed: SentWebhookRow[];
      succeeded: SentWebhookRow[];
      failedCount: number;
      succeededCount: number;
      buckets: Array<{ attempts: number; succeeded: number }>;
    }>(
      `query ($after: ISO8601DateTime!) {
        failed: sentWebhooks(failed: true) {
          id http_response_status error error_detail delivery_state next_attempt_at
        }
        succeeded: sentWebhooks(failed: false) { id }
        failedCount: sentWebhooksCount(failed: true)
        succeededCount: sentWebhooksCount(failed: false)
        buckets: sentWebhookBuckets(sent_after: $after, bucket_seconds: 3600) { attempts succeeded }
      }`,
      { after: startedAt },
    );
    expect(errors).toBeUndefined();
    expect(data!.failed).toHaveLength(1);
    const [attempt] = data!.failed;
    expect(attempt).toMatchObject({
      http_response_status: status,
      error,
      delivery_state: 'pending',
    });
    if (detail) expect(attempt!.error_detail).toMatch(detail);
    else expect(attempt!.error_detail).toBeNull();
    expect(attempt!.next_attempt_at).not.toBeNull();
    expect(data!.succeeded).toEqual([]);
    expect([data!.failedCount, data!.succeededCount]).toEqual([1, 0]);
    expect(data!.buckets).toEqual([{ attempts: 1, succeeded: 0 }]);

    // The delivery row and the attempt agree on the outcome.
    expect(delivery.last_status).toBe(status === null ? null : Number(status));
    if (error) expect(delivery.last_error).toMatch(new RegExp(`^${error} \\(`));
    else expect(delivery.last_error).toBeNull();
  });
});
