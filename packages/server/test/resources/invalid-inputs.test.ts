/**
 * The invalid-input table: each row is answered with a `messages` entry naming the field, the resource
 * field of the payload null, and nothing written: no registry row changes and no event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { invalidCases } from './cases/index.js';
import { baseIds, caseApi, lastEventId, snapshot, type CaseApi } from './support.js';

describe.each(dialects)('invalid resource inputs on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
  });
  afterAll(() => server.close());

  it.each(invalidCases)('$mutation refuses $title', async (row) => {
    const base = baseIds(server);
    const ids = { ...base, ...(await row.setup?.(api, base)) };
    const before = await snapshot(server);
    const mark = await lastEventId(server);

    const result = await server.graphql(row.document, row.variables(ids));
    expect(result.errors).toBeUndefined();
    const payload = (result.data as Record<string, Record<string, unknown>>)[row.mutation]!;
    const messages = payload.messages as Array<{ field: string; message: string }>;
    expect(messages.map((m) => m.field)).toContain(row.field);
    for (const m of messages) expect(m.message).toMatch(/\S/);
    for (const [key, value] of Object.entries(payload)) if (key !== 'messages') expect(value).toBeNull();

    expect(await lastEventId(server)).toBe(mark);
    expect(await snapshot(server)).toEqual(before);
  });

  it('answers a missing input object with a message, not an error', async () => {
    const result = await server.graphql(
      'mutation { updateClient { user { id } messages { field message } } }',
    );
    expect(result.data).toEqual({
      updateClient: { user: null, messages: [{ field: 'id', message: 'Id is required' }] },
    });
  });
});
