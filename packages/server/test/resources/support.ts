/**
 * What the resource test tables run on: a test server, GraphQL calls that fail loudly, the outbox and the
 * registry tables read straight from the store, and the row formats the per-area case files export.
 */
import { getEvent } from '@carehooks/catalog';
import type { TestServer } from '../support/server.js';

/** A GraphQL response object, read freely by the case rows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes vary per document
export type Data = Record<string, any>;

/** Ids a case's setup created, by name; `org` and `provider` (the key's organization and user) are always set. */
export type Ids = Record<string, string>;

export interface CaseApi {
  server: TestServer;
  /** Runs a document and returns its data; fails on GraphQL errors or any non-null `messages`. */
  gql<T = Data>(query: string, variables?: Record<string, unknown>, apiKey?: string): Promise<T>;
}

/** One row of the mutation table: the exact events one successful call emits, in order. */
export interface MutationCase {
  mutation: string;
  title: string;
  setup?: (api: CaseApi, ids: Ids) => Promise<Ids>;
  document: string;
  variables: (ids: Ids) => Record<string, unknown>;
  /** The credential the mutation runs with (a sign-in session, say); the test organization's key otherwise. */
  credential?: (ids: Ids) => string;
  /** Every webhook body, in order; `data` is the mutation's field of the response. */
  events: (ids: Ids, data: Data) => Array<Record<string, unknown>>;
  /** Further checks, e.g. reading the result back; `bodies` are the events as written. */
  check?: (ids: Ids, data: Data, api: CaseApi, bodies: Array<Data>) => void | Promise<void>;
}

/** One row of the invalid-input table: answered with a message naming `field`, nothing written. */
export interface InvalidCase {
  mutation: string;
  title: string;
  setup?: (api: CaseApi, ids: Ids) => Promise<Ids>;
  document: string;
  variables: (ids: Ids) => Record<string, unknown>;
  field: string;
}

/** One row of the read-back table: a record created by `setup`, read by id with `query`. */
export interface ReadBackCase {
  resource: string;
  setup: (api: CaseApi, ids: Ids) => Promise<Ids>;
  /** A document with `$id`; its single field (a record, a list, or null) is compared with `expected`. */
  query: string;
  id: (ids: Ids) => string;
  expected: (ids: Ids) => Record<string, unknown> | unknown[] | null;
}

/** A webhook body with keys in the catalog's order: the standard four, then the extras. */
export function ev(
  eventType: string,
  resourceId: string,
  extras: Record<string, string | null> = {},
  changedFields: string[] = [],
): Record<string, unknown> {
  const entry = getEvent(eventType);
  if (!entry) throw new Error(`test expects unknown event ${eventType}`);
  return {
    resource_id: resourceId,
    resource_id_type: entry.resource_id_type,
    event_type: eventType,
    changed_fields: changedFields,
    ...extras,
  };
}

export function caseApi(server: TestServer): CaseApi {
  return {
    server,
    async gql(query, variables, apiKey) {
      const result = await server.graphql(query, variables, apiKey);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      for (const [field, value] of Object.entries(result.data ?? {})) {
        const messages = (value as { messages?: unknown } | null)?.messages;
        if (messages) throw new Error(`${field} answered messages: ${JSON.stringify(messages)}`);
      }
      return result.data as never;
    },
  };
}

export async function lastEventId(server: TestServer): Promise<number> {
  const row = await server.runtime.services.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export async function eventsAfter(
  server: TestServer,
  id: number,
): Promise<Array<{ organization_id: number; body: string }>> {
  return server.runtime.services.store.db
    .selectFrom('events')
    .select(['organization_id', 'body'])
    .where('id', '>', id)
    .orderBy('id')
    .execute();
}

/** Every row of every registry table, to prove a refused call wrote nothing. */
export async function snapshot(server: TestServer): Promise<Record<string, unknown[]>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  const db = server.runtime.services.store.db as any;
  const tables: Record<string, unknown[]> = {};
  for (const r of server.runtime.services.registry.resources) {
    tables[r.table] = await db.selectFrom(r.table).selectAll().orderBy('id').execute();
  }
  return tables;
}

export function baseIds(server: TestServer): Ids {
  return { org: String(server.org.organizationId), provider: String(server.org.userId) };
}
