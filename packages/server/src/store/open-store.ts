/** Opens the store on SQLite (embedded default) or PostgreSQL and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { DialectName, StoreConfig } from './dialect.js';
import { applyDerivedSchema, migrations, type DerivedSchema } from './migrations/index.js';
import type { Database } from './schema.js';

export type { DerivedSchema } from './migrations/index.js';

export interface StoreOptions {
  /** Bring the schema up to date on opening (default true). */
  migrate?: boolean;
  /** The step after the numbered migrations whose tables come from outside the store (the registry's). */
  derivedSchema?: DerivedSchema;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /**
   * Brings the schema up to date, numbered migrations then the derived step; safe to call from several
   * processes at once. Answers what it applied: migration names, and `name@fingerprint` for the step.
   */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/** int8 and numeric come back from pg as strings; our ids and timestamps fit a double exactly. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === (pg.types.builtins.INT8 as number)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Distinct SQL texts kept prepared; IN lists of varying length make some texts one-offs. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every statement on every call; compiling the SQL again costs more than
 * running most of ours. Statements are reused by SQL text instead. Sharing one is safe: the driver runs a
 * single statement at a time on its one connection, and SQLite re-prepares a statement whose schema changed.
 */
function cachePreparedStatements(database: SQLite.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SQLite.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      // Refresh its place so the statements in use every turn are never the ones evicted.
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as SQLite.Database['prepare'];
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  cachePreparedStatements(database);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(url: string, poolSize: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function openStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  const dialect: DialectName = config.kind;
  const db =
    config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, config.poolSize ?? 10);
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(migrations.map((m) => [m.name, { up: (k: Kysely<unknown>) => m.up(k, dialect) }])),
  };
  const store: Store = {
    db,
    dialect,
    async migrate() {
      const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`Migration ${failed} failed on ${dialect}: ${describe(error)}`, { cause: error });
      }
      const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      const step = options.derivedSchema;
      if (step && (await applyDerivedSchema(db, dialect, step)))
        applied.push(`${step.name}@${step.fingerprint}`);
      return applied;
    },
    close: () => db.destroy(),
  };
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
