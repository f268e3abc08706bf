/**
 * What the internal-source tests share: calls to `/internal/…` with the test organization's key (or
 * another), the events written since a mark, and the registry tables, to prove a refused call wrote nothing.
 */
import { expect } from 'vitest';
import type { TestServer } from '../support/server.js';
import { eventsAfter, lastEventId, snapshot } from '../resources/support.js';

export { ev } from '../resources/support.js';

export interface InternalAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read freely by the tests
  body: any;
}

/** POSTs `body` (an object is sent as JSON, a string as is) to `/internal<path>`. */
export async function post(
  server: TestServer,
  path: string,
  body: unknown,
  apiKey = server.org.apiKey,
): Promise<InternalAnswer> {
  const response = await fetch(`${server.url}/internal${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${apiKey}`,
      authorizationsource: 'API',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

/** Runs `act` and returns the webhook bodies it wrote, checking each went to `organizationId`. */
export async function eventsOf(
  server: TestServer,
  act: () => Promise<unknown>,
  organizationId = server.org.organizationId,
): Promise<Array<Record<string, unknown>>> {
  const mark = await lastEventId(server);
  await act();
  const written = await eventsAfter(server, mark);
  for (const event of written) expect(event.organization_id).toBe(organizationId);
  return written.map((e) => JSON.parse(e.body) as Record<string, unknown>);
}

/** Asserts exact bodies, key order included (the stored body is the exact bytes that are sent). */
export function expectBodies(
  actual: Array<Record<string, unknown>>,
  expected: Array<Record<string, unknown>>,
) {
  expect(actual).toEqual(expected);
  expect(actual.map((b) => Object.keys(b))).toEqual(expected.map((b) => Object.keys(b)));
}

/** Asserts `act` is refused with `status` naming `field`, and that no table and no event changed. */
export async function expectRefused(
  server: TestServer,
  act: () => Promise<InternalAnswer>,
  status: number,
  field: string,
): Promise<void> {
  const before = await snapshot(server);
  const mark = await lastEventId(server);
  const answer = await act();
  expect(answer.status).toBe(status);
  expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  expect(await eventsAfter(server, mark)).toEqual([]);
  expect(await snapshot(server)).toEqual(before);
}

/** Inserts a row straight into a registry table (records no client can create), returning its id. */
export async function insertRow(
  server: TestServer,
  table: string,
  values: Record<string, unknown>,
): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  const db = server.runtime.services.store.db as any;
  const row = await db
    .insertInto(table)
    .values({ organization_id: server.org.organizationId, created_at: 0, updated_at: 0, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** One row of a registry table, or undefined. */
export async function readRow(
  server: TestServer,
  table: string,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  const db = server.runtime.services.store.db as any;
  return db.selectFrom(table).selectAll().where('id', '=', Number(id)).executeTakeFirst();
}
