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
const bulkDeleteTasksDoc = `mutation($input: bulkDeleteTasksInput) {
  bulkDeleteTasks(input: $input) { tasks { id content } messages { field message } }
}`;
const updateTasksBulkDoc = `mutation($input: bulkUpdateTasksInput) {
  updateTasksBulk(input: $input) { tasks { id complete completed_by_id seen } messages { field message } }
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

const createCourseBenefitDoc = `mutation($input: createCourseBenefitInput) {
  createCourseBenefit(input: $input) { courseBenefit { id benefit course_id } messages { field message } }
}`;
const deleteCourseBenefitDoc = `mutation($input: deleteCourseBenefitInput) {
  deleteCourseBenefit(input: $input) { courseBenefit { id } messages { field message } }
}`;
const courseBenefitsDoc = `query($id: ID) { course(id: $id) { course_benefits { id benefit course_id } } }`;

async function createBenefit(api: CaseApi, course: string, benefit: string): Promise<string> {
  const data = await api.gql<Data>(createCourseBenefitDoc, { input: { course_id: course, benefit } });
  return data.createCourseBenefit.courseBenefit.id;
}

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

const reminderFields = 'id interval_type interval_value is_enabled';
const readTask = `query($id: ID) { task(id: $id) {
  id complete completed_at completed_by_id reminder { ${reminderFields} }
} }`;

async function taskOf(api: CaseApi, id: string): Promise<Data> {
  return (await api.gql<Data>(readTask, { id })).task;
}

let serial = 0;
/** A word no other row's tasks contain, to find this row's tasks among the organization's. */
const token = (name: string) => `${name}${process.pid}x${++serial}`;

const taskList = `query($client: String, $keywords: String, $status: String, $self: Boolean, $hidden: Boolean,
  $type: String, $order: TaskOrderKeys, $after: Cursor, $perPage: Int, $all: Boolean) {
  tasks(client_id: $client, keywords: $keywords, completed_status: $status, created_by_self: $self,
    show_hidden: $hidden, type: $type, order_by: $order, after: $after, per_page: $perPage,
    withoutPagination: $all) { id cursor }
}`;
const taskCount = `query($keywords: String, $status: String, $self: Boolean, $hidden: Boolean, $type: String) {
  tasksCount(keywords: $keywords, completed_status: $status, created_by_self: $self, show_hidden: $hidden, type: $type)
}`;

async function taskIds(api: CaseApi, args: Record<string, unknown>): Promise<string[]> {
  const data = await api.gql<Data>(taskList, args);
  return data.tasks.map((t: Data) => t.id);
}

async function countTasks(api: CaseApi, args: Record<string, unknown>): Promise<number> {
  return (await api.gql<Data>(taskCount, args)).tasksCount;
}

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
    mutation: 'createTask',
    title: 'with a weekly reminder: the reminder is kept and read back',
    document: createTaskDoc,
    variables: () => ({
      input: {
        content: 'Weigh in',
        reminder: {
          interval_type: 'weekly',
          interval_value: 'monday, thursday',
          is_enabled: true,
          reminder_time: 540,
        },
      },
    }),
    events: (_ids, data) => [ev('task.created', data.task.id)],
    check: async (_ids, data, api) => {
      const task = await taskOf(api, data.task.id);
      expect(task.reminder).toMatchObject({
        interval_type: 'weekly',
        interval_value: 'monday,thursday',
        is_enabled: true,
      });
      expect(task.completed_at).toBeNull();
    },
  },
  {
    mutation: 'createTask',
    title: 'created complete: completed now, by the caller',
    document: createTaskDoc,
    variables: () => ({ input: { content: 'Already done', complete: true } }),
    events: (_ids, data) => [ev('task.created', data.task.id)],
    check: async ({ provider }, data, api) => {
      const task = await taskOf(api, data.task.id);
      expect(task).toMatchObject({ complete: true, completed_by_id: provider });
      expect(Number.isNaN(Date.parse(task.completed_at))).toBe(false);
    },
  },
  {
    mutation: 'updateTask',
    title: 'completing stamps completed_at (not a changed field); reopening clears it',
    setup: async (api) => ({ task: await createTask(api) }),
    document: updateTask,
    variables: ({ task }) => ({ input: { id: task, complete: true } }),
    events: ({ task }) => [ev('task.updated', task!, {}, ['complete', 'completed_by_id'])],
    check: async ({ task }, _data, api) => {
      const done = await taskOf(api, task!);
      expect(Date.parse(done.completed_at)).toBeGreaterThan(0);
      await api.gql(updateTask, { input: { id: task, complete: false } });
      expect(await taskOf(api, task!)).toMatchObject({
        complete: false,
        completed_at: null,
        completed_by_id: null,
      });
    },
  },
  {
    mutation: 'updateTask',
    title: 'edits the reminder only: the task itself is unchanged (no event)',
    setup: async (api) => ({
      task: await createTask(api, { reminder: { interval_type: 'daily', is_enabled: false } }),
    }),
    document: updateTask,
    variables: ({ task }) => ({
      input: {
        id: task,
        reminder: { interval_type: 'once', interval_value: '2030-11-28', is_enabled: true },
      },
    }),
    events: () => [],
    check: async ({ task }, _data, api) =>
      expect((await taskOf(api, task!)).reminder).toMatchObject({
        interval_type: 'once',
        interval_value: '2030-11-28',
        is_enabled: true,
      }),
  },
  {
    mutation: 'updateTask',
    title: 'remove_reminder removes the reminder',
    setup: async (api) => ({ task: await createTask(api, { reminder: { interval_type: 'daily' } }) }),
    document: updateTask,
    variables: ({ task }) => ({ input: { id: task, reminder: { remove_reminder: true } } }),
    events: () => [],
    check: async ({ task }, _data, api) => expect((await taskOf(api, task!)).reminder).toBeNull(),
  },
  {
    mutation: 'createTask',
    title: 'tasks and tasksCount filter by client, keywords, status, creator, hidden and assignee type',
    setup: async (api) => {
      const word = token('triage');
      const patient = await createPatient(api);
      const open = await createTask(api, { content: `${word} open`, client_id: patient, priority: 1 });
      const done = await createTask(api, { content: `${word} done`, complete: true, user_id: patient });
      const hidden = await createTask(api, { content: `${word} hidden` });
      await api.gql(updateTask, { input: { id: hidden, hidden: true } });
      return { word, patient, open, done, hidden };
    },
    document: createTaskDoc,
    variables: ({ word }) => ({ input: { content: `${word} new`, due_date: '2030-01-02' } }),
    events: (_ids, data) => [ev('task.created', data.task.id)],
    check: async ({ word, patient, open, done, hidden }, data, api) => {
      const created = data.task.id as string;
      expect(await taskIds(api, { client: patient })).toEqual([open]);
      expect(await taskIds(api, { keywords: word })).toEqual([open, done, hidden, created]);
      expect(await countTasks(api, { keywords: word })).toBe(4);
      expect(await taskIds(api, { keywords: word, status: 'complete' })).toEqual([done]);
      expect(await taskIds(api, { keywords: word, status: 'incomplete' })).toEqual([open, hidden, created]);
      expect(await countTasks(api, { keywords: word, status: 'incomplete' })).toBe(3);
      expect(await taskIds(api, { keywords: word, hidden: false })).toEqual([open, done, created]);
      expect(await countTasks(api, { keywords: word, hidden: false })).toBe(3);
      expect(await taskIds(api, { keywords: word, self: true })).toHaveLength(4);
      expect(await taskIds(api, { keywords: word, self: false })).toEqual([]);
      expect(await taskIds(api, { keywords: word, type: 'client' })).toEqual([done]);
      expect(await countTasks(api, { keywords: word, type: 'provider' })).toBe(3);
    },
  },
  {
    mutation: 'createTask',
    title: 'tasks orders by Healthie keys and pages by per_page and after',
    setup: async (api) => {
      const word = token('order');
      const first = await createTask(api, { content: `${word} b`, priority: 0, due_date: '2030-02-01' });
      const second = await createTask(api, { content: `${word} a`, priority: 1 });
      return { word, first, second };
    },
    document: createTaskDoc,
    variables: ({ word }) => ({ input: { content: `${word} c`, priority: 1, due_date: '2030-01-01' } }),
    events: (_ids, data) => [ev('task.created', data.task.id)],
    check: async ({ word, first, second }, data, api) => {
      const third = data.task.id as string;
      expect(await taskIds(api, { keywords: word, order: 'TASK_ASC' })).toEqual([second, first, third]);
      expect(await taskIds(api, { keywords: word, order: 'PRIORITY_DESC' })).toEqual([second, third, first]);
      expect(await taskIds(api, { keywords: word, order: 'DUE_DATE_ASC' })).toEqual([third, first, second]);
      expect(await taskIds(api, { keywords: word, order: 'DUE_DATE_DESC' })).toEqual([first, third, second]);
      expect(await taskIds(api, { keywords: word, perPage: 2 })).toEqual([first, second]);
      const page = await api.gql<Data>(taskList, { keywords: word, order: 'TASK_ASC', perPage: 1 });
      expect(await taskIds(api, { keywords: word, order: 'TASK_ASC', after: page.tasks[0].cursor })).toEqual([
        first,
        third,
      ]);
      expect(await taskIds(api, { keywords: word, perPage: 1, all: true })).toHaveLength(3);
    },
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
    mutation: 'bulkDeleteTasks',
    title: 'deletes each named task once, task.deleted each in the order given; their reminders go too',
    setup: async (api) => ({
      first: await createTask(api, { reminder: { interval_type: 'daily' } }),
      second: await createTask(api),
      kept: await createTask(api),
    }),
    document: bulkDeleteTasksDoc,
    variables: ({ first, second }) => ({ input: { ids: [second, first, second] } }),
    events: ({ first, second }) => [ev('task.deleted', second!), ev('task.deleted', first!)],
    check: async ({ first, second, kept }, data, api) => {
      expect(data.tasks.map((t: Data) => t.id)).toEqual([second, first]);
      expect(data.tasks[0].content).toBe('Call the lab');
      expect((await api.gql<Data>(readTask, { id: first })).task).toBeNull();
      expect((await api.gql<Data>(readTask, { id: second })).task).toBeNull();
      expect((await taskOf(api, kept!)).id).toBe(kept);
    },
  },
  {
    mutation: 'updateTasksBulk',
    title: 'completes the named tasks: task.updated for each that changed, with its own changed_fields',
    setup: async (api) => ({
      open: await createTask(api),
      done: await createTask(api, { complete: true }),
    }),
    document: updateTasksBulkDoc,
    variables: ({ open, done }) => ({ input: { task_ids: [open, done], complete: true, seen: true } }),
    events: ({ open, done }) => [
      ev('task.updated', open!, {}, ['complete', 'completed_by_id', 'seen']),
      ev('task.updated', done!, {}, ['seen']),
    ],
    check: async ({ open, done, provider }, data, api) => {
      expect(data.tasks).toEqual([
        { id: open, complete: true, completed_by_id: provider, seen: true },
        { id: done, complete: true, completed_by_id: provider, seen: true },
      ]);
      expect(Date.parse((await taskOf(api, open!)).completed_at)).toBeGreaterThan(0);
    },
  },
  {
    mutation: 'updateTasksBulk',
    title: "update_all_tasks marks every task assigned to the caller seen, and no one else's",
    setup: async (api) => {
      const patient = await createPatient(api);
      const theirs = await createTask(api, { user_id: patient });
      const mine = await createTask(api);
      // Every task of the caller made by earlier rows is marked seen first, so this row's events are exact.
      await api.gql(updateTasksBulkDoc, { input: { update_all_tasks: true, seen: true } });
      const fresh = await createTask(api);
      return { theirs, mine, fresh };
    },
    document: updateTasksBulkDoc,
    variables: () => ({ input: { update_all_tasks: true, seen: true } }),
    events: ({ fresh }) => [ev('task.updated', fresh!, {}, ['seen'])],
    check: async ({ theirs, mine, fresh }, data, api) => {
      const ids = data.tasks.map((t: Data) => t.id);
      expect(ids).toContain(mine);
      expect(ids).toContain(fresh);
      expect(ids).not.toContain(theirs);
      const read = await api.gql<Data>('query($id: ID) { task(id: $id) { seen } }', { id: theirs });
      expect(read.task.seen).toBe(false);
    },
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
    mutation: 'createCourse',
    title: 'with an external image and an uploaded one (described, not kept)',
    document: createCourseDoc,
    variables: () => ({
      input: {
        name: 'Move more',
        external_preview_image_url: 'https://example.com/move.png',
        preview_image: 'data:image/png;base64,iVBORw0KGgo=',
      },
    }),
    events: () => [],
    check: async (_ids, data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { course(id: $id) { preview_image_url preview_image_content_type } }',
        { id: data.course.id },
      );
      expect(read.course).toEqual({
        preview_image_url: 'https://example.com/move.png',
        preview_image_content_type: 'image/png',
      });
    },
  },
  {
    mutation: 'createCourse',
    title: 'courses and coursesCount filter by keywords, type and availability',
    setup: async () => ({ word: token('course') }),
    document: createCourseDoc,
    variables: ({ word }) => ({
      input: { name: `${word} fixed`, course_type: 'fixed', start_date: '2001-01-01' },
    }),
    events: () => [],
    check: async ({ word }, data, api) => {
      const open = (
        await api.gql<Data>(createCourseDoc, { input: { name: `${word} open`, description: 'self paced' } })
      ).createCourse.course.id;
      const list = `query($keywords: String, $type: String, $available: Boolean, $active: Boolean) {
        courses(keywords: $keywords, course_type: $type, only_available: $available, active: $active) { id cursor }
        coursesCount(keywords: $keywords, course_type: $type, active: $active)
      }`;
      const read = async (args: Record<string, unknown>) => {
        const result = await api.gql<Data>(list, { keywords: word, ...args });
        return { ids: result.courses.map((c: Data) => c.id), count: result.coursesCount };
      };
      expect(await read({})).toEqual({ ids: [data.course.id, open], count: 2 });
      expect(await read({ type: 'fixed' })).toEqual({ ids: [data.course.id], count: 1 });
      expect((await read({ available: true })).ids).toEqual([open]);
      expect(await read({ active: false })).toEqual({ ids: [], count: 0 });
    },
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
    mutation: 'updateCourseMembership',
    title: 'send_nudge records a nudge (no stored change, no event)',
    setup: enrolled,
    document: updateCourseMembership,
    variables: ({ membership }) => ({ input: { id: membership, send_nudge: true } }),
    events: () => [],
    check: async ({ membership, provider }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { courseMembership(id: $id) { nudges { id sender { id } created_at } } }',
        { id: membership },
      );
      expect(read.courseMembership.nudges).toEqual([
        { id: expect.stringMatching(/^\d+$/), sender: { id: provider }, created_at: expect.any(String) },
      ]);
    },
  },
  {
    mutation: 'createCourseMembership',
    title: 'courseMemberships, courseClients and ungroupedCourseMemberships list it, with counts',
    setup: async (api) => ({ course: await createCourse(api), patient: await createPatient(api) }),
    document: createCourseMembershipDoc,
    variables: ({ course, patient }) => ({ input: { course_id: course, user_id: patient } }),
    events: (_ids, data) => [ev('course_membership.created', data.courseMembership.id)],
    check: async ({ course, patient }, data, api) => {
      const id = data.courseMembership.id as string;
      const read = await api.gql<Data>(
        `query($course: ID, $client: ID) {
          courseMemberships(client_id: $client, fetch_all: true) { id cursor }
          courseMembershipsCount(client_id: $client)
          courseClients(course_id: $course) { id }
          courseClientsCount(course_id: $course)
          started: courseClients(course_id: $course, course_status: "in_progress") { id }
          startedCount: courseClientsCount(course_id: $course, course_status: "in_progress")
          ungroupedCourseMemberships(course_id: $course, course_status: "not_started") { id }
          ungroupedCourseMembershipsCount(course_id: $course)
          courseMembership(course_id: $course, user_id: $client) { id }
          elsewhere: courseMembership(course_id: "999999", user_id: $client) { id }
        }`,
        { course, client: patient },
      );
      expect(read).toEqual({
        courseMemberships: [{ id, cursor: expect.any(String) }],
        courseMembershipsCount: 1,
        courseClients: [{ id }],
        courseClientsCount: 1,
        started: [],
        startedCount: 0,
        ungroupedCourseMemberships: [{ id }],
        ungroupedCourseMembershipsCount: 1,
        courseMembership: { id },
        elsewhere: null,
      });
    },
  },
  {
    mutation: 'deleteCourseMembership',
    title: 'unenrolls a patient',
    setup: enrolled,
    document: deleteCourseMembership,
    variables: ({ membership }) => ({ input: { id: membership } }),
    events: ({ membership }) => [ev('course_membership.deleted', membership!)],
  },
  {
    mutation: 'createCourseBenefit',
    title: 'lists a benefit on the course (no event)',
    setup: async (api) => ({ course: await createCourse(api) }),
    document: createCourseBenefitDoc,
    variables: ({ course }) => ({ input: { course_id: course, benefit: 'Better sleep' } }),
    events: () => [],
    check: async ({ course }, data, api) => {
      expect(data.courseBenefit).toEqual({
        id: expect.any(String),
        benefit: 'Better sleep',
        course_id: course,
      });
      const read = await api.gql<Data>(courseBenefitsDoc, { id: course });
      expect(read.course.course_benefits).toEqual([data.courseBenefit]);
    },
  },
  {
    mutation: 'deleteCourseBenefit',
    title: 'removes a benefit from the course (no event)',
    setup: async (api) => {
      const course = await createCourse(api);
      return { course, benefit: await createBenefit(api, course, 'Less stress') };
    },
    document: deleteCourseBenefitDoc,
    variables: ({ benefit }) => ({ input: { id: benefit } }),
    events: () => [],
    check: async ({ course, benefit }, data, api) => {
      expect(data.courseBenefit).toEqual({ id: benefit });
      expect((await api.gql<Data>(courseBenefitsDoc, { id: course })).course.course_benefits).toEqual([]);
    },
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
    mutation: 'createTask',
    title: 'a reminder with an unknown interval type',
    document: createTaskDoc,
    variables: () => ({ input: { content: 'x', reminder: { interval_type: 'hourly' } } }),
    field: 'reminder.interval_type',
  },
  {
    mutation: 'createTask',
    title: 'a reminder without an interval type',
    document: createTaskDoc,
    variables: () => ({ input: { content: 'x', reminder: { is_enabled: true } } }),
    field: 'reminder.interval_type',
  },
  {
    mutation: 'createTask',
    title: 'a weekly reminder on no day of the week',
    document: createTaskDoc,
    variables: () => ({
      input: { content: 'x', reminder: { interval_type: 'weekly', interval_value: 'someday' } },
    }),
    field: 'reminder.interval_value',
  },
  {
    mutation: 'updateTask',
    title: "another task's reminder",
    setup: async (api) => {
      const other = await createTask(api, { reminder: { interval_type: 'daily' } });
      const reminder = (await taskOf(api, other)).reminder.id as string;
      return { task: await createTask(api), reminder };
    },
    document: updateTask,
    variables: ({ task, reminder }) => ({
      input: { id: task, reminder: { id: reminder, is_enabled: true } },
    }),
    field: 'reminder.id',
  },
  {
    mutation: 'createCourse',
    title: 'a preview image that is not a data URL',
    document: createCourseDoc,
    variables: () => ({ input: { name: 'Pictured', preview_image: 'picture.png' } }),
    field: 'preview_image',
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
  {
    mutation: 'createCourseBenefit',
    title: 'a benefit of an unknown course',
    document: createCourseBenefitDoc,
    variables: () => ({ input: { course_id: '999999', benefit: 'x' } }),
    field: 'course_id',
  },
  {
    mutation: 'deleteCourseBenefit',
    title: 'an unknown benefit',
    document: deleteCourseBenefitDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'bulkDeleteTasks',
    title: 'an unknown task among known ones (none is deleted)',
    setup: async (api) => ({ task: await createTask(api) }),
    document: bulkDeleteTasksDoc,
    variables: ({ task }) => ({ input: { ids: [task, '999999'] } }),
    field: 'ids',
  },
  {
    mutation: 'bulkDeleteTasks',
    title: 'no ids',
    document: bulkDeleteTasksDoc,
    variables: () => ({ input: { ids: [] } }),
    field: 'ids',
  },
  {
    mutation: 'updateTasksBulk',
    title: 'nothing to set',
    setup: async (api) => ({ task: await createTask(api) }),
    document: updateTasksBulkDoc,
    variables: ({ task }) => ({ input: { task_ids: [task] } }),
    field: 'complete',
  },
  {
    mutation: 'updateTasksBulk',
    title: 'an unknown task',
    document: updateTasksBulkDoc,
    variables: () => ({ input: { task_ids: ['999999'], complete: true } }),
    field: 'task_ids',
  },
];

export const tasksCoursesReadBack: ReadBackCase[] = [
  {
    resource: 'Task',
    setup: async (api) => ({
      task: await createTask(api, { reminder: { interval_type: 'once', interval_value: '2031-01-31' } }),
    }),
    query: `query($id: ID) { task(id: $id) {
      id priority smart smart_category ref_source created_by_generator_id note_path cursor
      reminder { interval_type interval_value is_enabled }
    } }`,
    id: ({ task }) => task!,
    expected: ({ task }) => ({
      id: task,
      priority: 0,
      smart: false,
      smart_category: null,
      ref_source: null,
      created_by_generator_id: null,
      note_path: null,
      cursor: expect.any(String),
      reminder: { interval_type: 'once', interval_value: '2031-01-31', is_enabled: false },
    }),
  },
  {
    resource: 'Course',
    setup: enrolled,
    query: `query($id: ID) { course(id: $id) {
      id course_type course_memberships_count not_started_course_memberships_count
      in_progress_course_memberships_count completed_course_memberships_count
      clients { id } none: clients(course_status: "completed") { id } ungrouped_course_memberships { id }
      users { id } user_groups { id } use_category use_video_label end_date deleted_at
    } }`,
    id: ({ course }) => course!,
    expected: ({ course, membership, patient }) => ({
      id: course,
      course_type: 'course',
      course_memberships_count: '1',
      not_started_course_memberships_count: 1,
      in_progress_course_memberships_count: 0,
      completed_course_memberships_count: 0,
      clients: [{ id: membership }],
      none: [],
      ungrouped_course_memberships: [{ id: membership }],
      users: [{ id: patient }],
      user_groups: [],
      use_category: false,
      use_video_label: false,
      end_date: null,
      deleted_at: null,
    }),
  },
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
  {
    // Clients join courses one at a time here: none is in a course through a course group.
    resource: 'User (courseGroupClients)',
    setup: enrolled,
    query: 'query($id: ID) { courseGroupClients(course_id: $id) { id } }',
    id: ({ course }) => course!,
    expected: () => [],
  },
  {
    // Course items and course groups are not modelled: a course has none, an enrollment no next item.
    resource: 'Course (items and groups)',
    setup: enrolled,
    query: `query($id: ID) { course(id: $id) {
      course_items { id } course_groups { id } clients_groups(course_status: "not_started") { id }
      course_memberships { next_incomplete_item { id } next_next_incomplete_item { id } }
    } }`,
    id: ({ course }) => course!,
    expected: () => ({
      course_items: [],
      course_groups: [],
      clients_groups: [],
      course_memberships: [{ next_incomplete_item: null, next_next_incomplete_item: null }],
    }),
  },
];
