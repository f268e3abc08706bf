import { event } from '../builder.js';

export const tasksCoursesEvents = [
  event('course_membership.created', 'CourseMembership', {
    description: 'A user was enrolled in a course.',
    mutations: ['createCourseMembership'],
    example: { resource_id: '41000' },
    decision:
      'createCourseMembership is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('course_membership.deleted', 'CourseMembership', {
    description: 'A user was unenrolled from a course.',
    mutations: ['deleteCourseMembership'],
    example: { resource_id: '41000' },
  }),
  event('course_membership.updated', 'CourseMembership', {
    description: 'A course enrollment changed, e.g. its progress.',
    mutations: ['updateCourseMembership'],
    example: { resource_id: '41000', changed_fields: ['progress'] },
  }),
  event('task.created', 'Task', {
    description: 'A to-do task was made.',
    mutations: ['createTask'],
    example: { resource_id: '11000' },
  }),
  event('task.deleted', 'Task', {
    description: 'A to-do task was removed.',
    mutations: ['deleteTask', 'bulkDeleteTasks'],
    example: { resource_id: '11000' },
    decision:
      'The reference names only deleteTask; bulkDeleteTasks deletes tasks too, so it fires task.deleted once per deleted task, in the order the ids are given.',
  }),
  event('task.updated', 'Task', {
    description: 'A to-do task was edited or completed.',
    mutations: ['updateTask', 'updateTasksBulk'],
    example: { resource_id: '11000', changed_fields: ['complete', 'completed_by_id'] },
    decision:
      "The reference names only updateTask; updateTasksBulk edits tasks too, so it fires task.updated once per task whose complete or seen changed, with that task's changed_fields (a task already in the asked state fires nothing).",
  }),
] as const;
