/**
 * A PostgreSQL server for `--postgres`: DATABASE_URL when set, otherwise the throwaway server the test suite
 * starts (packages/server/test/support/postgres-global.ts), imported here by transpiling it with the
 * project's own TypeScript compiler, so its logic lives in one place.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import ts from 'typescript';

const GLOBAL_SETUP = fileURLToPath(
  new URL('../packages/server/test/support/postgres-global.ts', import.meta.url),
);

/** Returns `{ url, stop }`; `url` names the server's `postgres` database. */
export async function startPostgres() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const source = await readFile(GLOBAL_SETUP, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const { default: setup } = await import(
    `data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`
  );
  let url = '';
  // With fsync and synchronous commits on, as a deployed server runs (the tests turn them off for speed).
  process.env.CAREHOOKS_PG_DURABLE = '1';
  const stop = await setup({ provide: (_key, value) => (url = value) });
  return { url, stop };
}

/** A fresh database on the server for one phase; returns its URL. */
export async function freshDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
