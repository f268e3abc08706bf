/**
 * Stopping `carehooks serve` lets requests in flight finish, but a client that keeps one open (a body
 * that never completes) is cut off after the grace period: the process exits cleanly instead of waiting
 * out the request timeout (here two minutes, longer than this test may run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { crash, spawnServe, type CliProcess } from '../engine/helpers.js';

let serve: CliProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (serve && serve.child.exitCode === null) await crash(serve);
  if (dir) rmSync(dir, { recursive: true, force: true });
  serve = dir = undefined;
});

it('exits on SIGTERM while a client holds a request open', async () => {
  dir = mkdtempSync(join(tmpdir(), 'carehooks-shutdown-'));
  serve = spawnServe(['--data', dir], { CAREHOOKS_REQUEST_TIMEOUT: '120s' });
  const { url } = await serve.ready;
  const { hostname, port } = new URL(url!);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  // Headers and the start of a body that never arrives in full.
  socket.write(
    'POST /graphql HTTP/1.1\r\nHost: carehooks\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
  );
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  serve.child.kill('SIGTERM');
  expect(await serve.exited, serve.output()).toBe(0);
  await closed;
}, 60_000);
