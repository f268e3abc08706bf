/**
 * A PostgreSQL server of the scenario's own, which it may stop and start at will without disturbing the
 * other test files (they share the run's server from postgres-global.ts). Same binaries and settings.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPgBin, freePort, runAs } from '../../support/postgres-global.js';

const exec = promisify(execFile);

export interface PrivatePostgres {
  /** URL of the `postgres` database, which the scenario's servers use. */
  url: string;
  /** Stops the server: `fast` ends sessions cleanly, `immediate` as a crash would. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its files. */
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'carehooks-fault-pg-'));
  const account = runAs();
  if (account) chownSync(dir, account.uid, account.gid);
  const run = async (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    const [file, argv] = account ? ['runuser', ['-u', account.user, '--', full, ...args]] : [full, args];
    await exec(file, argv, { encoding: 'utf8' });
  };
  const data = join(dir, 'data');
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=100',
  ].join(' ');
  let running = false;
  const start = async () => {
    await run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  try {
    await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start the scenario's PostgreSQL server: ${String(error)}`, { cause: error });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async destroy() {
      try {
        if (running) await stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
