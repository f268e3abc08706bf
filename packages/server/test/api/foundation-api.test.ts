import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.each(dialects)('API foundation on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  const post = (headers: Record<string, string>, body: unknown = { query: '{ currentUser { id } }' }) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it.each([
    ['no Authorization header', { authorizationsource: 'API' }, /Missing API key/],
    ['a wrong key', { authorization: 'Basic chk_wrong', authorizationsource: 'API' }, /Invalid API key/],
    ['no AuthorizationSource', { authorization: 'Basic KEY' }, /AuthorizationSource: API/],
    [
      'a malformed Authorization header',
      { authorization: 'KEY', authorizationsource: 'API' },
      /Missing API key/,
    ],
  ])('answers 401 with a JSON error for %s', async (_label, headers, message) => {
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('KEY', server.org.apiKey)]),
    );
    const response = await post(resolved);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]!.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/i);
  });

  it('answers currentUser with the owner of the key (Basic and Bearer)', async () => {
    for (const scheme of ['Basic', 'Bearer']) {
      const response = await post(
        { authorization: `${scheme} ${server.org.apiKey}`, authorizationsource: 'API' },
        {
          query: '{ currentUser { id email first_name last_name } organization { id name } }',
        },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        data: {
          currentUser: {
            id: String(server.org.userId),
            email: 'owner-Test Practice@example.com',
            first_name: null,
            last_name: null,
          },
          organization: { id: String(server.org.organizationId), name: 'Test Practice' },
        },
      });
    }
  });

  it('keeps each key inside its organization and sub-organizations', async () => {
    const child = await server.createOrg('Child Clinic', server.org.organizationId);
    const stranger = await server.createOrg('Stranger');
    const asParent = await server.graphql<{ organization: { name: string } | null }>(
      'query($id: ID) { organization(id: $id) { name } }',
      { id: String(child.organizationId) },
    );
    expect(asParent.data?.organization).toEqual({ name: 'Child Clinic' });
    const asChild = await server.graphql<{ organization: unknown }>(
      'query($id: ID) { organization(id: $id) { name } }',
      { id: String(server.org.organizationId) },
      child.apiKey,
    );
    expect(asChild.data?.organization).toBeNull();
    const asStranger = await server.graphql<{ currentUser: { id: string } }>(
      '{ currentUser { id } }',
      {},
      stranger.apiKey,
    );
    expect(asStranger.data?.currentUser.id).toBe(String(stranger.userId));
  });

  it('reports malformed GraphQL as a GraphQL error, not a crash', async () => {
    const result = await server.graphql('{ currentUser { id ');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/Syntax Error/);
    const unknownField = await server.graphql('{ currentUser { no_such_field } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.message).toMatch(/no_such_field/);
  });

  it('refuses queries deeper than the depth limit and costlier than the complexity limit', async () => {
    let deep = 'id';
    for (let i = 0; i < 14; i++) deep = `organization { owner { ${deep} } }`;
    const tooDeep = await server.graphql(`{ currentUser { ${deep} } }`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);

    const fields = Array.from({ length: 2100 }, (_, i) => `a${i}: id`).join(' ');
    const tooCostly = await server.graphql(`{ currentUser { ${fields} } }`);
    expect(tooCostly.status).toBe(400);
    expect(tooCostly.errors?.map((e) => e.message).join(' ')).toMatch(/too complex/);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await post(
      { authorization: `Basic ${server.org.apiKey}`, authorizationsource: 'API' },
      { query: '{ currentUser { id } }', padding: 'x'.repeat(1_100_000) },
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      errors: [{ message: expect.stringMatching(/too large/i) }],
    });
  });

  it('serves /healthz and Prometheus /metrics with request counts and latencies', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', store: dialect.name, role: 'all' });
    await server.graphql('{ currentUser { id } }');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /carehooks_http_requests_total\{method="POST",route="\/graphql",status="200"\} \d+/,
    );
    expect(metrics).toMatch(
      /carehooks_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/graphql"\}/,
    );
  });
});
