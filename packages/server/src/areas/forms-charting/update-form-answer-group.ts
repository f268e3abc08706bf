/**
 * `updateFormAnswerGroup`: edits a submission that is not locked: its stored fields, when the note was
 * written (`date` / `time` / `formatted_date`), and its answers (`form_answers`: an answer with `id` is
 * edited, one for a question already answered replaces that answer, any other is added). The reference
 * documents no `form_answer_group.updated`, so these changes emit nothing; finishing a submission made
 * for a form request completes the request (`requested_form_completion.updated`), and `marked_locked`
 * locks the note (`form_answer_group.locked`), as on create. carehooks keeps no per-attendee notes of
 * group appointments and tracks no editing tabs, so `individual_client_notes` and `tab_uuid` are refused.
 */
import { z } from 'zod';
import {
  createRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  updateRow,
  validateInput,
  within,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { fulfilRequestedForm, lockIfMarked, recordedAt } from './form-answer-groups.js';
import { CustomModule, FormAnswer, FormAnswerGroup, type FormsChartingTables } from './resources.js';

/** The stored fields Healthie's update input names. */
const STORED = ['name', 'external_id', 'metadata', 'finished', 'appointment_id', 'course_item_id'] as const;

/** What an answer of the input may change. */
const ANSWER_FIELDS = [
  'answer',
  'label',
  'user_id',
  'filter_type',
  'value_to_filter',
  'conditional_custom_module_id',
] as const;

const refused = z.object({
  individual_client_notes: z
    .array(z.unknown())
    .max(0, { error: 'Individual client notes are not kept by carehooks; leave them out' })
    .nullish(),
  tab_uuid: z.null({ error: 'Tab uuid is not tracked by carehooks; leave it out' }).optional(),
  form_answers: z.array(z.record(z.string(), z.unknown()).nullable()).nullish(),
});

type Answer = Record<string, unknown>;

async function answerOf(work: Work, group: StoredRow, answer: Answer): Promise<StoredRow | undefined> {
  if (answer.id !== undefined && answer.id !== null && answer.id !== '') {
    const id = parseId(answer.id);
    const row = id === null ? undefined : await findRow(work, FormAnswer, id);
    if (!row || row.form_answer_group_id !== group.id)
      fail('id', `Form answer ${String(answer.id)} is not an answer of form answer group ${group.id}`);
    return row;
  }
  const moduleId = parseId(answer.custom_module_id);
  if (moduleId === null) return undefined;
  return (await typedTransaction<FormsChartingTables>(work)
    .selectFrom('form_answers')
    .selectAll()
    .where('form_answer_group_id', '=', group.id)
    .where('custom_module_id', '=', moduleId)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}

async function applyAnswer(work: Work, group: StoredRow, answer: Answer): Promise<void> {
  const moduleId = parseId(answer.custom_module_id);
  const question = moduleId === null ? undefined : await findRow(work, CustomModule, moduleId);
  if (question && question.custom_module_form_id !== group.custom_module_form_id)
    fail('custom_module_id', `Custom module ${moduleId} is not a question of this form`);
  const current = await answerOf(work, group, answer);
  const fields: Answer = {};
  for (const name of ANSWER_FIELDS) if (answer[name] !== undefined) fields[name] = answer[name];
  if (current) {
    await updateRecord(work, FormAnswer, current, fields);
    return;
  }
  const label =
    fields.label === undefined || fields.label === null || fields.label === ''
      ? question?.label
      : fields.label;
  await createRecord(work, FormAnswer, {
    ...fields,
    label,
    user_id: fields.user_id ?? group.user_id,
    form_answer_group_id: group.id,
    custom_module_id: answer.custom_module_id,
  });
}

export const updateFormAnswerGroup: SpecialMutation = {
  name: 'updateFormAnswerGroup',
  input: 'updateFormAnswerGroupInput',
  inputFields: {
    course_item_id: 'ID',
    date: 'String',
    external_id: 'String',
    finished: 'Boolean',
    form_answers: '[FormAnswerInput]',
    formatted_date: 'String',
    id: 'ID',
    individual_client_notes: '[IndividualClientNoteInput]',
    marked_complete: 'Boolean',
    marked_locked: 'Boolean',
    metadata: 'String',
    name: 'String',
    time: 'String',
    appointment_id: 'ID',
    tab_uuid: 'UUID',
  },
  payload: 'updateFormAnswerGroupPayload',
  returns: { form_answer_group: 'FormAnswerGroup' },
  async run(work, input) {
    const before = await requireRow(work, FormAnswerGroup, input.id);
    if (before.locked_at != null) fail('id', `FormAnswerGroup ${before.id} is locked and cannot be edited`);
    const { form_answers: answers } = parseInput(refused, input);
    const given: Record<string, unknown> = {};
    for (const name of STORED) if (input[name] !== undefined) given[name] = input[name];
    const { values } = await validateInput(work, FormAnswerGroup, given, 'update', before);
    const dated =
      (typeof input.date === 'string' && input.date.trim() !== '') ||
      (typeof input.formatted_date === 'string' && input.formatted_date.trim() !== '');
    if (dated) await recordedAt(work, values, input);
    else if (input.marked_complete === true && !('finished' in values)) values.finished = 1;
    let { row } = await updateRow(work, FormAnswerGroup, before, values);
    for (const [index, answer] of (answers ?? []).entries()) {
      if (answer) await within(`form_answers[${index}]`, () => applyAnswer(work, row, answer));
    }
    const change = { row, before, input, changedFields: [] };
    if (Number(before.finished) !== 1 && Number(row.finished) === 1) await fulfilRequestedForm(work, change);
    await lockIfMarked(work, change);
    row = change.row;
    return { form_answer_group: row };
  },
};
