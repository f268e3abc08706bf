/**
 * Conversations. `createConversation` makes the owner and the invited users (`simple_added_users`, a
 * comma-separated id list, or `added_users`) members, and posts the opening `note` when one is given;
 * `updateConversation` adds invited users the same way and dates a close. Those memberships and that note
 * are written without events: the catalog documents only `conversation.created` / `.updated` for these
 * mutations (as merges move records silently). `deleteConversationMembership` names the member by
 * conversation and user, as Healthie's input does, and emits `conversation_membership.deleted`.
 */
import {
  deleteRecord,
  fail,
  findRow,
  insertRow,
  label,
  parseId,
  requireRow,
  typedTransaction,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { Conversation, ConversationMembership, Note, type MessagingTables } from './resources.js';

/** The user ids a conversation input invites, in the order given, each once. */
function invitedIds(input: Record<string, unknown>): Array<{ field: string; raw: unknown }> {
  const invited: Array<{ field: string; raw: unknown }> = [];
  if (typeof input.simple_added_users === 'string') {
    for (const part of input.simple_added_users.split(',')) {
      if (part.trim() !== '') invited.push({ field: 'simple_added_users', raw: part.trim() });
    }
  }
  if (Array.isArray(input.added_users)) {
    for (const added of input.added_users as Array<{ value?: unknown } | null>) {
      invited.push({ field: 'added_users', raw: added?.value });
    }
  }
  return invited;
}

async function membership(
  work: Work,
  conversationId: number,
  userId: number,
): Promise<StoredRow | undefined> {
  return (await typedTransaction<MessagingTables>(work)
    .selectFrom('conversation_memberships')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** Adds each user not yet a member; unknown or out-of-scope users refuse the whole mutation. */
async function addMembers(work: Work, conversation: StoredRow, userIds: readonly number[]): Promise<void> {
  for (const userId of userIds) {
    if (await membership(work, conversation.id, userId)) continue;
    await insertRow(
      work,
      ConversationMembership,
      { conversation_id: conversation.id, user_id: userId },
      conversation.organization_id,
    );
  }
}

/** A patient or provider within scope (the User resource's mutations are limited to patients). */
async function anyUser(work: Work, raw: unknown, field: string): Promise<StoredRow> {
  if (raw === undefined || raw === null || raw === '') fail(field, `${label(field)} is required`);
  const id = parseId(raw);
  const user = id === null ? undefined : await findRow(work, User, id);
  if (!user) fail(field, `User ${String(raw)} was not found`);
  return user;
}

async function resolveInvited(work: Work, input: Record<string, unknown>): Promise<number[]> {
  const ids: number[] = [];
  for (const { field, raw } of invitedIds(input)) {
    const user = await anyUser(work, raw, field);
    if (!ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

export async function openConversation(work: Work, change: RecordChange): Promise<void> {
  const { row, input } = change;
  const invited = await resolveInvited(work, input);
  await addMembers(work, row, [row.owner_id as number, ...invited]);
  const note = input.note as { content?: unknown } | null | undefined;
  if (typeof note?.content === 'string' && note.content.trim() !== '') {
    await insertRow(
      work,
      Note,
      { conversation_id: row.id, user_id: work.caller.userId, content: note.content },
      row.organization_id,
    );
  }
}

export async function inviteOnUpdate(work: Work, change: RecordChange): Promise<void> {
  await addMembers(work, change.row, await resolveInvited(work, change.input));
}

/** Closing a conversation (setting `closed_by_id`) records when; reopening clears the date. */
export async function dateClose(work: Work, values: Record<string, unknown>): Promise<void> {
  if (!('closed_by_id' in values)) return;
  values.closed_date = values.closed_by_id === null ? null : new Date(work.uow.now).toISOString();
}

export const deleteConversationMembership: SpecialMutation = {
  name: 'deleteConversationMembership',
  input: 'deleteConversationMembershipInput',
  inputFields: { conversation_id: 'ID', group_id: 'ID', user_id: 'ID' },
  payload: 'deleteConversationMembershipPayload',
  returns: { conversationMembership: 'ConversationMembership' },
  async run(work, input) {
    const conversation = await requireRow(work, Conversation, input.conversation_id, 'conversation_id');
    if (input.user_id == null && input.group_id != null) {
      fail('group_id', 'User groups are not modelled; name the member with user_id');
    }
    const user = await anyUser(work, input.user_id, 'user_id');
    const member = await membership(work, conversation.id, user.id);
    if (!member) fail('user_id', `User ${user.id} is not a member of conversation ${conversation.id}`);
    const conversationMembership = await deleteRecord(work, ConversationMembership, member);
    return { conversationMembership };
  },
};
