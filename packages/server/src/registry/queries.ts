/**
 * Reads for the GraphQL layer: list queries, has-many associations and referenced rows, always within the
 * caller's scope. Every read is bounded: a list query by its page size (DEFAULT_PAGE_SIZE, at most
 * MAX_PAGE_SIZE), a has-many association by HAS_MANY_LIMIT rows per parent.
 */
import { sql } from 'kysely';
import { parseId, parseIdList } from '../core/ids.js';
import { containsKeywords, readKeywords } from '../core/keywords.js';
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
function visible(reader: Reader, r: AnyResource, options: { fixed: boolean; withDeleted?: boolean }): any {
  let query = reader.db.selectFrom(r.table).selectAll().where('organization_id', 'in', reader.scope);
  if (r.softDelete && !options.withDeleted) query = query.where('deleted_at', 'is', null);
  if (options.fixed)
    for (const [column, value] of Object.entries(r.fixed ?? {})) query = query.where(column, '=', value);
  return query;
}

/** The column that numbers the filtered rows in their order when a list reads `after` a cursor. */
const POSITION = 'carehooks_position';

/** A row's `cursor`: opaque to clients, it names the row. */
export function encodeCursor(id: number): string {
  return Buffer.from(`row:${id}`).toString('base64');
}

/** The row id a `cursor` names, or null when it is not one of ours. */
export function decodeCursor(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^row:(\d+)$/.exec(Buffer.from(value, 'base64').toString('utf8'));
  return match ? parseId(match[1]) : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
function filtered(reader: Reader, r: AnyResource, args: Record<string, unknown>): any {
  const deletedToo = r.list?.withDeleted !== undefined && args[r.list.withDeleted] === true;
  let query = visible(reader, r, { fixed: true, withDeleted: deletedToo });
  for (const [name, arg] of Object.entries(r.list?.args ?? {})) {
    const value = args[name];
    if (arg.always || (value !== undefined && value !== null && value !== ''))
      query = arg.apply(query, value, reader, args);
  }
  return query;
}

/**
 * A list query: declared filters, `order_by` (ties by id), then `after` (the rows following the cursor's
 * row in that order), `offset` and `page_size` (10 by default, at most 100). With `should_paginate` false
 * the first MAX_PAGE_SIZE rows are answered.
 */
export async function listRows(
  reader: Reader,
  r: AnyResource,
  args: Record<string, unknown>,
): Promise<StoredRow[]> {
  const spec = r.list;
  if (!spec) throw new Error(`${r.name} has no list query`);
  const chosen = typeof args.order_by === 'string' ? spec.orderBy?.values[args.order_by] : undefined;
  const [key, direction] = chosen ?? spec.defaultOrder ?? ['id', 'asc'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
  const keyOf = (eb: any) => (typeof key === 'string' ? eb.ref(key) : key(eb, reader));
  const paginate =
    typeof args.should_paginate === 'boolean' ? args.should_paginate : (spec.shouldPaginate ?? true);
  const offset = paginate && typeof args.offset === 'number' && args.offset > 0 ? args.offset : 0;
  const size = args.page_size ?? (spec.pageSizeArg === undefined ? undefined : args[spec.pageSizeArg]);
  const limit = paginate ? pageSize(size) : MAX_PAGE_SIZE;
  const after = paginate && spec.cursor && args.after != null ? decodeCursor(args.after) : undefined;
  if (after !== undefined) {
    // Number the matching rows in the list's order; answer those numbered after the cursor's row.
    const ranked = filtered(reader, r, args).select(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
      (eb: any) =>
        sql<number>`row_number() over (order by ${keyOf(eb)} ${sql.raw(direction)}, ${sql.ref('id')} asc)`.as(
          POSITION,
        ),
    );
    const anchor = reader.db
      .selectFrom(ranked.as('anchor'))
      .select(`anchor.${POSITION}`)
      .where('anchor.id', '=', after ?? -1);
    const rows = (await reader.db
      .selectFrom(ranked.as('ranked'))
      .selectAll()
      .where(`ranked.${POSITION}`, '>', anchor)
      .orderBy(`ranked.${POSITION}`)
      .limit(limit)
      .offset(offset)
      .execute()) as Array<StoredRow & Record<typeof POSITION, unknown>>;
    return rows.map(({ [POSITION]: _position, ...row }) => row as StoredRow);
  }
  let query = filtered(reader, r, args).orderBy(keyOf, direction);
  if (key !== 'id') query = query.orderBy('id', 'asc');
  return query.limit(limit).offset(offset).execute();
}

/** A list's companion count: how many rows its filters match, whatever the page. */
export async function countRows(
  reader: Reader,
  r: AnyResource,
  args: Record<string, unknown>,
): Promise<number> {
  const row = await filtered(reader, r, args)
    .clearSelect()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    .select((eb: any) => eb.fn.countAll().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
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

/** `column in (ids)`; no row when no id is given. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are dynamic here
export const whereIdIn = (query: any, column: string, ids: readonly number[]): any =>
  query.where(column, 'in', ids.length === 0 ? [-1] : ids);

/**
 * Healthie's pair of filters on one id column, a single id (`filter_by_location_id`) and a list
 * (`filter_by_appointment_location_ids`); the list wins when a client sends both.
 */
export function idFilterPair(single: string, list: string, column: string): Record<string, ListArg> {
  return {
    [single]: {
      type: 'ID',
      apply: (query, value, _reader, args) =>
        args[list] != null ? query : query.where(column, '=', parseId(value) ?? -1),
    },
    [list]: { type: '[ID]', apply: (query, value) => whereIdIn(query, column, parseIdList(value)) },
  };
}

/**
 * `keywords`: rows where any of the columns contains the text, ignoring case and reading `%`, `_` and `\`
 * literally. Longer than 200 characters or containing NUL is an error naming the argument.
 */
export const keywordsIn = (...columns: readonly string[]): ListArg => ({
  type: 'String',
  apply: (query, value) => {
    const keywords = readKeywords(value);
    if (keywords === null) return query;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    return query.where((eb: any) => eb.or(columns.map((c) => containsKeywords(eb.ref(c), keywords))));
  },
});
