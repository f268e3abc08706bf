/** Tasks and courses: declarations with their behaviour bound. */
import { accountDefault, area, typedDb, type Reader, type StoredRow } from '../../registry/index.js';
import type { MessagingTables } from '../messaging/index.js';
import { bulkDeleteTasks, updateTasksBulk } from './bulk-tasks.js';
import { courseGroupQueries } from './course-groups.js';
import { courseItemFields, coursePartTypes, enrollmentItemFields } from './course-parts.js';
import { courseHooks, courseMemberships, enrolledUsers, membershipCount, usersProgress } from './courses.js';
import { areaEnums, areaQueries, cursorField } from './lists.js';
import { taskReminder } from './reminders.js';
import { resources } from './resources.js';
import { taskHooks } from './tasks.js';

/** `Task.note_path`: where the task's message is read, its conversation (null without a message). */
async function notePath(task: StoredRow, reader: Reader): Promise<string | null> {
  if (typeof task.note_id !== 'number') return null;
  const note = await typedDb<MessagingTables>(reader)
    .selectFrom('notes')
    .select('conversation_id')
    .where('id', '=', task.note_id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return note?.conversation_id == null ? null : `/conversations/${note.conversation_id}`;
}

const statusCount = (status: string) => ({
  type: 'Int',
  resolve: (course: StoredRow, reader: Reader) => membershipCount(course, reader, status),
});

export const tasksCourses = area({
  name: 'tasks-courses',
  resources,
  special: [bulkDeleteTasks, updateTasksBulk],
  hooks: { ...taskHooks, ...courseHooks },
  extend: {
    Task: {
      computed: {
        cursor: cursorField,
        reminder: { type: 'Reminder', resolve: taskReminder },
        note_path: { type: 'String', resolve: notePath },
        // Tasks are created by people here: no auto task generator, no other relation, never "smart".
        created_by_generator_id: { type: 'String', resolve: () => null },
        ref_source: { type: 'String', resolve: () => null },
        smart: { type: 'Boolean!', resolve: () => false },
        smart_category: { type: 'String', resolve: () => null },
      },
    },
    Course: {
      computed: {
        clients: {
          type: '[CourseMembership!]',
          args: { course_status: 'String' },
          resolve: (course, reader, args) => courseMemberships(course, reader, args.course_status),
        },
        // Course groups are not modelled: every enrollment is ungrouped.
        ungrouped_course_memberships: {
          type: '[CourseMembership!]',
          resolve: (course, reader) => courseMemberships(course, reader),
        },
        users: { type: '[User!]!', resolve: enrolledUsers },
        // Enrolling a group in a course is not done here: no group has access through one.
        user_groups: { type: '[UserGroup!]!', resolve: () => [] },
        course_memberships_count: {
          type: 'String',
          resolve: async (course, reader) => String(await membershipCount(course, reader)),
        },
        completed_course_memberships_count: statusCount('completed'),
        in_progress_course_memberships_count: statusCount('in_progress'),
        not_started_course_memberships_count: statusCount('not_started'),
        // Course items are not modelled, so no item sets an end; courses are not deleted here.
        end_date: { type: 'String', resolve: () => null },
        deleted_at: { type: 'String', resolve: () => null },
        users_progress: { type: 'String', resolve: usersProgress },
        // The share of the course's items its users completed: a course here has no items (course-parts.ts).
        users_course_items_progress: { type: 'String', resolve: () => null },
        use_category: accountDefault('Boolean', false),
        use_video_label: accountDefault('Boolean', false),
        ...courseItemFields,
      },
    },
    CourseMembership: { computed: { cursor: cursorField, ...enrollmentItemFields } },
  },
  extendTypes: { Query: { ...areaQueries, ...courseGroupQueries } },
  enums: areaEnums,
  objectTypes: coursePartTypes,
  inputTypes: {
    TaskReminderInput: {
      id: 'ID',
      interval_type: 'String',
      interval_value: 'String',
      is_enabled: 'Boolean',
      reminder_time: 'Int',
      remove_reminder: 'Boolean',
    },
  },
});
