/**
 * What every internal event source (integration callbacks, the scheduler, internal clean-ups) is built
 * from: rows found within the caller's organizations, and records written with the registry's operations
 * so each change emits exactly its catalog event. Internal sources may set fields clients cannot
 * (`writable: 'none'`, e.g. a fax's transmission status), so they write stored values directly, after
 * the route has validated them.
 */
import { emitFor, findRow, insertRow, updateRow } from './operations.js';
import type { AnyResource, StoredRow, Work } from './resource.js';

/** A named record that is not within the caller's organizations (or does not exist): answered as a 404. */
export class RecordNotFound extends Error {
  constructor(
    readonly field: string,
    readonly resourceName: string,
    readonly id: number,
  ) {
    super(`${resourceName} ${id} was not found`);
  }
}

/** The row of `resource` with this id within the caller's scope; `field` names it in the 404. */
export async function requireInScope(
  work: Work,
  resource: AnyResource,
  id: number,
  field: string,
): Promise<StoredRow> {
  const row = await findRow(work, resource, id);
  if (!row) throw new RecordNotFound(field, resource.name, id);
  return row;
}

/** Checks every given reference (field → [resource, id]) and returns the first one's organization. */
export async function requireRefs(
  work: Work,
  refs: Record<string, readonly [AnyResource, number | null | undefined]>,
): Promise<number | undefined> {
  let organizationId: number | undefined;
  for (const [field, [resource, id]] of Object.entries(refs)) {
    if (id === null || id === undefined) continue;
    const row = await requireInScope(work, resource, id, field);
    organizationId ??= row.organization_id;
  }
  return organizationId;
}

/** Inserts a record (defaults for what `values` leaves out) and emits `<prefix>.created`. */
export async function createInternal(
  work: Work,
  r: AnyResource,
  values: Record<string, unknown>,
  organizationId = work.caller.organizationId,
): Promise<StoredRow> {
  const row = await insertRow(work, r, given(values), organizationId);
  await emitFor(work, r, 'created', row);
  return row;
}

/**
 * Writes the values that differ and emits `<prefix>.updated` with those fields; `before` events (e.g.
 * `sent_fax.status_changed`) are emitted first, and only when something changed.
 */
export async function updateInternal(
  work: Work,
  r: AnyResource,
  row: StoredRow,
  values: Record<string, unknown>,
  options: { before?: readonly string[] } = {},
): Promise<{ row: StoredRow; changed: string[] }> {
  const result = await updateRow(work, r, row, given(values));
  if (result.changed.length === 0) return result;
  for (const action of options.before ?? []) await emitFor(work, r, action, result.row);
  await emitFor(work, r, 'updated', result.row, { changedFields: result.changed });
  return result;
}

/** Drops the keys whose value is undefined (fields a callback left out keep their stored value). */
export function given<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
