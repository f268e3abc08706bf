/**
 * The Kysely table types of declared resources, derived from their fields: `TablesOf<…>` maps each
 * resource's table name to its columns, so handlers get the same compile-time column checks as the
 * foundation tables. An area names the tables it reads: `typedDb<PatientTables & ClinicalTables>(reader)`.
 */
import type { Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { StoredValue } from './fields.js';
import type { AnyResource, Reader, Resource, Work } from './resource.js';

export interface BaseColumns {
  id: Generated<number>;
  organization_id: number;
  created_at: number;
  updated_at: number;
}

type FieldColumns<F> = { [K in keyof F]: StoredValue<F[K]> | null };

export type TableOf<R> =
  R extends Resource<string, string, infer F, infer S>
    ? BaseColumns & FieldColumns<F> & (true extends S ? { deleted_at: number | null } : unknown)
    : never;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Resources sharing a table (told apart by `fixed` values) contribute all their columns to it. */
export type TablesOf<R extends AnyResource> = {
  [T in R['table']]: Intersection<TableOf<Extract<R, { table: T }>>>;
};

/** The reader's database, typed with the foundation tables and the given resource tables. */
export function typedDb<T>(reader: Reader): Kysely<Database & T> {
  return reader.db as Kysely<Database & T>;
}

/** The unit of work's transaction, typed like `typedDb`. */
export function typedTransaction<T>(work: Work): Transaction<Database & T> {
  return work.uow.db as unknown as Transaction<Database & T>;
}
