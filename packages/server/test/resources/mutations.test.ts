/**
 * The mutation table: each row runs one mutation through GraphQL and compares the outbox with the exact
 * webhook bodies it should hold, in order and byte for byte in key order. Coverage checks make a mutation
 * (or a readable resource) without a row fail the suite.
 */
import { catalog } from '@carehooks/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mutationCases, readBackCases } from './cases/index.js';
import { baseIds, caseApi, eventsAfter, lastEventId, type CaseApi } from './support.js';

describe.each(dialects)('resource mutations on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
  });
  afterAll(() => server.close());

  it.each(mutationCases)('$mutation: $title', async (row) => {
    const base = baseIds(server);
    const ids = { ...base, ...(await row.setup?.(api, base)) };
    const mark = await lastEventId(server);
    const result = await server.graphql(row.document, row.variables(ids), row.credential?.(ids));
    expect(result.errors).toBeUndefined();
    const data = (result.data as Record<string, Record<string, unknown>>)[row.mutation]!;
    expect(data.messages).toBeNull();

    const written = await eventsAfter(server, mark);
    const bodies = written.map((e) => JSON.parse(e.body) as Record<string, unknown>);
    const expected = row.events(ids, data);
    expect(bodies).toEqual(expected);
    // Key order too: the body is stored as the exact bytes to send.
    expect(bodies.map((b) => Object.keys(b))).toEqual(expected.map((b) => Object.keys(b)));
    for (const event of written) expect(event.organization_id).toBe(server.org.organizationId);
    await row.check?.(ids, data, api, bodies);
  });

  it.each(readBackCases)('reads back a $resource by id', async (row) => {
    const base = baseIds(server);
    const ids = { ...base, ...(await row.setup(api, base)) };
    const data = await api.gql<Record<string, unknown>>(row.query, { id: row.id(ids) });
    expect(Object.values(data)[0]).toEqual(row.expected(ids));
  });

  it('has a row for every mutation the schema exposes that the catalog names', async () => {
    const schema = await api.gql<{ __schema: { mutationType: { fields: Array<{ name: string }> } } }>(
      '{ __schema { mutationType { fields { name } } } }',
    );
    const exposed = new Set(schema.__schema.mutationType.fields.map((f) => f.name));
    const named = new Set(catalog.flatMap((e) => e.mutations));
    const covered = new Set(mutationCases.map((c) => c.mutation));
    const missing = [...named].filter((m) => exposed.has(m) && !covered.has(m)).sort();
    expect(missing).toEqual([]);
    // The rows run what the schema has: a row for a mutation that is not exposed is a mistake.
    expect([...covered].filter((m) => !exposed.has(m))).toEqual([]);
  });

  it('has a row for every registry mutation and a read-back for every resource with a by-id query', () => {
    const { registry } = server.runtime.services;
    const covered = new Set(mutationCases.map((c) => c.mutation));
    const standard = registry.resources.flatMap((r) =>
      Object.values(r.mutations).flatMap((m) => [m.name, ...(m.aliases ?? []).map((a) => a.name)]),
    );
    const special = registry.special.map((s) => s.name);
    expect([...standard, ...special].filter((m) => !covered.has(m))).toEqual([]);
    const read = new Set(readBackCases.map((c) => c.resource));
    const readable = registry.resources.filter((r) => r.byId).map((r) => r.name);
    expect(readable.filter((name) => !read.has(name))).toEqual([]);
  });
});
