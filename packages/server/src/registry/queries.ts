/** Reads for the GraphQL layer: list queries and has-many associations, always within the caller's scope. */
import { parseId } from '../core/ids.js';
import type { AnyResource, ListArg } from './resource.js';
import type { Reader, StoredRow } from './work.js';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

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

/** The rows of `child` whose `foreignKey` points at `parentId`, oldest first. */
export async function manyRows(
  reader: Reader,
  child: AnyResource,
  foreignKey: string,
  parentId: number,
): Promise<StoredRow[]> {
  return visible(reader, child, { fixed: false })
    .where(foreignKey, '=', parentId)
    .orderBy('id', 'asc')
    .execute();
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
