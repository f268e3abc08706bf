/** Opens the store on SQLite (embedded default) or PostgreSQL and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { SecretKeyring } from '../core/sealed-secrets.js';
import type { DialectName, StoreConfig } from './dialect.js';
import { groupCommitDialect } from './group-commit.js';
import { applyDerivedSchema, migrations, type DerivedSchema } from './migrations/index.js';
import type { Database } from './schema.js';
import { useNamedStatements } from './prepared-statements.js';
import { secureStoredSecrets } from './sealed-webhook-secrets.js';
import { keyFileFor, keyFileKeyring } from './secret-key-file.js';

export type { DerivedSchema } from './migrations/index.js';

export interface StoreOptions {
  /** Bring the schema up to date on opening (default true). */
  migrate?: boolean;
  /** The step after the numbered migrations whose tables come from outside the store (the registry's). */
  derivedSchema?: DerivedSchema;
  /**
   * Seals and unseals the webhook signing secrets. Default: on SQLite the key file beside the database
   * (created on first open), on PostgreSQL none (the store can then neither seal nor unseal).
   */
  secrets?: SecretKeyring;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The keys of the webhook signing secrets stored here (see sealed-webhook-secrets.ts). */
  readonly secrets: SecretKeyring;
  /**
   * Brings the schema up to date, numbered migrations then the derived step; safe to call from several
   * processes at once. Answers what it applied: migration names, and `name@fingerprint` for the step.
   * Then checks that the keyring unseals every stored secret and seals any still in plaintext.
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

function openSqlite(file: string, maxBytes: number | undefined): Kysely<Database> {
  // Reads run on a second connection to the same file, which a memory database cannot have.
  if (file === ':memory:')
    throw new Error('The embedded store needs a file: a memory database cannot be shared');
  mkdirSync(dirname(file), { recursive: true });
  const writer = new SQLite(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.pragma('busy_timeout = 5000');
  writer.pragma('foreign_keys = ON');
  if (maxBytes !== undefined) {
    // A cap on the pages the writer may use; SQLite never lowers it below the file's current size.
    const pageSize = writer.pragma('page_size', { simple: true }) as number;
    writer.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / pageSize))}`);
  }
  const reader = new SQLite(file);
  reader.pragma('busy_timeout = 5000');
  // A write slipping onto the reading connection would bypass the group commit: SQLite refuses it.
  reader.pragma('query_only = ON');
  return new Kysely<Database>({ dialect: groupCommitDialect(writer, reader) });
}

/**
 * A database host that drops packets, or a server that accepts but never answers, would otherwise hold every
 * request waiting for a connection until the operating system gives up, minutes later.
 */
const CONNECT_TIMEOUT_MS = 10_000;

type PostgresConfig = Extract<StoreConfig, { kind: 'postgres' }>;

/** `settings` are session settings (`name: value`) every connection opens with. */
function openPostgres(config: PostgresConfig, settings: Record<string, string> = {}): Kysely<Database> {
  const options = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    connectionTimeoutMillis: config.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    types: pgTypes,
    ...(options === '' ? {} : { options }),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // The pool listens for a client's errors only while it is idle: a server that goes away (a restart, a
  // failover) while a client is checked out between statements would raise an unhandled 'error' and crash
  // the process. The work in progress fails on its own, and the pool drops the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    useNamedStatements(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * PostgreSQL: the store's database over connections of its own whose sessions carry `settings`, for a loop
 * whose every statement wants them (the dispatcher's claim planner settings); close it with `destroy()`.
 */
export function openPostgresSession(
  config: PostgresConfig,
  settings: Record<string, string>,
): Kysely<Database> {
  return openPostgres(config, settings);
}

export async function openStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  const dialect: DialectName = config.kind;
  const secrets = options.secrets ?? defaultKeyring(config);
  const db = config.kind === 'sqlite' ? openSqlite(config.file, config.maxBytes) : openPostgres(config);
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(migrations.map((m) => [m.name, { up: (k: Kysely<unknown>) => m.up(k, dialect) }])),
  };
  const store: Store = {
    db,
    dialect,
    secrets,
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
      await secureStoredSecrets(db, store.secrets);
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

function defaultKeyring(config: StoreConfig): SecretKeyring {
  if (config.kind === 'postgres') {
    return new SecretKeyring(null, {
      lockedReason: 'No secret key is configured for this PostgreSQL store: set CAREHOOKS_SECRET_KEY.',
    });
  }
  return keyFileKeyring(keyFileFor(config.file));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
