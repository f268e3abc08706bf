/**
 * The Kysely table types of declared resources, derived from their fields: `TablesOf<…>` maps each
 * resource's table name to its columns, so handlers get the same compile-time column checks as the
 * foundation tables (see domain/resources/typed-db.ts).
 */
import type { Generated } from 'kysely';
import type { StoredValue } from './fields.js';
import type { AnyResource, Resource } from './resource.js';

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
