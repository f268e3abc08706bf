/**
 * Runs one mutation body in one unit of work. A `ValidationFailure` rolls the unit back (nothing
 * written, no event) and becomes the `messages` answer; any other error propagates.
 */
import type { Outbox } from '../events/outbox.js';
import type { Store } from '../store/open-store.js';
import { runUnitOfWork } from '../store/unit-of-work.js';
import type { Registry } from './registry.js';
import { ValidationFailure, type FieldError } from '../core/field-errors.js';
import type { Caller } from '../core/scope.js';
import type { Work } from './resource.js';

export interface MutationDeps {
  store: Store;
  outbox: Outbox;
  caller: Caller;
  scope: readonly number[];
  registry: Registry;
}

export type MutationOutcome<T> = { ok: true; value: T } | { ok: false; messages: FieldError[] };

export async function runMutation<T>(
  deps: MutationDeps,
  body: (work: Work) => Promise<T>,
): Promise<MutationOutcome<T>> {
  try {
    const value = await runUnitOfWork(deps.store, (uow) =>
      body({
        uow,
        db: uow.db,
        outbox: deps.outbox,
        caller: deps.caller,
        scope: deps.scope,
        registry: deps.registry,
      }),
    );
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ValidationFailure) return { ok: false, messages: [...error.messages] };
    throw error;
  }
}
