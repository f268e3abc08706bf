/**
 * Tenancy and a whole client session: another organization's key reads nothing and changes nothing of
 * ours (and fires nothing); a parent organization reaches its sub-organizations' records, not the reverse;
 * list queries stay in scope; and a typical session emits exactly the events a receiver expects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { mutationBindings } from '../../src/graphql/resources/sdl.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { readBackCases } from './cases/index.js';
import { createAppointment, createPatient, createTag, uniqueEmail } from './cases/fixtures.js';
import {
  baseIds,
  caseApi,
  ev,
  eventsAfter,
  lastEventId,
  snapshot,
  type CaseApi,
  type Data,
} from './support.js';

describe.each(dialects)('resource scope and a client session on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let stranger: CreatedOrganization;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    stranger = await server.createOrg('Stranger');
  });
  afterAll(() => server.close());

  const messagesOf = (data: unknown, field: string) =>
    ((data as Record<string, { messages: Array<{ field: string }> | null }>)[field]?.messages ?? []).map(
      (m) => m.field,
    );

  it("another organization's key cannot read or change any record, and nothing fires", async () => {
    const base = baseIds(server);
    const records: Array<{ resource: string; id: string; query: string }> = [];
    for (const row of readBackCases) {
      const ids = { ...base, ...(await row.setup(api, base)) };
      records.push({ resource: row.resource, id: row.id(ids), query: row.query });
    }
    const patient = await createPatient(api);
    const tag = await createTag(api, 'Ours');
    const mark = await lastEventId(server);
    const before = await snapshot(server);

    for (const record of records) {
      const read = await server.graphql(record.query, { id: record.id }, stranger.apiKey);
      // Nothing is visible: a record reads as null, a list (`advanceAppointmentPrices`) as empty.
      const [field, value] = Object.entries(read.data ?? {})[0] ?? ['missing', undefined];
      expect({ resource: record.resource, data: read.data }).toEqual({
        resource: record.resource,
        data: { [field]: Array.isArray(value) ? [] : null },
      });
      for (const binding of mutationBindings(server.runtime.services.registry)) {
        if (binding.resource.name !== record.resource || binding.action === 'create') continue;
        const result = await server.graphql(
          `mutation($input: ${binding.input}) { ${binding.name}(input: $input) { messages { field message } } }`,
          { input: { id: record.id } },
          stranger.apiKey,
        );
        expect({ mutation: binding.name, fields: messagesOf(result.data, binding.name) }).toEqual({
          mutation: binding.name,
          fields: ['id'],
        });
      }
    }
    const refused = [
      ['bulkApply', 'bulkApplyInput', { ids: [tag], taggable_user_id: patient }, 'taggable_user_id'],
      [
        'removeAppliedTag',
        'removeAppliedTagInput',
        { id: tag, taggable_user_id: patient },
        'taggable_user_id',
      ],
      [
        'mergeClients',
        'mergeClientsInput',
        { ids: [patient], target_user_id: String(stranger.userId) },
        'target_user_id',
      ],
      ['bulkUpdateClients', 'bulkUpdateClientsInput', { ids: [patient], active_status: false }, 'ids'],
      [
        'createAppointment',
        'createAppointmentInput',
        { user_id: patient, datetime: '2030-01-01 10:00' },
        'user_id',
      ],
      ['createNotificationContact', 'createNotificationContactInput', { user_id: patient }, 'user_id'],
      ['createLocation', 'createLocationInput', { user_id: patient, name: 'Theirs' }, 'user_id'],
    ] as const;
    for (const [name, input, values, field] of refused) {
      const result = await server.graphql(
        `mutation($input: ${input}) { ${name}(input: $input) { messages { field message } } }`,
        { input: values },
        stranger.apiKey,
      );
      expect({ name, fields: messagesOf(result.data, name) }).toEqual({ name, fields: [field] });
    }
    const lists = await server.graphql<Record<string, unknown[]>>(
      `query($p: ID, $ids: [ID]) {
        users(ids: $ids) { id } appointments(user_id: $p) { id } tags { id } locations { id }
        appointmentTypes { id }
      }`,
      { p: patient, ids: [patient] },
      stranger.apiKey,
    );
    expect(lists.data).toEqual({
      users: [],
      appointments: [],
      tags: [],
      locations: [],
      appointmentTypes: [],
    });

    expect(await lastEventId(server)).toBe(mark);
    expect(await snapshot(server)).toEqual(before);
  });

  it("a parent organization reaches its sub-organization's records; the child cannot reach the parent's", async () => {
    const child = await server.createOrg(`Child ${dialect.name}`, server.org.organizationId);
    const created = await api.gql<{ createClient: { user: { id: string } } }>(
      'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
      { input: { first_name: 'Kid', last_name: 'Child', email: uniqueEmail('child') } },
      child.apiKey,
    );
    const childPatient = created.createClient.user.id;
    const parentPatient = await createPatient(api);

    const mark = await lastEventId(server);
    const seen = await api.gql<{ user: { id: string; organization: { id: string } } }>(
      'query($id: ID) { user(id: $id) { id organization { id } } }',
      { id: childPatient },
    );
    expect(seen.user).toEqual({ id: childPatient, organization: { id: String(child.organizationId) } });
    await api.gql(
      'mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }',
      { input: { id: childPatient, first_name: 'Kiddo' } },
    );
    const appointment = await createAppointment(api, { user_id: childPatient });
    const events = await eventsAfter(server, mark);
    // The appointment belongs to its patient's organization, so the child's webhooks receive it.
    expect(events.map((e) => [e.organization_id, JSON.parse(e.body)])).toEqual([
      [child.organizationId, ev('patient.updated', childPatient, {}, ['first_name'])],
      [
        child.organizationId,
        ev('appointment.created', appointment, { resource_organization_id: String(child.organizationId) }),
      ],
    ]);

    // The child sees the appointment booked for its patient, attendees included.
    const childView = await api.gql<Data>(
      'query($id: ID) { appointment(id: $id) { id attendees { id } attended_clients { user_id } } }',
      { id: appointment },
      child.apiKey,
    );
    expect(childView.appointment).toEqual({
      id: appointment,
      attendees: [{ id: childPatient }],
      attended_clients: [{ user_id: childPatient }],
    });

    const fromChild = await server.graphql<{ user: unknown }>(
      'query($id: ID) { user(id: $id) { id } }',
      { id: parentPatient },
      child.apiKey,
    );
    expect(fromChild.data?.user).toBeNull();
    const childUpdate = await server.graphql(
      'mutation($input: updateClientInput) { updateClient(input: $input) { messages { field message } } }',
      { input: { id: parentPatient, first_name: 'No' } },
      child.apiKey,
    );
    expect(messagesOf(childUpdate.data, 'updateClient')).toEqual(['id']);
  });

  it('lists patients and appointments with filters, order and pages', async () => {
    const stamp = `${dialect.name}${Date.now()}`;
    const [zed, amy, bob] = [
      await createPatient(api, { first_name: 'Zed', last_name: stamp }),
      await createPatient(api, { first_name: 'Amy', last_name: stamp }),
      await createPatient(api, { first_name: 'Bob', last_name: stamp }),
    ];
    const users = await api.gql<Record<string, Array<{ id: string }>>>(
      `query($k: String) {
        byName: users(keywords: $k, order_by: FIRST_NAME_ASC) { id }
        firstPage: users(keywords: $k, order_by: FIRST_NAME_ASC, page_size: 2) { id }
        secondPage: users(keywords: $k, order_by: FIRST_NAME_ASC, page_size: 2, offset: 2) { id }
      }`,
      { k: stamp.toUpperCase() },
    );
    expect(users).toEqual({
      byName: [{ id: amy }, { id: bob }, { id: zed }],
      firstPage: [{ id: amy }, { id: bob }],
      secondPage: [{ id: zed }],
    });

    const late = await createAppointment(api, { user_id: amy, datetime: '2031-05-02 15:00' });
    const early = await createAppointment(api, { user_id: amy, datetime: '2031-05-01 09:00' });
    await createAppointment(api, { user_id: bob, datetime: '2031-05-01 10:00' });
    const group = await createAppointment(api, {
      user_id: zed,
      attendee_ids: `${zed},${amy}`,
      datetime: '2031-06-01 09:00',
    });
    const appointments = await api.gql<Record<string, Array<{ id: string }>>>(
      `query($amy: ID) {
        all: appointments(user_id: $amy) { id }
        newestFirst: appointments(user_id: $amy, order_by: DATE_DESC) { id }
        may: appointments(user_id: $amy, startDate: "2031-05-01", endDate: "2031-05-31") { id }
      }`,
      { amy },
    );
    expect(appointments).toEqual({
      all: [{ id: early }, { id: late }, { id: group }],
      newestFirst: [{ id: group }, { id: late }, { id: early }],
      may: [{ id: early }, { id: late }],
    });
  });

  it('a typical session emits exactly the events a receiver expects', async () => {
    const mark = await lastEventId(server);
    const { createClient } = await api.gql<Data>(
      'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
      {
        input: {
          first_name: 'Sam',
          last_name: 'Session',
          email: uniqueEmail('session'),
          phone_number: '555-0101',
        },
      },
    );
    const client = createClient.user.id as string;
    await api.gql(
      'mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }',
      { input: { id: client, phone_number: '555-0199', dob: '1985-04-03', timezone: 'America/New_York' } },
    );
    const appointment = await createAppointment(api, { user_id: client, datetime: '2030-05-05 09:00' });
    await api.gql(
      'mutation($input: updateAppointmentInput) { updateAppointment(input: $input) { appointment { id } messages { field message } } }',
      { input: { id: appointment, datetime: '2030-05-06 09:00', confirmed: true } },
    );
    const tag = await createTag(api, 'Session tag');
    await api.gql(
      'mutation($input: bulkApplyInput) { bulkApply(input: $input) { tags { id } messages { field message } } }',
      { input: { ids: [tag], taggable_user_id: client } },
    );

    const bodies = (await eventsAfter(server, mark)).map((e) => JSON.parse(e.body));
    const org = String(server.org.organizationId);
    expect(bodies).toEqual([
      ev('patient.created', client),
      ev('patient.updated', client, {}, ['phone_number', 'dob', 'timezone']),
      ev('appointment.created', appointment, { resource_organization_id: org }),
      ev('appointment.updated', appointment, { resource_organization_id: org }, ['date', 'confirmed']),
      ev('applied_tag.created', bodies[4]?.resource_id, { tag_id: tag, user_id: client }),
    ]);

    const read = await api.gql<Data>(
      `query($id: ID, $a: ID) {
        user(id: $id) { first_name phone_number active_tags { name } }
        appointment(id: $a) { date confirmed user { id } }
      }`,
      { id: client, a: appointment },
    );
    expect(read).toEqual({
      user: { first_name: 'Sam', phone_number: '555-0199', active_tags: [{ name: 'Session tag' }] },
      appointment: { date: '2030-05-06 09:00', confirmed: true, user: { id: client } },
    });
  });
});
