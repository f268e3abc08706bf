/**
 * Video session and calendar sync callbacks: appointment.* session events, a provider's calendar connected
 * (stored without an event) and external_calendar.authorization_error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createAppointment, createPatient } from '../resources/cases/fixtures.js';
import { caseApi, type CaseApi } from '../resources/support.js';
import { ev, eventsOf, expectBodies, expectRefused, insertRow, post } from './support.js';

describe.each(dialects)('video and calendar callbacks on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let provider: string;
  let appointment: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    provider = String(server.org.userId);
    appointment = await createAppointment(api, { user_id: await createPatient(api) });
  });
  afterAll(() => server.close());

  it.each([
    ['participant-joined', 'appointment.participant_joined'],
    ['participant-left', 'appointment.participant_left'],
  ])('%s names the host and the participant', async (path, eventType) => {
    const participant = { user_name: 'Pat Ient', user_email: 'pat@example.com' };
    const bodies = await eventsOf(server, async () => {
      const answer = await post(server, `/integrations/video/${path}`, {
        appointment_id: appointment,
        ...participant,
      });
      expect(answer).toEqual({
        status: 200,
        body: { resource_id_type: 'Appointment', resource_id: appointment },
      });
    });
    expectBodies(bodies, [ev(eventType, appointment, { host_user_id: provider, ...participant })]);
  });

  it.each([
    ['recording-started', 'appointment.recording_started'],
    ['recording-stopped', 'appointment.recording_stopped'],
    ['transcript-available', 'appointment.transcript_available'],
  ])('%s emits %s', async (path, eventType) => {
    const bodies = await eventsOf(server, async () => {
      expect(
        (await post(server, `/integrations/video/${path}`, { appointment_id: Number(appointment) })).status,
      ).toBe(200);
    });
    expectBodies(bodies, [ev(eventType, appointment)]);
  });

  it('keeps each report', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry table
    const db = server.runtime.services.store.db as any;
    const reports = await db
      .selectFrom('integration_reports')
      .select(['provider', 'report', 'resource_type', 'resource_id'])
      .where('resource_id', '=', Number(appointment))
      .orderBy('id')
      .execute();
    expect(reports.map((r: { report: string }) => r.report)).toEqual([
      'participant_joined',
      'participant_left',
      'recording_started',
      'recording_stopped',
      'transcript_available',
    ]);
  });

  const readCalendar = async (id: string) =>
    (
      await api.gql(
        `query($id: ID) { externalCalendar(id: $id) {
          id external_type email resource_name add_to_calendar pull_from_calendar pull_in_event_details
          has_ran_first_sync user { id }
        } }`,
        { id },
      )
    ).externalCalendar;

  it('calendar sync connects a provider calendar without an event; its authorization error is reported', async () => {
    let calendar = '';
    const connected = await eventsOf(server, async () => {
      const answer = await post(server, '/integrations/calendar/connected', {
        user_id: Number(provider),
        external_type: 'google',
        email: 'dr.connected@example.com',
        resource_name: 'Clinic hours',
        add_to_calendar: true,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.resource_id_type).toBe('ExternalCalendar');
      calendar = answer.body.resource_id;
    });
    expect(connected).toEqual([]);
    expect(await readCalendar(calendar)).toEqual({
      id: calendar,
      external_type: 'google',
      email: 'dr.connected@example.com',
      resource_name: 'Clinic hours',
      add_to_calendar: true,
      pull_from_calendar: false,
      pull_in_event_details: false,
      has_ran_first_sync: false,
      user: { id: provider },
    });
    const reported = await eventsOf(server, async () => {
      const answer = await post(server, '/integrations/calendar/authorization-error', {
        external_calendar_id: calendar,
        error: 'invalid_grant',
      });
      expect(answer.body).toEqual({ resource_id_type: 'ExternalCalendar', resource_id: calendar });
    });
    expectBodies(reported, [ev('external_calendar.authorization_error', calendar)]);
  });

  it('connecting the same account again keeps one calendar and takes the new settings, silently', async () => {
    const account = { user_id: provider, external_type: 'outlook', email: 'dr.again@example.com' };
    const first = await post(server, '/integrations/calendar/connected', account);
    expect(first.status).toBe(200);
    const again = await eventsOf(server, async () => {
      const answer = await post(server, '/integrations/calendar/connected', {
        ...account,
        pull_from_calendar: true,
      });
      expect(answer.body).toEqual(first.body);
    });
    expect(again).toEqual([]);
    expect(await readCalendar(first.body.resource_id)).toMatchObject({
      external_type: 'outlook',
      pull_from_calendar: true,
    });
  });

  it('external calendar authorization error', async () => {
    const calendar = await insertRow(server, 'external_calendars', {
      user_id: server.org.userId,
      external_type: 'google',
      email: 'provider@example.com',
    });
    const bodies = await eventsOf(server, async () => {
      const answer = await post(server, '/integrations/calendar/authorization-error', {
        external_calendar_id: calendar,
        error: 'invalid_grant',
      });
      expect(answer.body).toEqual({ resource_id_type: 'ExternalCalendar', resource_id: calendar });
    });
    expectBodies(bodies, [ev('external_calendar.authorization_error', calendar)]);
  });

  it('refuses a missing field, a malformed one and bad JSON with a 400 naming it', async () => {
    const path = '/integrations/video/participant-joined';
    await expectRefused(
      server,
      () => post(server, path, { appointment_id: appointment, user_name: 'X' }),
      400,
      'user_email',
    );
    await expectRefused(
      server,
      () => post(server, path, { appointment_id: 'abc', user_name: 'X', user_email: 'x@example.com' }),
      400,
      'appointment_id',
    );
    await expectRefused(server, () => post(server, path, '{"appointment_id": '), 400, 'body');
    await expectRefused(
      server,
      () => post(server, '/integrations/calendar/authorization-error', {}),
      400,
      'external_calendar_id',
    );
    const connect = (body: Record<string, unknown>) => () =>
      post(server, '/integrations/calendar/connected', body);
    const account = { user_id: provider, external_type: 'google', email: 'dr.refused@example.com' };
    await expectRefused(server, connect({ ...account, email: 'not an email' }), 400, 'email');
    await expectRefused(server, connect({ ...account, external_type: 'sundial' }), 400, 'external_type');
    await expectRefused(server, connect({ ...account, user_id: undefined }), 400, 'user_id');
    await expectRefused(server, connect({ ...account, user_id: await createPatient(api) }), 400, 'user_id');
  });

  it("answers 404 for another organization's appointment, calendar or provider, writing nothing", async () => {
    const other = await createOrg();
    await expectRefused(
      server,
      () =>
        post(server, '/integrations/video/recording-started', { appointment_id: appointment }, other.apiKey),
      404,
      'appointment_id',
    );
    const calendar = await insertRow(server, 'external_calendars', { user_id: server.org.userId });
    await expectRefused(
      server,
      () =>
        post(
          server,
          '/integrations/calendar/authorization-error',
          { external_calendar_id: calendar },
          other.apiKey,
        ),
      404,
      'external_calendar_id',
    );
    await expectRefused(
      server,
      () =>
        post(
          server,
          '/integrations/calendar/connected',
          { user_id: provider, external_type: 'google', email: 'dr.elsewhere@example.com' },
          other.apiKey,
        ),
      404,
      'user_id',
    );
  });

  it('requires the API key', async () => {
    const answer = await post(
      server,
      '/integrations/video/recording-started',
      { appointment_id: appointment },
      'nope',
    );
    expect(answer.status).toBe(401);
  });

  let others = 0;
  const createOrg = () => server.createOrg(`Other practice ${++others}`);
});
