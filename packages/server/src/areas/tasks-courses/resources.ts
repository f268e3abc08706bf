/**
 * Tasks and courses: to-do tasks, courses and the enrollment of users in them (`CourseMembership`). Names
 * and types follow healthie-schema.graphql; createCourseMembership is not in that schema and is designed
 * after Healthie's create mutations (input `course_id`, `user_id`, `start_at`; payload `courseMembership`).
 */
import { bool, datetime, int, ref, resource, text, type TablesOf } from '../../registry/index.js';

export const Task = resource({
  name: 'Task',
  table: 'tasks',
  events: 'task',
  owner: 'client_id',
  fields: {
    content: text({ required: true }),
    user_id: ref('User', { input: 'String', object: 'user', default: (caller) => caller.userId }),
    client_id: ref('User', { input: 'String', object: 'client' }),
    created_by_id: ref('User', { input: 'String', object: 'creator', default: (caller) => caller.userId }),
    note_id: ref('Note', { object: 'note', writable: 'create' }),
    due_date: datetime(),
    priority: int({ default: 0 }),
    complete: bool({ default: false }),
    completed_by_id: ref('User'),
    seen: bool({ default: false }),
    hidden: bool({ default: false, writable: 'update' }),
    position: int({ writable: 'update' }),
  },
  byId: 'task',
  mutations: {
    create: { name: 'createTask', ignored: { reminder: 'TaskReminderInput' } },
    update: {
      name: 'updateTask',
      idType: 'String',
      ignored: { reminder: 'TaskReminderInput' },
    },
    delete: 'deleteTask',
  },
});

export const Course = resource({
  name: 'Course',
  table: 'courses',
  fields: {
    name: text({ required: true }),
    description: text(),
    course_type: text({ default: 'course' }),
    start_date: text(),
    late_enroll: bool({ default: false }),
    formatted_benefits: text(),
    preview_video_content: text(),
    active: bool({ default: true, writable: 'none' }),
    user_id: ref('User', { writable: 'none', default: (caller) => caller.userId }),
  },
  byId: { name: 'course', idArgs: ['course_id'] },
  mutations: { create: { name: 'createCourse', ignored: { external_preview_image_url: 'String' } } },
  many: {
    course_memberships: {
      type: '[CourseMembership!]',
      resource: 'CourseMembership',
      foreignKey: 'course_id',
    },
  },
});

export const CourseMembership = resource({
  name: 'CourseMembership',
  table: 'course_memberships',
  events: 'course_membership',
  owner: 'user_id',
  uniqueBy: ['course_id', 'user_id'],
  fields: {
    course_id: ref('Course', { required: true, object: 'course', writable: 'create' }),
    user_id: ref('User', { required: true, object: 'user', writable: 'create' }),
    start_at: datetime(),
    course_status: text({ default: 'not_started', writable: 'none' }),
  },
  byId: {
    name: 'courseMembership',
    idArgs: ['course_membership_id'],
    ignored: { course_id: 'ID', course_item_id: 'ID', user_group_id: 'ID', user_id: 'ID' },
  },
  mutations: {
    create: 'createCourseMembership',
    update: { name: 'updateCourseMembership', ignored: { send_nudge: 'Boolean' } },
    delete: 'deleteCourseMembership',
  },
});

export const resources = [Task, Course, CourseMembership] as const;

export type TasksCoursesTables = TablesOf<(typeof resources)[number]>;
