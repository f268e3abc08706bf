/**
 * Derives the registry's tables from the declarations, after the numbered migrations: creates missing
 * tables and adds missing columns and indexes, never drops or alters anything (additive only). Every
 * table has `id`, `organization_id`, `created_at`, `updated_at` and an index on `organization_id`.
 * The store runs it as its recorded derived step (`registryTablesSchema`), under the store's schema lock
 * so several processes may start at once.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { bigint, withId, type DialectName } from '../store/dialect.js';
import { withSchemaLock, type DerivedSchema } from '../store/migrations/index.js';
import type { AnyField } from './fields.js';
import type { AnyResource } from './resource.js';

type ColumnType = 'text' | 'integer' | 'bigint' | 'real' | 'double precision';

export function columnType(f: AnyField, dialect: DialectName): ColumnType {
  switch (f.kind) {
    case 'int':
    case 'bool':
      return 'integer';
    case 'float':
      return dialect === 'postgres' ? 'double precision' : 'real';
    case 'ref':
    case 'foreignId':
      return bigint;
    default:
      return 'text';
  }
}

/** A constant default becomes the column default, so rows written before the column existed get it. */
function constantDefault(f: AnyField): string | number | undefined {
  const value: unknown = f.defaultValue;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

export interface TableChange {
  table: string;
  created: boolean;
  addedColumns: string[];
}

/** The store's derived step for these resources: its fingerprint changes with any table definition. */
export function registryTablesSchema(resources: readonly AnyResource[]): DerivedSchema {
  return {
    name: 'registry-tables',
    fingerprint: tablesFingerprint(resources),
    async apply(db, dialect) {
      await tablesOrFail(dialect, () => applyTables(db, dialect, resources));
    },
  };
}

/** Applies the tables on their own, in one transaction under the store's schema lock (not recorded). */
export async function syncRegistryTables(
  db: Kysely<unknown>,
  dialect: DialectName,
  resources: readonly AnyResource[],
): Promise<TableChange[]> {
  return tablesOrFail(dialect, () =>
    withSchemaLock(db, dialect, (conn) => applyTables(conn, dialect, resources)),
  );
}

async function tablesOrFail<T>(dialect: DialectName, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`Creating the resource tables failed on ${dialect}: ${String(error)}`, { cause: error });
  }
}

/** Declared columns beyond the base ones, with `deleted_at` for a soft-deleting resource. */
function wantedColumns(r: AnyResource): Array<[string, AnyField]> {
  const wanted = Object.entries(r.fields) as Array<[string, AnyField]>;
  if (r.softDelete) wanted.push(['deleted_at', { kind: 'int' } as AnyField]);
  return wanted;
}

function typeOf(name: string, f: AnyField, dialect: DialectName): ColumnType {
  return name === 'deleted_at' ? bigint : columnType(f, dialect);
}

/** `organization_id` and every ref column get an index. */
function indexedColumns(wanted: ReadonlyArray<[string, AnyField]>): string[] {
  return ['organization_id', ...wanted.filter(([, f]) => f.kind === 'ref').map(([name]) => name)];
}

/** A hash of everything `applyTables` derives from the declarations, on both dialects. */
function tablesFingerprint(resources: readonly AnyResource[]): string {
  const definitions = resources.map((r) => {
    const wanted = wantedColumns(r);
    return {
      table: r.table,
      columns: wanted.map(([name, f]) => [
        name,
        typeOf(name, f, 'sqlite'),
        typeOf(name, f, 'postgres'),
        constantDefault(f) ?? null,
      ]),
      indexes: indexedColumns(wanted),
    };
  });
  return createHash('sha256').update(JSON.stringify(definitions)).digest('hex').slice(0, 16);
}

async function applyTables(
  db: Kysely<unknown>,
  dialect: DialectName,
  resources: readonly AnyResource[],
): Promise<TableChange[]> {
  const existing = new Map(
    (await db.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]),
  );
  const changes: TableChange[] = [];
  for (const r of resources) {
    const columns = existing.get(r.table);
    const wanted = wantedColumns(r);
    if (!columns) {
      let create = withId(dialect, db.schema.createTable(r.table))
        .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull());
      for (const [name, f] of wanted) {
        const type = typeOf(name, f, dialect);
        const fallback = constantDefault(f);
        create = create.addColumn(name, type, (c) => (fallback === undefined ? c : c.defaultTo(fallback)));
      }
      await create.execute();
      existing.set(
        r.table,
        new Set(['id', 'organization_id', 'created_at', 'updated_at', ...wanted.map(([n]) => n)]),
      );
      changes.push({ table: r.table, created: true, addedColumns: [] });
    } else {
      const added: string[] = [];
      for (const [name, f] of wanted) {
        if (columns.has(name)) continue;
        const type = typeOf(name, f, dialect);
        const fallback = constantDefault(f);
        await db.schema
          .alterTable(r.table)
          .addColumn(name, type, (c) => (fallback === undefined ? c : c.defaultTo(fallback)))
          .execute();
        added.push(name);
        // Another resource sharing the table must not add it again.
        columns.add(name);
      }
      if (added.length > 0) changes.push({ table: r.table, created: false, addedColumns: added });
    }
    for (const column of indexedColumns(wanted)) {
      await db.schema
        .createIndex(`${r.table}_${column === 'organization_id' ? 'organization' : column}`)
        .ifNotExists()
        .on(r.table)
        .column(column)
        .execute();
    }
  }
  return changes;
}
