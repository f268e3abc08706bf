/**
 * The mutations of the rest of Healthie's write surface (issue 15) that name records: another
 * organization's key names ours and is answered as if they did not exist, changes nothing and fires
 * nothing, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { post } from '../integrations/support.js';
import { caseApi, lastEventId, snapshot, type CaseApi, type Data } from '../resources/support.js';
import { createPatient } from '../resources/cases/fixtures.js';

const field = (name: string, payload: string) => `mutation($input: ${name}Input) {
  ${payload}(input: $input) { messages { field message } }
}`;

/** One record of each kind the mutations name, made with the test organization's key. */
async function ourRecords(api: CaseApi, server: TestServer): Promise<Record<string, string>> {
  const patient = await createPatient(api);
  const task = (
    await api.gql<Data>(
      'mutation { createTask(input: { content: "Ours" }) { task { id } messages { field message } } }',
    )
  ).createTask.task.id;
  const conversation = (
    await api.gql<Data>(
      'mutation { createConversation(input: { name: "Ours" }) { conversation { id } messages { field message } } }',
    )
  ).createConversation.conversation.id;
  const note = (
    await api.gql<Data>(
      'mutation($c: String) { createNote(input: { conversation_id: $c, content: "Hi" }) { note { id } messages { field message } } }',
      { c: conversation },
    )
  ).createNote.note.id;
  const scheduler = (
    await api.gql<Data>(
      `mutation($p: String) { createMessageBlast(input: { note: { content: "Later" }, simple_added_users: $p,
        scheduled_at: "2099-01-01 09:00" }) { noteScheduler { id } messages { field message } } }`,
      { p: patient },
    )
  ).createMessageBlast.noteScheduler.id;
  const membership = (
    await api.gql<Data>(
      `mutation($e: String) { createOrganizationMembership(input: { email: $e }) {
        organizationMembership { id } messages { field message } } }`,
      { e: `ours.${process.pid}.${Date.now()}@example.com` },
    )
  ).createOrganizationMembership.organizationMembership.id;
  const document = (
    await api.gql<Data>(
      'mutation { createDocument(input: { display_name: "Ours", file_string: "data:text/plain;base64,SGk=" }) { document { id } messages { field message } } }',
    )
  ).createDocument.document.id;
  const sentFax = (
    await api.gql<Data>(
      'mutation($d: String) { createSentFax(input: { destination_number: "+15555550111", document_id: $d }) { sent_fax { id } messages { field message } } }',
      { d: document },
    )
  ).createSentFax.sent_fax.id;
  const receivedFax = (await post(server, '/integrations/fax/received', { from_number: '+15555550112' })).body
    .resource_id as string;
  const notification = (
    await post(server, '/notifications', { other_party_id: server.org.userId, message: 'Ours' })
  ).body.resource_id as string;
  const calendar = (
    await api.gql<Data>(
      `mutation { createExternalCalendar(input: { external_type: "google", email: "ours@example.com", access_token: "t" }) {
        external_calendar { id } messages { field message } } }`,
    )
  ).createExternalCalendar.external_calendar.id;
  const cms1500 = (
    await api.gql<Data>(
      'mutation($p: ID) { createCms1500(input: { patient: { id: $p } }) { cms1500 { id } messages { field message } } }',
      { p: patient },
    )
  ).createCms1500.cms1500.id;
  const subscription = (
    await api.gql<Data>(
      'mutation { updateSubscription(input: { new_plan_name: "Ours" }) { subscription { id } messages { field message } } }',
    )
  ).updateSubscription.subscription.id;
  return {
    patient,
    task,
    note,
    scheduler,
    membership,
    sentFax,
    receivedFax,
    notification,
    calendar,
    cms1500,
    subscription,
  };
}

describe.each(dialects)("another organization's key on the issue 15 mutations, $name", (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let stranger: CreatedOrganization;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    stranger = await server.createOrg('Stranger 15');
  });
  afterAll(() => server.close());

  it('is answered as if our records did not exist; nothing changes, nothing fires', async () => {
    const ours = await ourRecords(api, server);
    const provider = String(server.org.userId);
    const calls: Array<[string, string, Record<string, unknown>, string]> = [
      ['bulkDeleteTasks', 'bulkDeleteTasks', { ids: [ours.task] }, 'ids'],
      ['bulkUpdateTasks', 'updateTasksBulk', { task_ids: [ours.task], complete: true }, 'task_ids'],
      ['updateNote', 'updateNote', { id: ours.note, content: 'Theirs' }, 'id'],
      [
        'updateNoteScheduler',
        'updateNoteScheduler',
        { id: ours.scheduler, participant_ids: ours.patient },
        'id',
      ],
      ['deleteOrganizationMembership', 'deleteOrganizationMembership', { id: ours.membership }, 'id'],
      ['deleteReceivedFax', 'deleteReceivedFax', { id: ours.receivedFax }, 'id'],
      ['updateReceivedFax', 'updateReceivedFax', { id: ours.receivedFax, archived: true }, 'id'],
      ['resendSentFax', 'resendSentFax', { sent_fax_id: ours.sentFax }, 'sent_fax_id'],
      ['updateNotification', 'updateNotification', { id: ours.notification, seen: true }, 'id'],
      [
        'bulkUpdateNotifications',
        'updateNotifications',
        { notification_ids: [ours.notification], seen: true },
        'notification_ids',
      ],
      [
        'updateExternalCalendar',
        'updateExternalCalendar',
        { id: ours.calendar, add_to_calendar: true },
        'id',
      ],
      ['deleteExternalCalendar', 'deleteExternalCalendar', { id: ours.calendar }, 'id'],
      [
        'createExternalCalendar',
        'createExternalCalendar',
        { user_id: provider, external_type: 'google', email: 'x@example.com', access_token: 't' },
        'user_id',
      ],
      ['updateUser', 'updateUser', { id: ours.patient, first_name: 'Theirs' }, 'id'],
      ['CreateChangeHealthPatient', 'createChangeHealthPatient', { id: ours.patient }, 'id'],
      [
        'uploadBatchToCandidHealth',
        'uploadBatchToCandidHealth',
        { cms1500_ids: [ours.cms1500] },
        'cms1500_ids',
      ],
      [
        'uploadToIntegrations',
        'uploadCms1500sToIntegrations',
        { cms1500_id: ours.cms1500, destination_integration: 'candid' },
        'cms1500_id',
      ],
      [
        'updateStripeVerificationDetails',
        'updateStripeVerificationDetails',
        { id: provider, entity_type: 'individual' },
        'id',
      ],
      ['updateSubscription', 'updateSubscription', { id: ours.subscription, new_plan_name: 'Theirs' }, 'id'],
      ['Toggle2Fa', 'toggle2Fa', { id: ours.patient, enable: 'true' }, 'id'],
    ];
    const mark = await lastEventId(server);
    const before = await snapshot(server);
    for (const [input, mutation, variables, named] of calls) {
      const result = await server.graphql(field(input, mutation), { input: variables }, stranger.apiKey);
      expect({ mutation, errors: result.errors }).toEqual({ mutation, errors: undefined });
      const messages = ((result.data as Data)[mutation].messages ?? []) as Array<{ field: string }>;
      expect({ mutation, fields: messages.map((m) => m.field) }).toEqual({ mutation, fields: [named] });
    }
    expect(await lastEventId(server)).toBe(mark);
    expect(await snapshot(server)).toEqual(before);
  });
});
