/**
 * The scenarios' loopback receiver: it checks every delivery's signature with @carehooks/receiver, as a real
 * integration would, and either accepts it (a clean 200, counted in the ledger) or misbehaves as told: it
 * resets the connection, truncates or trickles its answer, redirects, answers bytes that are not HTTP, or
 * answers 200 only after the sender's timeout. Only clean acceptances count as delivered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@carehooks/receiver';
import type { Ledger } from './ledger.js';

export const MISBEHAVIOURS = ['reset', 'truncate', 'trickle', 'redirect', 'garbage', 'late'] as const;
export type Misbehaviour = (typeof MISBEHAVIOURS)[number];

export interface FaultReceiver {
  /** The webhook URL to register. */
  url: string;
  /** The webhook's signing secret; set once the webhook exists. */
  secret: string;
  /** Misbehaviours to take turns with, one per request; empty to accept every delivery. */
  misbehave: readonly Misbehaviour[];
  /** Requests answered with each misbehaviour so far. */
  readonly misbehaved: Record<Misbehaviour, number>;
  /** Requests whose signature did not verify (answered 400); must stay 0. */
  readonly rejected: number;
  close(): Promise<void>;
}

export interface FaultReceiverOptions {
  /** How long a `late` 200 waits: past the server's send timeout (default 1.5 s, for a 1 s timeout). */
  lateMs?: number;
  /** How long an accepted delivery takes to answer, for a receiver slower than the events come. */
  acceptDelayMs?: number;
}

export async function startFaultReceiver(
  ledger: Ledger,
  options: FaultReceiverOptions = {},
): Promise<FaultReceiver> {
  const misbehaved = Object.fromEntries(MISBEHAVIOURS.map((m) => [m, 0])) as Record<Misbehaviour, number>;
  let turn = 0;
  let rejected = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, task: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, ms);
    timers.add(timer);
  };

  const misbehaveWith = (how: Misbehaviour, res: ServerResponse) => {
    misbehaved[how]++;
    const socket = res.socket!;
    switch (how) {
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'truncate':
        res.writeHead(200, { 'content-length': '1000', 'content-type': 'text/plain' });
        res.write('partial');
        later(20, () => socket.destroy());
        return;
      case 'trickle': {
        res.writeHead(200, { 'content-length': '1000', 'content-type': 'text/plain' });
        const drip = () => {
          if (socket.destroyed) return;
          res.write('.');
          later(200, drip);
        };
        drip();
        return;
      }
      case 'redirect':
        res.writeHead(307, { location: '/elsewhere' });
        res.end();
        return;
      case 'garbage':
        socket.end('\x00\x01 this is not HTTP \xff\r\n\r\n');
        return;
      case 'late':
        later(options.lateMs ?? 1500, () => {
          if (!socket.destroyed) res.writeHead(200).end('ok');
        });
        return;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    try {
      await verifySignature({
        method: req.method ?? 'POST',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        secret: receiver.secret,
      });
    } catch {
      rejected++;
      res.writeHead(400).end('bad signature');
      return;
    }
    const how = receiver.misbehave.length > 0 ? receiver.misbehave[turn++ % receiver.misbehave.length] : null;
    if (how) return misbehaveWith(how, res);
    const deliveryId = String(req.headers['x-carehooks-delivery'] ?? '');
    const { resource_id: resourceId } = JSON.parse(body.toString('utf8')) as { resource_id: unknown };
    const accept = () => {
      // Counted once the 200 is on its way, as a receiver that processed the event would.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok', () => ledger.accepted(deliveryId, String(resourceId)));
    };
    if (options.acceptDelayMs) later(options.acceptDelayMs, accept);
    else accept();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const receiver: FaultReceiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    secret: '',
    misbehave: [],
    misbehaved,
    get rejected() {
      return rejected;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return receiver;
}
