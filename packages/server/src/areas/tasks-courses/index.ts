/**
 * The tasks-courses area's face: what other areas may use of it. Its assembly (with behaviour) is
 * ./area.ts, which only the composition root imports.
 */
export {
  Course,
  CourseBenefit,
  CourseMembership,
  CourseNudge,
  Reminder,
  Task,
  type TasksCoursesTables,
} from './resources.js';
