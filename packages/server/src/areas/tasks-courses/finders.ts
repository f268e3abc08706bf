/**
 * How `courseMembership` reads its further arguments (./resources.ts declares them; this file reads the
 * table by name). With `id` or `course_membership_id` the membership is that one; otherwise
 * `course_id` and `user_id` name the enrollment of that user in that course (either alone: the oldest
 * enrollment in that course, or of that user).
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

export async function findEnrollment(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (given(args.id) || given(args.course_membership_id)) return undefined;
  if (!given(args.course_id) && !given(args.user_id)) return undefined;
  let query = reader.db
    .selectFrom('course_memberships')
    .selectAll()
    .where('organization_id', 'in', reader.scope);
  if (given(args.course_id)) query = query.where('course_id', '=', parseId(args.course_id) ?? -1);
  if (given(args.user_id)) query = query.where('user_id', '=', parseId(args.user_id) ?? -1);
  return ((await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined) ?? null;
}
