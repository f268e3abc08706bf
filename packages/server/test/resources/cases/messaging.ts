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
import { createPatient, uniqueEmail } from './fixtures.js';

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
        simple_added_users: `${patient},${patient}`,
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
];
