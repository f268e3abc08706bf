/**
 * A schema step derived from declarations the store does not know (the registry's resource tables),
 * handed to `openStore` by the composition root. It runs after the numbered migrations and is recorded
 * in `derived_schemas` by name and fingerprint: a new fingerprint (changed declarations) is applied once
 * and recorded, a recorded one is not applied again. Steps are additive and idempotent, and run under
 * one exclusive schema lock so several processes may start at once on one database.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import type { Database } from '../schema.js';

export interface DerivedSchema {
  /** The step's name in the history, e.g. `registry-tables`. */
  readonly name: string;
  /** Changes whenever the definitions the step derives from change (a hash of them). */
  readonly fingerprint: string;
  /** Brings the schema up to the definitions; additive and idempotent. Runs inside the schema lock. */
  apply(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Any 31-bit constant shared by every carehooks process; it only has to differ from other lock users. */
const SCHEMA_LOCK_KEY = 0x63686b73;

/**
 * Runs `work` in one transaction holding the schema lock: on SQLite every transaction is an immediate (write)
 * one (store/group-commit.ts), on PostgreSQL a transaction-scoped advisory lock. Rolls back on any error.
 */
export async function withSchemaLock<T>(
  db: Kysely<unknown>,
  dialect: DialectName,
  work: (conn: Kysely<unknown>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`.execute(trx);
    return work(trx);
  });
}

async function isRecorded(db: Kysely<Database>, step: DerivedSchema): Promise<boolean> {
  const row = await db
    .selectFrom('derived_schemas')
    .select('name')
    .where('name', '=', step.name)
    .where('fingerprint', '=', step.fingerprint)
    .executeTakeFirst();
  return row !== undefined;
}

/** Applies and records the step unless this version of it is recorded; answers whether it was applied. */
export async function applyDerivedSchema(
  db: Kysely<Database>,
  dialect: DialectName,
  step: DerivedSchema,
): Promise<boolean> {
  // Most starts find it recorded: no lock needed to learn that.
  if (await isRecorded(db, step)) return false;
  return withSchemaLock(db as unknown as Kysely<unknown>, dialect, async (conn) => {
    const locked = conn as unknown as Kysely<Database>;
    // Another process may have applied it while this one waited for the lock.
    if (await isRecorded(locked, step)) return false;
    await step.apply(conn, dialect);
    await locked
      .insertInto('derived_schemas')
      .values({ name: step.name, fingerprint: step.fingerprint, applied_at: Date.now() })
      .execute();
    return true;
  });
}
