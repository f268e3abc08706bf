/**
 * How the by-id queries read their further arguments (the declarations in ./resources.ts use these; they
 * read tables by name, so they import no declaration). `organizationMembership(user_id)` is that user's
 * membership and `featureToggle(user_id)` that user's (first) toggle; `id`, when given, wins.
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The first row of `table` (by id) whose `user_id` is the argument's, within scope. */
export const byUser =
  (table: 'organization_memberships' | 'feature_toggles') =>
  async (reader: Reader, args: Record<string, unknown>): Promise<StoredRow | null | undefined> => {
    if (given(args.id) || !given(args.user_id)) return undefined;
    return (
      ((await reader.db
        .selectFrom(table)
        .selectAll()
        .where('user_id', '=', parseId(args.user_id) ?? -1)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .executeTakeFirst()) as StoredRow | undefined) ?? null
    );
  };
