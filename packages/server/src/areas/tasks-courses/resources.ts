/**
 * Tasks and courses: to-do tasks and their reminders, courses and the enrollment of users in them
 * (`CourseMembership`), and the nudges sent to enrolled users. Names and types follow
 * healthie-schema.graphql; createCourseMembership is not in that schema and is designed after Healthie's
 * create mutations (input `course_id`, `user_id`, `start_at`; payload `courseMembership`). The read-back
 * lists (`tasks`, `courseMemberships`, …) and the derived fields are bound in ./area.ts.
 */
import {
  bool,
  datetime,
  enumOf,
  int,
  keywordsIn,
  ref,
  resource,
  text,
  type ListArg,
  type TablesOf,
} from '../../registry/index.js';
import { findEnrollment } from './finders.js';

/** Healthie's `TaskReminderInput`; what each field does is in ./reminders.ts. */
const taskReminder = {
  type: 'TaskReminderInput',
  effect:
    "creates, edits (`id`) or removes (`remove_reminder`) the task's reminder; read back as `Task.reminder`",
};

export const Task = resource({
  name: 'Task',
  table: 'tasks',
  events: 'task',
  owner: 'client_id',
  timestamps: { created_at: 'String!', updated_at: 'ISO8601DateTime' },
  fields: {
    content: text({ required: true }),
    user_id: ref('User', { input: 'String', object: 'user', default: (caller) => caller.userId }),
    client_id: ref('User', { input: 'String', object: 'client' }),
    created_by_id: ref('User', { input: 'String', object: 'creator', default: (caller) => caller.userId }),
    note_id: ref('Note', { object: 'note', writable: 'create' }),
    due_date: datetime(),
    priority: int({ default: 0, gql: 'Int!' }),
    complete: bool({ default: false }),
    completed_by_id: ref('User'),
    // Set when `complete` turns on, cleared when it turns off (./tasks.ts); not in `changed_fields`.
    completed_at: datetime({ writable: 'none' }),
    seen: bool({ default: false, gql: 'Boolean!' }),
    hidden: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    position: int({ writable: 'update' }),
  },
  byId: 'task',
  mutations: {
    create: { name: 'createTask', inputs: { reminder: taskReminder } },
    update: { name: 'updateTask', idType: 'String', inputs: { reminder: taskReminder } },
    delete: 'deleteTask',
  },
});

/**
 * A task's reminder (Healthie's `Reminder`): how often the assignee is reminded. carehooks sends no
 * reminders; it keeps them so a client reads back what it set.
 */
export const Reminder = resource({
  name: 'Reminder',
  table: 'reminders',
  fields: {
    task_id: ref('Task', { writable: 'none' }),
    interval_type: enumOf(['daily', 'weekly', 'once'], { required: true, gql: 'String!' }),
    interval_value: text(),
    is_enabled: bool({ default: false, gql: 'Boolean!' }),
    reminder_time: int({ min: 0 }),
  },
});

/** `active`: active courses (true) or retired ones (false). */
const activeCourses: ListArg = {
  type: 'Boolean',
  apply: (query, value) => query.where('active', '=', value === true ? 1 : 0),
};

/**
 * `only_available: true`: courses a client can still join: no start date, a start date not yet passed, or
 * late enrollment allowed.
 */
const availableCourses: ListArg = {
  type: 'Boolean',
  apply: (query, value) => {
    if (value !== true) return query;
    const today = new Date().toISOString().slice(0, 10);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    return query.where((eb: any) =>
      eb.or([eb('start_date', 'is', null), eb('start_date', '>=', today), eb('late_enroll', '=', 1)]),
    );
  },
};

export const Course = resource({
  name: 'Course',
  table: 'courses',
  timestamps: { created_at: 'String!' },
  fields: {
    name: text({ required: true }),
    description: text(),
    course_type: text({ default: 'course', gql: 'String!' }),
    start_date: text(),
    late_enroll: bool({ default: false }),
    formatted_benefits: text(),
    preview_video_content: text(),
    // From `external_preview_image_url` (./courses.ts); an uploaded image is described, not kept.
    preview_image_url: text({ writable: 'none', maxLength: 2048 }),
    preview_image_content_type: text({ writable: 'none' }),
    active: bool({ default: true, writable: 'none', gql: 'Boolean!' }),
    user_id: ref('User', { writable: 'none', default: (caller) => caller.userId }),
  },
  byId: { name: 'course', idArgs: ['course_id'] },
  list: {
    name: 'courses',
    count: 'coursesCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      active: activeCourses,
      course_type: { type: 'String', apply: (query, value) => query.where('course_type', '=', value) },
      keywords: keywordsIn('name', 'description'),
      only_available: availableCourses,
    },
  },
  mutations: {
    create: {
      name: 'createCourse',
      inputs: {
        external_preview_image_url: {
          type: 'String',
          effect: 'stored as the course image; read back as `Course.preview_image_url`',
        },
        preview_image: {
          type: 'Upload',
          effect:
            'an image as a data URL: its content type is read back as `Course.preview_image_content_type` (the file is not kept)',
        },
      },
    },
  },
  many: {
    course_memberships: {
      type: '[CourseMembership!]',
      resource: 'CourseMembership',
      foreignKey: 'course_id',
    },
    course_benefits: { type: '[CourseBenefit!]!', resource: 'CourseBenefit', foreignKey: 'course_id' },
  },
});

/**
 * A benefit a course lists (Healthie's `CourseBenefit`, made by createCourseBenefit, removed by
 * deleteCourseBenefit). The webhook reference documents no event for them, so none is sent.
 */
export const CourseBenefit = resource({
  name: 'CourseBenefit',
  table: 'course_benefits',
  owner: 'course_id',
  fields: {
    benefit: text(),
    course_id: ref('Course', { required: true, input: 'String', writable: 'create' }),
  },
  mutations: { create: 'createCourseBenefit', delete: 'deleteCourseBenefit' },
});

export const CourseMembership = resource({
  name: 'CourseMembership',
  table: 'course_memberships',
  events: 'course_membership',
  owner: 'user_id',
  uniqueBy: ['course_id', 'user_id'],
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    course_id: ref('Course', { required: true, object: 'course', writable: 'create' }),
    user_id: ref('User', { required: true, object: 'user', writable: 'create' }),
    start_at: datetime(),
    course_status: text({ default: 'not_started', writable: 'none', gql: 'String!' }),
  },
  byId: {
    name: 'courseMembership',
    idArgs: ['course_membership_id'],
    args: { course_id: 'ID', course_item_id: 'ID', user_group_id: 'ID', user_id: 'ID' },
    find: findEnrollment,
  },
  mutations: {
    create: 'createCourseMembership',
    update: {
      name: 'updateCourseMembership',
      inputs: {
        send_nudge: {
          type: 'Boolean',
          effect: 'when true, records a nudge to the enrolled user; read back as `CourseMembership.nudges`',
        },
      },
    },
    delete: 'deleteCourseMembership',
  },
  many: {
    nudges: { type: '[CourseNudge!]', resource: 'CourseNudge', foreignKey: 'course_membership_id' },
  },
});

/**
 * A nudge sent to a user enrolled in a course (`updateCourseMembership(send_nudge: true)`). carehooks
 * sends no email; it records who nudged and when.
 */
export const CourseNudge = resource({
  name: 'CourseNudge',
  table: 'course_nudges',
  fields: {
    course_membership_id: ref('CourseMembership', { writable: 'none' }),
    sender_id: ref('User', { writable: 'none', object: 'sender', default: (caller) => caller.userId }),
  },
});

export const resources = [Task, Reminder, Course, CourseBenefit, CourseMembership, CourseNudge] as const;

export type TasksCoursesTables = TablesOf<(typeof resources)[number]>;
