/**
 * Filled-in forms beyond create and delete: the answers saved with a submission, the form request a
 * finished submission fulfils (`requested_form_completion.updated`, changed_fields ["is_complete"]), and
 * locking, unlocking and signing (`form_answer_group.locked` / `.unlocked` / `.signed`).
 */
import { z } from 'zod';
import {
  createRecord,
  emitFor,
  fail,
  findRow,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  updateRow,
  within,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import {
  CustomModule,
  FormAnswer,
  FormAnswerGroup,
  FormAnswerGroupSigning,
  RequestedFormCompletion,
  type FormsChartingTables,
} from './resources.js';

/** `form_answers`: one answer per question; each question must belong to the submission's form. */
export async function saveFormAnswers(work: Work, change: RecordChange): Promise<void> {
  const answers = change.input.form_answers;
  if (!Array.isArray(answers)) return;
  for (const [index, entry] of answers.entries()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const answer = entry as Record<string, unknown>;
    await within(`form_answers[${index}]`, async () => {
      const moduleId = parseId(answer.custom_module_id);
      const question = moduleId === null ? undefined : await findRow(work, CustomModule, moduleId);
      if (question && question.custom_module_form_id !== change.row.custom_module_form_id) {
        fail('custom_module_id', `Custom module ${moduleId} is not a question of this form`);
      }
      await createRecord(work, FormAnswer, {
        form_answer_group_id: change.row.id,
        custom_module_id: answer.custom_module_id,
        answer: answer.answer,
        label: answer.label,
        user_id: answer.user_id ?? change.row.user_id,
        filter_type: answer.filter_type,
        value_to_filter: answer.value_to_filter,
        conditional_custom_module_id: answer.conditional_custom_module_id,
      });
    });
  }
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

/** `createFormAnswerGroup`'s `after` hook: the answers first, then the request the submission fulfils. */
export async function recordSubmission(work: Work, change: RecordChange): Promise<void> {
  await saveFormAnswers(work, change);
  await fulfilRequestedForm(work, change);
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
