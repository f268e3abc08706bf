/** Video session and calendar sync callbacks: appointment.* session events and external_calendar.authorization_error. */
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
  });

  it("answers 404 for another organization's appointment or calendar, writing nothing", async () => {
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
