/**
 * How `courseMembership` reads its further arguments (./resources.ts declares them; this file reads the
 * tables by name). With `id` or `course_membership_id` the membership is that one; otherwise `course_id`,
 * `user_id` and `user_group_id` (an enrollment of a client in that group) narrow the enrollments, and the
 * oldest that matches is answered. `course_item_id` names a course item: carehooks serves none
 * (createCourseItem is not served), so no enrollment is found through one.
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

export async function findEnrollment(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (given(args.course_item_id)) return null;
  if (given(args.id) || given(args.course_membership_id)) return undefined;
  if (!given(args.course_id) && !given(args.user_id) && !given(args.user_group_id)) return undefined;
  let query = reader.db
    .selectFrom('course_memberships')
    .selectAll()
    .where('organization_id', 'in', reader.scope);
  if (given(args.course_id)) query = query.where('course_id', '=', parseId(args.course_id) ?? -1);
  if (given(args.user_id)) query = query.where('user_id', '=', parseId(args.user_id) ?? -1);
  if (given(args.user_group_id))
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    query = query.where('user_id', 'in', (eb: any) =>
      eb
        .selectFrom('users')
        .select('users.id')
        .where('users.user_group_id', '=', parseId(args.user_group_id) ?? -1),
    );
  return ((await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined) ?? null;
}
