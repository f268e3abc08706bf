/**
 * Statements whose SQL depends only on their shape (the table, the columns, how many ids a list holds),
 * never on their values: built and compiled with Kysely once per shape, then run again as that text with
 * new parameters. Building a 60-column insert with Kysely costs several times what SQLite takes to run it,
 * on every mutation; this keeps the query builder as the one place SQL is spelled, and pays for it once.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { DialectName } from './dialect.js';
import { preparedOnPostgres } from './prepared-statements.js';

/** Shapes kept per process; the keys callers build are bounded by tables × column sets × small list lengths. */
const MAX_SHAPES = 2048;

const texts = new Map<string, string>();

/** Where a statement runs: a store, a unit of work, or any connection with the dialect it speaks. */
export interface StatementTarget {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's tables
  readonly db: Kysely<any>;
  readonly dialect: DialectName;
}

function sameParameters(built: readonly unknown[], given: readonly unknown[]): boolean {
  return built.length === given.length && built.every((value, i) => Object.is(value, given[i]));
}

export interface ShapeOptions {
  /**
   * Also prepare the text under a name on PostgreSQL (see prepared-statements.ts). Only for shapes whose
   * number is bounded by the schema (one per table, say): a named statement stays on every connection for
   * good, so shapes that vary with the input (the columns an update changes) must not be named.
   */
  namedOnPostgres?: boolean;
}

/**
 * Runs the statement of shape `key` with `parameters`, which the caller lists in the order `build()` puts
 * them. The first run of a shape builds it with these same values and checks that order, so a caller that
 * got it wrong fails loudly at once instead of binding values to the wrong columns.
 */
export async function runFixedShape<R>(
  { db, dialect }: StatementTarget,
  key: string,
  parameters: readonly unknown[],
  build: () => Compilable<R>,
  options: ShapeOptions = {},
): Promise<QueryResult<R>> {
  const textKey = `${dialect}\u0000${key}`;
  let sql = texts.get(textKey);
  if (sql === undefined) {
    const compiled = build().compile();
    if (!sameParameters(compiled.parameters, parameters)) {
      throw new Error(
        `fixed-shape statement "${key}": the parameters given are not in the order it binds them`,
      );
    }
    sql = options.namedOnPostgres ? preparedOnPostgres(compiled.sql) : compiled.sql;
    if (texts.size >= MAX_SHAPES) texts.delete(texts.keys().next().value!);
    texts.set(textKey, sql);
  }
  return db.executeQuery(CompiledQuery.raw(sql, parameters as unknown[])) as Promise<QueryResult<R>>;
}
