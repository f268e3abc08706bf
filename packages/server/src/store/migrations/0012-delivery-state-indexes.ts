/**
 * PostgreSQL: fewer index entries per delivery. A delivery's row is written three times (inserted pending,
 * claimed, finished), and as every write changes `state`, which the claim's index depends on, none is a HOT
 * update: each row version gets an entry in every index whose predicate it meets. `deliveries_due (state,
 * next_attempt_at)` took all three, yet only lookups of rows in flight (leases running out, dead workers'
 * leases) and of finished rows (retention) still used it; the claim has walked `deliveries_pending` since 0002.
 *
 * - `deliveries_in_flight`: the rows in flight (one entry per claim), by webhook and resource, which answers
 *   per-resource ordering's "is anything of this resource in flight?" (parking.ts) with one seek. Lease
 *   expiry and dead workers' leases read all of it: it holds no more rows than the workers' sends.
 * - `deliveries_finished`: finished rows by when they finished, for retention (one entry per delivery).
 * - `deliveries_ordering` keeps only pending rows, for ordering's other question ("is anything of this
 *   resource pending before this one?"), so neither claiming nor finishing a per_resource webhook's delivery
 *   adds an entry there.
 *
 * SQLite keeps its indexes: it updates a row in place and touches only the indexes whose columns (or
 * predicates' columns) change, so a change of state costs one entry in `deliveries_due` there, and the two
 * partial indexes in its place measured slower (107-108 -> 111-113 µs of CPU per delivery on a drain).
 *
 * PostgreSQL uses a partial index when the query's own condition implies its predicate: a state written as
 * a literal, or bound as a parameter of a statement planned with its values, or the same list (retention
 * names the finished states literally).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  const schema = db.schema;
  await schema
    .createIndex('deliveries_in_flight')
    .on('deliveries')
    .columns(['webhook_id', 'ordering_key', 'lease_until'])
    .where(sql.ref('state'), '=', 'in_flight')
    .execute();
  await schema
    .createIndex('deliveries_finished')
    .on('deliveries')
    .column('updated_at')
    .where(sql<boolean>`state in ('delivered', 'failed', 'cancelled')`)
    .execute();
  await schema.dropIndex('deliveries_due').execute();

  await schema.dropIndex('deliveries_ordering').execute();
  await schema
    .createIndex('deliveries_ordering')
    .on('deliveries')
    .columns(['webhook_id', 'ordering_key', 'id'])
    .where(sql<boolean>`ordering_key is not null and state = 'pending'`)
    .execute();
}
