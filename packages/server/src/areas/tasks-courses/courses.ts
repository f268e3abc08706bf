/**
 * Courses and enrollments.
 *
 * createCourse: `external_preview_image_url` is the course image (`Course.preview_image_url`);
 * `preview_image` (an Upload) reaches carehooks as a data URL (`data:image/png;base64,…`; multipart
 * uploads are not served): its content type is kept (`Course.preview_image_content_type`), not the file.
 *
 * updateCourseMembership with `send_nudge: true` records a nudge to the enrolled user (who sent it, when);
 * carehooks sends no email. The other inputs of the same call are applied too.
 *
 * The derived fields count a course's enrollments by `course_status` (`not_started`, `in_progress`,
 * `completed`).
 */
import {
  fail,
  insertRow,
  typedDb,
  typedTransaction,
  type RecordChange,
  type Reader,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { CourseNudge, type TasksCoursesTables } from './resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

async function previewImage(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const url = input.external_preview_image_url;
  if (typeof url === 'string' && url.trim() !== '') {
    if (url.length > 2048) fail('external_preview_image_url', 'External preview image url is too long');
    values.preview_image_url = url.trim();
  }
  const image = input.preview_image;
  if (image === undefined || image === null || image === '') return;
  const match = typeof image === 'string' ? DATA_URL.exec(image) : null;
  if (!match) fail('preview_image', 'Preview image must be a data URL (data:<type>;base64,...)');
  values.preview_image_content_type = match[1]!.toLowerCase();
}

async function nudge(work: Work, change: RecordChange): Promise<void> {
  if (change.input.send_nudge !== true) return;
  await insertRow(
    work,
    CourseNudge,
    { course_membership_id: change.row.id, sender_id: work.caller.userId },
    change.row.organization_id,
  );
}

async function dropNudges(work: Work, change: RecordChange): Promise<void> {
  await typedTransaction<TasksCoursesTables>(work)
    .deleteFrom('course_nudges')
    .where('course_membership_id', '=', change.row.id)
    .execute();
}

export const courseHooks = {
  createCourse: { before: previewImage },
  updateCourseMembership: { after: nudge },
  deleteCourseMembership: { after: dropNudges },
};

/** A course's enrollments within scope, oldest first, optionally of one status. */
export async function courseMemberships(
  course: StoredRow,
  reader: Reader,
  status?: unknown,
): Promise<StoredRow[]> {
  let query = typedDb<TasksCoursesTables>(reader)
    .selectFrom('course_memberships')
    .selectAll()
    .where('course_id', '=', course.id)
    .where('organization_id', 'in', reader.scope);
  if (typeof status === 'string' && status !== '') query = query.where('course_status', '=', status);
  return (await query.orderBy('id').execute()) as unknown as StoredRow[];
}

/** How many of a course's enrollments have this status (all of them without one). */
export async function membershipCount(course: StoredRow, reader: Reader, status?: string): Promise<number> {
  let query = typedDb<TasksCoursesTables>(reader)
    .selectFrom('course_memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('course_id', '=', course.id)
    .where('organization_id', 'in', reader.scope);
  if (status !== undefined) query = query.where('course_status', '=', status);
  return Number((await query.executeTakeFirst())?.count ?? 0);
}

/** `Course.users`: the users enrolled in the course, in order of enrollment. */
export async function enrolledUsers(course: StoredRow, reader: Reader): Promise<unknown[]> {
  return typedDb<TasksCoursesTables>(reader)
    .selectFrom('users')
    .innerJoin('course_memberships', 'course_memberships.user_id', 'users.id')
    .selectAll('users')
    .where('course_memberships.course_id', '=', course.id)
    .where('course_memberships.organization_id', 'in', reader.scope)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('course_memberships.id')
    .execute();
}

/**
 * `Course.users_progress`: how far the enrolled users are through the course, as the percentage of their
 * enrollments that are completed (`"50"` when one of two has completed it); null when nobody is enrolled.
 */
export async function usersProgress(course: StoredRow, reader: Reader): Promise<string | null> {
  const enrolled = await membershipCount(course, reader);
  if (enrolled === 0) return null;
  const completed = await membershipCount(course, reader, 'completed');
  return String(Math.round((completed * 100) / enrolled));
}
