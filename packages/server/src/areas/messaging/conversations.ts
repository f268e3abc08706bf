/**
 * Conversations. `createConversation` makes the owner and the invited users (`simple_added_users`, a
 * comma-separated list of `user-<id>` tokens or ids, or `added_users`; `select_all_status` adds every client
 * of that status) members, and posts the opening `note` when one is given; `updateConversation` adds invited users the same way and
 * dates a close. Those memberships and that note are written without events: the catalog documents only
 * `conversation.created` / `.updated` for these mutations (as merges move records silently).
 * `deleteConversationMembership` names the member by conversation and user, as Healthie's input does, and
 * emits `conversation_membership.deleted`; with `group_id`, every client of the group leaves. A user group
 * invited (`group-<id>` in `simple_added_users`) makes its clients members and is kept on the conversation
 * (`Conversation.user_groups`).
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
  updateRow,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, UserGroup, type PatientsTables } from '../patients/index.js';
import { groupOfToken, userOfToken } from './added-users.js';
import { keptAttachments } from './note-attachments.js';
import { noteAttachments } from './notes.js';
import { Conversation, ConversationMembership, Note, type MessagingTables } from './resources.js';

/** The user ids a conversation input invites, in the order given, each once. */
function invitedIds(input: Record<string, unknown>): Array<{ field: string; raw: unknown }> {
  const invited: Array<{ field: string; raw: unknown }> = [];
  if (typeof input.simple_added_users === 'string') {
    for (const part of input.simple_added_users.split(',')) {
      const token = part.trim();
      if (token !== '' && groupOfToken(token) === undefined) {
        invited.push({ field: 'simple_added_users', raw: userOfToken(token) });
      }
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

/** `select_all_status`: every client of the caller's organizations with that status. */
export async function clientsWithStatus(work: Work, status: unknown): Promise<number[]> {
  if (typeof status !== 'string') return [];
  let query = typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .select('id')
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', work.scope);
  switch (status.trim().toLowerCase()) {
    case 'active':
      query = query.where('active', '=', 1);
      break;
    case 'archived':
    case 'inactive':
      query = query.where('active', '=', 0);
      break;
    case 'all':
      break;
    default:
      return [];
  }
  return (await query.orderBy('id').execute()).map((row) => Number(row.id));
}

/** The user groups `simple_added_users` invites (`group-<id>`), each once; unknown ones refuse the mutation. */
async function invitedGroups(work: Work, input: Record<string, unknown>): Promise<StoredRow[]> {
  const groups: StoredRow[] = [];
  if (typeof input.simple_added_users !== 'string') return groups;
  for (const part of input.simple_added_users.split(',')) {
    const id = groupOfToken(part.trim());
    if (id === undefined) continue;
    const group = await findRow(work, UserGroup, Number(id));
    if (!group) fail('simple_added_users', `UserGroup ${id} was not found`);
    if (!groups.some((g) => g.id === group.id)) groups.push(group);
  }
  return groups;
}

/** A user group's clients within scope. */
export async function groupClients(work: Work, groupId: number): Promise<number[]> {
  const rows = await typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .select('id')
    .where('user_group_id', '=', groupId)
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

/** The user groups a conversation was opened to, as stored (`invited_user_group_ids`). */
export function invitedGroupIds(conversation: StoredRow): number[] {
  if (typeof conversation.invited_user_group_ids !== 'string') return [];
  const parsed = JSON.parse(conversation.invited_user_group_ids) as unknown;
  return Array.isArray(parsed) ? parsed.map(Number).filter(Number.isSafeInteger) : [];
}

/** Records the groups invited (silently, as their members' memberships are). */
async function recordGroups(
  work: Work,
  conversation: StoredRow,
  groups: readonly StoredRow[],
): Promise<void> {
  const ids = invitedGroupIds(conversation);
  for (const group of groups) if (!ids.includes(group.id)) ids.push(group.id);
  if (ids.length === invitedGroupIds(conversation).length) return;
  const { row } = await updateRow(work, Conversation, conversation, {
    invited_user_group_ids: JSON.stringify(ids),
  });
  Object.assign(conversation, row);
}

async function resolveInvited(work: Work, input: Record<string, unknown>): Promise<number[]> {
  const ids: number[] = [];
  for (const { field, raw } of invitedIds(input)) {
    const user = await anyUser(work, raw, field);
    if (!ids.includes(user.id)) ids.push(user.id);
  }
  for (const group of await invitedGroups(work, input))
    for (const id of await groupClients(work, group.id)) if (!ids.includes(id)) ids.push(id);
  for (const id of await clientsWithStatus(work, input.select_all_status))
    if (!ids.includes(id)) ids.push(id);
  return ids;
}

export async function openConversation(work: Work, change: RecordChange): Promise<void> {
  const { row, input } = change;
  const invited = await resolveInvited(work, input);
  await addMembers(work, row, [row.owner_id as number, ...invited]);
  await recordGroups(work, row, await invitedGroups(work, input));
  const note = input.note as Record<string, unknown> | null | undefined;
  if (!note) return;
  const attachments = noteAttachments(note, 'note');
  const content = typeof note.content === 'string' && note.content.trim() !== '' ? note.content : null;
  if (content !== null || Object.keys(attachments).length > 0) {
    const message = { organizationId: row.organization_id, posterId: work.caller.userId };
    const kept = await keptAttachments(work, note, message);
    await insertRow(
      work,
      Note,
      { conversation_id: row.id, user_id: work.caller.userId, content, ...attachments, ...kept },
      row.organization_id,
    );
  }
}

export async function inviteOnUpdate(work: Work, change: RecordChange): Promise<void> {
  await addMembers(work, change.row, await resolveInvited(work, change.input));
  await recordGroups(work, change.row, await invitedGroups(work, change.input));
}

/** Closing a conversation (setting `closed_by_id`) records when; reopening clears the date. */
export async function dateClose(work: Work, values: Record<string, unknown>): Promise<void> {
  if (!('closed_by_id' in values)) return;
  values.closed_date = values.closed_by_id === null ? null : new Date(work.uow.now).toISOString();
}

/** `group_id`: the group's clients leave the conversation (one event each) and the group is no longer invited. */
async function removeGroup(
  work: Work,
  conversation: StoredRow,
  raw: unknown,
): Promise<Record<string, unknown>> {
  const group = await requireRow(work, UserGroup, raw, 'group_id');
  let conversationMembership: StoredRow | undefined;
  for (const userId of await groupClients(work, group.id)) {
    const member = await membership(work, conversation.id, userId);
    if (member) conversationMembership = await deleteRecord(work, ConversationMembership, member);
  }
  if (!conversationMembership)
    fail('group_id', `No client of user group ${group.id} is a member of conversation ${conversation.id}`);
  const ids = invitedGroupIds(conversation).filter((id) => id !== group.id);
  await updateRow(work, Conversation, conversation, { invited_user_group_ids: JSON.stringify(ids) });
  return { conversationMembership };
}

export const deleteConversationMembership: SpecialMutation = {
  name: 'deleteConversationMembership',
  input: 'deleteConversationMembershipInput',
  inputFields: { conversation_id: 'ID', group_id: 'ID', user_id: 'ID' },
  payload: 'deleteConversationMembershipPayload',
  returns: { conversationMembership: 'ConversationMembership' },
  async run(work, input) {
    const conversation = await requireRow(work, Conversation, input.conversation_id, 'conversation_id');
    if (input.user_id == null && input.group_id != null)
      return removeGroup(work, conversation, input.group_id);
    const user = await anyUser(work, input.user_id, 'user_id');
    const member = await membership(work, conversation.id, user.id);
    if (!member) fail('user_id', `User ${user.id} is not a member of conversation ${conversation.id}`);
    const conversationMembership = await deleteRecord(work, ConversationMembership, member);
    return { conversationMembership };
  },
};
