/**
 * `createClientViaForm` (Healthie deprecates it for completeCheckout, and still serves it): a new client
 * fills in a form. The client is created as createClient creates one (`patient.created`), with
 * `provider_id` (default the caller) as their provider, then their finished submission of the form with
 * its answers (`form_answer_group.created`), which the mutation answers. Healthie sends no product
 * recommendation email from it either, so `send_product_recommendation_email: true` is refused.
 */
import { z } from 'zod';
import {
  createRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  requireRow,
  type SpecialMutation,
} from '../../registry/index.js';
import { beforeCreateClient, User } from '../patients/index.js';
import { recordedAt, recordSubmission } from './form-answer-groups.js';
import { CustomModuleForm, FormAnswerGroup } from './resources.js';

const viaFormInput = z.object({
  send_product_recommendation_email: z
    .literal(false, { error: 'Send product recommendation email is not in use; leave it out' })
    .nullish(),
});

export const createClientViaForm: SpecialMutation = {
  name: 'createClientViaForm',
  input: 'CreateClientViaFormInput',
  inputFields: {
    custom_module_form_id: 'ID',
    email: 'String',
    first_name: 'String',
    form_answers: '[FormAnswerInput]',
    last_name: 'String',
    phone_number: 'String',
    provider_id: 'ID',
    send_product_recommendation_email: 'Boolean',
  },
  payload: 'CreateClientViaFormPayload',
  returns: { form_answer_group: 'FormAnswerGroup' },
  async run(work, input) {
    parseInput(viaFormInput, input);
    const form = await requireRow(
      work,
      CustomModuleForm,
      input.custom_module_form_id,
      'custom_module_form_id',
    );
    let providerId = work.caller.userId;
    if (input.provider_id !== undefined && input.provider_id !== null && input.provider_id !== '') {
      const id = parseId(input.provider_id);
      const provider = id === null ? undefined : await findRow(work, User, id);
      if (!provider || provider.user_type !== 'provider')
        fail('provider_id', `Provider ${String(input.provider_id)} was not found`);
      providerId = provider.id;
    }
    const client = await createRecord(
      work,
      User,
      {
        first_name: input.first_name,
        last_name: input.last_name,
        email: input.email,
        phone_number: input.phone_number,
        dietitian_id: providerId,
      },
      { before: beforeCreateClient },
    );
    const group = await createRecord(
      work,
      FormAnswerGroup,
      {
        user_id: client.id,
        custom_module_form_id: form.id,
        name: form.name,
        finished: true,
        form_answers: input.form_answers,
      },
      { before: recordedAt, after: recordSubmission },
    );
    return { form_answer_group: group };
  },
};
