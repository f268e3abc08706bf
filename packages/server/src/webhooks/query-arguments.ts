/**
 * The list arguments Healthie's collection queries share: `offset`, `page_size`, `after` (a cursor) and an
 * `order_by` key such as `CREATED_AT_DESC`. Cursors name a row, not a position, so a page read with
 * `after` neither repeats nor skips rows when new ones arrive; the order is always made total with the id.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { InvalidArgumentError } from '../core/field-errors.js';

/** A query argument that cannot be used; the API answers with an error naming the argument. */
export { InvalidArgumentError } from '../core/field-errors.js';
/** Keywords: at most 200 characters, no NUL, `%` `_` `\` read literally (core/keywords.ts). */
export { containsKeywords, readKeywords } from '../core/keywords.js';

export interface PageArgs {
  after?: string | null;
  offset?: number | null;
  page_size?: number | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `page_size` is clamped to 1…100 and `offset` to 0 or more, as a page must stay cheap. */
export function pageWindow(args: PageArgs): { offset: number; limit: number } {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, args.page_size ?? DEFAULT_PAGE_SIZE));
  return { offset: Math.max(0, args.offset ?? 0), limit };
}

export type Direction = 'asc' | 'desc';

/** `URL_ASC` → `{ key: 'URL', direction: 'asc' }`; GraphQL has already checked the enum value. */
export function readOrder<K extends string>(
  orderBy: `${K}_${'ASC' | 'DESC'}`,
): { key: K; direction: Direction } {
  const split = orderBy.lastIndexOf('_');
  return {
    key: orderBy.slice(0, split) as K,
    direction: orderBy.slice(split + 1) === 'ASC' ? 'asc' : 'desc',
  };
}

/** An opaque cursor for one row of one kind of list. */
export function encodeCursor(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string): number {
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || match[1] !== kind) {
    throw new InvalidArgumentError('after', `"${cursor}" is not a cursor of this list.`);
  }
  return Number(match[2]);
}

/** Rows strictly after the anchor row in the order (key, id) taken in `direction`. */
export function afterAnchor(
  key: Expression<unknown>,
  id: Expression<unknown>,
  direction: Direction,
  anchor: { key: string | number; id: number },
): RawBuilder<SqlBool> {
  const beyond = sql.raw(direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${key} ${beyond} ${anchor.key} or (${key} = ${anchor.key} and ${id} ${beyond} ${anchor.id}))`;
}
