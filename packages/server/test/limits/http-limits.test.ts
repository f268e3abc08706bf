/**
 * Issue #12 item 1: the HTTP server's own limits, against a real server over real sockets: the per-key
 * rate limit, the request timeout that cuts off a body trickled in a byte at a time, and the connection
 * cap. The store plays no part here, so these run on SQLite only.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function socketTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(received));
  });
}

/** One keep-alive request on an open socket; resolves with the whole response once it has arrived. */
function request(socket: Socket, host: string): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString();
      const end = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received)?.[1];
      if (end === -1 || length === undefined || received.length < end + 4 + Number(length)) return;
      socket.off('data', onData);
      resolve(received);
    };
    socket.on('data', onData);
    socket.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe('rate limit', () => {
  it('answers 429 with Retry-After once a key used up its window, per key, never for /healthz', async () => {
    server = await startTestServer(sqliteDialect, { role: 'api', rateLimit: 3, rateLimitWindowMs: '1h' });
    for (let i = 0; i < 3; i++) {
      expect((await server.graphql('{ currentUser { id } }')).status).toBe(200);
    }
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${server.org.apiKey}`,
        authorizationsource: 'API',
      },
      body: JSON.stringify({ query: '{ currentUser { id } }' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/Too many requests: at most 3 per 3600000 ms/),
          extensions: { code: 'RATE_LIMITED', limit: 3, window_ms: 3_600_000 },
        },
      ],
    });

    const other = await server.createOrg('Other Practice');
    expect((await server.graphql('{ currentUser { id } }', {}, other.apiKey)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('is off with CAREHOOKS_RATE_LIMIT=0', async () => {
    server = await startTestServer(sqliteDialect, { role: 'api', rateLimit: 0 });
    for (let i = 0; i < 5; i++) {
      expect((await server.graphql('{ currentUser { id } }')).status).toBe(200);
    }
  });
});

describe('timeouts and connections', () => {
  it('cuts off a request whose body trickles in a byte at a time', async () => {
    server = await startTestServer(sqliteDialect, {
      role: 'api',
      requestTimeoutMs: '1s',
      headersTimeoutMs: '500ms',
    });
    const socket = await socketTo(server.url);
    const closed = untilClosed(socket);
    const body = JSON.stringify({ query: `{ currentUser { id } }`, padding: 'x'.repeat(1_000) });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Authorization: Basic ${server.org.apiKey}\r\nAuthorizationSource: API\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    let sent = 0;
    let open = true;
    void closed.then(() => (open = false));
    // One byte every 200 ms would take minutes; the server must end it long before.
    while (open && sent < body.length) {
      socket.write(body[sent++]!);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const received = await closed;
    expect(sent).toBeLessThan(body.length);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a request whose headers never end', async () => {
    server = await startTestServer(sqliteDialect, {
      role: 'api',
      requestTimeoutMs: '1s',
      headersTimeoutMs: '500ms',
    });
    const socket = await socketTo(server.url);
    const closed = untilClosed(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    const timer = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    const received = await closed.finally(() => clearInterval(timer));
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes connections beyond the cap while the open ones keep working', async () => {
    server = await startTestServer(sqliteDialect, { role: 'api', maxConnections: 2 });
    const host = new URL(server.url).host;
    const first = await socketTo(server.url);
    const second = await socketTo(server.url);
    // Both are served (so the server has counted them) before the third arrives.
    expect(await request(first, host)).toMatch(/^HTTP\/1\.1 200/);
    expect(await request(second, host)).toMatch(/^HTTP\/1\.1 200/);

    const third = await socketTo(server.url);
    const closed = untilClosed(third);
    third.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(await closed).toBe('');

    expect(await request(first, host)).toMatch(/^HTTP\/1\.1 200/);
    first.destroy();
    second.destroy();
  });
});
