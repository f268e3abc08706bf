/**
 * GraphQL entries of internal event sources: createMessageBlast (queues a message for the scheduler, which
 * emits `scheduled_message.sent` later; see test/integrations/scheduler.test.ts) and
 * updateConversationMembership (a member viewing a conversation).
 */
import { ev, type CaseApi, type Data, type InvalidCase, type MutationCase } from '../support.js';
import { createPatient } from './fixtures.js';

const createMessageBlast = `mutation($input: createMessageBlastInput) {
  createMessageBlast(input: $input) { message noteScheduler { id scheduled_at } messages { field message } }
}`;
const updateConversationMembership = `mutation($input: updateConversationMembershipInput) {
  updateConversationMembership(input: $input) {
    conversation_membership { id viewed archived } messages { field message }
  }
}`;

async function membership(api: CaseApi): Promise<string> {
  const patient = await createPatient(api);
  const data = await api.gql<Data>(
    `mutation($input: createConversationInput) {
      createConversation(input: $input) { conversation { conversation_memberships { id user { id } } } messages { field message } }
    }`,
    { input: { name: 'Check-in', simple_added_users: patient } },
  );
  const members = data.createConversation.conversation.conversation_memberships as Array<Data>;
  return members.find((m) => m.user.id === patient)!.id as string;
}

export const internalSourceMutations: MutationCase[] = [
  {
    mutation: 'createMessageBlast',
    title: 'queues a message; nothing is emitted until the scheduler sends it',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createMessageBlast,
    variables: ({ patient }) => ({
      input: { note: { content: 'Reminder' }, simple_added_users: patient, scheduled_at: '2031-01-01 09:00' },
    }),
    events: () => [],
  },
  {
    mutation: 'updateConversationMembership',
    title: 'a member views the conversation',
    setup: async (api) => ({ membership: await membership(api) }),
    document: updateConversationMembership,
    variables: ({ membership }) => ({ input: { id: membership, viewed: true } }),
    events: ({ membership }) => [ev('conversation_membership.viewed', membership!)],
  },
];

export const internalSourceInvalid: InvalidCase[] = [
  {
    mutation: 'createMessageBlast',
    title: 'a scheduled time that is not one',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createMessageBlast,
    variables: ({ patient }) => ({
      input: { note: { content: 'Reminder' }, simple_added_users: patient, scheduled_at: 'soon' },
    }),
    field: 'scheduled_at',
  },
  {
    mutation: 'updateConversationMembership',
    title: 'an unknown membership',
    document: updateConversationMembership,
    variables: () => ({ input: { id: '999999', viewed: true } }),
    field: 'id',
  },
];
