/**
 * Internal mechanisms: notification settings first configured / cleaned up, generated form drafts,
 * appointment–form links, addendum and onboarding item edits, goal template edits, other id number
 * clean-up (over `/internal/…`), and the GraphQL entries: diagnoses charted through updateClient and a
 * member viewing a conversation through updateConversationMembership.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppointment, createPatient } from '../resources/cases/fixtures.js';
import { caseApi, type CaseApi, type Data } from '../resources/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ev, eventsOf, expectBodies, expectRefused, insertRow, post, readRow } from './support.js';

const updateClient = `mutation($input: updateClientInput) {
  updateClient(input: $input) { user { id } messages { field message } }
}`;
const updateMembership = `mutation($input: updateConversationMembershipInput) {
  updateConversationMembership(input: $input) {
    conversation_membership { id viewed archived } messages { field message }
  }
}`;

describe.each(dialects)('internal mechanisms on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let patient: string;
  let otherKey: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    patient = await createPatient(api);
    otherKey = (await server.createOrg('Elsewhere')).apiKey;
  });
  afterAll(() => server.close());

  const call = async (path: string, body: Record<string, unknown>) => {
    const answer = await post(server, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as { resource_id: string; created?: boolean };
  };

  it('notification settings: created when first configured, updated after, removed by clean-up', async () => {
    let id = '';
    const first = await eventsOf(server, async () => {
      const answer = await call('/notification-settings/configure', {
        user_id: patient,
        preferences: { send_message_emails: true, marketing_communication_preference: 'email' },
      });
      expect(answer.created).toBe(true);
      id = answer.resource_id;
    });
    expectBodies(first, [ev('notification_setting.created', id, { user_id: patient })]);
    expect(await readRow(server, 'notification_settings', id)).toMatchObject({ send_message_emails: 1 });
    const again = await eventsOf(server, () =>
      call('/notification-settings/configure', {
        user_id: patient,
        preferences: { send_message_emails: false },
      }),
    );
    expectBodies(again, [
      ev('notification_setting.updated', id, { user_id: patient }, ['send_message_emails']),
    ]);
    const removed = await eventsOf(server, () =>
      call('/notification-settings/delete', { notification_setting_id: id }),
    );
    expectBodies(removed, [ev('notification_setting.deleted', id, { user_id: patient })]);
    expect(await readRow(server, 'notification_settings', id)).toBeUndefined();
  });

  it('notification settings refuse unknown preferences and foreign users', async () => {
    await expectRefused(
      server,
      () =>
        post(server, '/notification-settings/configure', { user_id: patient, preferences: { loud: true } }),
      400,
      'preferences',
    );
    await expectRefused(
      server,
      () => post(server, '/notification-settings/configure', { user_id: patient, preferences: {} }, otherKey),
      404,
      'user_id',
    );
  });

  it('a generated form answer group: generated_form_answer_group.created', async () => {
    let id = '';
    const bodies = await eventsOf(server, async () => {
      id = (await call('/forms/generated-form-answer-groups', { patient_id: patient, feedback: 'draft' }))
        .resource_id;
    });
    expectBodies(bodies, [ev('generated_form_answer_group.created', id, { patient_id: patient })]);
    await expectRefused(
      server,
      () => post(server, '/forms/generated-form-answer-groups', {}),
      400,
      'patient_id',
    );
    await expectRefused(
      server,
      () => post(server, '/forms/generated-form-answer-groups', { patient_id: patient }, otherKey),
      404,
      'patient_id',
    );
  });

  it('appointment–form connections: created, updated, deleted', async () => {
    const appointment = await createAppointment(api, { user_id: patient });
    const second = await createAppointment(api, { user_id: patient });
    const group = await insertRow(server, 'form_answer_groups', { user_id: Number(patient) });
    let id = '';
    const created = await eventsOf(server, async () => {
      id = (
        await call('/forms/appointment-connections/create', {
          appointment_id: appointment,
          form_answer_group_id: group,
        })
      ).resource_id;
    });
    const extras = (a: string) => ({ appointment_id: a, form_answer_group_id: group });
    expectBodies(created, [ev('appointment_form_answer_group_connection.created', id, extras(appointment))]);
    const updated = await eventsOf(server, () =>
      call('/forms/appointment-connections/update', {
        appointment_form_answer_group_connection_id: id,
        appointment_id: second,
      }),
    );
    expectBodies(updated, [
      ev('appointment_form_answer_group_connection.updated', id, extras(second), ['appointment_id']),
    ]);
    const deleted = await eventsOf(server, () =>
      call('/forms/appointment-connections/delete', { appointment_form_answer_group_connection_id: id }),
    );
    expectBodies(deleted, [ev('appointment_form_answer_group_connection.deleted', id, extras(second))]);
    await expectRefused(
      server,
      () => post(server, '/forms/appointment-connections/create', { appointment_id: appointment }),
      400,
      'form_answer_group_id',
    );
    await expectRefused(
      server,
      () =>
        post(
          server,
          '/forms/appointment-connections/create',
          { appointment_id: appointment, form_answer_group_id: group },
          otherKey,
        ),
      404,
      'appointment_id',
    );
  });

  it('charting note addenda: updated, deleted', async () => {
    const group = await insertRow(server, 'form_answer_groups', { user_id: Number(patient) });
    const addendum = await insertRow(server, 'charting_note_addendums', {
      form_answer_group_id: Number(group),
      content: 'First',
    });
    const updated = await eventsOf(server, () =>
      call('/charting/addenda/update', { charting_note_addendum_id: addendum, content: 'Corrected' }),
    );
    expectBodies(updated, [ev('charting_note_addendum.updated', addendum, {}, ['content'])]);
    await expectRefused(
      server,
      () => post(server, '/charting/addenda/update', { charting_note_addendum_id: addendum }),
      400,
      'content',
    );
    await expectRefused(
      server,
      () => post(server, '/charting/addenda/delete', { charting_note_addendum_id: addendum }, otherKey),
      404,
      'charting_note_addendum_id',
    );
    const deleted = await eventsOf(server, () =>
      call('/charting/addenda/delete', { charting_note_addendum_id: addendum }),
    );
    expectBodies(deleted, [ev('charting_note_addendum.deleted', addendum)]);
  });

  it('completed onboarding items: updated, deleted', async () => {
    const item = await insertRow(server, 'completed_onboarding_items', {
      user_id: Number(patient),
      onboarding_item_id: 7,
      skipped: 0,
    });
    const path = '/onboarding/completed-items';
    const updated = await eventsOf(server, () =>
      call(`${path}/update`, { completed_onboarding_item_id: item, skipped: true }),
    );
    expectBodies(updated, [ev('completed_onboarding_item.updated', item, {}, ['skipped'])]);
    await expectRefused(
      server,
      () => post(server, `${path}/update`, { completed_onboarding_item_id: item, skipped: 'y' }),
      400,
      'skipped',
    );
    await expectRefused(
      server,
      () => post(server, `${path}/delete`, { completed_onboarding_item_id: item }, otherKey),
      404,
      'completed_onboarding_item_id',
    );
    const deleted = await eventsOf(server, () =>
      call(`${path}/delete`, { completed_onboarding_item_id: item }),
    );
    expectBodies(deleted, [ev('completed_onboarding_item.deleted', item)]);
  });

  it('goal templates: updated, deleted, with their nullable extras', async () => {
    const template = await insertRow(server, 'goal_templates', { name: 'Walk', user_id: Number(patient) });
    const extras = { goal_id: null, parent_id: null, user_id: patient };
    const updated = await eventsOf(server, () =>
      call('/goals/templates/update', { goal_template_id: template, name: 'Walk daily', repeat: 'Weekly' }),
    );
    expectBodies(updated, [ev('goal_template.updated', template, extras, ['name', 'repeat'])]);
    await expectRefused(
      server,
      () => post(server, '/goals/templates/update', { goal_template_id: 'x' }),
      400,
      'goal_template_id',
    );
    await expectRefused(
      server,
      () => post(server, '/goals/templates/delete', { goal_template_id: template }, otherKey),
      404,
      'goal_template_id',
    );
    const deleted = await eventsOf(server, () =>
      call('/goals/templates/delete', { goal_template_id: template }),
    );
    expectBodies(deleted, [ev('goal_template.deleted', template, extras)]);
  });

  it('other id numbers: deleted by clean-up', async () => {
    const otherId = await insertRow(server, 'other_id_numbers', {
      user_id: server.org.userId,
      other_id: 'X1',
    });
    await expectRefused(
      server,
      () => post(server, '/billing/other-id-numbers/delete', {}),
      400,
      'other_id_number_id',
    );
    await expectRefused(
      server,
      () => post(server, '/billing/other-id-numbers/delete', { other_id_number_id: otherId }, otherKey),
      404,
      'other_id_number_id',
    );
    const deleted = await eventsOf(server, () =>
      call('/billing/other-id-numbers/delete', { other_id_number_id: otherId }),
    );
    expectBodies(deleted, [ev('other_id_number.deleted', otherId)]);
  });

  it('diagnoses charted through updateClient: created, updated, deleted', async () => {
    const gql = (diagnoses: unknown[]) => api.gql<Data>(updateClient, { input: { id: patient, diagnoses } });
    const created = await eventsOf(server, () => gql([{ icd_code_id: '4242', primary: true }]));
    const id = String(created[0]?.resource_id);
    const extras = { icd_code_id: '4242', user_id: patient };
    expectBodies(created, [ev('diagnosis.created', id, extras)]);
    const updated = await eventsOf(server, () => gql([{ id, active: false }]));
    expectBodies(updated, [ev('diagnosis.updated', id, extras, ['active'])]);
    const deleted = await eventsOf(server, () => gql([{ id, _destroy: true }]));
    expectBodies(deleted, [ev('diagnosis.deleted', id, extras)]);
    const refused = await server.graphql<Data>(updateClient, {
      input: { id: patient, diagnoses: [{ primary: true }] },
    });
    expect(refused.data?.updateClient.messages).toEqual([
      { field: 'diagnoses[0].icd_code_id', message: expect.any(String) },
    ]);
  });

  it('a member viewing a conversation: conversation_membership.viewed, once', async () => {
    const conversation = await insertRow(server, 'conversations', {
      owner_id: server.org.userId,
      name: 'Care',
    });
    const membership = await insertRow(server, 'conversation_memberships', {
      conversation_id: Number(conversation),
      user_id: Number(patient),
      viewed: 0,
      archived: 0,
    });
    const view = () => api.gql<Data>(updateMembership, { input: { id: membership, viewed: true } });
    let answer: Data = {};
    const bodies = await eventsOf(server, async () => {
      answer = await view();
    });
    expectBodies(bodies, [ev('conversation_membership.viewed', membership)]);
    expect(answer.updateConversationMembership.conversation_membership).toEqual({
      id: membership,
      viewed: true,
      archived: false,
    });
    expect(await eventsOf(server, view)).toEqual([]);
    const foreign = await server.graphql<Data>(
      updateMembership,
      { input: { id: membership, viewed: false } },
      otherKey,
    );
    expect(foreign.data?.updateConversationMembership.messages[0].field).toBe('id');
    expect((await readRow(server, 'conversation_memberships', membership))?.viewed).toBe(1);
  });
});
