/** Tasks and courses area: to-do tasks, courses and course memberships. */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { createPatient } from './fixtures.js';

const taskFields = 'id content user_id client_id created_by_id complete completed_by_id priority due_date';
const createTaskDoc = `mutation($input: createTaskInput) {
  createTask(input: $input) { task { ${taskFields} } messages { field message } }
}`;
const updateTask = `mutation($input: updateTaskInput) {
  updateTask(input: $input) { task { ${taskFields} } messages { field message } }
}`;
const deleteTask = `mutation($input: deleteTaskInput) {
  deleteTask(input: $input) { task { id } messages { field message } }
}`;
const createCourseDoc = `mutation($input: createCourseInput) {
  createCourse(input: $input) { course { id name course_type active } messages { field message } }
}`;
const membershipFields = 'id course_id user_id start_at course_status';
const createCourseMembershipDoc = `mutation($input: createCourseMembershipInput) {
  createCourseMembership(input: $input) { courseMembership { ${membershipFields} } messages { field message } }
}`;
const updateCourseMembership = `mutation($input: updateCourseMembershipInput) {
  updateCourseMembership(input: $input) { courseMembership { ${membershipFields} } messages { field message } }
}`;
const deleteCourseMembership = `mutation($input: deleteCourseMembershipInput) {
  deleteCourseMembership(input: $input) { courseMembership { id } messages { field message } }
}`;

async function createTask(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<Data>(createTaskDoc, { input: { content: 'Call the lab', ...input } });
  return data.createTask.task.id;
}

async function createCourse(api: CaseApi): Promise<string> {
  const data = await api.gql<Data>(createCourseDoc, { input: { name: 'Healthy habits' } });
  return data.createCourse.course.id;
}

async function enroll(api: CaseApi, course: string, user: string): Promise<string> {
  const data = await api.gql<Data>(createCourseMembershipDoc, {
    input: { course_id: course, user_id: user },
  });
  return data.createCourseMembership.courseMembership.id;
}

const enrolled = async (api: CaseApi) => {
  const course = await createCourse(api);
  const patient = await createPatient(api);
  return { course, patient, membership: await enroll(api, course, patient) };
};

export const tasksCoursesMutations: MutationCase[] = [
  {
    mutation: 'createTask',
    title: 'makes a task about a client, assigned to and created by the caller',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createTaskDoc,
    variables: ({ patient }) => ({
      input: { content: 'Review intake', client_id: patient, due_date: '2030-03-01', priority: 1 },
    }),
    events: (_ids, data) => [ev('task.created', data.task.id)],
    check: ({ patient, provider }, data) =>
      expect(data.task).toMatchObject({
        content: 'Review intake',
        client_id: patient,
        user_id: provider,
        created_by_id: provider,
        complete: false,
        completed_by_id: null,
        priority: 1,
        due_date: '2030-03-01',
      }),
  },
  {
    mutation: 'updateTask',
    title: 'completes a task: the completer is the caller',
    setup: async (api) => ({ task: await createTask(api) }),
    document: updateTask,
    variables: ({ task }) => ({ input: { id: task, complete: true } }),
    events: ({ task }) => [ev('task.updated', task!, {}, ['complete', 'completed_by_id'])],
    check: ({ provider }, data) =>
      expect(data.task).toMatchObject({ complete: true, completed_by_id: provider }),
  },
  {
    mutation: 'updateTask',
    title: 'completing a completed task again changes nothing',
    setup: async (api) => ({ task: await createTask(api, { complete: true }) }),
    document: updateTask,
    variables: ({ task }) => ({ input: { id: task, complete: true } }),
    events: () => [],
  },
  {
    mutation: 'deleteTask',
    title: 'removes a task',
    setup: async (api) => ({ task: await createTask(api) }),
    document: deleteTask,
    variables: ({ task }) => ({ input: { id: task } }),
    events: ({ task }) => [ev('task.deleted', task!)],
  },
  {
    mutation: 'createCourse',
    title: 'makes a course (no event)',
    document: createCourseDoc,
    variables: () => ({ input: { name: 'Sleep better', late_enroll: true } }),
    events: () => [],
    check: (_ids, data) =>
      expect(data.course).toMatchObject({ name: 'Sleep better', course_type: 'course', active: true }),
  },
  {
    mutation: 'createCourseMembership',
    title: 'enrolls a patient in a course',
    setup: async (api) => ({ course: await createCourse(api), patient: await createPatient(api) }),
    document: createCourseMembershipDoc,
    variables: ({ course, patient }) => ({
      input: { course_id: course, user_id: patient, start_at: '2030-04-01 09:00' },
    }),
    events: (_ids, data) => [ev('course_membership.created', data.courseMembership.id)],
    check: ({ course, patient }, data) =>
      expect(data.courseMembership).toMatchObject({
        course_id: course,
        user_id: patient,
        start_at: '2030-04-01 09:00',
        course_status: 'not_started',
      }),
  },
  {
    mutation: 'updateCourseMembership',
    title: 'moves the start',
    setup: enrolled,
    document: updateCourseMembership,
    variables: ({ membership }) => ({ input: { id: membership, start_at: '2030-05-01', send_nudge: true } }),
    events: ({ membership }) => [ev('course_membership.updated', membership!, {}, ['start_at'])],
  },
  {
    mutation: 'deleteCourseMembership',
    title: 'unenrolls a patient',
    setup: enrolled,
    document: deleteCourseMembership,
    variables: ({ membership }) => ({ input: { id: membership } }),
    events: ({ membership }) => [ev('course_membership.deleted', membership!)],
  },
];

export const tasksCoursesInvalid: InvalidCase[] = [
  {
    mutation: 'createTask',
    title: 'no content',
    document: createTaskDoc,
    variables: () => ({ input: { priority: 1 } }),
    field: 'content',
  },
  {
    mutation: 'createTask',
    title: 'a client who does not exist',
    document: createTaskDoc,
    variables: () => ({ input: { content: 'x', client_id: '999999' } }),
    field: 'client_id',
  },
  {
    mutation: 'updateTask',
    title: 'a malformed due date',
    setup: async (api) => ({ task: await createTask(api) }),
    document: updateTask,
    variables: ({ task }) => ({ input: { id: task, due_date: 'tomorrow' } }),
    field: 'due_date',
  },
  {
    mutation: 'deleteTask',
    title: 'an unknown task',
    document: deleteTask,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createCourse',
    title: 'no name',
    document: createCourseDoc,
    variables: () => ({ input: { description: 'Nameless' } }),
    field: 'name',
  },
  {
    mutation: 'createCourseMembership',
    title: 'an unknown course',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createCourseMembershipDoc,
    variables: ({ patient }) => ({ input: { course_id: '999999', user_id: patient } }),
    field: 'course_id',
  },
  {
    mutation: 'createCourseMembership',
    title: 'a second enrollment of the same user',
    setup: enrolled,
    document: createCourseMembershipDoc,
    variables: ({ course, patient }) => ({ input: { course_id: course, user_id: patient } }),
    field: 'course_id',
  },
  {
    mutation: 'updateCourseMembership',
    title: 'a malformed start',
    setup: enrolled,
    document: updateCourseMembership,
    variables: ({ membership }) => ({ input: { id: membership, start_at: 'soon' } }),
    field: 'start_at',
  },
  {
    mutation: 'deleteCourseMembership',
    title: 'an unknown membership',
    document: deleteCourseMembership,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
];

export const tasksCoursesReadBack: ReadBackCase[] = [
  {
    resource: 'Task',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, task: await createTask(api, { client_id: patient, seen: true }) };
    },
    query:
      'query($id: ID) { task(id: $id) { id content seen hidden client { id } user { id } creator { id } } }',
    id: ({ task }) => task!,
    expected: ({ task, patient, provider }) => ({
      id: task,
      content: 'Call the lab',
      seen: true,
      hidden: false,
      client: { id: patient },
      user: { id: provider },
      creator: { id: provider },
    }),
  },
  {
    resource: 'Course',
    setup: async (api) => {
      const { course, membership } = await enrolled(api);
      return { course, membership };
    },
    query: 'query($id: ID) { course(course_id: $id) { id name active course_memberships { id } } }',
    id: ({ course }) => course!,
    expected: ({ course, membership }) => ({
      id: course,
      name: 'Healthy habits',
      active: true,
      course_memberships: [{ id: membership }],
    }),
  },
  {
    resource: 'CourseMembership',
    setup: enrolled,
    query: `query($id: ID) {
      courseMembership(course_membership_id: $id) { id course_status course { id } user { id } }
    }`,
    id: ({ membership }) => membership!,
    expected: ({ membership, course, patient }) => ({
      id: membership,
      course_status: 'not_started',
      course: { id: course },
      user: { id: patient },
    }),
  },
];
