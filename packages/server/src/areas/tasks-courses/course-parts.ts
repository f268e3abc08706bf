/**
 * Parts of courses carehooks does not model: course items (Healthie's createCourseItem is not served, so a
 * course has none, and an enrollment has no next item to do) and course groups (clients join courses one at
 * a time here; see ./course-groups.ts). Their Healthie types are declared so that clients' selections
 * validate; the fields answer empty.
 */
import type { Computed } from '../../registry/index.js';

/** A field of a type no value of which exists here. */
const never = (type: string, args: Record<string, string>): Computed => ({ type, args, resolve: () => null });
const byMembership = { course_membership_id: 'ID' };
const byClient = { client_id: 'ID' };

export const coursePartTypes: Record<string, Record<string, string | Computed>> = {
  CourseGroup: {
    course: 'Course',
    id: 'ID!',
    start_at: 'String',
    start_on_group_assignment: 'Boolean!',
    user_group: 'UserGroup',
  },
  CourseItem: {
    attached_object_is_video: 'Boolean',
    blocked_by_prev_item: never('Boolean', byMembership),
    category: 'String',
    completed_by_client: never('Boolean', byClient),
    completed_course_item: never('CompletedCourseItem', byMembership),
    completed_memberships_count: 'Int',
    completion_required_for_next_module: 'Boolean!',
    course: 'Course',
    course_id: 'ID',
    course_name: 'String',
    created_at: 'String!',
    custom_module_type: 'String',
    date_restricted: never('Boolean', byMembership),
    description: 'String',
    edit_url: 'String',
    first_incomplete_required_module: 'CourseItem',
    has_matrix_field: 'Boolean',
    id: 'ID!',
    incomplete_course_item_id: never('ID', byMembership),
    item_id: 'ID',
    item_type: 'String',
    name: 'String',
    next_item: 'CourseItem',
    not_available_for_client: never('Boolean', byClient),
    not_available_to_any_clients: 'Boolean',
    position: 'Int',
    prev_item: 'CourseItem',
    scheduled_release: 'String',
    updated_at: 'String!',
    user_id: 'ID',
    view_url: 'String',
  },
  CompletedCourseItem: {
    completed_item_id: 'ID',
    completed_item_type: 'String',
    course_item_id: 'ID',
    created_at: 'String!',
    id: 'ID!',
    next_item: 'CourseItem',
    updated_at: 'String!',
    user_id: 'ID',
  },
};

const empty = (type: string, args: Record<string, string> = {}): Computed => ({
  type,
  args,
  resolve: () => [],
});

export const courseItemFields: Record<string, Computed> = {
  course_items: empty('[CourseItem!]!', { include_emails: 'Boolean' }),
  course_groups: empty('[CourseGroup!]'),
  clients_groups: empty('[CourseGroup!]', { course_status: 'String' }),
};

export const enrollmentItemFields: Record<string, Computed> = {
  next_incomplete_item: { type: 'CourseItem', resolve: () => null },
  next_next_incomplete_item: { type: 'CourseItem', resolve: () => null },
};
