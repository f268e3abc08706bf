/**
 * Stopping `carehooks serve` (SIGTERM) while a client holds a request open (a body that never completes)
 * and a delivery is in flight to a receiver that never answers: the process exits 0 within the grace
 * period instead of waiting out the request timeout (here two minutes, longer than this test may run),
 * the held request is answered (503 when it arrived as the stop began) or cut off, and the delivery it
 * could not finish is handed back, so the next process on the same data sends it again.
 *
 * The client reads what it is sent: a socket left paused never sees the end of an answered request, which
 * is what made an earlier version of this test wait forever after the server had long exited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CREATE_CLIENT, CREATE_WEBHOOK, graphql } from '../faults/support/load.js';
import { crash, deliveryIdOf, spawnServe, type CliProcess } from '../engine/helpers.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const processes: CliProcess[] = [];
let dir: string | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  for (const started of processes.splice(0)) if (started.child.exitCode === null) await crash(started);
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = receiver = undefined;
});

const env = {
  CAREHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
  CAREHOOKS_REQUEST_TIMEOUT: '120s',
  // The receiver's hold must outlast the stop: the send is handed back, not failed by its own timeout.
  CAREHOOKS_SEND_TIMEOUT: '50s',
  CAREHOOKS_STOP_TIMEOUT: '1s',
};

/** Started with room to spare: under a full suite on two cores, a start can take well over 20 s. */
function serve(data: string): CliProcess {
  const started = spawnServe(['--data', data], env, { startTimeoutMs: 90_000 });
  processes.push(started);
  return started;
}

/** Sends headers and the start of a body that never arrives in full; resolves with all it was sent once closed. */
async function holdRequest(url: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.write(
    'POST /graphql HTTP/1.1\r\nHost: carehooks\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
  );
  return { socket, closed };
}

it('exits 0 on SIGTERM with a request held open and hands back the delivery in flight', async () => {
  dir = mkdtempSync(join(tmpdir(), 'carehooks-shutdown-'));
  let answering = false;
  receiver = await startReceiver(() => (answering ? { status: 200 } : 'hang'));
  const first = serve(dir);
  const { url, apiKey } = await first.ready;
  const subscribed = await graphql(
    url!,
    apiKey!,
    CREATE_WEBHOOK,
    {
      input: { url: `${receiver.url}/hook`, webhook_events: [{ event_type: 'patient.created' }] },
    },
    60_000,
  );
  expect(subscribed.status, subscribed.text).toBe(200);
  const created = await graphql(
    url!,
    apiKey!,
    CREATE_CLIENT,
    {
      input: { first_name: 'Ada', last_name: 'Held', email: 'ada.held@example.com' },
    },
    60_000,
  );
  expect(created.text).toContain('"id"');
  const [inFlight] = await receiver.waitFor(1, 60_000);

  const held = await holdRequest(url!);
  first.child.kill('SIGTERM');
  expect(await first.exited, first.output()).toBe(0);
  // Cut off (nothing sent) or refused while closing; never left open, never served.
  expect(await held.closed).toMatch(/^(HTTP\/1\.1 503 [^]*)?$/);

  answering = true;
  const second = serve(dir);
  await second.ready;
  const [, again] = await receiver.waitFor(2, 60_000);
  expect(deliveryIdOf(again!)).toBe(deliveryIdOf(inFlight!));
}, 300_000);
