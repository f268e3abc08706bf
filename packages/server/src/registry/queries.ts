/**
 * Reads for the GraphQL layer: list queries, has-many associations and referenced rows, always within the
 * caller's scope. Every read is bounded: a list query by its page size (DEFAULT_PAGE_SIZE, at most
 * MAX_PAGE_SIZE), a has-many association by HAS_MANY_LIMIT rows per parent.
 */
import { sql } from 'kysely';
import { parseId } from '../core/ids.js';
import type { AnyResource, ListArg, Reader, StoredRow } from './resource.js';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
/**
 * The most rows a has-many field (e.g. `User.medications`) answers for one parent: its oldest ones, by id.
 * Healthie pages none of these lists; the cap keeps one parent with a runaway list from making a response
 * unbounded.
 */
export const HAS_MANY_LIMIT = 100;

function pageSize(value: unknown): number {
  const size = typeof value === 'number' && Number.isSafeInteger(value) ? value : DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
function visible(reader: Reader, r: AnyResource, options: { fixed: boolean }): any {
  let query = reader.db.selectFrom(r.table).selectAll().where('organization_id', 'in', reader.scope);
  if (r.softDelete) query = query.where('deleted_at', 'is', null);
  if (options.fixed)
    for (const [column, value] of Object.entries(r.fixed ?? {})) query = query.where(column, '=', value);
  return query;
}

/** A list query: declared filters, `order_by`, then `offset` / `page_size` (10 by default, at most 100). */
export async function listRows(
  reader: Reader,
  r: AnyResource,
  args: Record<string, unknown>,
): Promise<StoredRow[]> {
  const spec = r.list;
  if (!spec) throw new Error(`${r.name} has no list query`);
  let query = visible(reader, r, { fixed: true });
  for (const [name, arg] of Object.entries(spec.args ?? {})) {
    const value = args[name];
    if (value !== undefined && value !== null && value !== '') query = arg.apply(query, value, reader);
  }
  const chosen = typeof args.order_by === 'string' ? spec.orderBy?.values[args.order_by] : undefined;
  const [column, direction] = chosen ?? spec.defaultOrder ?? ['id', 'asc'];
  query = query.orderBy(column, direction);
  if (column !== 'id') query = query.orderBy('id', 'asc');
  const offset = typeof args.offset === 'number' && args.offset > 0 ? args.offset : 0;
  return query.limit(pageSize(args.page_size)).offset(offset).execute();
}

/** The rows of `child` whose `foreignKey` points at `parentId`, oldest first, at most HAS_MANY_LIMIT. */
export async function manyRows(
  reader: Reader,
  child: AnyResource,
  foreignKey: string,
  parentId: number,
): Promise<StoredRow[]> {
  return visible(reader, child, { fixed: false })
    .where(foreignKey, '=', parentId)
    .orderBy('id', 'asc')
    .limit(HAS_MANY_LIMIT)
    .execute();
}

/** The column that numbers each parent's rows in `manyRowsByParent`; never part of a returned row. */
const RANK = 'carehooks_rank';

/**
 * `manyRows` for many parents in one query: by parent id, each parent's rows oldest first, at most
 * HAS_MANY_LIMIT each (a window function numbers the rows per parent). Parents without rows are absent.
 */
export async function manyRowsByParent(
  reader: Reader,
  child: AnyResource,
  foreignKey: string,
  parentIds: readonly number[],
): Promise<Map<number, StoredRow[]>> {
  const byParent = new Map<number, StoredRow[]>();
  if (parentIds.length === 0) return byParent;
  const ranked = visible(reader, child, { fixed: false })
    .where(foreignKey, 'in', parentIds)
    .select(
      sql<number>`row_number() over (partition by ${sql.ref(foreignKey)} order by ${sql.ref('id')})`.as(RANK),
    );
  const rows = (await reader.db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where(RANK, '<=', HAS_MANY_LIMIT)
    .orderBy('id', 'asc')
    .execute()) as Array<StoredRow & Record<typeof RANK, unknown>>;
  for (const { [RANK]: _rank, ...stored } of rows) {
    const row = stored as StoredRow;
    const parent = Number(row[foreignKey]);
    const list = byParent.get(parent);
    if (list) list.push(row);
    else byParent.set(parent, [row]);
  }
  return byParent;
}

/**
 * The rows of `r` with these ids, by id, as `findRow` reads one: within scope, soft-deleted rows left out,
 * `fixed` values not required (a ref to User may name a provider). Ids not found are absent.
 */
export async function rowsById(
  reader: Reader,
  r: AnyResource,
  ids: readonly number[],
): Promise<Map<number, StoredRow>> {
  const byId = new Map<number, StoredRow>();
  if (ids.length === 0) return byId;
  let query = reader.db
    .selectFrom(r.table)
    .selectAll()
    .where('id', 'in', ids)
    .where('organization_id', 'in', reader.scope);
  if (r.softDelete) query = query.where('deleted_at', 'is', null);
  for (const row of (await query.execute()) as StoredRow[]) byId.set(Number(row.id), row);
  return byId;
}

/** `column = value`; an `ID` argument that is not an id matches nothing. */
export const equals = (column: string, type = 'ID'): ListArg => ({
  type,
  apply: (query, value) => query.where(column, '=', type === 'ID' ? (parseId(value) ?? -1) : value),
});

/** `id in (…)`; ids that are not numbers match nothing. */
export const idIn = (column = 'id'): ListArg => ({
  type: '[ID]',
  apply: (query, value) => {
    const ids = (Array.isArray(value) ? value : [value]).map(Number).filter(Number.isSafeInteger);
    return ids.length === 0 ? query.where(column, '=', -1) : query.where(column, 'in', ids);
  },
});
