/**
 * The PostgreSQL server's clock in epoch milliseconds. Workers may run on hosts whose clocks disagree, so
 * whatever one worker stamps and another compares with the time (leases, heartbeats) is read from this one
 * clock. It is the transaction's start (`now()`): stable within a statement, so a comparison with it can
 * use an index, and one value for a whole turn. The embedded store needs none of this: every process using
 * the file runs on one host, with one clock, and uses `Date.now()`.
 */
import { sql } from 'kysely';

export const DATABASE_NOW_MS = sql<number>`(extract(epoch from now()) * 1000)::bigint`;
