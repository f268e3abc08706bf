/**
 * Healthie's `courseGroupClients` / `courseGroupClientsCount`: the clients in a course through one of its
 * course groups (a user group enrolled as a whole). Here clients join courses one at a time
 * (createCourseMembership), so no course has a group and none has clients through one: every enrollment
 * is listed by `ungroupedCourseMemberships` instead, as `Course.user_groups` is empty.
 */
import type { Computed } from '../../registry/index.js';

const byGroup = { course_group_id: 'String', course_id: 'ID', course_status: 'String' };

export const courseGroupQueries: Record<string, Computed> = {
  courseGroupClients: { type: '[User!]', args: { ...byGroup, offset: 'Int' }, resolve: () => [] },
  courseGroupClientsCount: { type: 'Int', args: byGroup, resolve: () => 0 },
};
