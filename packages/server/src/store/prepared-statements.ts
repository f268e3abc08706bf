/**
 * PostgreSQL: the fixed SQL texts run on every mutation or delivery turn (the outbox's, the outcomes') are
 * prepared once per connection under a name, so the server parses and plans them once rather than at every
 * run, and the client sends their text once. Only texts registered here are named: a prepared statement
 * stays on its connection for good, so texts that vary (query-builder output with lists) must not be.
 */
import type pg from 'pg';

const names = new Map<string, string>();

/** Registers `text` as a hot statement and returns it unchanged (for use where the constant is declared). */
export function preparedOnPostgres(text: string): string {
  if (!names.has(text)) names.set(text, `carehooks_${names.size + 1}`);
  return text;
}

/**
 * Has `client` run registered texts as named statements. Kysely calls `query(text, values)`; everything else
 * passes through untouched.
 */
export function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 ? names.get(text) : undefined;
    return name === undefined ? query(...args) : query({ name, text, values });
  }) as typeof client.query;
}
