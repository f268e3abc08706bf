/**
 * `convertGeneratedFormAnswerGroup`: a draft the system generated for a patient becomes a submission of
 * its form for that patient, unfinished, for the provider to complete (`form_answer_group.created`); the
 * draft then names it (`form_answer_group_id`). A draft is converted once, and only a draft of a form.
 */
import { createRecord, fail, requireRow, updateRow, type SpecialMutation } from '../../registry/index.js';
import { recordedAt } from './form-answer-groups.js';
import { CustomModuleForm, FormAnswerGroup, GeneratedFormAnswerGroup } from './resources.js';

export const convertGeneratedFormAnswerGroup: SpecialMutation = {
  name: 'convertGeneratedFormAnswerGroup',
  input: 'convertGeneratedFormAnswerGroupInput',
  inputFields: { id: 'ID!' },
  payload: 'convertGeneratedFormAnswerGroupPayload',
  returns: {
    form_answer_group: 'FormAnswerGroup',
    generated_form_answer_group: 'GeneratedFormAnswerGroupType',
  },
  async run(work, input) {
    const draft = await requireRow(work, GeneratedFormAnswerGroup, input.id);
    if (draft.form_answer_group_id != null)
      fail('id', `Generated form answer group ${draft.id} was already converted`);
    if (draft.custom_module_form_id == null || draft.patient_id == null)
      fail('id', `Generated form answer group ${draft.id} names no form and patient to convert to`);
    const form = await requireRow(work, CustomModuleForm, draft.custom_module_form_id);
    const group = await createRecord(
      work,
      FormAnswerGroup,
      { user_id: draft.patient_id, custom_module_form_id: form.id, name: form.name, finished: false },
      { before: recordedAt },
    );
    const { row } = await updateRow(work, GeneratedFormAnswerGroup, draft, {
      form_answer_group_id: group.id,
    });
    return { form_answer_group: group, generated_form_answer_group: row };
  },
};
