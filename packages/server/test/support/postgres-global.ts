/**
 * Vitest global setup: one throwaway PostgreSQL server for the whole run, unless DATABASE_URL is given.
 * Each test file then creates its own database on it (see dialects.ts), so files run in parallel.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

const HOW_TO_GET_ONE =
  'Set DATABASE_URL to a PostgreSQL server the tests may create databases on, or install PostgreSQL ' +
  "(Debian: 'apt-get install postgresql'; its binaries live in /usr/lib/postgresql/<version>/bin). " +
  'The suite does not skip the PostgreSQL half.';

export function findPgBin(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(join(root, version, 'bin'));
    }
  }
  for (const dir of candidates)
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status === 0 && path) return join(path, '..');
  throw new Error(`No PostgreSQL server binaries (initdb, pg_ctl) found. ${HOW_TO_GET_ONE}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no TCP address')),
      );
    });
  });
}

/** initdb refuses to run as root; run the server as the postgres (or nobody) account instead. */
export function runAs(): { user: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (id.status === 0) return { user, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('Running as root with no postgres or nobody account to run PostgreSQL as.');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('postgresUrl', process.env.DATABASE_URL);
    return async () => {};
  }
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'carehooks-pg-'));
  const account = runAs();
  if (account) chownSync(dir, account.uid, account.gid);
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    const [file, argv] = account ? ['runuser', ['-u', account.user, '--', full, ...args]] : [full, args];
    return execFileSync(file, argv, { stdio: 'pipe', encoding: 'utf8' });
  };
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    // Tests trade durability for speed; the bench (CAREHOOKS_PG_DURABLE=1) measures a server as deployed.
    const durability =
      process.env.CAREHOOKS_PG_DURABLE === '1'
        ? []
        : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      ...durability,
      '-c max_connections=300',
    ].join(' ');
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error);
    throw new Error(`Could not start a throwaway PostgreSQL server: ${detail}\n${HOW_TO_GET_ONE}`);
  }
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
