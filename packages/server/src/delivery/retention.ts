/**
 * Deletes history past its retention age: the attempt log, finished deliveries, and events none of whose
 * deliveries is still pending or in flight. Deletes go in bounded chunks so no transaction grows large.
 */
import { CompiledQuery, sql, type Kysely, type RawBuilder, type Expression } from 'kysely';
import { SQLITE_BOUND_LIMIT, type DialectName } from '../store/dialect.js';
import type { Database } from '../store/schema.js';

const CHUNK = 5000;

/**
 * The finished states in literals, as the predicate of each dialect's `deliveries_finished` spells them, so that
 * any plan, generic ones included, can be seen to fit that index: PostgreSQL's lists them (migration 0012),
 * SQLite's is an OR of equalities (migration 0015).
 */
const FINISHED: Record<DialectName, RawBuilder<boolean>> = {
  postgres: sql<boolean>`state in ('delivered', 'failed', 'cancelled')`,
  sqlite: sql<boolean>`(state = 'delivered' or state = 'failed' or state = 'cancelled')`,
};

/** Literals, as the predicate of PostgreSQL's `deliveries_event_unfinished` spells them (migration 0017). */
const UNFINISHED = sql<boolean>`d.state in ('pending', 'in_flight')`;

/**
 * The attempt log has no index by time alone (migrations 0015, 0017: each attempt's insert wrote it, and only
 * this job read it), so its old rows are sought per organization in `sent_webhooks_organization
 * (organization_id, created_at)`. The organizations are that index's distinct first values, found by a seek
 * each (a walk of the whole index would read an entry per attempt). Parameters: the cutoff, the chunk size.
 */
const ORGANIZATIONS_LOGGED = `with recursive organizations_logged(id) as (
    select min(organization_id) from sent_webhooks
    union all
    select (select min(x.organization_id) from sent_webhooks x where x.organization_id > o.id)
    from organizations_logged o where o.id is not null)`;

/**
 * PostgreSQL walks each organization's old attempts oldest first (lateral, in index order): as `organization_id
 * in (…)`, it read the table in storage order instead, meeting each chunk deleted before as dead rows again.
 * The chunk is deleted by probing its ids (anyOf).
 */
const DELETE_EXPIRED_ATTEMPTS: Record<DialectName, string> = {
  sqlite: `delete from sent_webhooks where id in (
    select s.id from sent_webhooks s
    where s.organization_id in (${ORGANIZATIONS_LOGGED} select id from organizations_logged where id is not null)
      and s.created_at < ?
    ${SQLITE_BOUND_LIMIT})`,
  postgres: `delete from sent_webhooks where id = any(array(
    ${ORGANIZATIONS_LOGGED}
    select expired.id from organizations_logged o
    cross join lateral (select s.id from sent_webhooks s
      where s.organization_id = o.id and s.created_at < $1
      order by s.created_at limit $2) as expired
    where o.id is not null
    limit $2))`,
};

/**
 * `id` is one of a chunk's ids. On PostgreSQL the chunk is taken as an array, so each id is a primary-key probe:
 * as `id in (select …)` the planner hash-joined the chunk against a scan of the whole table, once per chunk.
 */
function anyOf(dialect: DialectName, chunk: Expression<{ id: number }>): RawBuilder<boolean> {
  return dialect === 'postgres' ? sql<boolean>`id = any(array(${chunk}))` : sql<boolean>`id in (${chunk})`;
}

export interface RetentionResult {
  sentWebhooks: number;
  deliveries: number;
  events: number;
}

export async function deleteExpiredHistory(
  { db, dialect }: { db: Kysely<Database>; dialect: DialectName },
  cutoff: number,
): Promise<RetentionResult> {
  const sentWebhooks = await deleteInChunks(async () => {
    const result = await db.executeQuery(
      CompiledQuery.raw(DELETE_EXPIRED_ATTEMPTS[dialect], [cutoff, CHUNK]),
    );
    return Number(result.numAffectedRows);
  });
  const deliveries = await deleteInChunks(async () => {
    const result = await db
      .deleteFrom('deliveries')
      .where(
        anyOf(
          dialect,
          db
            .selectFrom('deliveries')
            .select('id')
            .where(FINISHED[dialect])
            .where('updated_at', '<', cutoff)
            // Oldest first, through deliveries_finished: a scan of the table would meet the chunks already
            // deleted again, as dead rows, on every chunk.
            .orderBy('updated_at')
            .limit(CHUNK),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
  const events = await deleteInChunks(async () => {
    const result = await db
      .deleteFrom('events')
      .where(
        anyOf(
          dialect,
          db
            .selectFrom('events as ev')
            .select('ev.id')
            .where('ev.created_at', '<', cutoff)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('deliveries as d')
                    .select('d.id')
                    .whereRef('d.event_id', '=', 'ev.id')
                    .where(UNFINISHED),
                ),
              ),
            )
            .limit(CHUNK),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
  return { sentWebhooks, deliveries, events };
}

async function deleteInChunks(deleteChunk: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteChunk();
    total += deleted;
    if (deleted < CHUNK) return total;
  }
}
