/**
 * Failures of the store itself (store-errors.ts), which the API answers 503 instead of as internal errors:
 * an embedded store capped with `maxBytes` fails writes with SQLITE_FULL, the unit that hit it leaves
 * nothing behind, and writes succeed again once rows are deleted; a PostgreSQL server that cannot be reached,
 * or that accepts connections and never answers, fails the work with a connection error instead of holding
 * it. Errors of the request's own making are not store failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { storeFailure } from '../../src/store/store-errors.js';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { freePort } from '../support/postgres-global.js';
import { postgresDialect } from '../support/dialects.js';

let stores: Store[] = [];
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const store of stores) await store.close();
  for (const cleanup of cleanups) await cleanup();
  stores = [];
  cleanups = [];
});

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

describe('an embedded store capped with maxBytes', () => {
  it('fails a write with STORE_FULL, keeps nothing of that unit, and takes writes again once rows go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carehooks-cap-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'carehooks.db');
    const migrated = await openStore({ kind: 'sqlite', file });
    await sql`create table ballast (unit integer not null, bytes blob not null)`.execute(migrated.db);
    const size = await sql<{ bytes: number }>`
      select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(
      migrated.db,
    );
    await migrated.close();
    const store = await openStore(
      { kind: 'sqlite', file, maxBytes: size.rows[0]!.bytes + 64 * 1024 },
      { migrate: false },
    );
    stores.push(store);

    // Each unit writes two rows of 4 KB; one of them eventually runs out of room half way.
    const fill = (unit: number) =>
      runUnitOfWork(store, async (uow) => {
        for (let i = 0; i < 2; i++)
          await sql`insert into ballast (unit, bytes) values (${unit}, randomblob(4096))`.execute(uow.db);
      });
    let unit = 0;
    let error: unknown;
    while (error === undefined && unit < 100)
      error = await fill(++unit).then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error, 'the cap was reached').toBeDefined();
    expect(storeFailure(error)).toMatchObject({
      code: 'STORE_FULL',
      detail: expect.stringMatching(/^SQLITE_FULL/),
    });
    expect(storeFailure(error)!.message).toMatch(/full; nothing of this request was saved/);
    const rows = (unitNumber: number) =>
      sql<{ n: number }>`select count(*) as n from ballast where unit = ${unitNumber}`.execute(store.db);
    expect((await rows(unit)).rows[0]!.n, 'rows of the unit that failed').toBe(0);
    expect((await rows(unit - 1)).rows[0]!.n, 'rows of the unit before it').toBe(2);

    await runUnitOfWork(
      store,
      async (uow) => void (await sql`delete from ballast where unit <= 4`.execute(uow.db)),
    );
    await fill(1000);
    expect((await rows(1000)).rows[0]!.n).toBe(2);
  });
});

describe('a PostgreSQL store', () => {
  it('that cannot be reached fails with STORE_UNAVAILABLE', async () => {
    const port = await freePort();
    const store = await openStore(
      { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/none` },
      { migrate: false },
    );
    stores.push(store);
    const error = await failureOf(store.db.selectFrom('organizations').select('id').execute());
    expect(storeFailure(error)).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/unavailable; this request may not have been saved/),
      detail: expect.stringMatching(/^ECONNREFUSED/),
    });
  });

  it('that accepts connections but never answers fails with STORE_UNAVAILABLE after the connect timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as AddressInfo;
    const store = await openStore(
      { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/none`, connectTimeoutMs: 200 },
      { migrate: false },
    );
    stores.push(store);
    const error = await failureOf(store.db.selectFrom('organizations').select('id').execute());
    expect(sockets.size, 'the store did connect').toBe(1);
    expect(storeFailure(error)).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      detail: expect.stringMatching(/connection timeout/),
    });
  });

  it('does not count errors of the request as store failures', async () => {
    const fresh = await postgresDialect.freshConfig();
    cleanups.push(fresh.cleanup);
    const store = await openStore(fresh.config, { migrate: false });
    stores.push(store);
    const syntax = await failureOf(sql`select nonsense from nowhere`.execute(store.db));
    expect(storeFailure(syntax)).toBeNull();
    expect(storeFailure(new Error('boom', { cause: new Error('deeper') }))).toBeNull();
  });
});
