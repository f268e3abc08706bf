/**
 * The pieces of the limits that are plain functions: the query-text pass, field lengths by kind and name,
 * and the settings' validation.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { prepareQuery } from '../../src/graphql/query-text.js';
import { coerce, date, datetime, email, json, money, text } from '../../src/registry/fields.js';

describe('prepareQuery', () => {
  it.each([
    ['query webhooks() { webhooks { id } }', 'query webhooks { webhooks { id } }'],
    ['query q( , \n ) { a() b(\t) }', 'query q { a b }'],
    ['query q( # why\n) { a }', 'query q { a }'],
    ['{ a(x: "()") }', '{ a(x: "()") }'],
    ['{ a(x: "\\"()") }', '{ a(x: "\\"()") }'],
    ['{ a(x: """ () \\""" () """) b() }', '{ a(x: """ () \\""" () """) b }'],
    ['# () \n{ a }', '# () \n{ a }'],
    ['{ a(x: 1) }', '{ a(x: 1) }'],
  ])('%j becomes %j', (source, expected) => {
    expect(prepareQuery(source, 32)).toEqual({ ok: true, source: expected });
  });

  it('counts brackets outside strings and refuses deeper nesting', () => {
    expect(prepareQuery('{ a { b { c } } }', 3)).toEqual({ ok: true, source: '{ a { b { c } } }' });
    expect(prepareQuery('{ a { b { c { d } } } }', 3)).toEqual({ ok: false, nesting: 4 });
    expect(prepareQuery(`{ a(x: "${'{'.repeat(100)}") }`, 3).ok).toBe(true);
    expect(prepareQuery(`{ a(x: [[[[1]]]]) }`, 3)).toEqual({ ok: false, nesting: 4 });
  });
});

describe('field lengths', () => {
  const tooLong = (limit: number) => ({ ok: false, message: `is too long (maximum is ${limit} characters)` });

  it('gives names, emails and phone numbers 255 characters and other text 10,000', () => {
    for (const name of ['name', 'first_name', 'display_name', 'email', 'phone_number', 'holder_phone']) {
      expect(coerce(text(), 'x'.repeat(255), name)).toEqual({ ok: true, value: 'x'.repeat(255) });
      expect(coerce(text(), 'x'.repeat(256), name)).toEqual(tooLong(255));
    }
    expect(coerce(email(), `${'x'.repeat(250)}@a.com`, 'contact')).toEqual(tooLong(255));
    expect(coerce(text(), 'x'.repeat(10_000), 'notes').ok).toBe(true);
    expect(coerce(text(), 'x'.repeat(10_001), 'notes')).toEqual(tooLong(10_000));
    expect(coerce(text(), 'x'.repeat(10_001))).toEqual(tooLong(10_000));
  });

  it('counts characters, not UTF-16 units', () => {
    expect(coerce(text(), '😀'.repeat(255), 'name').ok).toBe(true);
    expect(coerce(text(), '😀'.repeat(256), 'name')).toEqual(tooLong(255));
  });

  it('lets a declaration choose its maximum', () => {
    expect(coerce(text({ maxLength: 3 }), 'abcd', 'code')).toEqual(tooLong(3));
    expect(coerce(text({ maxLength: 1_000 }), 'x'.repeat(900), 'name').ok).toBe(true);
  });

  it('bounds JSON by its serialized size, amounts and times by a short length', () => {
    expect(coerce(json(), { a: 'x'.repeat(99_000) }, 'metadata').ok).toBe(true);
    expect(coerce(json(), { a: 'x'.repeat(100_000) }, 'metadata')).toEqual({
      ok: false,
      message: 'is too long (maximum is 100000 characters as JSON)',
    });
    expect(coerce(money(), '1'.repeat(33), 'amount')).toEqual(tooLong(32));
    expect(coerce(money(), `  ${'1'.repeat(29)}.50  `, 'amount').ok).toBe(true);
    expect(coerce(datetime(), `2025-01-31 09:30:00.${'0'.repeat(60)}`, 'start')).toEqual(tooLong(64));
    expect(coerce(date(), '  2025-01-31  ', 'dob')).toEqual({ ok: true, value: '2025-01-31' });
  });
});

describe('limit settings', () => {
  it('reads every limit from its environment variable', () => {
    const config = loadConfig(
      {},
      {
        CAREHOOKS_QUERY_TOKEN_LIMIT: '500',
        CAREHOOKS_RESPONSE_LIMIT_BYTES: '2048',
        CAREHOOKS_RATE_LIMIT: '10',
        CAREHOOKS_RATE_LIMIT_WINDOW: '1m',
        CAREHOOKS_REQUEST_TIMEOUT: '20s',
        CAREHOOKS_HEADERS_TIMEOUT: '5s',
        CAREHOOKS_KEEP_ALIVE_TIMEOUT: '10s',
        CAREHOOKS_MAX_CONNECTIONS: '64',
      },
    );
    expect(config).toMatchObject({
      queryTokenLimit: 500,
      responseLimitBytes: 2048,
      rateLimit: 10,
      rateLimitWindowMs: 60_000,
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 5_000,
      keepAliveTimeoutMs: 10_000,
      maxConnections: 64,
    });
  });

  it('has safe defaults', () => {
    expect(loadConfig({}, {})).toMatchObject({
      queryDepthLimit: 12,
      queryComplexityLimit: 2_000,
      queryTokenLimit: 10_000,
      responseLimitBytes: 10_485_760,
      rateLimit: 1_000,
      rateLimitWindowMs: 1_000,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 1_024,
    });
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({}, { CAREHOOKS_RESPONSE_LIMIT_BYTES: 'lots' })).toThrow(
      /responseLimitBytes \(CAREHOOKS_RESPONSE_LIMIT_BYTES\)/,
    );
    expect(() => loadConfig({}, { CAREHOOKS_REQUEST_TIMEOUT: '0' })).toThrow(/CAREHOOKS_REQUEST_TIMEOUT/);
    expect(() => loadConfig({}, { CAREHOOKS_HEADERS_TIMEOUT: '1m' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { CAREHOOKS_HEADERS_TIMEOUT: '1m' })).toThrow(
      /CAREHOOKS_HEADERS_TIMEOUT.*must not exceed the request timeout/,
    );
  });
});
