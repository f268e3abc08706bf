/**
 * PostgreSQL: a routine turn as one statement in autocommit, so one round trip where a transaction took four
 * (BEGIN, the outcomes, the claim, COMMIT): on a busy worker each round trip waits behind the responses the
 * event loop is handling, and that wait, not the database's work, was most of a turn.
 *
 * Routine: every outcome a success of a webhook that does not order per resource (no failure to decide, no
 * resource's next delivery to release), and no expired leases to give back this turn. The statement is the
 * claim's (claim.ts) with the outcomes' CTEs added (outcomes.ts); a statement is atomic, so the outcomes and
 * the claim commit together or not at all, as in a transaction. It reads one snapshot, in which the rows it
 * records are in flight and those it claims pending: no row is written twice.
 *
 * Candidates that would need parking or a send slot (claim.ts) are left as they are, for a turn in a
 * transaction that locks them again and writes them along with the slots. The claim planner settings must be
 * in force when the statement is planned: they come with the dispatcher's own session (claim-planner.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { Database } from '../store/schema.js';
import {
  claimOf,
  postgresClaimParameters,
  postgresClaimScan,
  POSTGRES_CLAIM_CTES,
  POSTGRES_CLAIM_RESULT,
  readClaimRows,
  type CandidateColumns,
  type Claim,
  type ClaimedRow,
  type ClaimRequest,
} from './claim.js';
import {
  recoveredPairs,
  routineOutcomeCtes,
  routineOutcomeParameters,
  type FinishedAttempt,
} from './outcomes.js';

/** The claim's eight parameters come first, then the outcomes' six. */
const ROUTINE_TURN = preparedOnPostgres(
  `with ${POSTGRES_CLAIM_CTES}, ${routineOutcomeCtes(9)} ${POSTGRES_CLAIM_RESULT}`,
);

/** Whether an outcome is routine (above). */
export function isRoutine({ result, delivery }: FinishedAttempt): boolean {
  return result.ok && delivery.orderingKey === null;
}

export interface RoutineTurn {
  claim: Claim;
  /** Candidates were seen that only a turn in a transaction may park or slot: one should run now. */
  leftForTransaction: boolean;
}

/** Records routine `outcomes` and claims as `request` allows (`request.limit` above 0), in one statement. */
export async function routineTurnOnPostgres(
  db: Kysely<Database>,
  outcomes: readonly FinishedAttempt[],
  request: ClaimRequest,
): Promise<RoutineTurn> {
  const scan = postgresClaimScan(request);
  const rows = (
    await db.executeQuery<ClaimedRow & CandidateColumns>(
      CompiledQuery.raw(ROUTINE_TURN, [
        ...postgresClaimParameters(request, scan),
        ...routineOutcomeParameters(outcomes, recoveredPairs(outcomes), request),
      ]),
    )
  ).rows;
  const { deliveries, waiting, limited, walked } = readClaimRows(rows, request);
  return {
    claim: claimOf(request, scan, { deliveries, walked, parked: [] }),
    leftForTransaction: waiting.length > 0 || limited.length > 0,
  };
}
