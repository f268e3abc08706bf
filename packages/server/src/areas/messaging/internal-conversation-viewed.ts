/**
 * `updateConversationMembership` (Healthie's mutation for a member's own view of a conversation): marking
 * it `viewed` is how a member reads a conversation, and emits `conversation_membership.viewed` when the
 * membership was unread. `archived` is stored; the catalog has no event for it.
 */
import { emitFor, requireRow, updateRow, type SpecialMutation } from '../../registry/index.js';

export const updateConversationMembership: SpecialMutation = {
  name: 'updateConversationMembership',
  input: 'updateConversationMembershipInput',
  inputFields: { archived: 'Boolean', id: 'ID', viewed: 'Boolean' },
  payload: 'updateConversationMembershipPayload',
  returns: { conversation_membership: 'ConversationMembership' },
  async run(work, input) {
    const Membership = work.registry.get('ConversationMembership');
    const before = await requireRow(work, Membership, input.id);
    const values: Record<string, unknown> = {};
    if (typeof input.viewed === 'boolean') values.viewed = input.viewed ? 1 : 0;
    if (typeof input.archived === 'boolean') values.archived = input.archived ? 1 : 0;
    const { row, changed } = await updateRow(work, Membership, before, values);
    if (changed.includes('viewed') && row.viewed === 1) await emitFor(work, Membership, 'viewed', row);
    return { conversation_membership: row };
  },
};
