/**
 * A Healthie client's typical session against carehooks, end to end: GraphQL documents written against
 * Healthie's schema, a webhook created through the API, and every resulting event delivered over HTTP,
 * verified by the receiver SDK and parsed into its typed event.
 */
import { eventTypes } from '@carehooks/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent, verifySignature, type WebhookEvent } from '../../../receiver/src/index.js';
import { dialects } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(dialects)('a Healthie client session on $name', (dialect) => {
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'all' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  async function gql(query: string, input: Record<string, unknown>): Promise<Data> {
    const result = await server.graphql<Data>(query, { input });
    expect(result.errors).toBeUndefined();
    const payload = Object.values(result.data!)[0] as Data;
    expect(payload.messages ?? []).toEqual([]);
    return payload;
  }

  it('delivers every event of the session, signed, in order, with the catalog shape', async () => {
    const { webhook } = await gql(
      `mutation($input: createWebhookInput) { createWebhook(input: $input) {
        webhook { id signature_secret } messages { field message } } }`,
      {
        url: `${receiver.url}/healthie/webhooks?source=carehooks`,
        webhook_events: eventTypes.map((event_type) => ({ event_type })),
      },
    );

    const { user } = await gql(
      'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
      { first_name: 'Riley', last_name: 'Session', email: `riley-${dialect.name}@example.com` },
    );
    await gql(
      'mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }',
      { id: user.id, phone_number: '555-0142' },
    );
    const { appointment } = await gql(
      `mutation($input: createAppointmentInput) { createAppointment(input: $input) {
        appointment { id } messages { field message } } }`,
      { user_id: user.id, datetime: '2031-02-03 10:00' },
    );
    await gql(
      `mutation($input: updateAppointmentInput) { updateAppointment(input: $input) {
        appointment { id } messages { field message } } }`,
      { id: appointment.id, datetime: '2031-02-04 10:00' },
    );
    const { medication } = await gql(
      `mutation($input: createMedicationInput) { createMedication(input: $input) {
        medication { id } messages { field message } } }`,
      { user_id: user.id, name: 'Metformin', dosage: '500 mg' },
    );
    const { tag } = await gql(
      'mutation($input: createTagInput) { createTag(input: $input) { tag { id } messages { field message } } }',
      { name: 'Diabetes program' },
    );
    await gql(
      'mutation($input: bulkApplyInput) { bulkApply(input: $input) { tags { id } messages { field message } } }',
      { ids: [tag.id], taggable_user_id: user.id },
    );
    const { task } = await gql(
      'mutation($input: createTaskInput) { createTask(input: $input) { task { id } messages { field message } } }',
      { content: 'Review labs', user_id: user.id },
    );
    const { customModuleForm } = await gql(
      `mutation($input: createCustomModuleFormInput) { createCustomModuleForm(input: $input) {
        customModuleForm { id } messages { field message } } }`,
      { name: 'Follow-up note', use_for_charting: true },
    );
    const { customModule } = await gql(
      `mutation($input: createCustomModuleInput) { createCustomModule(input: $input) {
        customModule { id } messages { field message } } }`,
      { custom_module_form_id: customModuleForm.id, label: 'How are you feeling?', mod_type: 'text' },
    );
    const { form_answer_group } = await gql(
      `mutation($input: createFormAnswerGroupInput) { createFormAnswerGroup(input: $input) {
        form_answer_group { id } messages { field message } } }`,
      {
        user_id: user.id,
        custom_module_form_id: customModuleForm.id,
        finished: true,
        form_answers: [{ custom_module_id: customModule.id, answer: 'Better' }],
      },
    );

    const expected: Array<[string, string]> = [
      ['patient.created', user.id],
      ['patient.updated', user.id],
      ['appointment.created', appointment.id],
      ['appointment.updated', appointment.id],
      ['medication.created', medication.id],
      ['applied_tag.created', ''],
      ['task.created', task.id],
      ['custom_module_form.created', customModuleForm.id],
      ['custom_module.created', customModule.id],
      ['form_answer_group.created', form_answer_group.id],
    ];
    await receiver.waitFor(expected.length, 20_000);
    const received: WebhookEvent[] = [];
    for (const request of receiver.requests) {
      expect(request.path).toBe('/healthie/webhooks?source=carehooks');
      await expect(
        verifySignature({
          method: request.method,
          url: request.path,
          headers: request.headers,
          body: request.body,
          secret: webhook.signature_secret,
        }),
      ).resolves.toBe(true);
      received.push(parseEvent(request.body.toString('utf8')));
    }
    const ordered = [...received].sort((a, b) => order(receiver, a) - order(receiver, b));
    expect(ordered.map((e) => e.event_type)).toEqual(expected.map(([type]) => type));
    for (const [index, [, id]] of expected.entries()) if (id) expect(ordered[index]!.resource_id).toBe(id);
    const applied = ordered.find((e) => e.event_type === 'applied_tag.created');
    expect(applied).toMatchObject({ tag_id: tag.id, user_id: user.id });
  });

  it('reads back what an integration selects, and delivers the care flow it drives', async () => {
    const provider = String(server.org.userId);
    const { webhook } = await gql(
      `mutation($input: createWebhookInput) { createWebhook(input: $input) {
        webhook { id signature_secret } messages { field message } } }`,
      {
        url: `${receiver.url}/care-flow`,
        webhook_events: eventTypes.map((event_type) => ({ event_type })),
      },
    );
    const before = receiver.requests.length;

    const { user_group } = await gql(
      'mutation($input: createGroupInput) { createGroup(input: $input) { user_group { id } messages { field message } } }',
      { name: 'Weight program' },
    );
    const { user } = await gql(
      'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
      {
        first_name: 'Casey',
        last_name: 'Flow',
        email: `casey-${dialect.name}@example.com`,
        dietitian_id: provider,
        user_group_id: user_group.id,
      },
    );
    const { appointment } = await gql(
      `mutation($input: createAppointmentInput) { createAppointment(input: $input) {
        appointment { id } messages { field message } } }`,
      { user_id: user.id, providers: provider, datetime: '2031-05-06 09:30' },
    );
    const past = await gql(
      `mutation($input: createAppointmentInput) { createAppointment(input: $input) {
        appointment { id } messages { field message } } }`,
      { user_id: user.id, providers: provider, datetime: '2020-05-06 09:30' },
    );
    const { tag } = await gql(
      'mutation($input: createTagInput) { createTag(input: $input) { tag { id } messages { field message } } }',
      { name: 'Onboarding' },
    );
    await gql(
      'mutation($input: bulkApplyInput) { bulkApply(input: $input) { tags { id } messages { field message } } }',
      { ids: [tag.id], taggable_user_id: user.id },
    );

    const read = await server.graphql<Data>(
      `query($id: ID, $user_id: ID) {
        user(id: $id) {
          id first_name next_appt_date dietitian_id
          user_group { id name } providers { id } active_tags { id name }
        }
        future: appointments(user_id: $user_id, filter: "future") { id }
        past: appointments(user_id: $user_id, filter: "past") { id }
      }`,
      { id: user.id, user_id: user.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.user).toMatchObject({
      id: user.id,
      first_name: 'Casey',
      next_appt_date: expect.stringContaining('2031-05-06'),
      dietitian_id: provider,
      user_group: { id: user_group.id, name: 'Weight program' },
      active_tags: [{ id: tag.id, name: 'Onboarding' }],
    });
    expect(read.data!.user.providers).toContainEqual({ id: provider });
    expect(read.data!.future).toEqual([{ id: appointment.id }]);
    expect(read.data!.past).toEqual([{ id: past.appointment.id }]);

    const { customModuleForm } = await gql(
      `mutation($input: createCustomModuleFormInput) { createCustomModuleForm(input: $input) {
        customModuleForm { id } messages { field message } } }`,
      { name: 'SOAP note', use_for_charting: true },
    );
    const { customModule } = await gql(
      `mutation($input: createCustomModuleInput) { createCustomModule(input: $input) {
        customModule { id } messages { field message } } }`,
      { custom_module_form_id: customModuleForm.id, label: 'Subjective', mod_type: 'textarea' },
    );
    const { form_answer_group } = await gql(
      `mutation($input: createFormAnswerGroupInput) { createFormAnswerGroup(input: $input) {
        form_answer_group { id } messages { field message } } }`,
      {
        user_id: user.id,
        appointment_id: appointment.id,
        custom_module_form_id: customModuleForm.id,
        finished: true,
        form_answers: [{ custom_module_id: customModule.id, answer: 'Sleeping better' }],
      },
    );
    const { requestedFormCompletion } = await gql(
      `mutation($input: createRequestedFormInput) { createRequestedFormCompletion(input: $input) {
        requestedFormCompletion { id } messages { field message } } }`,
      { recipient_ids: user.id, custom_module_form_id: customModuleForm.id },
    );
    const { conversation } = await gql(
      `mutation($input: createConversationInput) { createConversation(input: $input) {
        conversation { id } messages { field message } } }`,
      { simple_added_users: `user-${user.id}`, owner_id: provider, name: 'Check-in' },
    );
    const { note } = await gql(
      'mutation($input: createNoteInput) { createNote(input: $input) { note { id } messages { field message } } }',
      { conversation_id: conversation.id, content: 'How did the week go?', user_id: provider },
    );
    const thread = await server.graphql<Data>(
      `query($id: ID) { conversation(id: $id) { id patient_id conversation_memberships_count
        notes { id content } } }`,
      { id: conversation.id },
    );
    expect(thread.errors).toBeUndefined();
    expect(thread.data!.conversation).toMatchObject({
      id: conversation.id,
      patient_id: user.id,
      notes: [{ id: note.id, content: 'How did the week go?' }],
    });

    const mine = (): Array<{ type: string; id: string }> =>
      receiver.requests
        .slice(before)
        .filter((r) => r.path === '/care-flow')
        .map((r) => parseEvent(r.body.toString('utf8')))
        .map((e) => ({ type: e.event_type, id: String(e.resource_id) }));
    const expected = [
      { type: 'patient.created', id: user.id },
      { type: 'appointment.created', id: appointment.id },
      { type: 'appointment.created', id: past.appointment.id },
      { type: 'applied_tag.created', id: expect.any(String) },
      { type: 'custom_module_form.created', id: customModuleForm.id },
      { type: 'custom_module.created', id: customModule.id },
      { type: 'form_answer_group.created', id: form_answer_group.id },
      { type: 'requested_form_completion.created', id: requestedFormCompletion.id },
      { type: 'conversation.created', id: conversation.id },
      { type: 'message.created', id: note.id },
    ];
    await expect.poll(() => mine().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(expected.length);
    for (const request of receiver.requests.slice(before).filter((r) => r.path === '/care-flow')) {
      await expect(
        verifySignature({
          method: request.method,
          url: request.path,
          headers: request.headers,
          body: request.body,
          secret: webhook.signature_secret,
        }),
      ).resolves.toBe(true);
    }
    const arrived = mine().sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
    const wanted = [...expected].sort((a, b) => a.type.localeCompare(b.type));
    expect(arrived).toEqual(expect.arrayContaining(wanted));
    expect(arrived).toHaveLength(expected.length);
  });
});

/** Deliveries may arrive concurrently; the delivery id (assigned at commit) gives the commit order. */
function order(receiver: Receiver, event: WebhookEvent): number {
  const request = receiver.requests.find((r) => r.body.toString('utf8') === JSON.stringify(event));
  return Number(request?.headers['x-carehooks-delivery']);
}
