/**
 * The record operations every mutation is made of, standard or special: find within scope, validate
 * client input against a declaration, insert / update / delete, and `emitFor` (the one place that turns a
 * changed row into a catalog-shaped event). All of them run inside the caller's unit of work.
 */
import { getEvent } from '@carehooks/catalog';
import { fail, ValidationFailure, type FieldError } from '../core/field-errors.js';
import { parseId } from '../core/ids.js';
import { runFixedShape, type StatementTarget } from '../store/fixed-shape-statements.js';
import { coerce, type AnyField, type Field } from './fields.js';
import type {
  AnyResource,
  MutationHooks,
  MutationSpec,
  Reader,
  RecordChange,
  StoredRow,
  Work,
} from './resource.js';

export type EventAction = 'created' | 'updated' | 'deleted' | (string & {});

/** "first_name" → "First name", for messages. */
export function label(field: string): string {
  const words = field.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A unit of work's connection, for statements whose text is built once per shape. */
function statementTarget(work: Work): StatementTarget {
  return { db: work.db, dialect: work.uow.dialect };
}

export async function findRow(
  reader: Reader | Work,
  r: AnyResource,
  id: number,
  options: { includeDeleted?: boolean; fixed?: boolean } = {},
): Promise<StoredRow | undefined> {
  const liveOnly = r.softDelete && !options.includeDeleted;
  const fixed = options.fixed ? Object.entries(r.fixed ?? {}) : [];
  const build = () => {
    let query = reader.db
      .selectFrom(r.table)
      .selectAll()
      .where('id', '=', id)
      .where('organization_id', 'in', reader.scope);
    if (liveOnly) query = query.where('deleted_at', 'is', null);
    for (const [column, value] of fixed) query = query.where(column, '=', value);
    return query;
  };
  // Inside a unit of work (every mutation's lookups) the statement's text is built once per shape.
  if (!('uow' in reader)) return (await build().executeTakeFirst()) as StoredRow | undefined;
  const shape = `findRow:${r.table}:${reader.scope.length}:${liveOnly}:${fixed.map(([c]) => c).join(',')}`;
  const parameters = [id, ...reader.scope, ...fixed.map(([, value]) => value)];
  const { rows } = await runFixedShape(statementTarget(reader), shape, parameters, build);
  return rows[0] as StoredRow | undefined;
}

/** The row a mutation names, within scope; another organization's id answers exactly like a missing one. */
export async function requireRow(
  work: Work,
  r: AnyResource,
  rawId: unknown,
  field = 'id',
): Promise<StoredRow> {
  const id = parseId(rawId);
  if (rawId === undefined || rawId === null || rawId === '') fail(field, `${label(field)} is required`);
  const row = id === null ? undefined : await findRow(work, r, id, { fixed: true });
  if (!row) fail(field, `${r.name} ${String(rawId)} was not found`);
  return row;
}

function settable(f: AnyField, mode: 'create' | 'update'): boolean {
  return f.writable === 'both' || f.writable === mode;
}

export interface Validated {
  /** Stored values of the fields the input gave, coerced. */
  values: Record<string, unknown>;
  /** The organization of the row named by the resource's `owner` field, when the input set it. */
  ownerOrganizationId: number | undefined;
}

/**
 * Checks a client input against a declaration: formats, required fields, referenced rows within the
 * caller's organizations, uniqueness. Throws `ValidationFailure` with one message per bad field.
 */
export async function validateInput(
  work: Work,
  r: AnyResource,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
  current?: StoredRow,
): Promise<Validated> {
  const messages: FieldError[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    if (!settable(f, mode) || input[name] === undefined) continue;
    const result = coerce(f, input[name], name);
    if (result.ok) values[name] = result.value;
    else messages.push({ field: name, message: `${label(name)} ${result.message}` });
  }
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    if (!f.required || messages.some((m) => m.field === name)) continue;
    const missing =
      mode === 'create'
        ? values[name] == null && f.defaultValue === undefined
        : name in values && values[name] === null;
    if (missing) messages.push({ field: name, message: `${label(name)} is required` });
  }
  let ownerOrganizationId: number | undefined;
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    const id = values[name];
    if (typeof id !== 'number' || messages.some((m) => m.field === name)) continue;
    if (f.kind === 'ref') {
      // Any row of the target table counts (a ref to User may name a provider), within scope.
      const target = work.registry.get(f.target!);
      const found = await findRow(work, target, id);
      if (!found) messages.push({ field: name, message: `${target.name} ${id} was not found` });
      else if (name === r.owner) ownerOrganizationId = found.organization_id;
    }
  }
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    if (!f.unique || values[name] == null || messages.some((m) => m.field === name)) continue;
    const organizationId = current?.organization_id ?? ownerOrganizationId ?? work.caller.organizationId;
    const parameters = [values[name], organizationId, ...(current ? [current.id] : [])];
    const { rows } = await runFixedShape(
      statementTarget(work),
      `unique:${r.table}:${name}:${current !== undefined}`,
      parameters,
      () => {
        const query = work.db
          .selectFrom(r.table)
          .select('id')
          .where(name, '=', values[name])
          .where('organization_id', '=', organizationId);
        return current ? query.where('id', '!=', current.id) : query;
      },
    );
    if (rows.length > 0) messages.push({ field: name, message: `${label(name)} has already been taken` });
  }
  if (mode === 'create' && messages.length === 0 && r.uniqueBy && (await liveDuplicate(work, r, values))) {
    const names = r.uniqueBy.map(label).join(', ').toLowerCase();
    messages.push({ field: r.uniqueBy[0]!, message: `A ${r.name} with this ${names} already exists` });
  }
  if (messages.length > 0) throw new ValidationFailure(messages);
  return { values, ownerOrganizationId };
}

async function liveDuplicate(work: Work, r: AnyResource, values: Record<string, unknown>): Promise<boolean> {
  const names = r.uniqueBy ?? [];
  const given = names.filter((name) => values[name] != null);
  const build = () => {
    let query = work.db.selectFrom(r.table).select('id');
    for (const name of names)
      query = given.includes(name) ? query.where(name, '=', values[name]) : query.where(name, 'is', null);
    return r.softDelete ? query.where('deleted_at', 'is', null) : query;
  };
  const shape = `liveDuplicate:${r.table}:${given.join(',')}`;
  const { rows } = await runFixedShape(
    statementTarget(work),
    shape,
    given.map((name) => values[name]),
    build,
  );
  return rows.length > 0;
}

function defaultFor(f: Field, work: Work): unknown {
  const given = f.defaultValue;
  return typeof given === 'function' ? (given as (c: Work['caller']) => unknown)(work.caller) : given;
}

export async function insertRow(
  work: Work,
  r: AnyResource,
  values: Record<string, unknown>,
  organizationId = work.caller.organizationId,
): Promise<StoredRow> {
  const row: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    row[name] = name in values ? values[name] : (defaultFor(f, work) ?? null);
  }
  Object.assign(row, r.fixed ?? {}, {
    organization_id: organizationId,
    created_at: work.uow.now,
    updated_at: work.uow.now,
  });
  // Kysely leaves out columns whose value is undefined; the shape names the columns it keeps.
  const columns = Object.keys(row).filter((column) => row[column] !== undefined);
  const { rows } = await runFixedShape(
    statementTarget(work),
    `insertRow:${r.table}:${columns.join(',')}`,
    columns.map((column) => row[column]),
    () => work.db.insertInto(r.table).values(row).returningAll(),
    // Inserts name every field of the table (defaults fill the rest): about one shape per table.
    { namedOnPostgres: true },
  );
  return rows[0] as StoredRow;
}

function same(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && b !== null;
  return a === b;
}

/** Writes the values that differ; `changed` lists them by API name in declaration order. */
export async function updateRow(
  work: Work,
  r: AnyResource,
  row: StoredRow,
  values: Record<string, unknown>,
): Promise<{ row: StoredRow; changed: string[] }> {
  const changed = Object.keys(r.fields).filter((name) => name in values && !same(values[name], row[name]));
  if (changed.length === 0) return { row, changed };
  const set: Record<string, unknown> = { updated_at: work.uow.now };
  for (const name of changed) set[name] = values[name];
  // Kysely leaves out columns whose value is undefined; the shape names the columns it keeps.
  const columns = Object.keys(set).filter((column) => set[column] !== undefined);
  const { rows } = await runFixedShape(
    statementTarget(work),
    `updateRow:${r.table}:${columns.join(',')}`,
    [...columns.map((column) => set[column]), row.id],
    () => work.db.updateTable(r.table).set(set).where('id', '=', row.id).returningAll(),
  );
  if (rows.length === 0) throw new Error(`${r.name} ${row.id} vanished while being updated`);
  return { row: rows[0] as StoredRow, changed };
}

export async function deleteRow(work: Work, r: AnyResource, row: StoredRow): Promise<void> {
  if (r.softDelete) {
    await work.db.updateTable(r.table).set({ deleted_at: work.uow.now }).where('id', '=', row.id).execute();
  } else {
    await work.db.deleteFrom(r.table).where('id', '=', row.id).execute();
  }
}

function extraValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : String(value);
}

/**
 * Records one event for a row: the type is `<prefix>.<action>`, the extras are the ones the catalog lists
 * for that type, each taken from `given` or computed by the declaration. Nothing when the resource has no
 * events or the work is suppressed.
 */
export async function emitFor(
  work: Work,
  r: AnyResource,
  action: EventAction,
  row: StoredRow,
  options: { changedFields?: readonly string[]; given?: Record<string, unknown> } = {},
): Promise<void> {
  if (r.events === undefined || work.suppressed) return;
  const prefix = typeof r.events === 'function' ? r.events(row) : r.events;
  const eventType = `${prefix}.${action}`;
  const entry = getEvent(eventType);
  if (!entry || entry.resource_id_type !== r.resourceType) {
    throw new Error(`${r.name} cannot emit ${eventType}: the catalog has no such ${r.resourceType} event`);
  }
  const extras: Record<string, string | number | null> = {};
  for (const { name } of entry.extras) {
    const source = r.extras?.[name];
    if (options.given && name in options.given) extras[name] = extraValue(options.given[name]);
    else if (typeof source === 'function') extras[name] = extraValue(await source(row, work));
    else throw new Error(`${eventType} needs the extra "${name}" from the code that emits it`);
  }
  work.outbox.emit(work.uow, {
    organizationId: row.organization_id,
    eventType,
    resourceId: row.id,
    extras,
    changedFields: [...(options.changedFields ?? [])],
  });
}

/** Validate, insert, emit `created`, in that order; hooks run around the write. */
export async function createRecord(
  work: Work,
  r: AnyResource,
  input: Record<string, unknown>,
  hooks: MutationHooks = {},
): Promise<StoredRow> {
  const prepared = hooks.prepare ? hooks.prepare(input, work) : input;
  const { values, ownerOrganizationId } = await validateInput(work, r, prepared, 'create');
  await hooks.before?.(work, values, prepared);
  const row = await insertRow(work, r, values, ownerOrganizationId);
  await emitFor(work, r, 'created', row);
  await hooks.after?.(work, { row, before: undefined, input: prepared, changedFields: [] });
  return row;
}

/**
 * Validate, write what changed, emit `updated` with `changed_fields`. An update that changes no stored
 * value writes nothing and emits nothing.
 */
export async function updateRecord(
  work: Work,
  r: AnyResource,
  target: StoredRow | unknown,
  input: Record<string, unknown>,
  hooks: MutationHooks = {},
): Promise<RecordChange> {
  const before = isRow(target) ? target : await requireRow(work, r, target);
  const prepared = hooks.prepare ? hooks.prepare(input, work) : input;
  const { values } = await validateInput(work, r, prepared, 'update', before);
  await hooks.before?.(work, values, prepared);
  const { row, changed } = await updateRow(work, r, before, values);
  if (changed.length > 0) await emitFor(work, r, 'updated', row, { changedFields: changed });
  const change: RecordChange = { row, before, input: prepared, changedFields: changed };
  await hooks.after?.(work, change);
  return change;
}

export async function deleteRecord(
  work: Work,
  r: AnyResource,
  target: StoredRow | unknown,
  hooks: MutationHooks = {},
  input: Record<string, unknown> = {},
): Promise<StoredRow> {
  const before = isRow(target) ? target : await requireRow(work, r, target);
  await deleteRow(work, r, before);
  await emitFor(work, r, 'deleted', before);
  await hooks.after?.(work, { row: before, before, input, changedFields: [] });
  return before;
}

function isRow(value: unknown): value is StoredRow {
  return typeof value === 'object' && value !== null && 'organization_id' in value;
}

/** The body of a standard mutation; the GraphQL layer wraps it in a unit of work. */
export function standardMutation(
  r: AnyResource,
  action: 'create' | 'update' | 'delete',
): (work: Work, input: Record<string, unknown>) => Promise<StoredRow> {
  const spec: MutationSpec = r.mutations[action]!;
  return async (work, input) => {
    const w: Work = spec.suppress && input[spec.suppress] === true ? { ...work, suppressed: true } : work;
    if (action === 'create') return createRecord(w, r, input, spec);
    if (action === 'update') return (await updateRecord(w, r, input.id ?? null, input, spec)).row;
    return deleteRecord(w, r, input.id ?? null, spec, input);
  };
}
