/**
 * Scheduled messages: createMessageBlast queues one; the scheduler sends it once, not before its time, and
 * never again, even when two passes race or the process restarts on the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { sendDueMessages } from '../../src/areas/messaging/index.js';
import { createPatient } from '../resources/cases/fixtures.js';
import { caseApi, type CaseApi, type Data } from '../resources/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ev, expectBodies } from './support.js';

const createMessageBlast = `mutation($input: createMessageBlastInput) {
  createMessageBlast(input: $input) {
    message
    noteScheduler { id note_content participant_ids scheduled_at sent_at user { id } }
    messages { field message }
  }
}`;

const HOUR = 3_600_000;

async function sentEvents(runtime: Runtime, scheduler: string): Promise<Array<Record<string, unknown>>> {
  const rows = await runtime.services.store.db
    .selectFrom('events')
    .select('body')
    .where('event_type', '=', 'scheduled_message.sent')
    .where('resource_id', '=', scheduler)
    .orderBy('id')
    .execute();
  return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

const depsOf = (runtime: Runtime) => ({
  store: runtime.services.store,
  outbox: runtime.services.outbox,
  registry: runtime.services.registry,
});

describe.each(dialects)('scheduled messages on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let patient: string;
  const restarted: Runtime[] = [];
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    patient = await createPatient(api);
  });
  afterAll(async () => {
    for (const runtime of restarted) await runtime.stop();
    await server.close();
  });

  const schedule = async (scheduledAt: string) => {
    const data = await api.gql<Data>(createMessageBlast, {
      input: {
        note: { content: 'Time for your check-in' },
        simple_added_users: patient,
        scheduled_at: scheduledAt,
      },
    });
    return data.createMessageBlast as { message: string; noteScheduler: Data };
  };

  it('queues a blast with its due time and recipients, without sending it', async () => {
    const due = new Date(Date.now() + 24 * HOUR);
    const blast = await schedule(due.toISOString());
    expect(blast.noteScheduler).toMatchObject({
      note_content: 'Time for your check-in',
      participant_ids: [patient],
      scheduled_at: due.toISOString(),
      sent_at: null,
      user: { id: String(server.org.userId) },
    });
    expect(await sendDueMessages(depsOf(server.runtime), Date.now())).toBe(0);
    expect(await sentEvents(server.runtime, blast.noteScheduler.id)).toEqual([]);
  });

  it("is sent by the worker role's scheduler on its own once due", async () => {
    const blast = await schedule(new Date(Date.now() - 1000).toISOString());
    const id = blast.noteScheduler.id as string;
    for (let i = 0; i < 100 && (await sentEvents(server.runtime, id)).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expectBodies(await sentEvents(server.runtime, id), [ev('scheduled_message.sent', id)]);
    expect(await server.runtime.scheduler?.tick()).toBe(0);
  });

  it('sends a due message once, and not again after a restart', async () => {
    const due = Date.now() + 2 * HOUR;
    const blast = await schedule(
      new Date(due)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ''),
    );
    const id = blast.noteScheduler.id as string;
    expect(await sendDueMessages(depsOf(server.runtime), due - 60_000)).toBe(0);
    expect(await sentEvents(server.runtime, id)).toEqual([]);

    // Two passes racing for the same message: one claim wins.
    const passes = await Promise.all([
      sendDueMessages(depsOf(server.runtime), due + 1000),
      sendDueMessages(depsOf(server.runtime), due + 1000),
    ]);
    expect(passes.reduce((a, b) => a + b, 0)).toBe(1);
    expectBodies(await sentEvents(server.runtime, id), [ev('scheduled_message.sent', id)]);
    expect(await sendDueMessages(depsOf(server.runtime), due + 5000)).toBe(0);

    // Restart: stop the process, open the same store again, run the scheduler again.
    const config = server.runtime.services.config;
    await server.runtime.stop();
    const again = await startRuntime(config, { logger: server.runtime.services.logger });
    restarted.push(again);
    expect(await sendDueMessages(depsOf(again), due + 10 * HOUR)).toBe(0);
    expectBodies(await sentEvents(again, id), [ev('scheduled_message.sent', id)]);
    const read = await fetch(`${again.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${server.org.apiKey}`,
        authorizationsource: 'API',
      },
      body: JSON.stringify({ query: `{ note_scheduler(id: "${id}") { id sent_at } }` }),
    });
    const body = (await read.json()) as Data;
    expect(body.data.note_scheduler.sent_at).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
  });
});

describe.each(dialects)('createMessageBlast refusals on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it.each([
    ['no content', { simple_added_users: 'SELF' }, 'note.content'],
    [
      'a date that is not one',
      { note: { content: 'x' }, simple_added_users: 'SELF', scheduled_at: 'tomorrow' },
      'scheduled_at',
    ],
    ['an unknown recipient', { note: { content: 'x' }, simple_added_users: '999999' }, 'simple_added_users'],
    ['no recipient', { note: { content: 'x' } }, 'simple_added_users'],
  ])('refuses %s, writing nothing', async (_title, input, field) => {
    const resolved = JSON.parse(JSON.stringify(input).replace('SELF', String(server.org.userId))) as Data;
    const answer = await server.graphql<Data>(createMessageBlast, { input: resolved });
    expect(answer.data?.createMessageBlast.messages.map((m: { field: string }) => m.field)).toEqual([field]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry table
    const db = server.runtime.services.store.db as any;
    expect(await db.selectFrom('note_schedulers').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('message_schedules').selectAll().execute()).toEqual([]);
  });

  it("refuses another organization's recipient", async () => {
    const other = await server.createOrg('Elsewhere');
    const answer = await server.graphql<Data>(
      createMessageBlast,
      { input: { note: { content: 'x' }, simple_added_users: String(server.org.userId) } },
      other.apiKey,
    );
    expect(answer.data?.createMessageBlast.messages[0].field).toBe('simple_added_users');
  });
});
