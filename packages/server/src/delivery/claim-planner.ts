/**
 * The PostgreSQL claim's planner settings, for the rest of the turn's transaction. Until autovacuum has
 * analysed a fresh or bulk-loaded table, the planner guesses a handful of pending rows and would fetch and
 * sort them all; walking the pending index in order is always right for the claim. No JIT: the penalty on
 * the ranking's small sort would otherwise make the query look worth compiling.
 *
 * Generic plans: the claim (and the routine turn built on it) is a prepared statement, yet with plan_cache_mode
 * `auto` PostgreSQL found its generic plan dearer than a plan for each turn's values and planned it afresh at
 * every run, which cost more than running it (routine turns of 32 deliveries: 116 -> 68 µs of PostgreSQL CPU
 * per delivery). Its plan does not depend on the values: the due order's index is walked, rows are found by id.
 * Statements planned under these settings therefore write states as literals, never parameters: a generic plan
 * cannot see that a parameter matches a partial index's predicate.
 *
 * Settings must be in force before the claim is planned, so they cannot ride in the claim's own statement.
 * A turn that records outcomes first sets them in that statement (outcomes.ts) and marks its transaction
 * here; the claim then skips the round trip of setting them itself. A dispatcher with a connection of its
 * own has them for the whole session, which lets a turn be one statement (routine-turn.ts).
 */
import { sql, type Kysely } from 'kysely';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { Database } from '../store/schema.js';

/** The settings, for a connection of the dispatcher's own that opens with them (openPostgresSession). */
export const CLAIM_PLANNER_SESSION: Readonly<Record<string, string>> = {
  enable_sort: 'off',
  enable_bitmapscan: 'off',
  jit: 'off',
  plan_cache_mode: 'force_generic_plan',
};

/** A select list setting them (each `set_config(…, true)` lasts until the transaction ends). */
export const CLAIM_PLANNER_SETTINGS = Object.entries(CLAIM_PLANNER_SESSION)
  .map(([name, value]) => `set_config('${name}', '${value}', true)`)
  .join(', ');

const SET_CLAIM_PLANNER_SETTINGS = preparedOnPostgres(`select ${CLAIM_PLANNER_SETTINGS}`);

const applied = new WeakSet<Kysely<Database>>();

/** Says that `trx` ran CLAIM_PLANNER_SETTINGS; outside a transaction they ended with their statement. */
export function claimPlannerSettingsApplied(trx: Kysely<Database>): void {
  if (trx.isTransaction) applied.add(trx);
}

/** Sets them in `trx` unless a statement of this transaction already did. */
export async function applyClaimPlannerSettings(trx: Kysely<Database>): Promise<void> {
  if (applied.has(trx)) return;
  await sql.raw(SET_CLAIM_PLANNER_SETTINGS).execute(trx);
  applied.add(trx);
}
