/** Which database a store runs on, and the few column types that differ between the two. */
import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * How SQLite statements bind a LIMIT: `limit +?`, never `limit ?`. SQLite (3.53) reads the value of a LIMIT that
 * is a bare parameter when it plans, so binding one expires the prepared statement and every run compiles it
 * again (a primary-key lookup with limit 1: 5.2 µs instead of 1.8; the claim's due walks 100-220 µs more per
 * claim); as an expression the LIMIT is read at run time, with the same plan. Kysely's SQLite compiler writes
 * it so (group-commit.ts); raw statements use SQLITE_BOUND_LIMIT.
 */
export const SQLITE_LIMIT_PREFIX = 'limit +';
export const SQLITE_BOUND_LIMIT = `${SQLITE_LIMIT_PREFIX}?`;

export type StoreConfig =
  | {
      kind: 'sqlite';
      file: string;
      /** Largest the database may grow to (SQLite's max_page_count); beyond it writes fail as SQLITE_FULL. */
      maxBytes?: number;
    }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** How long opening a connection may take before the work waiting for it fails (default 10 s). */
      connectTimeoutMs?: number;
    };

/** Adds an auto-incrementing integer primary key named `id`, spelled for the dialect. */
export function withId<T extends string>(
  dialect: DialectName,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/** Foreign keys and timestamps: bigint on PostgreSQL, integer affinity on SQLite. */
export const bigint = 'bigint' as const;

export type ColumnBuilder = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
