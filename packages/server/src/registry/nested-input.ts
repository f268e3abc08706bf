/**
 * Reading nested objects out of a mutation's input (GraphQL gives them as plain objects), and writing the
 * child records they stand for.
 */
import { fail, within } from '../core/field-errors.js';
import { parseId } from '../core/ids.js';
import { createRecord, deleteRecord, updateRecord } from './operations.js';
import type { AnyResource, StoredRow, Work } from './resource.js';

export type InputItem = Record<string, unknown>;

/** The value as a nested input object, or undefined when it is absent, a scalar or a list. */
export function nestedItem(value: unknown): InputItem | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as InputItem)
    : undefined;
}

/** The value as a list of nested input objects (null items skipped), with each one's position. */
export function nestedItems(value: unknown): Array<[number, InputItem]> {
  if (!Array.isArray(value)) return [];
  const items: Array<[number, InputItem]> = [];
  for (const [index, item] of value.entries()) {
    const found = nestedItem(item);
    if (found) items.push([index, found]);
  }
  return items;
}

/**
 * Child records written through a parent's nested input (`{ id?, _destroy?, …fields }`): an item without
 * `id` creates a child of the parent, one with `id` updates that child (it must be the parent's), and
 * `_destroy: true` removes it. Messages name the item (`form_requests_before_appointment[1].interval`).
 */
/** The parent's children of `child` (by `parentKey`), optionally narrowed to one column value, by id. */
export async function childrenOf(
  work: Work,
  child: AnyResource,
  parentKey: string,
  parentId: number,
  where: Record<string, unknown> = {},
): Promise<StoredRow[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the child's table is chosen at run time
  let query = (work.uow.db as any).selectFrom(child.table).selectAll().where(parentKey, '=', parentId);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return (await query.orderBy('id').execute()) as StoredRow[];
}

/**
 * Applies one nested item to the parent's children. `fixed` values are written on create and required to
 * match on update (e.g. which list of form requests the child belongs to).
 */
export async function applyChild(
  work: Work,
  child: AnyResource,
  parentKey: string,
  parent: StoredRow,
  item: InputItem,
  fixed: Record<string, unknown> = {},
): Promise<StoredRow | undefined> {
  const { id, _destroy: destroy, ...fields } = item;
  if (id === undefined || id === null || id === '') {
    if (destroy === true) return undefined;
    return createRecord(work, child, { ...fields, ...fixed, [parentKey]: parent.id });
  }
  const wanted = parseId(id);
  const owned = await childrenOf(work, child, parentKey, parent.id, fixed);
  const row = owned.find((r) => r.id === wanted);
  if (!row) fail('id', `${child.name} ${String(id)} was not found`);
  if (destroy === true) {
    await deleteRecord(work, child, row);
    return undefined;
  }
  return (await updateRecord(work, child, row, fields)).row;
}

/** Applies each item of a nested list, naming messages by the list and the item's position. */
export async function applyChildren(
  work: Work,
  child: AnyResource,
  parentKey: string,
  parent: StoredRow,
  list: string,
  items: ReadonlyArray<readonly [number, InputItem]>,
  fixed: Record<string, unknown> = {},
): Promise<void> {
  for (const [index, item] of items) {
    await within(`${list}[${index}]`, () => applyChild(work, child, parentKey, parent, item, fixed));
  }
}
