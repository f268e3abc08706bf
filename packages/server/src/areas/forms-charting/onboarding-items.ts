/**
 * Healthie's `unassociatedCompletedOnboardingItems(user_id)`: a user's completed onboarding items that are
 * not part of their current onboarding flow. carehooks keeps a client's flow as an id only, not the items
 * a flow holds, so no completed item is tied to the current flow: all of the user's (the caller's when
 * `user_id` is left out) are answered, oldest first.
 */
import { MAX_PAGE_SIZE, parseId, typedDb, type Computed } from '../../registry/index.js';
import type { FormsChartingTables } from './resources.js';

export const onboardingItemQueries: Record<string, Computed> = {
  unassociatedCompletedOnboardingItems: {
    type: '[CompletedOnboardingItem!]',
    args: { user_id: 'ID' },
    resolve: async (_root, reader, args) =>
      typedDb<FormsChartingTables>(reader)
        .selectFrom('completed_onboarding_items')
        .selectAll()
        .where('user_id', '=', args.user_id == null ? reader.caller.userId : (parseId(args.user_id) ?? -1))
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .limit(MAX_PAGE_SIZE)
        .execute(),
  },
};
