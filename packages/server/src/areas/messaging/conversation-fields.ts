/**
 * What Healthie derives from a conversation's members and messages: its patient and provider, its
 * invitees and counts, the last message, how it reads to one member (display names, role, last task),
 * the recipients of a scheduled message, and the read-back queries of memberships and scheduled messages
 * that are not a list of their own.
 */
import {
  findRow,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { fullName, User, type PatientsTables } from '../patients/index.js';
import type { TasksCoursesTables } from '../tasks-courses/index.js';
import type { MessagingTables } from './resources.js';

async function memberships(conversationId: number, reader: Reader): Promise<StoredRow[]> {
  return (await typedDb<MessagingTables>(reader)
    .selectFrom('conversation_memberships')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as StoredRow[];
}

async function users(ids: readonly unknown[], reader: Reader): Promise<StoredRow[]> {
  const found: StoredRow[] = [];
  for (const id of ids) {
    const user = typeof id === 'number' ? await findRow(reader, User, id) : undefined;
    if (user) found.push(user);
  }
  return found;
}

async function members(conversationId: number, reader: Reader): Promise<StoredRow[]> {
  return users(
    (await memberships(conversationId, reader)).map((m) => m.user_id),
    reader,
  );
}

const isPatient = (user: StoredRow) => user.user_type === 'patient';

/** The user groups a JSON list of ids names, within scope. */
async function groupsNamed(ids: unknown, reader: Reader): Promise<StoredRow[]> {
  const parsed = typeof ids === 'string' ? (JSON.parse(ids) as unknown) : [];
  const wanted = Array.isArray(parsed) ? parsed.map(Number).filter(Number.isSafeInteger) : [];
  if (wanted.length === 0) return [];
  return (await typedDb<PatientsTables>(reader)
    .selectFrom('user_groups')
    .selectAll()
    .where('id', 'in', wanted)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as StoredRow[];
}

async function conversationOf(id: unknown, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<MessagingTables>(reader)
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', Number(id))
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** The members other than the owner, in the order they joined. */
async function invitees(conversation: StoredRow, reader: Reader): Promise<StoredRow[]> {
  return (await members(conversation.id, reader)).filter((u) => u.id !== conversation.owner_id);
}

async function lastNote(conversationId: number, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<MessagingTables>(reader)
    .selectFrom('notes')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()) as StoredRow | undefined;
}

const stripHtml = (text: string) =>
  text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

async function patientMembership(conversation: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  for (const membership of await memberships(conversation.id, reader)) {
    const user =
      typeof membership.user_id === 'number' ? await findRow(reader, User, membership.user_id) : undefined;
    if (user && isPatient(user)) return membership;
  }
  return undefined;
}

export const conversationFields: Record<string, Computed> = {
  conversation_memberships_count: {
    type: 'Int',
    resolve: async (conversation, reader) => (await memberships(conversation.id, reader)).length,
  },
  current_user_conversation_membership: {
    type: 'ConversationMembership',
    resolve: async (conversation, reader) =>
      (await memberships(conversation.id, reader)).find((m) => m.user_id === reader.caller.userId) ?? null,
  },
  // The conversation's patient (its first patient member).
  patient_id: {
    type: 'ID',
    resolve: async (conversation, reader) => (await patientMembership(conversation, reader))?.user_id ?? null,
  },
  // Its provider: the owner when a provider owns it, or else its patient's provider.
  dietitian_id: {
    type: 'ID',
    resolve: async (conversation, reader) => {
      const owner =
        typeof conversation.owner_id === 'number'
          ? await findRow(reader, User, conversation.owner_id)
          : undefined;
      if (owner && !isPatient(owner)) return owner.id;
      return owner?.dietitian_id ?? null;
    },
  },
  includes_multiple_clients: {
    type: 'Boolean',
    resolve: async (conversation, reader) =>
      (await members(conversation.id, reader)).filter(isPatient).length > 1,
  },
  invitees: { type: '[User!]', resolve: invitees },
  first_four_invitees: {
    type: '[User!]',
    resolve: async (conversation, reader) => (await invitees(conversation, reader)).slice(0, 4),
  },
  last_message_content: {
    type: 'String',
    resolve: async (conversation, reader) => {
      const note = await lastNote(conversation.id, reader);
      return typeof note?.content === 'string' ? stripHtml(note.content) : null;
    },
  },
  // The last message of the owner's the patient had read when they last marked the conversation viewed.
  last_note_viewed_id: {
    type: 'String',
    resolve: async (conversation, reader) => {
      const membership = await patientMembership(conversation, reader);
      if (!membership || Number(membership.viewed) !== 1) return null;
      const note = await typedDb<MessagingTables>(reader)
        .selectFrom('notes')
        .select('id')
        .where('conversation_id', '=', conversation.id)
        .where('user_id', '=', Number(conversation.owner_id))
        .where('created_at', '<=', Number(membership.updated_at))
        .where('organization_id', 'in', reader.scope)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return note ? String(note.id) : null;
    },
  },
  // Hidden for the client when the client archived it.
  is_hidden_for_client: {
    type: 'Boolean',
    resolve: async (conversation, reader) =>
      Number((await patientMembership(conversation, reader))?.archived) === 1,
  },
  user_groups: {
    type: '[UserGroup!]',
    resolve: (conversation, reader) => groupsNamed(conversation.invited_user_group_ids, reader),
  },
  // carehooks has no community chats.
  community_chat: { type: 'Boolean', resolve: () => false },
  community_chat_prefix: { type: 'String', resolve: () => null },
};

/** The latest task made from a message of the conversation. */
async function lastTask(conversationId: number, reader: Reader): Promise<unknown> {
  return (
    (await typedDb<TasksCoursesTables & MessagingTables>(reader)
      .selectFrom('tasks')
      .innerJoin('notes', 'notes.id', 'tasks.note_id')
      .selectAll('tasks')
      .where('notes.conversation_id', '=', conversationId)
      .where('tasks.organization_id', 'in', reader.scope)
      .orderBy('tasks.id', 'desc')
      .executeTakeFirst()) ?? null
  );
}

/** A member's view: the other members, and the conversation. */
async function view(membership: StoredRow, reader: Reader) {
  const conversation = await conversationOf(membership.conversation_id, reader);
  const people = conversation ? await members(conversation.id, reader) : [];
  const others = people.filter((u) => u.id !== membership.user_id);
  const owner = people.find((u) => u.id === conversation?.owner_id);
  return { conversation, others, owner, group: people.length > 2 };
}

const initialed = (user: StoredRow) =>
  [
    user.first_name,
    typeof user.last_name === 'string' && user.last_name !== '' ? `${user.last_name[0]}.` : null,
  ]
    .filter(Boolean)
    .join(' ');

export const membershipFields: Record<string, Computed> = {
  conversation_role: {
    type: 'String',
    resolve: async (membership, reader) =>
      (await view(membership, reader)).conversation?.owner_id === membership.user_id ? 'owner' : 'member',
  },
  creator: {
    type: 'User',
    resolve: async (membership, reader) => (await view(membership, reader)).owner ?? null,
  },
  // Healthie types it User: the user who last posted in the conversation.
  convo_updated_at: {
    type: 'User',
    resolve: async (membership, reader) => {
      const note = await lastNote(Number(membership.conversation_id), reader);
      return typeof note?.user_id === 'number' ? ((await findRow(reader, User, note.user_id)) ?? null) : null;
    },
  },
  display_name: {
    type: 'String',
    resolve: async (membership, reader) => {
      const { conversation, owner } = await view(membership, reader);
      if (typeof conversation?.name === 'string' && conversation.name !== '') return conversation.name;
      return owner ? fullName(owner) : null;
    },
  },
  display_name_and_initial: {
    type: 'String',
    resolve: async (membership, reader) => {
      const { owner } = await view(membership, reader);
      return owner ? initialed(owner) : null;
    },
  },
  display_other_user_first_name: {
    type: 'String',
    resolve: async (membership, reader) => {
      const { others, group } = await view(membership, reader);
      return group ? null : ((others[0]?.first_name as string | undefined) ?? null);
    },
  },
  display_other_user_name: {
    type: 'String',
    resolve: async (membership, reader) => {
      const { conversation, others, group } = await view(membership, reader);
      if (group) return (conversation?.name as string | undefined) ?? null;
      return others[0] ? fullName(others[0]) : null;
    },
  },
  user_list_as_display_name: {
    type: 'String',
    resolve: async (membership, reader) => {
      const { others } = await view(membership, reader);
      return others.length === 0 ? null : others.map((u) => fullName(u)).join(', ');
    },
  },
  last_task: {
    type: 'Task',
    args: { notes_type: 'String' },
    resolve: (membership, reader) => lastTask(Number(membership.conversation_id), reader),
  },
};

function participantsOf(scheduler: StoredRow): number[] {
  if (typeof scheduler.participant_ids !== 'string') return [];
  const parsed = JSON.parse(scheduler.participant_ids) as unknown;
  return Array.isArray(parsed)
    ? parsed.map((id) => parseId(id)).filter((id): id is number => id !== null)
    : [];
}

export const noteSchedulerFields: Record<string, Computed> = {
  selected_users: {
    type: '[User!]',
    resolve: (scheduler, reader) => users(participantsOf(scheduler), reader),
  },
  first_four_invitees: {
    type: '[User!]',
    resolve: async (scheduler, reader) => (await users(participantsOf(scheduler), reader)).slice(0, 4),
  },
  invitees_count: { type: 'Int', resolve: (scheduler) => participantsOf(scheduler).length },
  selected_user_groups: {
    type: '[UserGroup!]',
    resolve: (scheduler, reader) => groupsNamed(scheduler.user_group_ids, reader),
  },
  // The latest task made from the message once it was sent.
  last_task: {
    type: 'Task',
    resolve: async (scheduler, reader) =>
      typeof scheduler.note_id === 'number'
        ? ((await typedDb<TasksCoursesTables>(reader)
            .selectFrom('tasks')
            .selectAll()
            .where('note_id', '=', scheduler.note_id)
            .where('organization_id', 'in', reader.scope)
            .orderBy('id', 'desc')
            .executeTakeFirst()) ?? null)
        : null,
  },
};

/** `conversationMembershipInvitees(id)`: the memberships of the conversation other than the caller's. */
const conversationMembershipInvitees: Computed = {
  type: '[ConversationMembership!]',
  args: { id: 'ID' },
  resolve: async (_root, reader, args) =>
    (await memberships(parseId(args.id) ?? -1, reader)).filter((m) => m.user_id !== reader.caller.userId),
};

/**
 * `lastCM(provider_id, active_status)`: the provider's (the caller's by default) membership of the most
 * recently updated conversation, among active (not archived) or archived ones when `active_status` says.
 */
const lastCM: Computed = {
  type: 'ConversationMembership',
  args: { active_status: 'String', provider_id: 'ID' },
  resolve: async (_root, reader, args) => {
    const userId = args.provider_id == null ? reader.caller.userId : (parseId(args.provider_id) ?? -1);
    let query = typedDb<MessagingTables>(reader)
      .selectFrom('conversation_memberships')
      .innerJoin('conversations', 'conversations.id', 'conversation_memberships.conversation_id')
      .selectAll('conversation_memberships')
      .where('conversation_memberships.user_id', '=', userId)
      .where('conversation_memberships.organization_id', 'in', reader.scope);
    const status = typeof args.active_status === 'string' ? args.active_status.trim().toLowerCase() : '';
    if (status === 'active') query = query.where('conversation_memberships.archived', '=', 0);
    if (status === 'archived') query = query.where('conversation_memberships.archived', '=', 1);
    return (
      (await query
        .orderBy('conversations.updated_at', 'desc')
        .orderBy('conversation_memberships.id', 'desc')
        .executeTakeFirst()) ?? null
    );
  },
};

/** Whether every user a scheduled message goes to is an organization member (no client). */
async function toStaffOnly(scheduler: StoredRow, reader: Reader): Promise<boolean> {
  return (await users(participantsOf(scheduler), reader)).every((user) => !isPatient(user));
}

/**
 * `scheduledMessageBlasts(provider_id, provider_ids, client_id, org_chat)`: messages queued and not yet
 * sent by the providers named (the caller by default), to the client when one is named; to clients, or
 * (`org_chat`) to organization members only. Soonest first, at most 100.
 */
const scheduledMessageBlasts: Computed = {
  type: '[NoteScheduler!]',
  args: { client_id: 'String', org_chat: 'Boolean', provider_id: 'ID', provider_ids: '[ID]' },
  resolve: async (_root, reader, args) => {
    let query = typedDb<MessagingTables>(reader)
      .selectFrom('note_schedulers')
      .innerJoin('message_schedules', 'message_schedules.note_scheduler_id', 'note_schedulers.id')
      .selectAll('note_schedulers')
      .where('message_schedules.sent_at', 'is', null)
      .where('note_schedulers.organization_id', 'in', reader.scope);
    const providers = [
      ...(args.provider_id == null ? [] : [args.provider_id]),
      ...(Array.isArray(args.provider_ids) ? args.provider_ids : []),
    ].map((id) => parseId(id) ?? -1);
    query = query.where(
      'note_schedulers.user_id',
      'in',
      providers.length > 0 ? providers : [reader.caller.userId],
    );
    // Participants are stored as a JSON list of id strings.
    if (args.client_id != null)
      query = query.where('note_schedulers.participant_ids', 'like', `%"${parseId(args.client_id) ?? -1}"%`);
    const rows = (await query
      .orderBy('message_schedules.send_at')
      .orderBy('note_schedulers.id')
      .limit(100)
      .execute()) as StoredRow[];
    const staff = args.org_chat === true;
    const kept: StoredRow[] = [];
    for (const row of rows) if ((await toStaffOnly(row, reader)) === staff) kept.push(row);
    return kept;
  },
};

export const messagingQueries: Record<string, Computed> = {
  conversationMembershipInvitees,
  lastCM,
  scheduledMessageBlasts,
};
