/**
 * Filled-in forms beyond create and delete: the answers saved with a submission (a question's label when
 * the answer gives none; with `set_initial_answers`, the patient's previous answers to the questions left
 * out), when the note was written (`date` / `time`), the patients of a group appointment's note, the form
 * request a finished submission fulfils (`requested_form_completion.updated`, changed_fields
 * ["is_complete"]), and locking, unlocking and signing (`form_answer_group.locked` / `.unlocked` /
 * `.signed`, each also kept in the note's audit history, ./audit-events.ts). `deleteFormAnswerGroup` with
 * `user_id` takes one patient off a group appointment's note instead of removing it.
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  deleteRow,
  emitFor,
  fail,
  findRow,
  insertRow,
  parseId,
  parseInput,
  requireRow,
  typedDb,
  typedTransaction,
  updateRow,
  within,
  type Computed,
  type Reader,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import type { SchedulingTables } from '../scheduling/index.js';
import {
  CustomModule,
  FormAnswer,
  FormAnswerGroup,
  FormAnswerGroupSigning,
  FormAnswerGroupUserConnection,
  RequestedFormCompletion,
  type FormsChartingTables,
} from './resources.js';
import { recordAudit } from './audit-events.js';

/** `form_answers`: one answer per question; each question must belong to the submission's form. */
export async function saveFormAnswers(work: Work, change: RecordChange): Promise<void> {
  const given = change.input.form_answers;
  const answers = Array.isArray(given) ? given : [];
  const answered: number[] = [];
  for (const [index, entry] of answers.entries()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const answer = entry as Record<string, unknown>;
    await within(`form_answers[${index}]`, async () => {
      const moduleId = parseId(answer.custom_module_id);
      const question = moduleId === null ? undefined : await findRow(work, CustomModule, moduleId);
      if (question && question.custom_module_form_id !== change.row.custom_module_form_id) {
        fail('custom_module_id', `Custom module ${moduleId} is not a question of this form`);
      }
      const label =
        answer.label === undefined || answer.label === null || answer.label === ''
          ? question?.label
          : answer.label;
      await createRecord(work, FormAnswer, {
        form_answer_group_id: change.row.id,
        custom_module_id: answer.custom_module_id,
        answer: answer.answer,
        label,
        user_id: answer.user_id ?? change.row.user_id,
        filter_type: answer.filter_type,
        value_to_filter: answer.value_to_filter,
        conditional_custom_module_id: answer.conditional_custom_module_id,
      });
      if (question) answered.push(question.id);
    });
  }
  if (change.input.set_initial_answers === true) await copyInitialAnswers(work, change.row, answered);
}

/** The answers a new submission of the form starts with: the user's latest finished one, or `draft`'s. */
export async function initialAnswers(
  reader: Reader,
  formId: number,
  userId: number,
  draftId?: number,
): Promise<StoredRow[]> {
  let query = typedDb<FormsChartingTables>(reader)
    .selectFrom('form_answer_groups')
    .select('id')
    .where('custom_module_form_id', '=', formId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope);
  query = draftId === undefined ? query.where('finished', '=', 1) : query.where('id', '=', draftId);
  const source = await query.orderBy('id', 'desc').executeTakeFirst();
  if (!source) return [];
  return (await typedDb<FormsChartingTables>(reader)
    .selectFrom('form_answers')
    .selectAll()
    .where('form_answer_group_id', '=', source.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as StoredRow[];
}

/** `set_initial_answers`: questions left unanswered take the user's previous answers. */
async function copyInitialAnswers(work: Work, group: StoredRow, answered: readonly number[]): Promise<void> {
  const previous = await initialAnswers(work, Number(group.custom_module_form_id), Number(group.user_id));
  for (const answer of previous) {
    if (
      answered.includes(Number(answer.custom_module_id)) ||
      Number(answer.form_answer_group_id) === group.id
    )
      continue;
    await createRecord(work, FormAnswer, {
      form_answer_group_id: group.id,
      custom_module_id: answer.custom_module_id,
      answer: answer.answer,
      label: answer.label,
      user_id: group.user_id,
      filter_type: answer.filter_type,
      value_to_filter: answer.value_to_filter,
      conditional_custom_module_id: answer.conditional_custom_module_id,
    });
  }
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;

/** When the note was written: `date` (with `time`), or else `formatted_date`, or else now (ISO 8601 UTC). */
export async function recordedAt(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const date = typeof input.date === 'string' ? input.date.trim() : '';
  let at: number | undefined;
  if (date !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      fail('date', 'Date must be a date (YYYY-MM-DD)');
    const time = typeof input.time === 'string' ? input.time.trim() : '';
    const match = time === '' ? null : TIME.exec(time);
    if (time !== '' && !match) fail('time', 'Time must be a time of day (HH:MM)');
    let hours = match ? Number(match[1]) : 0;
    const meridiem = match?.[4]?.toLowerCase();
    if (meridiem === 'pm' && hours < 12) hours += 12;
    if (meridiem === 'am' && hours === 12) hours = 0;
    const clock = `${String(hours).padStart(2, '0')}:${match ? match[2] : '00'}:${match?.[3] ?? '00'}`;
    at = Date.parse(`${date}T${clock}Z`);
    if (Number.isNaN(at)) fail('time', 'Time must be a time of day (HH:MM)');
  } else if (typeof input.formatted_date === 'string' && input.formatted_date.trim() !== '') {
    at = Date.parse(input.formatted_date.trim());
    if (Number.isNaN(at)) fail('formatted_date', 'Formatted date must be a date and time');
  }
  values.record_created_at = new Date(at ?? work.uow.now).toISOString();
  if (input.marked_complete === true && !('finished' in values)) values.finished = 1;
}

/** A note written for an appointment with attendees is about each of them (a group appointment's note). */
export async function connectAttendees(work: Work, change: RecordChange): Promise<void> {
  if (typeof change.row.appointment_id !== 'number') return;
  const attendees = await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointment_inclusions')
    .select('user_id')
    .where('appointment_id', '=', change.row.appointment_id)
    .orderBy('id')
    .execute();
  const users = [
    ...new Set(attendees.map((a) => a.user_id).filter((id): id is number => typeof id === 'number')),
  ];
  if (users.length < 2) return;
  for (const userId of users)
    await insertRow(
      work,
      FormAnswerGroupUserConnection,
      { form_answer_group_id: change.row.id, user_id: userId },
      change.row.organization_id,
    );
}

/** `marked_locked`: the note is locked as it is saved. */
export async function lockIfMarked(work: Work, change: RecordChange): Promise<void> {
  if (change.input.marked_locked !== true) return;
  const { row } = await updateRow(work, FormAnswerGroup, change.row, {
    locked_at: new Date(work.uow.now).toISOString(),
    locked_by_id: work.caller.userId,
  });
  await emitFor(work, FormAnswerGroup, 'locked', row);
  await recordAudit(work, row, 'LOCKED');
  Object.assign(change.row, row);
}

/** A finished submission for a requested form completes the request. */
export async function fulfilRequestedForm(work: Work, change: RecordChange): Promise<void> {
  const { row } = change;
  if (typeof row.requested_form_completion_id !== 'number') return;
  const request = await findRow(work, RequestedFormCompletion, row.requested_form_completion_id);
  const field = 'requested_form_completion_id';
  if (!request) fail(field, `RequestedFormCompletion ${row.requested_form_completion_id} was not found`);
  if (request.custom_module_form_id !== row.custom_module_form_id) {
    fail(field, 'Requested form completion asks for another form');
  }
  if (request.recipient_id !== row.user_id) fail(field, 'Requested form completion was sent to another user');
  if (Number(request.is_complete) === 1) fail(field, 'Requested form completion is already complete');
  if (Number(row.finished) !== 1) return;
  const { row: completed, changed } = await updateRow(work, RequestedFormCompletion, request, {
    is_complete: 1,
  });
  await emitFor(work, RequestedFormCompletion, 'updated', completed, { changedFields: changed });
}

/**
 * `createFormAnswerGroup`'s `after` hook: the answers first, the patients of a group appointment's note, the
 * request the submission fulfils, then the lock the input asks for.
 */
export async function recordSubmission(work: Work, change: RecordChange): Promise<void> {
  await saveFormAnswers(work, change);
  await connectAttendees(work, change);
  await fulfilRequestedForm(work, change);
  await lockIfMarked(work, change);
}

export const lockFormAnswerGroup: SpecialMutation = {
  name: 'lockFormAnswerGroup',
  input: 'LockInput',
  inputFields: { id: 'ID!' },
  payload: 'LockPayload',
  returns: { form_answer_group: 'FormAnswerGroup' },
  async run(work, input) {
    const group = await requireRow(work, FormAnswerGroup, input.id);
    if (group.locked_at != null) fail('id', `FormAnswerGroup ${group.id} is already locked`);
    const { row } = await updateRow(work, FormAnswerGroup, group, {
      locked_at: new Date(work.uow.now).toISOString(),
      locked_by_id: work.caller.userId,
    });
    await emitFor(work, FormAnswerGroup, 'locked', row);
    await recordAudit(work, row, 'LOCKED');
    return { form_answer_group: row };
  },
};

const UNLOCK_DESCRIPTION = 'Description is required to unlock a form';

/** Checked after the submission is found, as clients have always been answered. */
const unlockInput = z.object({
  description: z.string({ error: UNLOCK_DESCRIPTION }).trim().min(1, { error: UNLOCK_DESCRIPTION }),
});

export const unlockFormAnswerGroup: SpecialMutation = {
  name: 'unlockFormAnswerGroup',
  input: 'UnlockInput',
  inputFields: { id: 'ID!', description: 'String!' },
  payload: 'UnlockPayload',
  returns: { form_answer_group: 'FormAnswerGroup' },
  async run(work, input) {
    const group = await requireRow(work, FormAnswerGroup, input.id);
    const { description } = parseInput(unlockInput, input);
    if (group.locked_at == null) fail('id', `FormAnswerGroup ${group.id} is not locked`);
    const { row } = await updateRow(work, FormAnswerGroup, group, {
      locked_at: null,
      locked_by_id: null,
      unlock_description: description,
    });
    await emitFor(work, FormAnswerGroup, 'unlocked', row);
    await recordAudit(work, row, 'UNLOCKED', { description });
    return { form_answer_group: row };
  },
};

/** Records the signer's signing and emits `form_answer_group.signed`; a user signs a submission once. */
async function sign(work: Work, group: StoredRow, userId: number, field: string): Promise<StoredRow> {
  const already = await typedTransaction<FormsChartingTables>(work)
    .selectFrom('form_answer_group_signings')
    .select('id')
    .where('form_answer_group_id', '=', group.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (already) fail(field, `User ${userId} has already signed FormAnswerGroup ${group.id}`);
  const signing = await createRecord(work, FormAnswerGroupSigning, {
    form_answer_group_id: group.id,
    user_id: userId,
  });
  await emitFor(work, FormAnswerGroup, 'signed', group);
  await recordAudit(work, group, 'SIGNED', { userId });
  return signing;
}

export const signFormAnswerGroup: SpecialMutation = {
  name: 'signFormAnswerGroup',
  input: 'SignInput',
  inputFields: { id: 'ID!' },
  payload: 'SignPayload',
  returns: { form_answer_group: 'FormAnswerGroup', form_answer_group_signing: 'FormAnswerGroupSigning' },
  async run(work, input) {
    const group = await requireRow(work, FormAnswerGroup, input.id);
    const signing = await sign(work, group, work.caller.userId, 'id');
    return { form_answer_group: group, form_answer_group_signing: signing };
  },
};

/** The deprecated form of signFormAnswerGroup: the signer may be named (another provider in scope). */
export const createFormAnswerGroupSigning: SpecialMutation = {
  name: 'createFormAnswerGroupSigning',
  input: 'createFormAnswerGroupSigningInput',
  inputFields: { form_answer_group_id: 'String', user_id: 'String' },
  payload: 'createFormAnswerGroupSigningPayload',
  returns: { formAnswerGroupSigning: 'FormAnswerGroupSigning' },
  async run(work, input) {
    const group = await requireRow(work, FormAnswerGroup, input.form_answer_group_id, 'form_answer_group_id');
    let signerId = work.caller.userId;
    if (input.user_id !== undefined && input.user_id !== null && input.user_id !== '') {
      const id = parseId(input.user_id);
      const signer = id === null ? undefined : await findRow(work, User, id);
      if (!signer) fail('user_id', `User ${String(input.user_id)} was not found`);
      signerId = signer.id;
    }
    return { formAnswerGroupSigning: await sign(work, group, signerId, 'form_answer_group_id') };
  },
};

/**
 * Healthie's `deleteFormAnswerGroup`: removes the submission (`form_answer_group.deleted`); with `user_id`,
 * only that patient is taken off the group appointment's note, which stays (no event).
 */
export const deleteFormAnswerGroup: SpecialMutation = {
  name: 'deleteFormAnswerGroup',
  input: 'deleteFormAnswerGroupInput',
  inputFields: { id: 'ID', user_id: 'ID' },
  payload: 'deleteFormAnswerGroupPayload',
  returns: { form_answer_group: 'FormAnswerGroup' },
  async run(work, input) {
    const group = await requireRow(work, FormAnswerGroup, input.id);
    if (input.user_id === undefined || input.user_id === null || input.user_id === '')
      return { form_answer_group: await deleteRecord(work, FormAnswerGroup, group) };
    const userId = parseId(input.user_id);
    const connection = await typedTransaction<FormsChartingTables>(work)
      .selectFrom('form_answer_group_user_connections')
      .selectAll()
      .where('form_answer_group_id', '=', group.id)
      .where('user_id', '=', userId ?? -1)
      .executeTakeFirst();
    if (!connection)
      fail('user_id', `User ${String(input.user_id)} is not a patient of form answer group ${group.id}`);
    await deleteRow(work, FormAnswerGroupUserConnection, connection as StoredRow);
    return { form_answer_group: group };
  },
};

/** The provider a `provider_can_*` field asks about: `provider_id`, or else the caller. */
const providerOf = (reader: Reader, args: Record<string, unknown>) =>
  args.provider_id == null ? reader.caller.userId : (parseId(args.provider_id) ?? -1);

async function hasSigned(group: StoredRow, reader: Reader, providerId: number): Promise<boolean> {
  return (
    (await typedDb<FormsChartingTables>(reader)
      .selectFrom('form_answer_group_signings')
      .select('id')
      .where('form_answer_group_id', '=', group.id)
      .where('user_id', '=', providerId)
      .executeTakeFirst()) !== undefined
  );
}

async function connectedUsers(group: StoredRow, reader: Reader): Promise<StoredRow[]> {
  const connections = await typedDb<FormsChartingTables>(reader)
    .selectFrom('form_answer_group_user_connections')
    .select('user_id')
    .where('form_answer_group_id', '=', group.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute();
  const users: StoredRow[] = [];
  for (const { user_id: id } of connections) {
    const user = typeof id === 'number' ? await findRow(reader, User, id) : undefined;
    if (user) users.push(user);
  }
  return users;
}

const providerArg = { provider_id: 'ID' };

/** What a provider may do with a note, and the patients of a group appointment's note. */
export const formAnswerGroupFields: Record<string, Computed> = {
  // An addendum is added to a locked note; a note is locked or signed while unlocked and finished.
  provider_can_add_addendum: {
    type: 'Boolean!',
    args: providerArg,
    resolve: (group) => group.locked_at != null,
  },
  provider_can_lock: {
    type: 'Boolean!',
    args: providerArg,
    resolve: (group) => group.locked_at == null && Number(group.finished) === 1,
  },
  provider_can_unlock: { type: 'Boolean!', args: providerArg, resolve: (group) => group.locked_at != null },
  provider_can_sign: {
    type: 'Boolean!',
    args: providerArg,
    resolve: async (group, reader, args) => !(await hasSigned(group, reader, providerOf(reader, args))),
  },
  is_group_appt_note: {
    type: 'Boolean',
    resolve: async (group, reader) => (await connectedUsers(group, reader)).length > 0,
  },
  group_appointment_attendees: { type: '[User!]', resolve: connectedUsers },
};

/**
 * `initialFormAnswers(custom_module_form_id, user_id, incomplete_form_id)`: the answers a new submission of
 * the form starts with: those of the draft named, or else of the user's latest finished submission.
 */
export const initialFormAnswers: Computed = {
  type: '[FormAnswer!]',
  args: { custom_module_form_id: 'ID', incomplete_form_id: 'ID', user_id: 'ID' },
  resolve: async (_root, reader, args) => {
    const formId = parseId(args.custom_module_form_id);
    const userId = args.user_id == null ? reader.caller.userId : parseId(args.user_id);
    if (formId === null || userId === null) return [];
    const draft = args.incomplete_form_id == null ? undefined : (parseId(args.incomplete_form_id) ?? -1);
    return initialAnswers(reader, formId, userId, draft);
  },
};

/** The submission that completed an onboarding item: the user's latest one made for that item. */
async function completingSubmission(item: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<FormsChartingTables>(reader)
    .selectFrom('form_answer_groups')
    .selectAll()
    .where('onboarding_item_id', '=', Number(item.onboarding_item_id))
    .where('user_id', '=', Number(item.user_id))
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst()) as StoredRow | undefined;
}

/** What completed an onboarding item (a submitted form, unless it was skipped), and when. */
export const completedItemFields: Record<string, Computed> = {
  item_id: {
    type: 'String',
    resolve: async (item, reader) => {
      const group = await completingSubmission(item, reader);
      return group ? String(group.id) : null;
    },
  },
  item_type: {
    type: 'String',
    resolve: async (item, reader) => ((await completingSubmission(item, reader)) ? 'FormAnswerGroup' : null),
  },
  date_to_show: {
    type: 'String',
    resolve: (item) => (typeof item.created_at === 'number' ? new Date(item.created_at).toISOString() : null),
  },
};
