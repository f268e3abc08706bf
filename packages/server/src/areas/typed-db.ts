/**
 * A Kysely-typed view of the registry's tables, derived from the declarations: handlers that query a
 * table directly get compile-time column checks. The foundation `users` table and the User resource
 * merge into one type.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Reader, TablesOf, Work } from '../registry/index.js';
import type { areas } from '../app/areas.js';

export type ResourceTables = TablesOf<(typeof areas)[number]['resources'][number]>;
export type ResourceDatabase = Database & ResourceTables;

export function typedDb(reader: Reader): Kysely<ResourceDatabase> {
  return reader.db as Kysely<ResourceDatabase>;
}

export function typedTransaction(work: Work): Transaction<ResourceDatabase> {
  return work.uow.db as unknown as Transaction<ResourceDatabase>;
}
