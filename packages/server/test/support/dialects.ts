/**
 * Runs a suite on both stores: a real SQLite file in a temporary folder and a fresh database on the
 * run's PostgreSQL server (started by postgres-global.ts). Each call gives a store nobody else uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { StoreConfig } from '../../src/store/dialect.js';

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** A new, empty store configuration; dropped or deleted by the returned cleanup. */
  freshConfig(): Promise<{ config: StoreConfig; cleanup: () => Promise<void> }>;
}

let counter = 0;

export const sqliteDialect: TestDialect = {
  name: 'sqlite',
  async freshConfig() {
    const dir = mkdtempSync(join(tmpdir(), 'carehooks-test-'));
    return {
      config: { kind: 'sqlite', file: join(dir, 'carehooks.db') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresDialect: TestDialect = {
  name: 'postgres',
  async freshConfig() {
    const base = inject('postgresUrl');
    const name = `carehooks_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      config: { kind: 'postgres', url: url.toString() },
      cleanup: async () => {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        try {
          await client.query(`drop database if exists ${name} with (force)`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

export const dialects: readonly TestDialect[] = [sqliteDialect, postgresDialect];

/**
 * CAREHOOKS_SECRET_KEY for servers on PostgreSQL, which need one (the embedded store makes its own key
 * file). Fixed, so every process of a test shares it.
 */
export const testSecretKey = Buffer.alloc(32, 7).toString('base64');
