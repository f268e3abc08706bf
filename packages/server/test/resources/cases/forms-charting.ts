/** Forms and charting: form templates and questions, submissions (answers, lock, sign), addenda, form requests. */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { createAppointment, createPatient } from './fixtures.js';

const createFormDoc = `mutation($input: createCustomModuleFormInput) {
  createCustomModuleForm(input: $input) { customModuleForm { id name use_for_charting user { id } } messages { field message } }
}`;
const updateFormDoc = `mutation($input: updateCustomModuleFormInput) {
  updateCustomModuleForm(input: $input) { customModuleForm { id name is_archived } messages { field message } }
}`;
const deleteFormDoc = `mutation($input: deleteCustomModuleFormInput) {
  deleteCustomModuleForm(input: $input) { customModuleForm { id } messages { field message } }
}`;
const moduleFields =
  'id custom_module_form_id label mod_type options options_array position_integer required';
const createModuleDoc = `mutation($input: createCustomModuleInput) {
  createCustomModule(input: $input) { customModule { ${moduleFields} } messages { field message } }
}`;
const updateModuleDoc = `mutation($input: updateCustomModuleInput) {
  updateCustomModule(input: $input) { customModule { ${moduleFields} } messages { field message } }
}`;
const deleteModuleDoc = `mutation($input: deleteCustomModuleInput) {
  deleteCustomModule(input: $input) { customModule { id } messages { field message } }
}`;
const createGroupDoc = `mutation($input: createFormAnswerGroupInput) {
  createFormAnswerGroup(input: $input) {
    form_answer_group { id user_id finished form_answers { custom_module_id answer } }
    messages { field message }
  }
}`;
const deleteGroupDoc = `mutation($input: deleteFormAnswerGroupInput) {
  deleteFormAnswerGroup(input: $input) { form_answer_group { id } messages { field message } }
}`;
const lockDoc = `mutation($input: LockInput) {
  lockFormAnswerGroup(input: $input) { form_answer_group { id locked_at locked_by { id } } messages { field message } }
}`;
const unlockDoc = `mutation($input: UnlockInput) {
  unlockFormAnswerGroup(input: $input) { form_answer_group { id locked_at } messages { field message } }
}`;
const signDoc = `mutation($input: SignInput) {
  signFormAnswerGroup(input: $input) {
    form_answer_group { id } form_answer_group_signing { id form_answer_group_id user { id } }
    messages { field message }
  }
}`;
const createSigningDoc = `mutation($input: createFormAnswerGroupSigningInput) {
  createFormAnswerGroupSigning(input: $input) {
    formAnswerGroupSigning { id form_answer_group_id user { id } } messages { field message }
  }
}`;
const createAddendumDoc = `mutation($input: createAddendumInput) {
  createAddendum(input: $input) { addendum { id content user { id } form_answer_group { id } } messages { field message } }
}`;
const createOnboardingDoc = `mutation($input: createCompletedOnboardingItemInput) {
  createCompletedOnboardingItem(input: $input) {
    completed_onboarding_item { id user_id onboarding_item_id skipped } messages { field message }
  }
}`;
const createRequestDoc = `mutation($input: createRequestedFormInput) {
  createRequestedFormCompletion(input: $input) {
    requestedFormCompletion { id recipient_id sender_id custom_module_form_id status } messages { field message }
  }
}`;
const deleteRequestDoc = `mutation($input: deleteRequestedFormInput) {
  deleteRequestedFormCompletion(input: $input) { requestedFormCompletion { id } messages { field message } }
}`;

async function created(api: CaseApi, document: string, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql(document, { input });
  const payload = Object.values(data)[0] as Data;
  const record = Object.entries(payload).find(([key]) => key !== 'messages')![1] as { id: string };
  return record.id;
}

const createForm = (api: CaseApi, input: Record<string, unknown> = {}) =>
  created(api, createFormDoc, { name: 'Intake', use_for_charting: true, ...input });
const createModule = (api: CaseApi, form: string, input: Record<string, unknown> = {}) =>
  created(api, createModuleDoc, {
    custom_module_form_id: form,
    label: 'Allergies?',
    mod_type: 'text',
    ...input,
  });
const createGroup = (api: CaseApi, input: Record<string, unknown>) =>
  created(api, createGroupDoc, { finished: true, ...input });
const createRequest = (api: CaseApi, form: string, recipient: string) =>
  created(api, createRequestDoc, { custom_module_form_id: form, recipient_id: recipient });

/** A patient, a form with one question, and a finished submission of it. */
async function submitted(api: CaseApi) {
  const patient = await createPatient(api);
  const form = await createForm(api);
  const question = await createModule(api, form);
  const group = await createGroup(api, {
    user_id: patient,
    custom_module_form_id: form,
    form_answers: [{ custom_module_id: question, answer: 'None' }],
  });
  return { patient, form, question, group };
}

async function locked(api: CaseApi) {
  const ids = await submitted(api);
  await api.gql(lockDoc, { input: { id: ids.group } });
  return ids;
}

/** A patient asked to fill in a form. */
async function requested(api: CaseApi) {
  const patient = await createPatient(api);
  const form = await createForm(api);
  const question = await createModule(api, form);
  return { patient, form, question, request: await createRequest(api, form, patient) };
}

async function readRequest(api: CaseApi, id: string) {
  const data = await api.gql<Data>(
    'query($id: ID) { requestedFormCompletion(id: $id) { status is_complete form_answer_group_id } }',
    { id },
  );
  return data.requestedFormCompletion;
}

/** Rows only internal mechanisms write: inserted straight into the store for the read-back rows. */
async function insertRow(api: CaseApi, table: string, values: Record<string, unknown>): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  const db = api.server.runtime.services.store.db as any;
  const now = Date.now();
  const row = await db
    .insertInto(table)
    .values({ ...values, organization_id: api.server.org.organizationId, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export const formsChartingMutations: MutationCase[] = [
  {
    mutation: 'createCustomModuleForm',
    title: 'makes a form template owned by the caller',
    document: createFormDoc,
    variables: () => ({ input: { name: 'SOAP note', use_for_charting: true, prefill: false } }),
    events: (_ids, data) => [ev('custom_module_form.created', data.customModuleForm.id)],
    check: async ({ provider }, data, api) => {
      expect(data.customModuleForm).toMatchObject({
        name: 'SOAP note',
        use_for_charting: true,
        user: { id: provider },
      });
      const listed = await api.gql<Data>(
        '{ found: customModuleForms(keywords: "soap NOTE", active_status: true) { id } archived: customModuleForms(keywords: "soap", active_status: false) { id } }',
      );
      expect(listed).toEqual({ found: [{ id: data.customModuleForm.id }], archived: [] });
    },
  },
  {
    mutation: 'updateCustomModuleForm',
    title: 'renames and archives a template; unchanged fields are not listed',
    setup: async (api) => ({ form: await createForm(api) }),
    document: updateFormDoc,
    variables: ({ form }) => ({
      input: { id: form, name: 'Intake v2', use_for_charting: true, is_archived: true },
    }),
    events: ({ form }) => [ev('custom_module_form.updated', form!, {}, ['name', 'is_archived'])],
  },
  {
    mutation: 'deleteCustomModuleForm',
    title: 'removes a template',
    setup: async (api) => ({ form: await createForm(api) }),
    document: deleteFormDoc,
    variables: ({ form }) => ({ input: { id: form } }),
    events: ({ form }) => [ev('custom_module_form.deleted', form!)],
  },
  {
    mutation: 'createCustomModule',
    title: 'adds a question to a form; index is its position',
    setup: async (api) => ({ form: await createForm(api) }),
    document: createModuleDoc,
    variables: ({ form }) => ({
      input: { custom_module_form_id: form, label: 'Weight', mod_type: 'number', index: 2, required: true },
    }),
    events: ({ form }, data) => [
      ev('custom_module.created', data.customModule.id, { custom_module_form_id: form! }),
    ],
    check: ({ form }, data) =>
      expect(data.customModule).toMatchObject({
        custom_module_form_id: form,
        label: 'Weight',
        position_integer: 2,
        required: true,
      }),
  },
  {
    mutation: 'createCustomModule',
    title: 'a question outside any form carries a null form id',
    document: createModuleDoc,
    variables: () => ({ input: { label: 'Loose question' } }),
    events: (_ids, data) => [
      ev('custom_module.created', data.customModule.id, { custom_module_form_id: null }),
    ],
  },
  {
    mutation: 'updateCustomModule',
    title: 'relabels, sets the choices as options_array and moves the question',
    setup: async (api) => {
      const form = await createForm(api);
      return { form, question: await createModule(api, form) };
    },
    document: updateModuleDoc,
    variables: ({ question }) => ({
      input: {
        id: question,
        label: 'Known allergies',
        options_array: ['Yes', 'No'],
        index: 1,
        mod_type: 'text',
      },
    }),
    events: ({ form, question }) => [
      ev('custom_module.updated', question!, { custom_module_form_id: form! }, [
        'label',
        'options',
        'position_integer',
      ]),
    ],
    check: (_ids, data) =>
      expect(data.customModule).toMatchObject({ options: 'Yes\nNo', options_array: ['Yes', 'No'] }),
  },
  {
    mutation: 'deleteCustomModule',
    title: 'removes a question',
    setup: async (api) => {
      const form = await createForm(api);
      return { form, question: await createModule(api, form) };
    },
    document: deleteModuleDoc,
    variables: ({ question }) => ({ input: { id: question } }),
    events: ({ form, question }) => [
      ev('custom_module.deleted', question!, { custom_module_form_id: form! }),
    ],
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'saves a filled-in form with its answers',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api);
      return { patient, form, q1: await createModule(api, form), q2: await createModule(api, form) };
    },
    document: createGroupDoc,
    variables: ({ patient, form, q1, q2 }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        finished: true,
        form_answers: [
          { custom_module_id: q1, answer: 'Peanuts', user_id: patient },
          { custom_module_id: q2, answer: '72' },
        ],
      },
    }),
    events: (_ids, data) => [ev('form_answer_group.created', data.form_answer_group.id)],
    check: async ({ patient, form, q1, q2 }, data, api) => {
      expect(data.form_answer_group).toMatchObject({
        user_id: patient,
        finished: true,
        form_answers: [
          { custom_module_id: q1, answer: 'Peanuts' },
          { custom_module_id: q2, answer: '72' },
        ],
      });
      const listed = await api.gql<Data>(
        `query($user: String, $form: ID) {
          all: formAnswerGroups(user_id: $user, custom_module_form_id: $form) { id }
          locked: formAnswerGroups(user_id: $user, locked_status: true) { id }
        }`,
        { user: patient, form },
      );
      expect(listed).toEqual({ all: [{ id: data.form_answer_group.id }], locked: [] });
    },
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'a finished submission of a requested form completes the request',
    setup: requested,
    document: createGroupDoc,
    variables: ({ patient, form, question, request }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        finished: true,
        requested_form_completion_id: request,
        form_answers: [{ custom_module_id: question, answer: 'Yes' }],
      },
    }),
    events: ({ request }, data) => [
      ev('form_answer_group.created', data.form_answer_group.id),
      ev('requested_form_completion.updated', request!, {}, ['is_complete']),
    ],
    check: async ({ request }, data, api) =>
      expect(await readRequest(api, request!)).toEqual({
        status: 'Completed',
        is_complete: true,
        form_answer_group_id: data.form_answer_group.id,
      }),
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'a draft of a requested form leaves the request open',
    setup: requested,
    document: createGroupDoc,
    variables: ({ patient, form, request }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        finished: false,
        requested_form_completion_id: request,
      },
    }),
    events: (_ids, data) => [ev('form_answer_group.created', data.form_answer_group.id)],
    check: async ({ request }, _data, api) =>
      expect(await readRequest(api, request!)).toEqual({
        status: 'Incomplete',
        is_complete: false,
        form_answer_group_id: null,
      }),
  },
  {
    mutation: 'deleteFormAnswerGroup',
    title: 'removes a submission; it stays readable with include_deleted',
    setup: submitted,
    document: deleteGroupDoc,
    variables: ({ group }) => ({ input: { id: group } }),
    events: ({ group }) => [ev('form_answer_group.deleted', group!)],
    check: async ({ group }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { gone: formAnswerGroup(id: $id) { id } kept: formAnswerGroup(id: $id, include_deleted: true) { id deleted_at } }',
        { id: group },
      );
      expect(read).toEqual({ gone: null, kept: { id: group, deleted_at: expect.any(String) } });
    },
  },
  {
    mutation: 'lockFormAnswerGroup',
    title: 'locks a submission against edits',
    setup: submitted,
    document: lockDoc,
    variables: ({ group }) => ({ input: { id: group } }),
    events: ({ group }) => [ev('form_answer_group.locked', group!)],
    check: async ({ provider, patient, group }, data, api) => {
      expect(data.form_answer_group).toMatchObject({
        locked_at: expect.any(String),
        locked_by: { id: provider },
      });
      const listed = await api.gql<Data>(
        'query($user: String) { formAnswerGroups(user_id: $user, locked_status: true) { id } }',
        { user: patient },
      );
      expect(listed.formAnswerGroups).toEqual([{ id: group }]);
    },
  },
  {
    mutation: 'unlockFormAnswerGroup',
    title: 'unlocks a locked submission, with the reason',
    setup: locked,
    document: unlockDoc,
    variables: ({ group }) => ({ input: { id: group, description: 'Correct the dosage' } }),
    events: ({ group }) => [ev('form_answer_group.unlocked', group!)],
    check: (_ids, data) => expect(data.form_answer_group.locked_at).toBeNull(),
  },
  {
    mutation: 'signFormAnswerGroup',
    title: 'the caller signs a submission',
    setup: submitted,
    document: signDoc,
    variables: ({ group }) => ({ input: { id: group } }),
    events: ({ group }) => [ev('form_answer_group.signed', group!)],
    check: ({ group, provider }, data) =>
      expect(data.form_answer_group_signing).toMatchObject({
        form_answer_group_id: group,
        user: { id: provider },
      }),
  },
  {
    mutation: 'createFormAnswerGroupSigning',
    title: 'the deprecated signing mutation, naming the signer',
    setup: submitted,
    document: createSigningDoc,
    variables: ({ group, provider }) => ({ input: { form_answer_group_id: group, user_id: provider } }),
    events: ({ group }) => [ev('form_answer_group.signed', group!)],
    check: async ({ group, provider }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { formAnswerGroup(id: $id) { form_answer_group_signings { user { id } } } }',
        { id: group },
      );
      expect(read.formAnswerGroup.form_answer_group_signings).toEqual([{ user: { id: provider } }]);
    },
  },
  {
    mutation: 'createAddendum',
    title: 'appends an addendum to a locked charting note',
    setup: locked,
    document: createAddendumDoc,
    variables: ({ group }) => ({ input: { form_answer_group_id: group, content: 'Patient called back.' } }),
    events: (_ids, data) => [ev('charting_note_addendum.created', data.addendum.id)],
    check: ({ group, provider }, data) =>
      expect(data.addendum).toMatchObject({
        content: 'Patient called back.',
        user: { id: provider },
        form_answer_group: { id: group },
      }),
  },
  {
    mutation: 'createCompletedOnboardingItem',
    title: 'records a finished onboarding step',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createOnboardingDoc,
    variables: ({ patient }) => ({ input: { user_id: patient, onboarding_item_id: '7001', skipped: true } }),
    events: (_ids, data) => [ev('completed_onboarding_item.created', data.completed_onboarding_item.id)],
    check: ({ patient }, data) =>
      expect(data.completed_onboarding_item).toMatchObject({
        user_id: patient,
        onboarding_item_id: '7001',
        skipped: true,
      }),
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'asks a patient to fill in a form',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createRequestDoc,
    variables: ({ patient, form }) => ({ input: { custom_module_form_id: form, recipient_id: patient } }),
    events: (_ids, data) => [ev('requested_form_completion.created', data.requestedFormCompletion.id)],
    check: async ({ patient, form, provider }, data, api) => {
      expect(data.requestedFormCompletion).toMatchObject({
        recipient_id: patient,
        sender_id: provider,
        custom_module_form_id: form,
        status: 'Incomplete',
      });
      const listed = await api.gql<Data>(
        'query($user: ID) { requestedFormCompletions(user_id: $user) { id } }',
        { user: patient },
      );
      expect(listed.requestedFormCompletions).toEqual([{ id: data.requestedFormCompletion.id }]);
    },
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'one recipient given as recipient_ids',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createRequestDoc,
    variables: ({ patient, form }) => ({
      input: { custom_module_form_id: form, recipient_ids: `${patient}` },
    }),
    events: (_ids, data) => [ev('requested_form_completion.created', data.requestedFormCompletion.id)],
    check: ({ patient }, data) => expect(data.requestedFormCompletion.recipient_id).toBe(patient),
  },
  {
    mutation: 'deleteRequestedFormCompletion',
    title: 'withdraws a request',
    setup: requested,
    document: deleteRequestDoc,
    variables: ({ request }) => ({ input: { id: request } }),
    events: ({ request }) => [ev('requested_form_completion.deleted', request!)],
  },
];

export const formsChartingInvalid: InvalidCase[] = [
  {
    mutation: 'createCustomModuleForm',
    title: 'no name',
    document: createFormDoc,
    variables: () => ({ input: { use_for_charting: true } }),
    field: 'name',
  },
  {
    mutation: 'updateCustomModuleForm',
    title: 'an unknown id',
    document: updateFormDoc,
    variables: () => ({ input: { id: '999999', name: 'x' } }),
    field: 'id',
  },
  {
    mutation: 'deleteCustomModuleForm',
    title: 'an unknown id',
    document: deleteFormDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createCustomModule',
    title: 'an unknown form',
    document: createModuleDoc,
    variables: () => ({ input: { custom_module_form_id: '999999', label: 'x' } }),
    field: 'custom_module_form_id',
  },
  {
    mutation: 'updateCustomModule',
    title: 'a negative index',
    setup: async (api) => ({ question: await createModule(api, await createForm(api)) }),
    document: updateModuleDoc,
    variables: ({ question }) => ({ input: { id: question, label: 'moved', index: -1 } }),
    field: 'index',
  },
  {
    mutation: 'deleteCustomModule',
    title: 'an unknown id',
    document: deleteModuleDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'no patient',
    setup: async (api) => ({ form: await createForm(api) }),
    document: createGroupDoc,
    variables: ({ form }) => ({ input: { custom_module_form_id: form } }),
    field: 'user_id',
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'an answer to a question of another form (the submission is not written either)',
    setup: async (api) => ({
      patient: await createPatient(api),
      form: await createForm(api),
      foreign: await createModule(api, await createForm(api)),
    }),
    document: createGroupDoc,
    variables: ({ patient, form, foreign }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        form_answers: [{ custom_module_id: foreign, answer: 'x' }],
      },
    }),
    field: 'form_answers[0].custom_module_id',
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'a request for another form',
    setup: async (api) => ({ ...(await requested(api)), other: await createForm(api) }),
    document: createGroupDoc,
    variables: ({ patient, other, request }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: other,
        finished: true,
        requested_form_completion_id: request,
      },
    }),
    field: 'requested_form_completion_id',
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'a request that is already complete',
    setup: async (api) => {
      const ids = await requested(api);
      await createGroup(api, {
        user_id: ids.patient,
        custom_module_form_id: ids.form,
        requested_form_completion_id: ids.request,
      });
      return ids;
    },
    document: createGroupDoc,
    variables: ({ patient, form, request }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        finished: true,
        requested_form_completion_id: request,
      },
    }),
    field: 'requested_form_completion_id',
  },
  {
    mutation: 'deleteFormAnswerGroup',
    title: 'an unknown id',
    document: deleteGroupDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'lockFormAnswerGroup',
    title: 'a submission that is already locked',
    setup: locked,
    document: lockDoc,
    variables: ({ group }) => ({ input: { id: group } }),
    field: 'id',
  },
  {
    mutation: 'unlockFormAnswerGroup',
    title: 'a blank reason',
    setup: locked,
    document: unlockDoc,
    variables: ({ group }) => ({ input: { id: group, description: '  ' } }),
    field: 'description',
  },
  {
    mutation: 'unlockFormAnswerGroup',
    title: 'a submission that is not locked',
    setup: submitted,
    document: unlockDoc,
    variables: ({ group }) => ({ input: { id: group, description: 'why' } }),
    field: 'id',
  },
  {
    mutation: 'signFormAnswerGroup',
    title: 'a second signature by the same user',
    setup: async (api) => {
      const ids = await submitted(api);
      await api.gql(signDoc, { input: { id: ids.group } });
      return ids;
    },
    document: signDoc,
    variables: ({ group }) => ({ input: { id: group } }),
    field: 'id',
  },
  {
    mutation: 'createFormAnswerGroupSigning',
    title: 'an unknown submission',
    document: createSigningDoc,
    variables: () => ({ input: { form_answer_group_id: '999999' } }),
    field: 'form_answer_group_id',
  },
  {
    mutation: 'createFormAnswerGroupSigning',
    title: 'an unknown signer',
    setup: submitted,
    document: createSigningDoc,
    variables: ({ group }) => ({ input: { form_answer_group_id: group, user_id: '999999' } }),
    field: 'user_id',
  },
  {
    mutation: 'createAddendum',
    title: 'no content',
    setup: locked,
    document: createAddendumDoc,
    variables: ({ group }) => ({ input: { form_answer_group_id: group } }),
    field: 'content',
  },
  {
    mutation: 'createAddendum',
    title: 'an unknown submission',
    document: createAddendumDoc,
    variables: () => ({ input: { form_answer_group_id: '999999', content: 'x' } }),
    field: 'form_answer_group_id',
  },
  {
    mutation: 'createCompletedOnboardingItem',
    title: 'no onboarding item',
    document: createOnboardingDoc,
    variables: () => ({ input: { skipped: false } }),
    field: 'onboarding_item_id',
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'no form',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createRequestDoc,
    variables: ({ patient }) => ({ input: { recipient_id: patient } }),
    field: 'custom_module_form_id',
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'several recipient_ids in one request',
    setup: async (api) => ({
      a: await createPatient(api),
      b: await createPatient(api),
      form: await createForm(api),
    }),
    document: createRequestDoc,
    variables: ({ a, b, form }) => ({ input: { custom_module_form_id: form, recipient_ids: `${a},${b}` } }),
    field: 'recipient_ids',
  },
  {
    mutation: 'deleteRequestedFormCompletion',
    title: 'an unknown id',
    document: deleteRequestDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
];

export const formsChartingReadBack: ReadBackCase[] = [
  {
    resource: 'CustomModuleForm',
    setup: async (api) => {
      const form = await createForm(api, { external_id: 'ext-1', metadata: '{"v":1}' });
      return { form, question: await createModule(api, form) };
    },
    query: `query($id: ID) { customModuleForm(id: $id) {
      id name external_id metadata use_for_charting use_for_program is_video custom_modules { id label }
    } }`,
    id: ({ form }) => form!,
    expected: ({ form, question }) => ({
      id: form,
      name: 'Intake',
      external_id: 'ext-1',
      metadata: '{"v":1}',
      use_for_charting: true,
      use_for_program: false,
      is_video: false,
      custom_modules: [{ id: question, label: 'Allergies?' }],
    }),
  },
  {
    resource: 'CustomModule',
    setup: async (api) => {
      const form = await createForm(api);
      return {
        form,
        question: await createModule(api, form, { options: 'A\nB', index: 0, sublabel: 'Any?' }),
      };
    },
    query: `query($id: ID) { customModule(id: $id) {
      id custom_module_form_id label sublabel mod_type options options_array position_integer required custom_module_form { id }
    } }`,
    id: ({ question }) => question!,
    expected: ({ form, question }) => ({
      id: question,
      custom_module_form_id: form,
      label: 'Allergies?',
      sublabel: 'Any?',
      mod_type: 'text',
      options: 'A\nB',
      options_array: ['A', 'B'],
      position_integer: 0,
      required: false,
      custom_module_form: { id: form },
    }),
  },
  {
    resource: 'FormAnswerGroup',
    setup: async (api) => {
      const patient = await createPatient(api);
      const appointment = await createAppointment(api, { user_id: patient });
      const form = await createForm(api);
      const question = await createModule(api, form);
      const group = await createGroup(api, {
        user_id: patient,
        custom_module_form_id: form,
        appointment_id: appointment,
        name: 'Visit note',
        form_answers: [{ custom_module_id: question, answer: 'Shellfish' }],
      });
      return { patient, appointment, form, question, group };
    },
    query: `query($id: ID) { formAnswerGroup(id: $id) {
      id name finished user_id user { id } filler { id } custom_module_form { id } appointment { id } locked_at
      form_answers { custom_module_id answer custom_module { label } }
    } }`,
    id: ({ group }) => group!,
    expected: ({ group, patient, provider, form, appointment, question }) => ({
      id: group,
      name: 'Visit note',
      finished: true,
      user_id: patient,
      user: { id: patient },
      filler: { id: provider },
      custom_module_form: { id: form },
      appointment: { id: appointment },
      locked_at: null,
      form_answers: [
        { custom_module_id: question, answer: 'Shellfish', custom_module: { label: 'Allergies?' } },
      ],
    }),
  },
  {
    resource: 'ChartingNoteAddendum',
    setup: async (api) => {
      const ids = await locked(api);
      const addendum = await created(api, createAddendumDoc, {
        form_answer_group_id: ids.group,
        content: 'Late entry',
      });
      return { ...ids, addendum };
    },
    query:
      'query($id: ID) { chartingNoteAddendum(id: $id) { id content form_answer_group { id } user { id } } }',
    id: ({ addendum }) => addendum!,
    expected: ({ addendum, group, provider }) => ({
      id: addendum,
      content: 'Late entry',
      form_answer_group: { id: group },
      user: { id: provider },
    }),
  },
  {
    resource: 'RequestedFormCompletion',
    setup: async (api) => {
      const ids = await requested(api);
      const group = await createGroup(api, {
        user_id: ids.patient,
        custom_module_form_id: ids.form,
        requested_form_completion_id: ids.request,
      });
      return { ...ids, group };
    },
    query: `query($id: ID) { requestedFormCompletion(id: $id) {
      id item_type status is_complete recipient { id } sender { id } custom_module_form { id } form_answer_group { id }
    } }`,
    id: ({ request }) => request!,
    expected: ({ request, patient, provider, form, group }) => ({
      id: request,
      item_type: 'CustomModuleForm',
      status: 'Completed',
      is_complete: true,
      recipient: { id: patient },
      sender: { id: provider },
      custom_module_form: { id: form },
      form_answer_group: { id: group },
    }),
  },
  {
    resource: 'CompletedOnboardingItem',
    setup: async (api) => {
      const patient = await createPatient(api);
      const item = await created(api, createOnboardingDoc, { user_id: patient, onboarding_item_id: '88' });
      return { patient, item };
    },
    query:
      'query($id: ID) { completedOnboardingItem(id: $id) { id user_id onboarding_item_id skipped user { id } } }',
    id: ({ item }) => item!,
    expected: ({ item, patient }) => ({
      id: item,
      user_id: patient,
      onboarding_item_id: '88',
      skipped: false,
      user: { id: patient },
    }),
  },
  {
    resource: 'AppointmentFormAnswerGroupConnection',
    setup: async (api) => {
      const ids = await submitted(api);
      const appointment = await createAppointment(api, { user_id: ids.patient });
      const connection = await insertRow(api, 'appointment_form_answer_group_connections', {
        appointment_id: Number(appointment),
        form_answer_group_id: Number(ids.group),
      });
      return { ...ids, appointment, connection };
    },
    query: `query($id: ID) { appointmentFormAnswerGroupConnection(id: $id) {
      id appointment_id form_answer_group_id appointment { id } form_answer_group { id }
    } }`,
    id: ({ connection }) => connection!,
    expected: ({ connection, appointment, group }) => ({
      id: connection,
      appointment_id: appointment,
      form_answer_group_id: group,
      appointment: { id: appointment },
      form_answer_group: { id: group },
    }),
  },
  {
    resource: 'GeneratedFormAnswerGroup',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api);
      const generated = await insertRow(api, 'generated_form_answer_groups', {
        patient_id: Number(patient),
        custom_module_form_id: Number(form),
        feedback: 'Looks right',
      });
      return { patient, form, generated };
    },
    query: `query($id: ID) { generatedFormAnswerGroup(id: $id) {
      id patient_id feedback patient { id } custom_module_form { id } form_answer_group { id }
    } }`,
    id: ({ generated }) => generated!,
    expected: ({ generated, patient, form }) => ({
      id: generated,
      patient_id: patient,
      feedback: 'Looks right',
      patient: { id: patient },
      custom_module_form: { id: form },
      form_answer_group: null,
    }),
  },
];
