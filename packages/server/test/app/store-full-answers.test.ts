/**
 * A full store is the store's failure, not the client's and not an internal error: once the embedded store
 * reaches CAREHOOKS_SQLITE_MAX_BYTES, a mutation is answered 503 with code STORE_FULL and our own words
 * (no SQLite text), logged in one warn line without a stack. The fault suite (test/faults) drives the same
 * through the real processes, with deliveries, and PostgreSQL going away.
 */
import { Writable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import type { Runtime } from '../../src/app/runtime.js';
import { sqliteDialect } from '../support/dialects.js';
import { createOrg, graphql, startRuntimeOn } from '../security/support.js';

const CREATE_CLIENT = `mutation ($input: createClientInput) {
  createClient(input: $input) { user { id } messages { field message } }
}`;

let runtime: Runtime | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await runtime?.stop();
  await cleanup?.();
  runtime = cleanup = undefined;
});

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

it('answers mutations on a full embedded store 503 STORE_FULL, logged at warn without a stack', async () => {
  const fresh = await sqliteDialect.freshConfig();
  cleanup = fresh.cleanup;
  if (fresh.config.kind !== 'sqlite') throw new Error('expected an embedded store');
  const file = fresh.config.file;
  const first = await startRuntimeOn(fresh.config, { role: 'api' });
  const org = await createOrg(first, 'Full');
  await first.stop();
  const db = new SQLite(file, { readonly: true });
  const bytes =
    (db.pragma('page_count', { simple: true }) as number) *
    (db.pragma('page_size', { simple: true }) as number);
  db.close();

  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  runtime = await startRuntimeOn(
    fresh.config,
    { role: 'api', logLevel: 'info', sqliteMaxBytes: bytes + 64 * 1024 },
    createLogger('info', sink),
  );
  let answer: Awaited<ReturnType<typeof graphql>> | undefined;
  for (let i = 0; i < 2000; i++) {
    answer = await graphql(runtime.url!, org.apiKey, CREATE_CLIENT, {
      input: { first_name: 'Ada', last_name: `Full${i}`, email: `full${i}@example.com` },
    });
    if (answer.status !== 200) break;
  }
  expect(answer!.status).toBe(503);
  const [error, ...others] = answer!.errors!;
  expect(others).toEqual([]);
  const requestId = error!.extensions!.request_id as string;
  expect(error).toMatchObject({
    message: 'The database is full; nothing of this request was saved. Try again once space has been freed.',
    extensions: { code: 'STORE_FULL', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
  });
  expect(JSON.stringify(answer)).not.toMatch(/sqlite|SQLITE_FULL/i);

  const logged = lines.filter((line) => line.reqId === requestId);
  expect(logged).toEqual([expect.objectContaining({ level: 40, code: 'STORE_FULL', msg: error!.message })]);
  expect(String(logged[0]!.cause)).toMatch(/^SQLITE_FULL/);
  expect(JSON.stringify(logged)).not.toMatch(/"stack"| {4}at /);
});
