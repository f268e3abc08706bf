/**
 * Issue #12, item 4: inputs that reached internals. A `query` that is not a GraphQL document's text (such as
 * the number 123) answered 200 with a TypeError's text; a 100 KB `keywords` answered SQLite's "LIKE or GLOB
 * pattern too complex"; `%` and `_` in keywords were wildcards (`users(keywords: "%")` matched everyone);
 * a NUL in keywords matched every row on SQLite (and is refused by PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEYWORDS_LENGTH } from '../../src/core/keywords.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook } from '../webhooks/webhook-fixtures.js';

describe.each(dialects)('inputs that reached internals, on $name', (dialect) => {
  let server: TestServer;
  let webhookId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
    for (const [first_name, last_name, email] of [
      ['Ann', 'Lee', 'ann@example.com'],
      ['Bob', 'Under_score', 'bob@example.com'],
      ['Cid', 'Per%cent', 'cid@example.com'],
      ['Dee', 'Back\\slash', 'dee@example.com'],
    ]) {
      const created = await server.graphql(
        'mutation ($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
        { input: { first_name, last_name, email } },
      );
      expect(created.errors).toBeUndefined();
    }
    for (const name of ['Intake 100%', 'Intake_v2', 'Intake']) {
      const created = await server.graphql(
        'mutation ($input: createCustomModuleFormInput) { createCustomModuleForm(input: $input) { messages { field message } } }',
        { input: { name } },
      );
      expect(created.errors).toBeUndefined();
    }
    const webhook = await createWebhook(server, { url: 'http://127.0.0.1:9/hooks/100%25' });
    webhookId = webhook.id;
    // Attempts as the delivery engine logs them, so the keywords filters have rows to look at.
    const now = Date.now();
    await server.runtime.services.store.db
      .insertInto('sent_webhooks')
      .values(
        ['patient.created', 'appointment.updated'].map((eventType, i) => ({
          organization_id: server.org.organizationId,
          webhook_id: Number(webhook.id),
          delivery_id: i + 1,
          event_id: i + 1,
          event_type: eventType,
          resource_id: String(100 + i),
          resource_id_type: 'Patient',
          url: webhook.url,
          attempt: 1,
          http_response_status: 200,
          error: null,
          response_body: null,
          duration_ms: 5,
          created_at: now - i,
        })),
      )
      .execute();
  });
  afterAll(() => server.close());

  const post = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        authorization: `Basic ${server.org.apiKey}`,
        authorizationsource: 'API',
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { errors?: Array<{ message: string }> },
    };
  };

  it.each([
    ['the number 123', '{"query": 123}'],
    ['a boolean', '{"query": true}'],
    ['an object', '{"query": {"kind": "Document", "definitions": []}}'],
    ['a number in a string', '{"query": "123"}'],
    ['a JSON syntax tree in a string', JSON.stringify({ query: '{"kind":"Document","definitions":[]}' })],
    ['null in a string', '{"query": "null"}'],
    ['an array in a string', '{"query": "[1, 2]"}'],
  ])('answers a query that is %s with 400 and our own message', async (_label, body) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^query (must be a string holding|is not) a GraphQL document/),
      }),
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(
      /definitions is not iterable|getDocument|Must provide document/,
    );
  });

  it('answers the same for a GET with ?query=123', async () => {
    const response = await fetch(`${server.url}/graphql?query=123`, {
      headers: { authorization: `Basic ${server.org.apiKey}`, authorizationsource: 'API' },
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/query is not a GraphQL document/);
  });

  const list = async (field: string, keywords: string, select = 'id') => {
    const answer = await server.graphql<Record<string, Array<Record<string, string>> | null>>(
      `query ($k: String) { ${field}(keywords: $k) { ${select} } }`,
      { k: keywords },
    );
    return answer;
  };

  it.each([
    ['users', 'last_name'],
    ['customModuleForms', 'name'],
    ['webhooks', 'url'],
    ['sentWebhooks', 'url'],
  ])('%s: keywords longer than the limit are a clear error naming the argument', async (field, select) => {
    for (const keywords of ['x'.repeat(100_000), '%'.repeat(MAX_KEYWORDS_LENGTH + 1)]) {
      const answer = await list(field, keywords, select);
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ [field]: null });
      expect(answer.errors).toEqual([
        expect.objectContaining({
          message: `keywords is longer than ${MAX_KEYWORDS_LENGTH} characters.`,
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'keywords' }),
        }),
      ]);
      expect(JSON.stringify(answer)).not.toMatch(/LIKE|GLOB|too complex|SQL/i);
    }
    // At the limit it is an ordinary filter.
    expect((await list(field, 'q'.repeat(MAX_KEYWORDS_LENGTH), select)).data).toEqual({ [field]: [] });
  });

  it('users: %, _ and \\ in keywords match themselves, not any text', async () => {
    const names = async (keywords: string) =>
      ((await list('users', keywords, 'last_name')).data!.users ?? []).map((u) => u.last_name).sort();
    expect(await names('%')).toEqual(['Per%cent']);
    expect(await names('_')).toEqual(['Under_score']);
    expect(await names('\\')).toEqual(['Back\\slash']);
    expect(await names('b_b')).toEqual([]);
    expect(await names('a%e')).toEqual([]);
    // Ordinary keywords still match names and emails, ignoring case.
    expect(await names('LEE')).toEqual(['Lee']);
    expect(await names('bob@')).toEqual(['Under_score']);
  });

  it('customModuleForms, webhooks and sentWebhooks read wildcards literally too', async () => {
    const forms = (await list('customModuleForms', '%', 'name')).data!.customModuleForms!.map((f) => f.name);
    expect(forms).toEqual(['Intake 100%']);
    const underscore = (await list('customModuleForms', '_', 'name')).data!.customModuleForms!.map(
      (f) => f.name,
    );
    expect(underscore).toEqual(['Intake_v2']);
    expect((await list('webhooks', '_')).data).toEqual({ webhooks: [] });
    expect((await list('webhooks', '100%')).data).toEqual({ webhooks: [{ id: webhookId }] });
    expect((await list('sentWebhooks', '_')).data).toEqual({ sentWebhooks: [] });
    expect((await list('sentWebhooks', 'appointment.')).data!.sentWebhooks).toHaveLength(1);
  });

  it.each(['sentWebhooks', 'webhooks', 'users', 'customModuleForms'])(
    '%s: a NUL in keywords matches nothing silently: it is a clear error',
    async (field) => {
      for (const keywords of ['\u0000', 'patient\u0000']) {
        const answer = await list(field, keywords);
        expect(answer.data).toEqual({ [field]: null });
        expect(answer.errors).toEqual([
          expect.objectContaining({
            message: 'keywords must not contain NUL (U+0000) characters.',
            extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'keywords' }),
          }),
        ]);
      }
    },
  );

  it('sentWebhooksCount and webhooksCount apply the same rules', async () => {
    const count = await server.graphql<{ sentWebhooksCount: number | null; webhooksCount: number | null }>(
      'query ($k: String) { sentWebhooksCount(keywords: $k) webhooksCount(keywords: $k) }',
      { k: '\u0000' },
    );
    expect(count.data).toEqual({ sentWebhooksCount: null, webhooksCount: null });
    expect(count.errors).toHaveLength(2);
    const literal = await server.graphql<{ sentWebhooksCount: number; webhooksCount: number }>(
      'query ($k: String) { sentWebhooksCount(keywords: $k) webhooksCount(keywords: $k) }',
      { k: '%' },
    );
    expect(literal.data).toEqual({ sentWebhooksCount: 2, webhooksCount: 1 });
  });
});
