/**
 * `updateConversationMembership` (Healthie's mutation for a member's own view of a conversation): marking
 * it `viewed` is how a member reads a conversation, and emits `conversation_membership.viewed` when the
 * membership was unread. `archived` is stored; the catalog has no event for it.
 */
import { z } from 'zod';
import { emitFor, parseInput, requireRow, updateRow, type SpecialMutation } from '../../registry/index.js';
import { ConversationMembership } from './resources.js';

/** The member's flags; one left out (or null) keeps its stored value. */
const viewInput = z.object({ viewed: z.boolean().nullish(), archived: z.boolean().nullish() });

const flag = (value: boolean) => (value ? 1 : 0);

export const updateConversationMembership: SpecialMutation = {
  name: 'updateConversationMembership',
  input: 'updateConversationMembershipInput',
  inputFields: { archived: 'Boolean', id: 'ID', viewed: 'Boolean' },
  payload: 'updateConversationMembershipPayload',
  returns: { conversation_membership: 'ConversationMembership' },
  async run(work, input) {
    const before = await requireRow(work, ConversationMembership, input.id);
    const { viewed, archived } = parseInput(viewInput, input);
    const values: Record<string, unknown> = {};
    if (viewed != null) values.viewed = flag(viewed);
    if (archived != null) values.archived = flag(archived);
    const { row, changed } = await updateRow(work, ConversationMembership, before, values);
    if (changed.includes('viewed') && row.viewed === 1) {
      await emitFor(work, ConversationMembership, 'viewed', row);
    }
    return { conversation_membership: row };
  },
};
