/**
 * A recording HTTP receiver on 127.0.0.1 for tests: it answers webhook POSTs as told and keeps what it got.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as sent on the request line. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Date.now() when the body had been read. */
  at: number;
  /** The client's port, which identifies the TCP connection the request came on. */
  remotePort: number;
}

export interface ReceiverResponse {
  status: number;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}

/** 'hang' never answers, for timeout tests. */
export type ReceiverHandler = (
  req: IncomingMessage,
  body: Buffer,
) => ReceiverResponse | 'hang' | Promise<ReceiverResponse | 'hang'>;

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Resolves once `n` requests have arrived; rejects after `timeoutMs` saying how many did. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Stops listening and destroys every connection, hanging ones included. */
  close(): Promise<void>;
}

export async function startReceiver(
  handler: ReceiverHandler = () => ({ status: 200, body: 'ok' }),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let connections = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now(),
        remotePort: req.socket.remotePort ?? 0,
      });
      for (const wake of waiters) wake();

      Promise.resolve(handler(req, body)).then(
        (response) => {
          if (response === 'hang') return;
          res.writeHead(response.status, response.headers);
          res.end(response.body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`receiver handler failed: ${String(error)}`);
        },
      );
    });
  });
  server.on('connection', () => connections++);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(requests);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`receiver got ${requests.length} of ${n} expected requests within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
