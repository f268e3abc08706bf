/**
 * Group commit for the embedded store. SQLite makes each commit durable with an fsync (synchronous=FULL),
 * which blocks the event loop; at one commit per API call the disk's fsync rate would bound mutations, and
 * the fsyncs would crowd out everything else the process does. Here concurrent units of work share one
 * transaction and one fsync:
 *
 * - Units run one at a time on the writing connection, each inside a savepoint: a unit that fails rolls back
 *   to its savepoint, so only its own writes go and the others sharing the transaction keep theirs. A unit
 *   may await anything between its statements; the others wait for the writer meanwhile, so their statements
 *   never interleave with its own.
 * - A unit that succeeded is answered only once the shared COMMIT has returned: nothing is acknowledged before
 *   it is durable. Units are answered in the order they ran, which is the order of the ids they wrote.
 * - The transaction commits when no unit waits for the writer, judged at the start of the next turn of the
 *   event loop (a zero timer): by then the poll phase has read every request and response that was ready and
 *   their units have run, and so have the check phase's callbacks (the delivery dispatcher's turn is one), so
 *   they all share one commit. It commits at once when it holds MAX_UNITS units.
 *
 * Statements outside a unit: a statement that only reads and returns rows runs on a second, query-only
 * connection, which in WAL mode sees exactly what has been committed (and, with synchronous=FULL, made
 * durable) and never waits for the writer; any other statement runs as a unit of its own.
 */
import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type LimitNode,
  type QueryResult,
} from 'kysely';
import { SQLITE_LIMIT_PREFIX } from './dialect.js';

/**
 * Units sharing one transaction at most. Bounds how long the first of them waits for its answer when units
 * keep arriving while others run (each unit of an API call takes a fraction of a millisecond).
 */
const MAX_UNITS = 32;
const SAVEPOINT = 'carehooks_unit';

/** Distinct SQL texts kept prepared per connection; IN lists of varying length make some texts one-offs. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Prepared statements by SQL text: compiling the SQL again costs more than running most of ours. Sharing one
 * is safe as statements on a connection run one at a time, and SQLite re-prepares one whose schema changed.
 */
class StatementCache {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly database: SQLite.Database) {}

  get(source: string): SQLite.Statement {
    let statement = this.statements.get(source);
    if (statement) {
      // Refresh its place so the statements in use every turn are never the ones evicted.
      this.statements.delete(source);
    } else {
      statement = this.database.prepare(source);
      if (this.statements.size >= STATEMENT_CACHE_SIZE)
        this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(source, statement);
    return statement;
  }
}

function execute<R>(statement: SQLite.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

interface Answer {
  resolve(): void;
  reject(error: unknown): void;
}

/** The shared transaction on the writing connection and the queue of units waiting for it. */
class GroupCommit {
  private readonly statements: StatementCache;
  /** Units waiting for the writer, in arrival order. */
  private readonly waiting: Answer[] = [];
  /** Units that succeeded in the open transaction, answered when it commits. */
  private kept: Answer[] = [];
  /** A unit is running on the writer. */
  private holding = false;
  /** Units begun in the open transaction; 0 when none is open. */
  private units = 0;
  private closeScheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly writer: SQLite.Database) {
    this.statements = new StatementCache(writer);
  }

  /** Waits for the writer, then opens the unit's savepoint (and the shared transaction if none is open). */
  async begin(): Promise<void> {
    if (this.holding || this.waiting.length > 0) {
      await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
      return;
    }
    try {
      this.take();
    } catch (error) {
      this.handOver();
      throw error;
    }
  }

  /** One statement of the running unit. */
  run<R>(query: CompiledQuery): QueryResult<R> {
    // After SQLite rolled the transaction back on its own, a statement would run and commit by itself.
    if (!this.writer.inTransaction) throw new TransactionLostError();
    return execute(this.statements.get(query.sql), query.parameters);
  }

  /** The running unit succeeded: its writes stay. Resolves once they are committed. */
  async keep(): Promise<void> {
    try {
      if (!this.writer.inTransaction) {
        this.lose();
        throw new TransactionLostError();
      }
      this.exec(`release ${SAVEPOINT}`);
    } catch (error) {
      this.handOver();
      throw error;
    }
    const committed = new Promise<void>((resolve, reject) => this.kept.push({ resolve, reject }));
    this.handOver();
    return committed;
  }

  /** The running unit failed: only its own writes are undone. */
  undo(): void {
    try {
      if (this.writer.inTransaction) {
        this.exec(`rollback to ${SAVEPOINT}`);
        this.exec(`release ${SAVEPOINT}`);
      } else {
        this.lose();
      }
    } finally {
      this.handOver();
    }
  }

  /** Resolves once no unit runs or waits and nothing is left uncommitted. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.holding && this.waiting.length === 0 && this.units === 0;
  }

  private exec(source: string): void {
    this.statements.get(source).run();
  }

  /** Gives the writer to the next waiting unit (committing first if the transaction is full), or schedules the commit. */
  private handOver(): void {
    this.holding = false;
    if (this.units >= MAX_UNITS) this.commit();
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      try {
        this.take();
      } catch (error) {
        next.reject(error);
        continue;
      }
      next.resolve();
      return;
    }
    if (this.units > 0) {
      if (!this.closeScheduled) {
        this.closeScheduled = true;
        setTimeout(this.close, 0);
      }
    } else {
      this.settleIdle();
    }
  }

  /** Immediate: the write lock is taken at once, so no other process can make a unit's later write fail as busy. */
  private take(): void {
    if (this.units === 0) this.exec('begin immediate');
    this.units++;
    this.exec(`savepoint ${SAVEPOINT}`);
    this.holding = true;
  }

  private readonly close = (): void => {
    this.closeScheduled = false;
    // A unit that took the writer meanwhile schedules the commit again when it is done.
    if (this.holding || this.units === 0) return;
    this.commit();
    this.settleIdle();
  };

  private commit(): void {
    const kept = this.kept;
    this.kept = [];
    this.units = 0;
    try {
      this.exec('commit');
    } catch (error) {
      for (const unit of kept) unit.reject(error);
      try {
        if (this.writer.inTransaction) this.exec('rollback');
      } catch {
        // The connection is beyond repair; the next unit's BEGIN fails and reports it.
      }
      return;
    }
    for (const unit of kept) unit.resolve();
  }

  /**
   * SQLite rolled the shared transaction back on its own (an I/O error, a full disk, RAISE(ROLLBACK)): the
   * units kept in it are lost with it, and their callers learn so instead of being acknowledged.
   */
  private lose(): void {
    const kept = this.kept;
    this.kept = [];
    this.units = 0;
    for (const unit of kept) unit.reject(new TransactionLostError());
  }

  private settleIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

export class TransactionLostError extends Error {
  constructor() {
    super('SQLite rolled back the transaction this unit of work shared; none of it was committed');
    this.name = 'TransactionLostError';
  }
}

/** One logical connection per Kysely acquisition: inside a unit it runs on the writer, outside it routes. */
class GroupConnection implements DatabaseConnection {
  private inUnit = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inUnit) return this.driver.group.run<R>(query);
    const read = this.driver.readOnly(query.sql);
    if (read) return execute<R>(read, query.parameters);
    await this.begin();
    let result: QueryResult<R>;
    try {
      result = this.driver.group.run<R>(query);
    } catch (error) {
      this.rollback();
      throw error;
    }
    await this.commit();
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const row of (await this.executeQuery<R>(query)).rows) yield { rows: [row] };
  }

  async begin(): Promise<void> {
    await this.driver.group.begin();
    this.inUnit = true;
  }

  commit(): Promise<void> {
    this.inUnit = false;
    return this.driver.group.keep();
  }

  rollback(): void {
    // Kysely also rolls back after a failed commit, when the unit has already ended.
    if (!this.inUnit) return;
    this.inUnit = false;
    this.driver.group.undo();
  }
}

class GroupCommitDriver implements Driver {
  readonly group: GroupCommit;
  private readonly reads: StatementCache;

  constructor(
    private readonly writer: SQLite.Database,
    private readonly reader: SQLite.Database,
  ) {
    this.group = new GroupCommit(writer);
    this.reads = new StatementCache(reader);
  }

  /** The statement prepared on the reader when it only reads and returns rows, else null. */
  readOnly(source: string): SQLite.Statement | null {
    let statement: SQLite.Statement;
    try {
      statement = this.reads.get(source);
    } catch {
      // For instance a table created by a transaction still open: the writer will answer.
      return null;
    }
    return statement.reader && statement.readonly ? statement : null;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GroupConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GroupConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GroupConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as GroupConnection).rollback();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.group.idle();
    this.reader.close();
    this.writer.close();
  }
}

/** Writes a LIMIT as an expression, so statements with one stay prepared (SQLITE_LIMIT_PREFIX). */
class BoundLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    this.append(SQLITE_LIMIT_PREFIX);
    this.visitNode(node.limit);
  }
}

/** Kysely's SQLite dialect over a writing connection with group commit and a query-only reading one. */
export function groupCommitDialect(writer: SQLite.Database, reader: SQLite.Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new GroupCommitDriver(writer, reader),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new BoundLimitCompiler(),
  };
}
