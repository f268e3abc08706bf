/**
 * Failures of the store itself rather than of the request: the database cannot be reached, went away
 * mid-transaction, or has no room left. The same request succeeds once the database is back or has room,
 * so the API answers these 503 in words of its own instead of as internal errors (which would quote
 * nothing useful and log a stack per request).
 */
import { TransactionLostError } from './group-commit.js';

export type StoreFailureCode = 'STORE_UNAVAILABLE' | 'STORE_FULL';

export interface StoreFailure {
  code: StoreFailureCode;
  /** For the client: says what happened to its request and what to do. */
  message: string;
  /** For the log: the driver's own code or words. */
  detail: string;
}

/** A connection lost during COMMIT leaves its outcome unknown, so this does not claim nothing was saved. */
const UNAVAILABLE = 'The database is unavailable; this request may not have been saved. Try again shortly.';
const FULL = 'The database is full; nothing of this request was saved. Try again once space has been freed.';

/** Socket errors on the way to the database. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** PostgreSQL SQLSTATEs of a server shutting down, restarting, refusing or out of room. */
const POSTGRES_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
const POSTGRES_FULL = new Set(['53100']);

/** node-postgres reports a lost or refused connection with these words and no code. */
const PG_CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** SQLite result codes (better-sqlite3 puts the extended one in `code`). */
const SQLITE_UNAVAILABLE = /^SQLITE_(IOERR|BUSY|CANTOPEN|PROTOCOL|NOLFS)/;

/** The store failure behind `error` (or its causes), or null when it is some other error. */
export function storeFailure(error: unknown): StoreFailure | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const failure = classify(current);
    if (failure) return failure;
    current = current.cause;
  }
  return null;
}

function classify(error: Error): StoreFailure | null {
  const code = (error as { code?: unknown }).code;
  const detail = typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL' || POSTGRES_FULL.has(code))
      return { code: 'STORE_FULL', message: FULL, detail };
    if (
      NETWORK_CODES.has(code) ||
      POSTGRES_UNAVAILABLE.has(code) ||
      code.startsWith('08') ||
      SQLITE_UNAVAILABLE.test(code)
    ) {
      return { code: 'STORE_UNAVAILABLE', message: UNAVAILABLE, detail };
    }
  }
  // Units sharing a transaction that SQLite rolled back on its own (a full disk, an I/O error).
  if (error instanceof TransactionLostError || PG_CONNECTION_LOST.test(error.message)) {
    return { code: 'STORE_UNAVAILABLE', message: UNAVAILABLE, detail };
  }
  return null;
}
