/**
 * Issue #12 (items 1–3) and #10: what one request may ask of the GraphQL API, over real HTTP on both
 * stores. Each case reproduces a request that used to succeed (or fail) wrongly.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Payload {
  user: { id: string; first_name: string; metadata: string | null } | null;
  messages: Array<{ field: string; message: string }> | null;
}

const CREATE_CLIENT = `mutation($input: createClientInput) {
  createClient(input: $input) { user { id first_name metadata } messages { field message } }
}`;

/** Fields of User selected by the page-size tests: cost 1 + page × 5. */
const FIVE_FIELDS = 'id first_name last_name email phone_number';

async function raw(server: TestServer, body: unknown) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${server.org.apiKey}`,
      authorizationsource: 'API',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe.each(dialects)('GraphQL request limits on $name', (dialect) => {
  let server: TestServer;
  /** The same server's API with a small response budget and cost limit. */
  let small: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    small = await startTestServer(dialect, { responseLimitBytes: 20_000, queryComplexityLimit: 300 });
  });
  afterAll(async () => {
    await server.close();
    await small.close();
  });

  let clients = 0;
  const createClient = (target: TestServer, input: Record<string, unknown>) =>
    target.graphql<{ createClient: Payload }>(CREATE_CLIENT, {
      input: { last_name: 'Limit', email: `client${++clients}@example.com`, ...input },
    });

  describe('text lengths', () => {
    it('refuses a name over 255 characters with a message naming the field, and writes nothing', async () => {
      const before = await server.graphql<{ users: unknown[] }>('{ users(page_size: 100) { id } }');
      const result = await createClient(server, { first_name: 'x'.repeat(256) });
      expect(result.data?.createClient).toEqual({
        user: null,
        messages: [{ field: 'first_name', message: 'First name is too long (maximum is 255 characters)' }],
      });
      const after = await server.graphql<{ users: unknown[] }>('{ users(page_size: 100) { id } }');
      expect(after.data?.users).toHaveLength(before.data!.users.length);
    });

    it('refuses the 900,000-character first name of the report', async () => {
      const result = await createClient(server, { first_name: 'x'.repeat(900_000) });
      expect(result.data?.createClient.messages).toEqual([
        { field: 'first_name', message: 'First name is too long (maximum is 255 characters)' },
      ]);
    });

    it('accepts 255 characters in a name and 10,000 in other text, refuses 10,001', async () => {
      const accepted = await createClient(server, {
        first_name: 'n'.repeat(255),
        metadata: 'm'.repeat(10_000),
      });
      expect(accepted.data?.createClient.messages).toBeNull();
      expect(accepted.data?.createClient.user?.first_name).toHaveLength(255);
      expect(accepted.data?.createClient.user?.metadata).toHaveLength(10_000);

      const refused = await createClient(server, { first_name: 'Ok', metadata: 'm'.repeat(10_001) });
      expect(refused.data?.createClient.messages).toEqual([
        { field: 'metadata', message: 'Metadata is too long (maximum is 10000 characters)' },
      ]);
    });

    it('checks lengths on update too', async () => {
      const created = await createClient(server, { first_name: 'Short' });
      const id = created.data!.createClient.user!.id;
      const updated = await server.graphql<{ updateClient: { messages: unknown } }>(
        `mutation($input: updateClientInput) { updateClient(input: $input) { messages { field message } } }`,
        { input: { id, last_name: 'y'.repeat(300) } },
      );
      expect(updated.data?.updateClient.messages).toEqual([
        { field: 'last_name', message: 'Last name is too long (maximum is 255 characters)' },
      ]);
    });
  });

  describe('response budget', () => {
    it('answers a response over the budget with one error instead of the body', async () => {
      const created = await createClient(small, { first_name: 'f'.repeat(255) });
      const id = created.data!.createClient.user!.id;
      // 100 aliases of a 255-character name: about 27 KB against a budget of 20 KB (cost 200 ≤ 300).
      const aliases = Array.from({ length: 100 }, (_, i) => `u${i}: user(id: "${id}") { first_name }`);
      const response = await raw(small, { query: `{ ${aliases.join(' ')} }` });
      expect(response.status).toBe(200);
      expect(response.text.length).toBeLessThan(1_000);
      expect(JSON.parse(response.text)).toEqual({
        data: null,
        errors: [
          {
            message: expect.stringMatching(/larger than the limit of 20000 bytes/),
            extensions: { code: 'RESPONSE_TOO_LARGE', limit: 20_000 },
          },
        ],
      });

      const within = await raw(small, { query: `{ ${aliases.slice(0, 50).join(' ')} }` });
      expect(JSON.parse(within.text).data.u49.first_name).toHaveLength(255);
    });

    it('applies to introspection, which is measured as serialized', async () => {
      const response = await raw(small, { query: '{ __schema { types { name fields { name } } } }' });
      expect(JSON.parse(response.text)).toMatchObject({
        data: null,
        errors: [{ extensions: { code: 'RESPONSE_TOO_LARGE' } }],
      });
    });
  });

  describe('page sizes', () => {
    it('costs a page size given in a variable like the same literal', async () => {
      const literal = await small.graphql(`{ users(page_size: 100) { ${FIVE_FIELDS} } }`);
      expect(literal.status).toBe(400);
      expect(literal.errors?.[0]?.message).toMatch(/too complex/);

      const query = `query($n: Int) { users(page_size: $n) { ${FIVE_FIELDS} } }`;
      const variable = await small.graphql(query, { n: 100 });
      expect(variable.status).toBe(400);
      expect(variable.errors?.[0]?.message).toMatch(/too complex/);

      const defaulted = await small.graphql(
        `query($n: Int = 100) { users(page_size: $n) { ${FIVE_FIELDS} } }`,
      );
      expect(defaulted.status).toBe(400);

      const smallPage = await small.graphql(query, { n: 50 });
      expect(smallPage.status).toBe(200);
      expect(smallPage.errors).toBeUndefined();
    });

    it('costs a list read whole (should_paginate false, given or by default) as its largest page', async () => {
      const three = 'id first_name last_name';
      // 1 + 100 × 3 = 301 against 300; a page of the default 10 costs 31.
      const whole = await small.graphql(`{ users(should_paginate: false) { ${three} } }`);
      expect(whole.status).toBe(400);
      expect(whole.errors?.[0]?.message).toMatch(/too complex/);
      const variable = await small.graphql(
        `query($paged: Boolean) { users(should_paginate: $paged) { ${three} } }`,
        { paged: false },
      );
      expect(variable.status).toBe(400);
      for (const query of [`{ users(should_paginate: true) { ${three} } }`, `{ users { ${three} } }`]) {
        const paged = await small.graphql(query);
        expect(paged.errors).toBeUndefined();
      }
    });

    it('clamps a page size over the maximum to it instead of refusing the query', async () => {
      for (let i = 0; i < 3; i++) await createClient(server, { first_name: `Page ${i}` });
      const literal = await server.graphql<{ users: unknown[] }>(
        `{ users(page_size: 1000) { ${FIVE_FIELDS} } }`,
      );
      expect(literal.status).toBe(200);
      expect(literal.errors).toBeUndefined();
      expect(literal.data?.users.length).toBeGreaterThanOrEqual(3);

      const variable = await server.graphql<{ users: unknown[] }>(
        `query($n: Int) { users(page_size: $n) { ${FIVE_FIELDS} } }`,
        { n: 1000 },
      );
      expect(variable.errors).toBeUndefined();
      expect(variable.data?.users).toEqual(literal.data?.users);

      const webhooks = await server.graphql<{ webhooks: unknown[] }>(
        '{ webhooks(page_size: 1000) { id url webhook_events { id event_type } } }',
      );
      expect(webhooks.errors).toBeUndefined();
      expect(webhooks.data?.webhooks).toEqual([]);
    });
  });

  describe('query text', () => {
    it('refuses a document over the token limit', async () => {
      const fields = Array.from({ length: 3_400 }, (_, i) => `a${i}: id`).join(' ');
      const result = await server.graphql(`{ currentUser { ${fields} } }`);
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.message).toMatch(/more that 10000 tokens/);
    });

    it('refuses a document nested too deeply for the parser, without a crash', async () => {
      const deep = `{ __type(name: "User") { ${'ofType { '.repeat(5_000)}name${' }'.repeat(5_000)} } }`;
      const result = await server.graphql(deep);
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.message).toMatch(/nested too deeply/);
    });

    it("accepts Healthie's empty variable list and empty argument lists, and leaves strings alone", async () => {
      const list = await server.graphql<{ webhooks: unknown[] }>('query webhooks() { webhooks() { id } }');
      expect(list.errors).toBeUndefined();
      expect(list.data?.webhooks).toEqual([]);

      const name = 'a() b( ) "c"';
      const created = await server.graphql<{ createClient: Payload }>(
        `mutation addClient( ) {
          # a comment with () stays a comment
          createClient(input: {
            first_name: "a() b( ) \\"c\\"", last_name: """block ()""", email: "parens@example.com"
          }) {
            user { first_name last_name } messages { field message }
          }
        }`,
      );
      expect(created.errors).toBeUndefined();
      expect(created.data?.createClient.user).toEqual({ first_name: name, last_name: 'block ()' });
    });
  });

  describe('introspection', () => {
    it.each([
      ['graphql-js getIntrospectionQuery()', getIntrospectionQuery()],
      [
        'the query GraphiQL sends (every option)',
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        }),
      ],
    ])('answers %s under the default limits', async (_label, query) => {
      const result = await server.graphql<{ __schema: { types: Array<{ name: string }> } }>(query);
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data?.__schema.types.map((t) => t.name)).toContain('User');
    });

    it('still limits the data fields of a query that also introspects', async () => {
      let deep = 'id';
      for (let i = 0; i < 14; i++) deep = `organization { owner { ${deep} } }`;
      const result = await server.graphql(`{ __schema { queryType { name } } currentUser { ${deep} } }`);
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.message).toMatch(/too deep/);
    });

    it('refuses introspection that lists types inside types, or repeats the type list', async () => {
      const nested = await server.graphql(
        '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }',
      );
      expect(nested.status).toBe(400);
      const lists = Array.from({ length: 50 }, (_, i) => `t${i}: types { name }`).join(' ');
      const repeated = await server.graphql(`{ __schema { ${lists} } }`);
      expect(repeated.status).toBe(400);
      expect(repeated.errors?.[0]?.message).toMatch(/too complex/);
    });
  });
});
