/**
 * Derives the registry's tables from the declarations, after the numbered migrations: creates missing
 * tables and adds missing columns and indexes, never drops or alters anything (additive only). Every
 * table has `id`, `organization_id`, `created_at`, `updated_at` and an index on `organization_id`.
 * Runs under an exclusive lock so several processes may start at once.
 */
import { sql, type Kysely } from 'kysely';
import { bigint, withId, type DialectName } from '../store/dialect.js';
import type { AnyField } from './fields.js';
import type { AnyResource } from './resource.js';

type ColumnType = 'text' | 'integer' | 'bigint' | 'real' | 'double precision';

/** Any 31-bit constant shared by every carehooks process; it only has to differ from other lock users. */
const SCHEMA_LOCK_KEY = 0x63686b73;

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

export async function syncRegistryTables(
  db: Kysely<unknown>,
  dialect: DialectName,
  resources: readonly AnyResource[],
): Promise<TableChange[]> {
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`.execute(conn);
      const changes = await applyTables(conn, dialect, resources);
      await sql.raw('commit').execute(conn);
      return changes;
    } catch (error) {
      await sql.raw('rollback').execute(conn);
      throw new Error(`Creating the resource tables failed on ${dialect}: ${String(error)}`, {
        cause: error,
      });
    }
  });
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
    const wanted = Object.entries(r.fields) as Array<[string, AnyField]>;
    if (r.softDelete) wanted.push(['deleted_at', { kind: 'int' } as AnyField]);
    if (!columns) {
      let create = withId(dialect, db.schema.createTable(r.table))
        .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull());
      for (const [name, f] of wanted) {
        const type = name === 'deleted_at' ? bigint : columnType(f, dialect);
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
        const type = name === 'deleted_at' ? bigint : columnType(f, dialect);
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
    const indexed = ['organization_id', ...wanted.filter(([, f]) => f.kind === 'ref').map(([name]) => name)];
    for (const column of indexed) {
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
