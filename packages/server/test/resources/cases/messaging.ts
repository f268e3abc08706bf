/** Messaging area: conversations, memberships, messages (`Note`), notification settings. */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { post } from '../../integrations/support.js';
import { createPatient, createUserGroup, uniqueEmail } from './fixtures.js';

const createConversationDoc = `mutation($input: createConversationInput) {
  createConversation(input: $input) {
    conversation { id name owner { id } conversation_memberships { user { id } } notes { content creator { id } } }
    messages { field message }
  }
}`;
const updateConversation = `mutation($input: updateConversationInput) {
  updateConversation(input: $input) {
    conversation { id name closed_by { id } closed_date conversation_memberships { user { id } } }
    messages { field message }
  }
}`;
const createConversationMembership = `mutation($input: createConversationMembershipInput) {
  createConversationMembership(input: $input) {
    conversationMembership { id conversation_id user_id viewed } messages { field message }
  }
}`;
const deleteConversationMembership = `mutation($input: deleteConversationMembershipInput) {
  deleteConversationMembership(input: $input) { conversationMembership { id } messages { field message } }
}`;
const createNoteDoc = `mutation($input: createNoteInput) {
  createNote(input: $input) { note { id conversation_id user_id content } messages { field message } }
}`;
const deleteNote = `mutation($input: deleteNoteInput) {
  deleteNote(input: $input) { note { id } messages { field message } }
}`;
const updateNotificationSetting = `mutation($input: updateNotificationSettingInput) {
  updateNotificationSetting(input: $input) {
    notificationSetting { id send_message_emails send_message_push marketing_communication_preference }
    messages { field message }
  }
}`;

const updateNoteDoc = `mutation($input: updateNoteInput) {
  updateNote(input: $input) {
    note { id conversation_id user_id content scheduled_at attached_image_content_type on_behalf_user { id } }
    messages { field message }
  }
}`;
const blastDoc = `mutation($input: createMessageBlastInput) {
  createMessageBlast(input: $input) { noteScheduler { id } messages { field message } }
}`;
const updateNoteSchedulerDoc = `mutation($input: updateNoteSchedulerInput) {
  updateNoteScheduler(input: $input) {
    noteScheduler { id participant_ids selected_user_groups { id } } messages { field message }
  }
}`;

async function queueBlast(api: CaseApi, to: string): Promise<string> {
  const data = await api.gql<Data>(blastDoc, {
    input: { note: { content: 'Later' }, simple_added_users: to, scheduled_at: '2099-03-01 09:00' },
  });
  return data.createMessageBlast.noteScheduler.id;
}

const notificationFields = 'id seen read type message other_party { id } user { id } creator_user_name';
const updateNotificationDoc = `mutation($input: updateNotificationInput) {
  updateNotification(input: $input) {
    notification { ${notificationFields} } currentUser { id } messages { field message }
  }
}`;
const updateNotificationsDoc = `mutation($input: bulkUpdateNotificationsInput) {
  updateNotifications(input: $input) { notifications { id seen } current_user { id } messages { field message } }
}`;

/** The notifier's record of an in-app notification (POST /internal/notifications). */
async function notify(api: CaseApi, body: Record<string, unknown>): Promise<string> {
  const answer = await post(api.server, '/notifications', body);
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return answer.body.resource_id as string;
}

async function createConversation(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<Data>(createConversationDoc, { input: { name: 'Care team', ...input } });
  return data.createConversation.conversation.id;
}

async function addMember(api: CaseApi, conversation: string, user: string): Promise<string> {
  const data = await api.gql<Data>(createConversationMembership, {
    input: { conversation_id: conversation, user_id: user },
  });
  return data.createConversationMembership.conversationMembership.id;
}

async function createNote(api: CaseApi, conversation: string, content = 'Hello'): Promise<string> {
  const data = await api.gql<Data>(createNoteDoc, { input: { conversation_id: conversation, content } });
  return data.createNote.note.id;
}

/** Internal sources write these records; the tests stand in for them. */
async function insertRow(api: CaseApi, table: string, values: Record<string, unknown>): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<Record<string, Record<string, unknown> & { id: number }>>()
    .insertInto(table)
    .values({ created_at: 0, updated_at: 0, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

const withPatientConversation = async (api: CaseApi) => {
  const patient = await createPatient(api);
  return { patient, conversation: await createConversation(api) };
};

export const messagingMutations: MutationCase[] = [
  {
    mutation: 'createConversation',
    title: 'opens a conversation owned by the caller, who becomes its member',
    document: createConversationDoc,
    variables: () => ({ input: { name: 'Check-in' } }),
    events: (_ids, data) => [ev('conversation.created', data.conversation.id)],
    check: ({ provider }, data) =>
      expect(data.conversation).toMatchObject({
        name: 'Check-in',
        owner: { id: provider },
        conversation_memberships: [{ user: { id: provider } }],
        notes: [],
      }),
  },
  {
    mutation: 'createConversation',
    title: 'invites users and posts the opening note: members and note written without their own events',
    setup: async (api) => ({ patient: await createPatient(api), other: await createPatient(api) }),
    document: createConversationDoc,
    variables: ({ patient, other }) => ({
      input: {
        name: 'Intake',
        simple_added_users: `user-${patient},${patient}`,
        added_users: [{ label: 'Other', value: other }],
        note: { content: 'Welcome!' },
      },
    }),
    events: (_ids, data) => [ev('conversation.created', data.conversation.id)],
    check: ({ provider, patient, other }, data) =>
      expect(data.conversation).toMatchObject({
        conversation_memberships: [
          { user: { id: provider } },
          { user: { id: patient } },
          { user: { id: other } },
        ],
        notes: [{ content: 'Welcome!', creator: { id: provider } }],
      }),
  },
  {
    mutation: 'updateConversation',
    title: 'renames a conversation',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: updateConversation,
    variables: ({ conversation }) => ({
      input: { id: conversation, name: 'Renamed', select_all_status: 'x' },
    }),
    events: ({ conversation }) => [ev('conversation.updated', conversation!, {}, ['name'])],
  },
  {
    mutation: 'updateConversation',
    title: 'closes a conversation: the closer and the date change; an invitee joins silently',
    setup: withPatientConversation,
    document: updateConversation,
    variables: ({ conversation, provider, patient }) => ({
      input: { id: conversation, closed_by_id: provider, simple_added_users: patient },
    }),
    events: ({ conversation }) => [
      ev('conversation.updated', conversation!, {}, ['closed_by_id', 'closed_date']),
    ],
    check: ({ provider, patient }, data) => {
      expect(data.conversation.closed_by).toEqual({ id: provider });
      expect(data.conversation.closed_date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(data.conversation.conversation_memberships).toEqual([
        { user: { id: provider } },
        { user: { id: patient } },
      ]);
    },
  },
  {
    mutation: 'createConversationMembership',
    title: 'adds a patient to a conversation',
    setup: withPatientConversation,
    document: createConversationMembership,
    variables: ({ conversation, patient }) => ({
      input: { conversation_id: conversation, user_id: patient },
    }),
    events: (_ids, data) => [ev('conversation_membership.created', data.conversationMembership.id)],
    check: ({ conversation, patient }, data) =>
      expect(data.conversationMembership).toMatchObject({
        conversation_id: conversation,
        user_id: patient,
        viewed: false,
      }),
  },
  {
    mutation: 'deleteConversationMembership',
    title: 'takes a member out, named by conversation and user',
    setup: async (api) => {
      const ids = await withPatientConversation(api);
      return { ...ids, membership: await addMember(api, ids.conversation, ids.patient) };
    },
    document: deleteConversationMembership,
    variables: ({ conversation, patient }) => ({
      input: { conversation_id: conversation, user_id: patient },
    }),
    events: ({ membership }) => [ev('conversation_membership.deleted', membership!)],
    check: ({ membership }, data) => expect(data.conversationMembership.id).toBe(membership),
  },
  {
    mutation: 'createNote',
    title: 'posts a message; the sender is the caller',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: createNoteDoc,
    variables: ({ conversation }) => ({
      input: { conversation_id: conversation, content: 'See you Tuesday', org_chat: false },
    }),
    events: (_ids, data) => [ev('message.created', data.note.id)],
    check: ({ conversation, provider }, data) =>
      expect(data.note).toMatchObject({
        conversation_id: conversation,
        user_id: provider,
        content: 'See you Tuesday',
      }),
  },
  {
    mutation: 'deleteNote',
    title: 'removes a message',
    setup: async (api) => {
      const conversation = await createConversation(api);
      return { conversation, note: await createNote(api, conversation) };
    },
    document: deleteNote,
    variables: ({ note }) => ({ input: { id: note, deleted_by_user: true } }),
    events: ({ note }) => [ev('message.deleted', note!)],
  },
  {
    mutation: 'updateNotificationSetting',
    title: 'changes preferences; user_id names the owner',
    setup: async (api, { org, provider }) => ({
      setting: await insertRow(api, 'notification_settings', {
        organization_id: Number(org),
        user_id: Number(provider),
        send_message_emails: 1,
      }),
    }),
    document: updateNotificationSetting,
    variables: ({ setting }) => ({
      input: {
        id: setting,
        send_message_emails: false,
        send_message_push: true,
        marketing_communication_preference: 'none',
      },
    }),
    check: async ({ setting, provider }, _data, api) => {
      const read = await api.gql<Data>('query($id: ID) { user(id: $id) { notification_setting { id } } }', {
        id: provider,
      });
      expect(read.user.notification_setting).toEqual({ id: setting });
    },
    events: ({ setting, provider }) => [
      ev('notification_setting.updated', setting!, { user_id: provider! }, [
        'marketing_communication_preference',
        'send_message_emails',
        'send_message_push',
      ]),
    ],
  },
  {
    mutation: 'updateNotificationSetting',
    title: 'an unchanged preference writes nothing',
    setup: async (api, { org }) => ({
      setting: await insertRow(api, 'notification_settings', {
        organization_id: Number(org),
        send_message_emails: 1,
      }),
    }),
    document: updateNotificationSetting,
    variables: ({ setting }) => ({ input: { id: setting, send_message_emails: true } }),
    events: () => [],
  },
  // --- Healthie parity (issue #10): inputs with their effects, derived fields, read-back queries. ---
  {
    mutation: 'createConversation',
    title: 'select_all_status adds every active client; what the conversation says of its members',
    setup: async (api) => ({ patient: await createPatient(api), other: await createPatient(api) }),
    document: `mutation($input: createConversationInput) { createConversation(input: $input) {
      conversation { id patient_id includes_multiple_clients conversation_memberships_count
        first_four_invitees { id } current_user_conversation_membership { conversation_role }
        dietitian_id last_message_content community_chat is_hidden_for_client }
      messages { field message } } }`,
    variables: () => ({
      input: {
        name: 'Everyone',
        select_all_status: 'active',
        note: { content: '<p>Hello&nbsp;<b>all</b></p>' },
      },
    }),
    events: (_ids, data) => [ev('conversation.created', data.conversation.id)],
    check: async ({ provider, patient }, data, api) => {
      const conversation = data.conversation;
      expect(conversation).toMatchObject({
        includes_multiple_clients: true,
        current_user_conversation_membership: { conversation_role: 'owner' },
        dietitian_id: provider,
        last_message_content: 'Hello all',
        community_chat: false,
        is_hidden_for_client: false,
      });
      expect(conversation.first_four_invitees.length).toBeLessThanOrEqual(4);
      expect(conversation.conversation_memberships_count).toBeGreaterThan(1);
      const mine = await api.gql<Data>(
        'query($id: String) { conversationMemberships(client_id: $id, page_size: 100) { convo { id } } }',
        { id: patient },
      );
      expect(mine.conversationMemberships).toContainEqual({ convo: { id: conversation.id } });
    },
  },
  {
    mutation: 'updateConversation',
    title: 'hide_close_confirmation is kept; an unknown select_all_status adds nobody',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: updateConversation,
    variables: ({ conversation }) => ({
      input: { id: conversation, hide_close_confirmation: true, select_all_status: 'nobody' },
    }),
    events: ({ conversation }) => [
      ev('conversation.updated', conversation!, {}, ['hide_close_confirmation']),
    ],
    check: ({ provider }, data) =>
      expect(data.conversation.conversation_memberships).toEqual([{ user: { id: provider } }]),
  },
  {
    mutation: 'createNote',
    title: 'posted for the owner, with an image, back-dated, in the org chat: kept with the message',
    setup: async (api) => {
      const ids = await withPatientConversation(api);
      await addMember(api, ids.conversation, ids.patient);
      return ids;
    },
    document: `mutation($input: createNoteInput) { createNote(input: $input) {
      note { id user_id created_at org_chat hide_org_chat_confirmation attached_image_content_type
        on_behalf_user { id } recipient_id creator_display_name is_autoresponse viewed task { id } }
      messages { field message } } }`,
    variables: ({ conversation, patient }) => ({
      input: {
        conversation_id: conversation,
        user_id: patient,
        content: 'Photo of my meal',
        attached_image_string: 'data:image/jpeg;base64,/9j/4AAQ',
        created_at: '2030-01-05 18:00',
        org_chat: true,
        hide_org_chat_confirmation: true,
      },
    }),
    events: (_ids, data) => [ev('message.created', data.note.id)],
    check: async ({ conversation, patient, provider }, data, api) => {
      expect(data.note).toMatchObject({
        user_id: patient,
        created_at: '2030-01-05T18:00:00.000Z',
        org_chat: true,
        hide_org_chat_confirmation: true,
        attached_image_content_type: 'image/jpeg',
        on_behalf_user: { id: provider },
        recipient_id: provider,
        creator_display_name: 'Pat Ient',
        is_autoresponse: false,
        viewed: false,
        task: null,
      });
      const listed = await api.gql<Data>(
        `query($id: ID) { mine: notes(conversation_id: $id, org_chat: true, keywords: "MEAL") { id cursor }
          inbox: notes(conversation_id: $id, org_chat: false) { id }
          count: notesCount(conversation_id: $id) }`,
        { id: conversation },
      );
      expect(listed).toMatchObject({ mine: [{ id: data.note.id }], inbox: [], count: 1 });
    },
  },
  {
    mutation: 'deleteNote',
    title: 'deleted_by_user: the message stays, marked and emptied (message.deleted)',
    setup: async (api) => {
      const conversation = await createConversation(api);
      return { conversation, note: await createNote(api, conversation, 'Oops') };
    },
    document: `mutation($input: deleteNoteInput) { deleteNote(input: $input) {
      note { id content deleted_by_user } messages { field message } } }`,
    variables: ({ note }) => ({ input: { id: note, deleted_by_user: true } }),
    events: ({ note }) => [ev('message.deleted', note!)],
    check: async ({ note }, data, api) => {
      expect(data.note).toEqual({ id: note, content: null, deleted_by_user: true });
      const read = await api.gql<Data>('query($id: ID) { note(id: $id) { id deleted_by_user } }', {
        id: note,
      });
      expect(read.note).toEqual({ id: note, deleted_by_user: true });
    },
  },
  {
    mutation: 'deleteNote',
    title: 'without deleted_by_user: the message is removed',
    setup: async (api) => {
      const conversation = await createConversation(api);
      return { conversation, note: await createNote(api, conversation, 'Bye') };
    },
    document: deleteNote,
    variables: ({ note }) => ({ input: { id: note } }),
    events: ({ note }) => [ev('message.deleted', note!)],
    check: async ({ note }, _data, api) => {
      const read = await api.gql<Data>('query($id: ID) { note(id: $id) { id } }', { id: note });
      expect(read.note).toBeNull();
    },
  },
  {
    mutation: 'createConversationMembership',
    title: "a member's view: display names, role; the provider's memberships listed, counted and filtered",
    setup: async (api) => {
      const patient = await createPatient(api, { first_name: 'Mia', last_name: 'Moss' });
      const conversation = await createConversation(api, { name: '' });
      await createNote(api, conversation, 'First');
      return { patient, conversation };
    },
    document: `mutation($input: createConversationMembershipInput) { createConversationMembership(input: $input) {
      conversationMembership { id conversation_role display_name display_name_and_initial display_other_user_first_name
        display_other_user_name user_list_as_display_name creator { id } convo_updated_at { id } last_task { id } }
      messages { field message } } }`,
    variables: ({ conversation, patient }) => ({
      input: { conversation_id: conversation, user_id: patient },
    }),
    events: (_ids, data) => [ev('conversation_membership.created', data.conversationMembership.id)],
    check: async ({ conversation, patient, provider }, data, api) => {
      expect(data.conversationMembership).toMatchObject({
        conversation_role: 'member',
        display_other_user_name: expect.any(String),
        user_list_as_display_name: expect.any(String),
        creator: { id: provider },
        convo_updated_at: { id: provider },
        last_task: null,
      });
      const listed = await api.gql<Data>(
        `query($client: String, $user: ID, $id: ID) {
          client: conversationMemberships(client_id: $client) { id }
          shared: conversationMemberships(client_id: $client, only_include_shared_memberships: true) { id }
          unread: conversationMemberships(client_id: $client, read_status: "unread", conversation_type: "individual") { id }
          archived: conversationMemberships(client_id: $client, active_status: "archived") { id }
          staff: conversationMemberships(client_id: $client, org_chat: true) { id }
          count: conversationMembershipsCount(client_id: $client)
          invitees: conversationMembershipInvitees(id: $id) { id }
          lastCM(provider_id: $user) { id }
          conversations(user_id: $user) { id }
          conversationsCount(user_id: $user)
        }`,
        { client: patient, user: patient, id: conversation },
      );
      const mine = data.conversationMembership.id;
      expect(listed).toEqual({
        client: [{ id: mine }],
        shared: [{ id: mine }],
        unread: [{ id: mine }],
        archived: [],
        staff: [],
        count: 1,
        invitees: [{ id: mine }],
        lastCM: { id: mine },
        conversations: [{ id: conversation }],
        conversationsCount: 1,
      });
    },
  },
  {
    mutation: 'createMessageBlast',
    title:
      'a message queued with an attachment (recipient as a user-N token): content type kept; listed until sent',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: `mutation($input: createMessageBlastInput) { createMessageBlast(input: $input) {
      noteScheduler { id attached_document_content_type invitees_count selected_users { id } first_four_invitees { id } }
      messages { field message } } }`,
    variables: ({ patient }) => ({
      input: {
        note: { content: 'Reminder', attached_document: 'data:application/pdf;base64,JVBERi0=' },
        simple_added_users: `user-${patient}`,
        scheduled_at: '2099-01-01 09:00',
      },
    }),
    events: () => [],
    check: async ({ patient }, data, api) => {
      expect(data.noteScheduler).toMatchObject({
        attached_document_content_type: 'application/pdf',
        invitees_count: 1,
        selected_users: [{ id: patient }],
        first_four_invitees: [{ id: patient }],
      });
      const listed = await api.gql<Data>(
        'query($id: String) { scheduledMessageBlasts(client_id: $id) { id } staff: scheduledMessageBlasts(client_id: $id, org_chat: true) { id } }',
        { id: patient },
      );
      expect(listed).toEqual({ scheduledMessageBlasts: [{ id: data.noteScheduler.id }], staff: [] });
    },
  },
  {
    mutation: 'createConversation',
    title: 'a user group invited: its clients become members; the group is read back in user_groups',
    setup: async (api) => {
      const group = await createUserGroup(api, 'Diabetes group');
      const a = await createPatient(api, { user_group_id: group });
      const b = await createPatient(api, { user_group_id: group });
      return { group, a, b };
    },
    document: `mutation($input: createConversationInput) { createConversation(input: $input) {
      conversation { id conversation_memberships { user { id } } user_groups { id name } } messages { field message } } }`,
    variables: ({ group }) => ({ input: { name: 'Group chat', simple_added_users: `group-${group}` } }),
    events: (_ids, data) => [ev('conversation.created', data.conversation.id)],
    check: ({ provider, a, b, group }, data) =>
      expect(data.conversation).toMatchObject({
        conversation_memberships: [{ user: { id: provider } }, { user: { id: a } }, { user: { id: b } }],
        user_groups: [{ id: group, name: 'Diabetes group' }],
      }),
  },
  {
    mutation: 'deleteConversationMembership',
    title: 'with group_id: every client of the group leaves, one event each; the group is no longer invited',
    setup: async (api) => {
      const group = await createUserGroup(api);
      const a = await createPatient(api, { user_group_id: group });
      const b = await createPatient(api, { user_group_id: group });
      const conversation = await createConversation(api, { simple_added_users: `group-${group}` });
      const read = await api.gql<Data>(
        'query($id: ID) { conversation(id: $id) { conversation_memberships { id user { id } } } }',
        { id: conversation },
      );
      const ids = read.conversation.conversation_memberships as Array<{ id: string; user: { id: string } }>;
      return {
        group,
        conversation,
        ma: ids.find((m) => m.user.id === a)!.id,
        mb: ids.find((m) => m.user.id === b)!.id,
      };
    },
    document: deleteConversationMembership,
    variables: ({ conversation, group }) => ({ input: { conversation_id: conversation, group_id: group } }),
    events: ({ ma, mb }) => [
      ev('conversation_membership.deleted', ma!),
      ev('conversation_membership.deleted', mb!),
    ],
    check: async ({ conversation, provider }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { conversation(id: $id) { conversation_memberships { user { id } } user_groups { id } } }',
        { id: conversation },
      );
      expect(read.conversation).toEqual({
        conversation_memberships: [{ user: { id: provider } }],
        user_groups: [],
      });
    },
  },
  {
    mutation: 'createMessageBlast',
    title: "to a user group: queued for the group's clients; the group is read back in selected_user_groups",
    setup: async (api) => {
      const group = await createUserGroup(api);
      return { group, client: await createPatient(api, { user_group_id: group }) };
    },
    document: `mutation($input: createMessageBlastInput) { createMessageBlast(input: $input) {
      noteScheduler { id participant_ids selected_user_groups { id } } messages { field message } } }`,
    variables: ({ group }) => ({
      input: {
        note: { content: 'Group news' },
        simple_added_users: `group-${group}`,
        scheduled_at: '2099-02-01 09:00',
      },
    }),
    events: () => [],
    check: ({ group, client }, data) =>
      expect(data.noteScheduler).toMatchObject({
        participant_ids: [client],
        selected_user_groups: [{ id: group }],
      }),
  },
  {
    mutation: 'updateNote',
    title:
      'edits the text, reschedules and attaches an image; no event (the reference has no message.updated)',
    setup: async (api) => {
      const conversation = await createConversation(api);
      return { conversation, note: await createNote(api, conversation, 'Draft') };
    },
    document: updateNoteDoc,
    variables: ({ note }) => ({
      input: {
        id: note,
        content: 'Final',
        scheduled_at: '2099-05-01T10:00:00Z',
        attached_image_string: 'data:image/png;base64,iVBORw0KGgo=',
      },
    }),
    events: () => [],
    check: async ({ note, conversation, provider }, data, api) => {
      expect(data.note).toEqual({
        id: note,
        conversation_id: conversation,
        user_id: provider,
        content: 'Final',
        scheduled_at: '2099-05-01T10:00:00Z',
        attached_image_content_type: 'image/png',
        on_behalf_user: null,
      });
      const read = await api.gql<Data>('query($id: ID) { note(id: $id) { content } }', { id: note });
      expect(read.note.content).toBe('Final');
    },
  },
  {
    mutation: 'updateNote',
    title: 'posted for another user: the caller is recorded as on_behalf_user',
    setup: async (api) => {
      const patient = await createPatient(api);
      const conversation = await createConversation(api);
      return { patient, note: await createNote(api, conversation) };
    },
    document: updateNoteDoc,
    variables: ({ note, patient }) => ({ input: { id: note, user_id: patient } }),
    events: () => [],
    check: ({ patient, provider }, data) =>
      expect(data.note).toMatchObject({ user_id: patient, on_behalf_user: { id: provider } }),
  },
  {
    mutation: 'updateNoteScheduler',
    title: 'replaces the recipients of a queued message with a client and a group (no event)',
    setup: async (api) => {
      const first = await createPatient(api);
      const group = await createUserGroup(api);
      const member = await createPatient(api, { user_group_id: group });
      const other = await createPatient(api);
      return { first, group, member, other, scheduler: await queueBlast(api, first) };
    },
    document: updateNoteSchedulerDoc,
    variables: ({ scheduler, group, other }) => ({
      input: { id: scheduler, participant_ids: `${other}, group-${group}` },
    }),
    events: () => [],
    check: ({ scheduler, other, member, group }, data) =>
      expect(data.noteScheduler).toEqual({
        id: scheduler,
        participant_ids: [other, member],
        selected_user_groups: [{ id: group }],
      }),
  },
  {
    mutation: 'updateNoteScheduler',
    title: 'select_all_status adds every client of that status to the recipients',
    setup: async (api) => {
      const first = await createPatient(api);
      const archived = await createPatient(api);
      await api.gql(
        'mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }',
        { input: { id: archived, active: false } },
      );
      return { first, archived, scheduler: await queueBlast(api, first) };
    },
    document: updateNoteSchedulerDoc,
    variables: ({ scheduler }) => ({ input: { id: scheduler, select_all_status: 'archived' } }),
    events: () => [],
    check: ({ first, archived }, data) => {
      expect(data.noteScheduler.participant_ids[0]).toBe(first);
      expect(data.noteScheduler.participant_ids).toContain(archived);
    },
  },
  {
    mutation: 'updateNotification',
    title: 'marks a notification seen and read (no event: the reference has no notification events)',
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      const notification = await notify(api, {
        other_party_id: Number(provider),
        user_id: Number(patient),
        type: 'EntryNotification',
        message: 'logged a meal',
      });
      return { patient, notification };
    },
    document: updateNotificationDoc,
    variables: ({ notification }) => ({ input: { id: notification, seen: true, read: true } }),
    events: () => [],
    check: async ({ notification, provider, patient }, data, api) => {
      expect(data.currentUser).toEqual({ id: provider });
      expect(data.notification).toEqual({
        id: notification,
        seen: true,
        read: 'true',
        type: 'EntryNotification',
        message: 'logged a meal',
        other_party: { id: provider },
        user: { id: patient },
        creator_user_name: expect.any(String),
      });
      const listed = await api.gql<Data>(
        `query { unread: notifications(read_status: false, types: ["EntryNotification"]) { id }
          read: notifications(read_status: true, types: ["EntryNotification"]) { id cursor } }`,
      );
      expect(listed.unread.map((n: Data) => n.id)).not.toContain(notification);
      expect(listed.read.map((n: Data) => n.id)).toContain(notification);
    },
  },
  {
    mutation: 'updateNotifications',
    title: "updateAllNotifications marks every one of the caller's notifications seen, and no one else's",
    setup: async (api, { provider }) => {
      const patient = await createPatient(api);
      const mine = await notify(api, { other_party_id: Number(provider), type: 'MessageNotification' });
      const theirs = await notify(api, { other_party_id: Number(patient), type: 'MessageNotification' });
      return { mine, theirs, patient };
    },
    document: updateNotificationsDoc,
    variables: () => ({ input: { updateAllNotifications: true, seen: true } }),
    events: () => [],
    check: async ({ mine, theirs, patient, provider }, data, api) => {
      expect(data.current_user).toEqual({ id: provider });
      expect(data.notifications).toContainEqual({ id: mine, seen: true });
      expect(data.notifications.map((n: Data) => n.id)).not.toContain(theirs);
      const read = await api.gql<Data>(
        'query($p: String) { notifications(other_party_id: $p) { id seen } }',
        {
          p: patient,
        },
      );
      expect(read.notifications).toEqual([{ id: theirs, seen: false }]);
    },
  },
  {
    mutation: 'updateNotifications',
    title: 'marks the named notifications unseen',
    setup: async (api, { provider }) => {
      const first = await notify(api, { other_party_id: Number(provider) });
      const second = await notify(api, { other_party_id: Number(provider) });
      await api.gql(updateNotificationsDoc, { input: { notification_ids: [first, second], seen: true } });
      return { first, second };
    },
    document: updateNotificationsDoc,
    variables: ({ first, second }) => ({ input: { notification_ids: [second, first], seen: false } }),
    events: () => [],
    check: ({ first, second }, data) =>
      expect(data.notifications).toEqual([
        { id: second, seen: false },
        { id: first, seen: false },
      ]),
  },
];

export const messagingInvalid: InvalidCase[] = [
  {
    mutation: 'createConversation',
    title: 'an invitee who does not exist',
    document: createConversationDoc,
    variables: () => ({ input: { name: 'Ghosts', simple_added_users: '999999' } }),
    field: 'simple_added_users',
  },
  {
    mutation: 'updateConversation',
    title: 'an unknown conversation',
    document: updateConversation,
    variables: () => ({ input: { id: '999999', name: 'Nope' } }),
    field: 'id',
  },
  {
    mutation: 'createConversationMembership',
    title: 'no user',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: createConversationMembership,
    variables: ({ conversation }) => ({ input: { conversation_id: conversation } }),
    field: 'user_id',
  },
  {
    mutation: 'createConversationMembership',
    title: 'a user who is already a member',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: createConversationMembership,
    variables: ({ conversation, provider }) => ({
      input: { conversation_id: conversation, user_id: provider },
    }),
    field: 'conversation_id',
  },
  {
    mutation: 'deleteConversationMembership',
    title: 'a user who is not a member',
    setup: withPatientConversation,
    document: deleteConversationMembership,
    variables: ({ conversation, patient }) => ({
      input: { conversation_id: conversation, user_id: patient },
    }),
    field: 'user_id',
  },
  {
    mutation: 'deleteConversationMembership',
    title: "another organization's conversation",
    setup: async (api) => {
      const outsider = await api.server.createOrg(`messaging-outsider-${uniqueEmail('org')}`);
      const data = await api.gql<Data>(createConversationDoc, { input: { name: 'Theirs' } }, outsider.apiKey);
      return { conversation: data.createConversation.conversation.id, member: outsider.userId.toString() };
    },
    document: deleteConversationMembership,
    variables: ({ conversation, member }) => ({ input: { conversation_id: conversation, user_id: member } }),
    field: 'conversation_id',
  },
  {
    mutation: 'createNote',
    title: 'no conversation',
    document: createNoteDoc,
    variables: () => ({ input: { content: 'Lost' } }),
    field: 'conversation_id',
  },
  {
    mutation: 'deleteNote',
    title: 'an unknown message',
    document: deleteNote,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'updateNotificationSetting',
    title: 'an unknown setting',
    document: updateNotificationSetting,
    variables: () => ({ input: { id: '999999', send_message_push: true } }),
    field: 'id',
  },
  {
    mutation: 'createNote',
    title: 'an attachment that is not a data URL',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: createNoteDoc,
    variables: ({ conversation }) => ({
      input: { conversation_id: conversation, content: 'x', attached_document: 'report.pdf' },
    }),
    field: 'attached_document',
  },
  {
    mutation: 'createNote',
    title: 'a back-dating time that is not a time',
    setup: async (api) => ({ conversation: await createConversation(api) }),
    document: createNoteDoc,
    variables: ({ conversation }) => ({
      input: { conversation_id: conversation, content: 'x', created_at: 'later' },
    }),
    field: 'created_at',
  },
  {
    mutation: 'createConversation',
    title: 'an unknown user group among the invited',
    document: createConversationDoc,
    variables: () => ({ input: { name: 'Group', simple_added_users: 'group-999999' } }),
    field: 'simple_added_users',
  },
  {
    mutation: 'updateNote',
    title: 'an unknown message',
    document: updateNoteDoc,
    variables: () => ({ input: { id: '999999', content: 'x' } }),
    field: 'id',
  },
  {
    mutation: 'updateNote',
    title: 'a conversation outside the organization',
    setup: async (api) => ({ note: await createNote(api, await createConversation(api)) }),
    document: updateNoteDoc,
    variables: ({ note }) => ({ input: { id: note, conversation_id: '999999' } }),
    field: 'conversation_id',
  },
  {
    mutation: 'updateNote',
    title: 'a message its author deleted',
    setup: async (api) => {
      const note = await createNote(api, await createConversation(api));
      await api.gql(deleteNote, { input: { id: note, deleted_by_user: true } });
      return { note };
    },
    document: updateNoteDoc,
    variables: ({ note }) => ({ input: { id: note, content: 'Back' } }),
    field: 'id',
  },
  {
    mutation: 'updateNoteScheduler',
    title: 'an unknown recipient',
    setup: async (api) => ({ scheduler: await queueBlast(api, await createPatient(api)) }),
    document: updateNoteSchedulerDoc,
    variables: ({ scheduler }) => ({ input: { id: scheduler, participant_ids: '999999' } }),
    field: 'participant_ids',
  },
  {
    mutation: 'updateNoteScheduler',
    title: 'an unknown status',
    setup: async (api) => ({ scheduler: await queueBlast(api, await createPatient(api)) }),
    document: updateNoteSchedulerDoc,
    variables: ({ scheduler }) => ({ input: { id: scheduler, select_all_status: 'sleeping' } }),
    field: 'select_all_status',
  },
  {
    mutation: 'updateNoteScheduler',
    title: 'an unknown scheduled message',
    document: updateNoteSchedulerDoc,
    variables: () => ({ input: { id: '999999', participant_ids: '1' } }),
    field: 'id',
  },
  {
    mutation: 'updateNotification',
    title: 'nothing to set',
    setup: async (api, { provider }) => ({
      notification: await notify(api, { other_party_id: Number(provider) }),
    }),
    document: updateNotificationDoc,
    variables: ({ notification }) => ({ input: { id: notification } }),
    field: 'seen',
  },
  {
    mutation: 'updateNotification',
    title: 'an unknown notification',
    document: updateNotificationDoc,
    variables: () => ({ input: { id: '999999', seen: true } }),
    field: 'id',
  },
  {
    mutation: 'updateNotifications',
    title: 'an unknown notification among the named',
    setup: async (api, { provider }) => ({
      notification: await notify(api, { other_party_id: Number(provider) }),
    }),
    document: updateNotificationsDoc,
    variables: ({ notification }) => ({ input: { notification_ids: [notification, '999999'], seen: true } }),
    field: 'notification_ids',
  },
  {
    mutation: 'updateNotifications',
    title: 'no seen',
    document: updateNotificationsDoc,
    variables: () => ({ input: { updateAllNotifications: true } }),
    field: 'seen',
  },
];

export const messagingReadBack: ReadBackCase[] = [
  {
    resource: 'Conversation',
    setup: async (api) => ({ conversation: await createConversation(api, { name: 'Read me' }) }),
    query: 'query($id: ID) { conversation(id: $id) { id name owner { id } closed_date notes { id } } }',
    id: ({ conversation }) => conversation!,
    expected: ({ conversation, provider }) => ({
      id: conversation,
      name: 'Read me',
      owner: { id: provider },
      closed_date: null,
      notes: [],
    }),
  },
  {
    resource: 'ConversationMembership',
    setup: async (api) => {
      const { conversation, patient } = await withPatientConversation(api);
      return { conversation, patient, membership: await addMember(api, conversation, patient) };
    },
    query: `query($id: ID) { conversationMembership(conversation_membership_id: $id) {
      id conversation_id user_id archived viewed convo { id } user { id }
    } }`,
    id: ({ membership }) => membership!,
    expected: ({ membership, conversation, patient }) => ({
      id: membership,
      conversation_id: conversation,
      user_id: patient,
      archived: false,
      viewed: false,
      convo: { id: conversation },
      user: { id: patient },
    }),
  },
  {
    resource: 'Note',
    setup: async (api) => {
      const conversation = await createConversation(api);
      return { conversation, note: await createNote(api, conversation, 'Read back') };
    },
    query: 'query($id: ID) { note(id: $id) { id conversation_id content deleted_by_user creator { id } } }',
    id: ({ note }) => note!,
    expected: ({ note, conversation, provider }) => ({
      id: note,
      conversation_id: conversation,
      content: 'Read back',
      deleted_by_user: false,
      creator: { id: provider },
    }),
  },
  {
    resource: 'NotificationSetting',
    setup: async (api, { org, provider }) => ({
      setting: await insertRow(api, 'notification_settings', {
        organization_id: Number(org),
        user_id: Number(provider),
        send_message_push: 0,
      }),
    }),
    query: `query($id: ID) { notificationSetting(id: $id) {
      id send_message_push send_entry_emails receive_updates_and_offers user { id }
    } }`,
    id: ({ setting }) => setting!,
    expected: ({ setting, provider }) => ({
      id: setting,
      send_message_push: false,
      send_entry_emails: null,
      receive_updates_and_offers: false,
      user: { id: provider },
    }),
  },
  {
    resource: 'NoteScheduler',
    setup: async (api, { org, provider }) => ({
      scheduler: await insertRow(api, 'note_schedulers', {
        organization_id: Number(org),
        user_id: Number(provider),
        note_content: 'Later',
        participant_ids: JSON.stringify(['1', '2']),
      }),
    }),
    query:
      'query($id: ID) { note_scheduler(id: $id) { id note_content participant_ids user { id } note { id } } }',
    id: ({ scheduler }) => scheduler!,
    expected: ({ scheduler, provider }) => ({
      id: scheduler,
      note_content: 'Later',
      participant_ids: ['1', '2'],
      user: { id: provider },
      note: null,
    }),
  },
  {
    resource: 'SentNotificationRecord',
    setup: async (api, { org, provider }) => ({
      record: await insertRow(api, 'sent_notification_records', {
        organization_id: Number(org),
        user_id: Number(provider),
        category: 'appointment',
        delivery_status: 'delivered',
        notification_type: 'email',
      }),
    }),
    query: `query($id: ID) { sentNotificationRecord(id: $id) {
      id user_id category delivery_status notification_type representation_type
    } }`,
    id: ({ record }) => record!,
    expected: ({ record, provider }) => ({
      id: record,
      user_id: provider,
      category: 'appointment',
      delivery_status: 'delivered',
      notification_type: 'email',
      representation_type: null,
    }),
  },
  {
    // Logged without a category or status, and a status report with none: Healthie's non-null defaults hold.
    resource: 'SentNotificationRecord (defaults)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const logged = await post(api.server, '/integrations/notifications/sent', {
        user_id: Number(patient),
        category: null,
        notification_type: 'sms',
      });
      const record = (logged.body as { resource_id: string }).resource_id;
      const report = await post(api.server, '/integrations/notifications/status', {
        sent_notification_record_id: Number(record),
        delivery_status: null,
        representation_type: 'text',
      });
      if (logged.status !== 200 || report.status !== 200) throw new Error(JSON.stringify([logged, report]));
      return { patient, record };
    },
    query: `query($id: ID) { sentNotificationRecord(id: $id) {
      user_id category delivery_status notification_type representation_type
    } }`,
    id: ({ record }) => record!,
    expected: ({ patient }) => ({
      user_id: patient,
      category: 'email',
      delivery_status: 'sent',
      notification_type: 'sms',
      representation_type: 'text',
    }),
  },
  {
    resource: 'ConversationMembership (display_avatar)',
    setup: async (api) => {
      const { conversation, patient } = await withPatientConversation(api);
      return { membership: await addMember(api, conversation, patient) };
    },
    query: `query($id: ID) { conversationMembership(conversation_membership_id: $id) {
      display_avatar user { avatar_url }
    } }`,
    id: ({ membership }) => membership!,
    expected: () => ({ display_avatar: null, user: { avatar_url: null } }),
  },
];
