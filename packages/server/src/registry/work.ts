/**
 * What registry code runs with: a reader (the caller's scope and a database handle) for queries, and a
 * unit of work with the outbox for mutations. Rows are plain records because tables are declared at
 * run time; ./typed-db.ts gives handlers a Kysely-typed view of the same tables.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../core/scope.js';
import type { Outbox } from '../events/outbox.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { Registry } from './registry.js';

/** A row as stored: column name → value (ids and timestamps are numbers, flags 0/1). */
export type StoredRow = Record<string, unknown> & { id: number; organization_id: number };

export interface Reader {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  readonly db: Kysely<any>;
  /** The caller's organization and its sub-organizations. */
  readonly scope: readonly number[];
  readonly caller: Caller;
  readonly registry: Registry;
}

export interface Work extends Reader {
  readonly uow: UnitOfWork;
  readonly outbox: Outbox;
  /** Set by a mutation's suppress flag (`suppress_webhook_notifications`): nothing it does emits events. */
  readonly suppressed?: boolean;
}
