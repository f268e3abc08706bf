/**
 * One transaction per API call: domain rows, events and deliveries are written together or not at all.
 * Work that must follow the commit (waking the dispatcher) runs only once the commit succeeded.
 */
import type { Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './open-store.js';

export interface UnitOfWork {
  readonly db: Transaction<Database>;
  readonly dialect: Store['dialect'];
  /** One clock reading for the whole unit, so rows written together carry the same time. */
  readonly now: number;
  /** Runs inside the transaction after the caller's work, before commit (for example flushing the outbox). */
  beforeCommit(task: () => Promise<void>): void;
  /** Runs after a successful commit; errors are the callback's own to handle. */
  afterCommit(task: () => void): void;
}

export async function runUnitOfWork<T>(store: Store, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  const after: Array<() => void> = [];
  const result = await store.db.transaction().execute(async (db) => {
    const before: Array<() => Promise<void>> = [];
    const uow: UnitOfWork = {
      db,
      dialect: store.dialect,
      now: Date.now(),
      beforeCommit: (task) => void before.push(task),
      afterCommit: (task) => void after.push(task),
    };
    const value = await work(uow);
    // Tasks may register further tasks (an outbox flush may be registered late): drain until empty.
    for (let task = before.shift(); task; task = before.shift()) await task();
    return value;
  });
  for (const task of after) task();
  return result;
}
