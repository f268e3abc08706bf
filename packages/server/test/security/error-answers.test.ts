/**
 * Issue #12, item 5: a client's mistake is a 4xx with our own message, logged at warn without a stack
 * trace; an internal error is logged (with its stack) under the request id and answered with that id only,
 * never with its own text.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import { createLogger } from '../../src/app/logger.js';
import type { StoreConfig } from '../../src/store/dialect.js';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { dialects, testSecretKey } from '../support/dialects.js';
import { createOrg, startRuntimeOn } from './support.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: { message: string; stack?: string };
  [key: string]: unknown;
}

describe.each(dialects)('error answers on $name', (dialect) => {
  let runtime: Runtime;
  let org: CreatedOrganization;
  let cleanup: () => Promise<void>;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    const fresh = await dialect.freshConfig();
    cleanup = fresh.cleanup;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    const store: StoreConfig = fresh.config;
    runtime = await startRuntimeOn(
      store,
      { role: 'api', logLevel: 'info', ...(store.kind === 'postgres' ? { secretKey: testSecretKey } : {}) },
      createLogger('info', sink),
    );
    org = await createOrg(runtime, 'Errors');
  });
  afterAll(async () => {
    await runtime.stop();
    await cleanup();
  });

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${org.apiKey}`,
        authorizationsource: 'API',
        ...headers,
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
      },
    };
  };
  const logged = (predicate: (line: LogLine) => boolean) => lines.filter(predicate);

  it.each([
    ['a body that is not JSON', 400, '{"query": ', {}, 'The request body is not valid JSON.'],
    ['a body that is not JSON at all', 400, 'query { x }', {}, 'The request body is not valid JSON.'],
    [
      'a body of a media type without a parser',
      415,
      'query=1',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'Send the request body as JSON, with Content-Type: application/json.',
    ],
    ['a query that does not parse', 400, JSON.stringify({ query: '{ webhooks { id ' }), {}, /^Syntax Error/],
    ['an unknown field', 400, JSON.stringify({ query: '{ nope }' }), {}, /Cannot query field "nope"/],
    [
      'a variable of the wrong type',
      400,
      JSON.stringify({
        query: 'query ($n: Int) { webhooks(page_size: $n) { id } }',
        variables: { n: 'ten' },
      }),
      {},
      /Variable "\$n" got invalid value "ten"/,
    ],
  ] as const)(
    '%s is a %i with our message, logged at warn without a stack',
    async (_label, status, body, headers, message) => {
      const before = lines.length;
      const answer = await post(body, headers);
      expect(answer.status).toBe(status);
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors[0]!.message).toMatch(message);
      const warned = lines.slice(before).filter((line) => line.level === 40);
      expect(warned).toHaveLength(1);
      expect(warned[0]!.msg).toMatch(message);
      expect(warned[0]!.reqId).toEqual(expect.any(String));
      expect(JSON.stringify(lines.slice(before))).not.toMatch(/"stack"| {4}at /);
      expect(lines.slice(before).filter((line) => line.level >= 50)).toEqual([]);
    },
  );

  it('answers an internal error with the request id only, and logs it with its stack under that id', async () => {
    // A table gone from under the server: the query fails inside the database driver.
    await sql`drop table sent_webhooks`.execute(runtime.services.store.db);
    const before = lines.length;
    const answer = await post(JSON.stringify({ query: '{ sentWebhooks { id } }' }));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ sentWebhooks: null });
    const [error] = answer.body.errors;
    const requestId = error!.extensions!.request_id as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error).toEqual({
      message: `Internal server error; quote request id ${requestId} when reporting it.`,
      locations: expect.any(Array),
      path: ['sentWebhooks'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', request_id: requestId },
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/sent_webhooks|no such table|does not exist|select/i);

    const [failure, ...others] = logged((line) => line.level === 50).filter(
      (line) => lines.indexOf(line) >= before,
    );
    expect(others).toEqual([]);
    expect(failure).toMatchObject({ reqId: requestId, msg: 'internal error' });
    expect(failure!.err!.message).toMatch(/sent_webhooks/);
    expect(failure!.err!.stack).toMatch(/\n\s+at /);
  });

  it('answers a body without its key with 401 and logs no internals', async () => {
    const answer = await post(JSON.stringify({ query: '{ webhooks { id } }' }), {
      authorization: 'Basic wrong',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0]!.message).toBe('Invalid API key.');
  });

  it('never writes the API key or a signing secret to the log', async () => {
    const created = await post(
      JSON.stringify({
        query:
          'mutation ($input: createWebhookInput) { createWebhook(input: $input) { webhook { signature_secret } } }',
        variables: { input: { url: 'http://127.0.0.1:9/logged' } },
      }),
    );
    const secret = (created.body.data as { createWebhook: { webhook: { signature_secret: string } } })
      .createWebhook.webhook.signature_secret;
    const text = JSON.stringify(lines);
    expect(text).not.toContain(org.apiKey);
    expect(text).not.toContain(secret);
  });
});
