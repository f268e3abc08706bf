/**
 * Object and list fields read in batches: a ref object field (`Appointment.user`) costs one query for all
 * parents of a list, however many there are, and so does a has-many field (`User.medications`), which also
 * answers at most HAS_MANY_LIMIT rows per parent. Batched reads stay within the caller's organizations and
 * skip soft-deleted rows exactly as one read per parent did. Queries are counted by SQL text, on both stores.
 */
import type { Kysely, KyselyPlugin, QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { HAS_MANY_LIMIT } from '../../src/registry/queries.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createAppointment, createPatient } from '../resources/cases/fixtures.js';
import { caseApi, type CaseApi } from '../resources/support.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
type AnyDb = Kysely<any>;

describe.each(dialects)('batched object and list fields on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let stranger: CreatedOrganization;
  const db = (): AnyDb => server.runtime.services.store.db as unknown as AnyDb;

  beforeAll(async () => {
    // API only: no delivery worker or scheduler polling the store while queries are counted.
    server = await startTestServer(dialect, { role: 'api' });
    api = caseApi(server);
    stranger = await server.createOrg('Stranger');
  });
  afterAll(() => server.close());

  /** Runs `body` with every statement the server runs on the store recorded as SQL text, in order. */
  async function recording<T>(body: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const store = server.runtime.services.store as { db: AnyDb };
    const original = store.db;
    const compiled = new Map<QueryId, string>();
    const statements: string[] = [];
    // A plugin also sees subqueries as they are built; only a query whose result comes back was run.
    const recorder: KyselyPlugin = {
      transformQuery({ node, queryId }) {
        compiled.set(queryId, original.getExecutor().compileQuery(node, queryId).sql);
        return node;
      },
      async transformResult({ result, queryId }) {
        statements.push(compiled.get(queryId)!);
        return result;
      },
    };
    store.db = original.withPlugin(recorder);
    try {
      return { result: await body(), statements };
    } finally {
      store.db = original;
    }
  }

  const reading = (statements: string[], table: string) =>
    statements.filter((s) => /^select/i.test(s) && s.includes(`from "${table}"`));

  const appointmentsQuery = `{
    appointments(page_size: 100, order_by: UNSORTED) { id user_id user { id first_name } provider { id } }
  }`;
  type Appointments = {
    appointments: Array<{
      id: string;
      user_id: number;
      user: { id: string; first_name: string } | null;
      provider: { id: string } | null;
    }>;
  };

  const expected: Array<{ appointment: string; patient: string; name: string }> = [];
  async function addAppointments(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const name = `Pat${expected.length}`;
      const patient = await createPatient(api, { first_name: name });
      expected.push({ appointment: await createAppointment(api, { user_id: patient }), patient, name });
    }
  }
  const answered = (data: Appointments) =>
    data.appointments.map((a) => ({ appointment: a.id, patient: a.user?.id, name: a.user?.first_name }));

  it('a ref object field costs one query for the whole list, whatever its length', async () => {
    await addAppointments(2);
    const small = await recording(() => api.gql<Appointments>(appointmentsQuery));
    expect(answered(small.result)).toEqual(expected.map((e) => ({ ...e })));
    expect(small.result.appointments.every((a) => a.provider?.id === String(server.org.userId))).toBe(true);

    await addAppointments(6);
    const large = await recording(() => api.gql<Appointments>(appointmentsQuery));
    expect(answered(large.result)).toEqual(expected.map((e) => ({ ...e })));
    expect(large.result.appointments.every((a) => a.provider?.id === String(server.org.userId))).toBe(true);

    // `user` and `provider` both read users by id: one query serves both fields of all 8 appointments.
    expect(reading(large.statements, 'users')).toHaveLength(1);
    expect(reading(large.statements, 'users')).toHaveLength(reading(small.statements, 'users').length);
    expect(large.statements).toHaveLength(small.statements.length);
    expect(reading(large.statements, 'users')[0]).toMatch(/"id" in \(/);
    expect(reading(large.statements, 'users')[0]).toMatch(/"organization_id" in \(/);
  });

  it("a batched ref read stays in the caller's scope and skips soft-deleted rows", async () => {
    const [outside, ...inside] = expected;
    await db()
      .updateTable('appointments')
      .set({ user_id: stranger.userId })
      .where('id', '=', Number(outside!.appointment))
      .execute();
    const { result } = await recording(() => api.gql<Appointments>(appointmentsQuery));
    expect(answered(result)).toEqual([
      { appointment: outside!.appointment, patient: undefined, name: undefined },
      ...inside,
    ]);
    expect(result.appointments[0]!.user).toBeNull();

    // An inclusion whose appointment was deleted answers `appointment: null`, as a single read did.
    const patient = await createPatient(api);
    const appointment = await createAppointment(api, { user_id: patient, attendee_ids: patient });
    await api.gql(
      'mutation($input: deleteAppointmentInput) { deleteAppointment(input: $input) { messages { field } } }',
      {
        input: { id: appointment },
      },
    );
    const deleted = await api.gql<{
      appointment: { id: string; attended_clients: Array<{ user: { id: string }; appointment: unknown }> };
    }>(
      'query($id: ID) { appointment(id: $id, include_deleted: true) { id attended_clients { user { id } appointment { id } } } }',
      { id: appointment },
    );
    expect(deleted.appointment.attended_clients).toEqual([{ user: { id: patient }, appointment: null }]);
  });

  it(`a has-many field costs one query for all parents and answers at most ${HAS_MANY_LIMIT} rows each`, async () => {
    const many = await createPatient(api, { first_name: 'Many' });
    const few = await createPatient(api, { first_name: 'Few' });
    const none = await createPatient(api, { first_name: 'None' });
    const row = (user: string, i: number) => ({
      organization_id: server.org.organizationId,
      user_id: Number(user),
      name: `Medication ${i}`,
      active: 1,
      created_at: 1_900_000_000_000 + i,
      updated_at: 1_900_000_000_000 + i,
    });
    // Interleaved, so each parent's rows are not one contiguous run of ids.
    const rows = Array.from({ length: HAS_MANY_LIMIT + 5 }, (_, i) =>
      i < 3 ? [row(many, i), row(few, i)] : [row(many, i)],
    ).flat();
    const inserted = await db().insertInto('medications').values(rows).returning(['id', 'user_id']).execute();
    const idsOf = (user: string) =>
      inserted
        .filter((r) => Number(r.user_id) === Number(user))
        .map((r) => Number(r.id))
        .sort((a, b) => a - b)
        .map(String);

    const { result, statements } = await recording(() =>
      api.gql<{ users: Array<{ id: string; medications: Array<{ id: string; name: string }> }> }>(
        'query($ids: [ID]) { users(ids: $ids, page_size: 100, order_by: CREATED_AT_ASC) { id medications { id name } } }',
        { ids: [many, few, none] },
      ),
    );
    const byUser = Object.fromEntries(result.users.map((u) => [u.id, u.medications]));
    expect(byUser[many]!.map((m) => m.id)).toEqual(idsOf(many).slice(0, HAS_MANY_LIMIT));
    expect(byUser[many]!.at(-1)!.name).toBe(`Medication ${HAS_MANY_LIMIT - 1}`);
    expect(byUser[few]!.map((m) => m.id)).toEqual(idsOf(few));
    expect(byUser[none]).toEqual([]);
    expect(reading(statements, 'medications')).toHaveLength(1);

    // The same parent read on its own gets the same capped list.
    const alone = await api.gql<{ user: { medications: Array<{ id: string }> } }>(
      'query($id: ID) { user(id: $id) { medications { id } } }',
      { id: many },
    );
    expect(alone.user.medications.map((m) => m.id)).toEqual(idsOf(many).slice(0, HAS_MANY_LIMIT));
  });
});
