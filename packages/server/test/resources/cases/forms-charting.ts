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
import { readPdf } from '../../support/pdf-text.js';
import { createAppointment, createPatient, createUserGroup, uniqueEmail } from './fixtures.js';

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

const updateGroupDoc = `mutation($input: updateFormAnswerGroupInput) {
  updateFormAnswerGroup(input: $input) {
    form_answer_group { id name finished record_created_at locked_at locked_by { id }
      form_answers { custom_module_id answer label } }
    messages { field message }
  }
}`;
const createConnectionDoc = `mutation($input: createAppointmentFormAnswerGroupConnectionInput) {
  createAppointmentFormAnswerGroupConnection(input: $input) {
    appointment { id } form_answer_group { id } messages { field message }
  }
}`;
const deleteConnectionDoc = `mutation($input: deleteAppointmentFormAnswerGroupConnectionInput) {
  deleteAppointmentFormAnswerGroupConnection(input: $input) { form_answer_group { id } messages { field message } }
}`;
const copiedModuleFields = `${moduleFields} copied_from_form_name
  custom_module_condition { conditional_custom_module_id filter_type value_to_filter }`;
const copyModuleDoc = `mutation($input: copyCustomModuleInput) {
  copyCustomModule(input: $input) { customModule { ${copiedModuleFields} } messages { field message } }
}`;
const copiedFormFields = `id name use_for_charting user { id } custom_modules { ${copiedModuleFields} }`;
const copyFormDoc = `mutation($input: copyCustomModuleFormInput) {
  copyCustomModuleForm(input: $input) { customModuleForm { ${copiedFormFields} } messages { field message } }
}`;
const shareFormDoc = `mutation($input: shareCustomModuleFormInput) {
  shareCustomModuleForm(input: $input) { customModuleForm { ${copiedFormFields} } messages { field message } }
}`;
const convertDoc = `mutation($input: convertGeneratedFormAnswerGroupInput) {
  convertGeneratedFormAnswerGroup(input: $input) {
    form_answer_group { id user_id finished name custom_module_form { id } }
    generated_form_answer_group { id form_answer_group { id } }
    messages { field message }
  }
}`;

/** A provider of the organization (a staff member), with the email given. */
async function staffMember(api: CaseApi, email = uniqueEmail('formstaff')): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createOrganizationMembershipInput) {
      createOrganizationMembership(input: $input) { organizationMembership { user { id } } messages { field message } }
    }`,
    { input: { email, first_name: 'Fran', last_name: 'Staff' } },
  );
  return data.createOrganizationMembership.organizationMembership.user.id;
}

/** The ids of a submission's links to appointments, oldest first. */
async function connectionsOf(api: CaseApi, group: string): Promise<string[]> {
  const rows = await api.server.runtime.services.store.db
    .withTables<{ appointment_form_answer_group_connections: { id: number; form_answer_group_id: number } }>()
    .selectFrom('appointment_form_answer_group_connections')
    .select('id')
    .where('form_answer_group_id', '=', Number(group))
    .orderBy('id')
    .execute();
  return rows.map((r) => String(r.id));
}

const clientViaFormDoc = `mutation($input: CreateClientViaFormInput) {
  createClientViaForm(input: $input) {
    form_answer_group { id finished name custom_module_form { id } form_answers { custom_module_id answer label }
      user { id first_name last_name email phone_number dietitian { id } } }
    messages { field message }
  }
}`;
const chartingPdfDoc = `mutation($input: generateChartingPdfInput) {
  generateChartingPdf(input: $input) { user { id } messages { field message } }
}`;
const shareAnswersDoc = `mutation($input: shareAnswersAsDocumentInput) {
  shareAnswersAsDocument(input: $input) {
    document { id display_name file_content_type extension rel_user_id include_in_charting } messages { field message }
  }
}`;

/** The rendered PDF of a document, read back through the API, with its text lines. */
async function documentPdf(api: CaseApi, document: string) {
  const data = await api.gql<Data>(
    'query($id: ID) { document(id: $id) { display_name file_content_type rel_user_id generated_pdf } }',
    { id: document },
  );
  const { generated_pdf: url, ...rest } = data.document;
  expect(url).toMatch(/^data:application\/pdf;base64,/);
  return { ...rest, pdf: readPdf(Buffer.from(String(url).split(',')[1]!, 'base64')) };
}

const anyId = expect.stringMatching(/^\d+$/) as unknown as string;

const withNewPatient = async (api: CaseApi) => ({ patient: await createPatient(api) });

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
  // --- Healthie parity (issue #10): inputs with their effects, derived fields, read-back queries. ---
  {
    mutation: 'createCustomModuleForm',
    title: 'a program form: its editor, its questions (matrix, read-only), and the lists that find it',
    document: `mutation($input: createCustomModuleFormInput) { createCustomModuleForm(input: $input) {
      customModuleForm { id cursor last_updated_by_user { id } uploaded_by_healthie_team } messages { field message } } }`,
    variables: () => ({ input: { name: `Program check-in ${process.pid}`, use_for_program: true } }),
    events: (_ids, data) => [ev('custom_module_form.created', data.customModuleForm.id)],
    check: async ({ provider }, data, api) => {
      const form = data.customModuleForm.id;
      expect(data.customModuleForm).toMatchObject({
        last_updated_by_user: { id: provider },
        uploaded_by_healthie_team: false,
      });
      const flags = `query($id: ID) { customModuleForm(id: $id) { has_matrix_field has_non_readonly_modules } }`;
      await createModule(api, form, { label: 'Welcome', mod_type: 'read_only' });
      expect((await api.gql<Data>(flags, { id: form })).customModuleForm).toEqual({
        has_matrix_field: false,
        has_non_readonly_modules: false,
      });
      await createModule(api, form, { label: 'Symptoms', mod_type: 'matrix', is_custom: true });
      expect((await api.gql<Data>(flags, { id: form })).customModuleForm).toEqual({
        has_matrix_field: true,
        has_non_readonly_modules: true,
      });
      const listed = await api.gql<Data>(
        `query($words: String) {
          program: customModuleForms(keywords: $words, category: "program") { id }
          charting: customModuleForms(keywords: $words, category: "charting") { id }
          count: customModuleFormsCount(keywords: $words, category: "program", include_default_templates: true)
          courseItemForms { id }
          questionBankModules(category: "matrix") { label }
        }`,
        { words: `program check-in ${process.pid}` },
      );
      expect(listed).toMatchObject({ program: [{ id: form }], charting: [], count: 1 });
      expect(listed.courseItemForms).toContainEqual({ id: form });
      expect(listed.questionBankModules).toContainEqual({ label: 'Symptoms' });
    },
  },
  {
    mutation: 'updateCustomModule',
    title: 'a display condition: kept with the question (no event of its own), then removed with _destroy',
    setup: async (api) => {
      const form = await createForm(api);
      const trigger = await createModule(api, form, { label: 'Smoker?', mod_type: 'radio' });
      return { form, trigger, question: await createModule(api, form, { label: 'Packs a day' }) };
    },
    document: `mutation($input: updateCustomModuleInput) { updateCustomModule(input: $input) {
      customModule { id custom_module_condition { id custom_module_id conditional_custom_module_id filter_type value_to_filter } }
      messages { field message } } }`,
    variables: ({ question, trigger }) => ({
      input: {
        id: question,
        custom_module_condition: {
          conditional_custom_module_id: trigger,
          filter_type: 'equals',
          value_to_filter: 'Yes',
        },
      },
    }),
    events: () => [],
    check: async ({ question, trigger }, data, api) => {
      expect(data.customModule.custom_module_condition).toMatchObject({
        custom_module_id: question,
        conditional_custom_module_id: trigger,
        filter_type: 'equals',
        value_to_filter: 'Yes',
      });
      const controls = 'query($id: ID) { customModule(id: $id) { controls_conditional_modules position } }';
      expect((await api.gql<Data>(controls, { id: trigger })).customModule).toEqual({
        controls_conditional_modules: true,
        position: null,
      });
      await api.gql(updateModuleDoc, {
        input: { id: question, custom_module_condition: { _destroy: true } },
      });
      expect((await api.gql<Data>(controls, { id: trigger })).customModule.controls_conditional_modules).toBe(
        false,
      );
    },
  },
  {
    mutation: 'createFormAnswerGroup',
    title:
      'a charting note dated and timed, back-dated, marked complete and locked; labels from the questions',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api);
      return { patient, form, question: await createModule(api, form, { label: 'Plan' }) };
    },
    document: `mutation($input: createFormAnswerGroupInput) { createFormAnswerGroup(input: $input) {
      form_answer_group { id finished record_created_at created_at frozen locked_by { id }
        provider_can_lock provider_can_unlock provider_can_add_addendum provider_can_sign
        form_answers { label answer displayed_answer } }
      messages { field message } } }`,
    variables: ({ patient, form, question }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        date: '2030-01-06',
        time: '3:15 PM',
        created_at: '2030-01-07 08:00',
        marked_complete: true,
        marked_locked: true,
        form_answers: [{ custom_module_id: question, answer: 'Rest' }],
      },
    }),
    events: (_ids, data) => [
      ev('form_answer_group.created', data.form_answer_group.id),
      ev('form_answer_group.locked', data.form_answer_group.id),
    ],
    check: ({ provider }, data) =>
      expect(data.form_answer_group).toMatchObject({
        finished: true,
        record_created_at: '2030-01-06T15:15:00.000Z',
        created_at: '2030-01-07T08:00:00.000Z',
        frozen: true,
        locked_by: { id: provider },
        provider_can_lock: false,
        provider_can_unlock: true,
        provider_can_add_addendum: true,
        provider_can_sign: true,
        form_answers: [{ label: 'Plan', answer: 'Rest', displayed_answer: 'Rest' }],
      }),
  },
  {
    mutation: 'createFormAnswerGroup',
    title: "set_initial_answers: questions left out take the patient's previous answers",
    setup: async (api) => {
      const ids = await submitted(api);
      return { ...ids, second: await createModule(api, ids.form, { label: 'Diet' }) };
    },
    document: createGroupDoc,
    variables: ({ patient, form, second }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        set_initial_answers: true,
        form_answers: [{ custom_module_id: second, answer: 'Vegan' }],
      },
    }),
    events: (_ids, data) => [ev('form_answer_group.created', data.form_answer_group.id)],
    check: async ({ patient, form, question, second }, data, api) => {
      expect(data.form_answer_group.form_answers).toEqual([
        { custom_module_id: second, answer: 'Vegan' },
        { custom_module_id: question, answer: 'None' },
      ]);
      // The new submission is a draft (not finished): the latest finished one is still the first.
      const initial = await api.gql<Data>(
        `query($form: ID, $user: ID, $draft: ID) {
          latest: initialFormAnswers(custom_module_form_id: $form, user_id: $user) { answer }
          draft: initialFormAnswers(custom_module_form_id: $form, user_id: $user, incomplete_form_id: $draft) { answer }
        }`,
        { form, user: patient, draft: data.form_answer_group.id },
      );
      expect(initial).toEqual({
        latest: [{ answer: 'None' }],
        draft: [{ answer: 'Vegan' }, { answer: 'None' }],
      });
    },
  },
  {
    mutation: 'deleteFormAnswerGroup',
    title: "with user_id: the patient is taken off the group appointment's note, which stays (no event)",
    setup: async (api) => {
      const [a, b] = [await createPatient(api), await createPatient(api)];
      const appointment = await createAppointment(api, { user_id: a });
      for (const user of [a, b])
        await insertRow(api, 'appointment_inclusions', {
          appointment_id: Number(appointment),
          user_id: Number(user),
        });
      const form = await createForm(api);
      const group = await createGroup(api, {
        user_id: a,
        custom_module_form_id: form,
        appointment_id: appointment,
      });
      return { a: a!, b: b!, form, group };
    },
    document: `mutation($input: deleteFormAnswerGroupInput) { deleteFormAnswerGroup(input: $input) {
      form_answer_group { id is_group_appt_note group_appointment_attendees { id } } messages { field message } } }`,
    variables: ({ group, b }) => ({ input: { id: group, user_id: b } }),
    events: () => [],
    check: async ({ group, a, form }, data, api) => {
      expect(data.form_answer_group).toMatchObject({ id: group, is_group_appt_note: true });
      const read = await api.gql<Data>(
        `query($id: ID, $form: ID) { formAnswerGroup(id: $id) { group_appointment_attendees { id }
            form_answer_group_users_connections { user { id } } }
          hidden: formAnswerGroups(custom_module_form_id: $form) { id }
          shown: formAnswerGroups(custom_module_form_id: $form, include_group_notes: true) { id } }`,
        { id: group, form },
      );
      expect(read).toEqual({
        formAnswerGroup: {
          group_appointment_attendees: [{ id: a }],
          form_answer_group_users_connections: [{ user: { id: a } }],
        },
        hidden: [],
        shown: [{ id: group }],
      });
    },
  },
  {
    mutation: 'signFormAnswerGroup',
    title: 'submissions listed by name, day, signature, update time and ids; counted',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api);
      const plain = await createGroup(api, {
        user_id: patient,
        custom_module_form_id: form,
        name: 'Follow-up',
        date: '2030-01-09',
      });
      const named = await createGroup(api, {
        user_id: patient,
        custom_module_form_id: form,
        name: 'Initial visit',
        date: '2030-01-08',
      });
      return { patient, form, plain, named };
    },
    document: signDoc,
    variables: ({ named }) => ({ input: { id: named } }),
    events: ({ named }) => [ev('form_answer_group.signed', named!)],
    check: async ({ form, plain, named }, _data, api) => {
      const listed = await api.gql<Data>(
        `query($form: ID, $ids: [ID], $one: String) {
          named: formAnswerGroups(custom_module_form_id: $form, name: "INITIAL") { id }
          day: formAnswerGroups(custom_module_form_id: $form, date: "2030-01-09") { id }
          signed: formAnswerGroups(custom_module_form_id: $form, signed_status: true) { id }
          unsigned: formAnswerGroups(custom_module_form_id: $form, signed_status: false) { id }
          recent: formAnswerGroups(custom_module_form_id: $form, updated_after: "2000-01-01T00:00:00Z", order_by: RECORD_CREATED_AT_ASC) { id }
          old: formAnswerGroups(custom_module_form_id: $form, updated_before: "2000-01-01T00:00:00Z") { id }
          ids: formAnswerGroups(ids: $ids) { id }
          one: formAnswerGroups(form_answer_group_id: $one) { id }
          count: formAnswerGroupsCount(custom_module_form_id: $form, signed_status: true)
        }`,
        { form, ids: [plain], one: named },
      );
      expect(listed).toEqual({
        named: [{ id: named }],
        day: [{ id: plain }],
        signed: [{ id: named }],
        unsigned: [{ id: plain }],
        recent: [{ id: named }, { id: plain }],
        old: [],
        ids: [{ id: plain }],
        one: [{ id: named }],
        count: 1,
      });
    },
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'recipient_ids with two clients: one request each',
    setup: async (api) => ({
      a: await createPatient(api),
      b: await createPatient(api),
      form: await createForm(api),
    }),
    document: createRequestDoc,
    variables: ({ a, b, form }) => ({ input: { custom_module_form_id: form, recipient_ids: `${a}, ${b}` } }),
    events: (_ids, data) => [
      ev('requested_form_completion.created', data.requestedFormCompletion.id),
      ev('requested_form_completion.created', String(Number(data.requestedFormCompletion.id) + 1)),
    ],
    check: async ({ a, b, form }, data, api) => {
      expect(data.requestedFormCompletion.recipient_id).toBe(a);
      const other = await api.gql<Data>(
        'query($id: ID) { requestedFormCompletions(user_id: $id) { custom_module_form_id } }',
        {
          id: b,
        },
      );
      expect(other.requestedFormCompletions).toEqual([{ custom_module_form_id: form }]);
    },
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'a generic form, recurring weekly until a day, without the notification email',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: `mutation($input: createRequestedFormInput) { createRequestedFormCompletion(input: $input) {
      requestedFormCompletion { id item_type custom_module_form_id skip_notification_email date_to_show
        recurring_form { id form_id form_type interval interval_type is_active recurrence_end_at users_and_groups
          users { id } has_connected_recipient(connectable_id: "0", connectable_type: "User") } }
      messages { field message } } }`,
    variables: ({ patient }) => ({
      input: {
        recipient_id: patient,
        form: 'billing_info',
        is_recurring: true,
        frequency: 'weekly',
        weekday: 'Monday, Thursday',
        recurrence_ends: true,
        ends_on: '2030-06-30',
        skip_notification_email: true,
      },
    }),
    events: (_ids, data) => [ev('requested_form_completion.created', data.requestedFormCompletion.id)],
    check: async ({ patient }, data, api) => {
      const request = data.requestedFormCompletion;
      expect(request).toMatchObject({
        item_type: 'billing_info',
        custom_module_form_id: null,
        skip_notification_email: true,
        date_to_show: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        recurring_form: {
          form_id: 'billing_info',
          form_type: 'billing_info',
          interval: 'Monday, Thursday',
          interval_type: 'Weekly',
          is_active: true,
          recurrence_end_at: '2030-06-30',
          users_and_groups: [patient],
          users: [{ id: patient }],
          has_connected_recipient: false,
        },
      });
      const listed = await api.gql<Data>(
        `query($id: ID, $user: String) { open: requestedFormCompletions(user_id: $id, status: "incomplete") { id }
          done: requestedFormCompletions(user_id: $id, status: "Completed") { id }
          recurringForms(connectable_id: $user, connectable_type: "User") { id } }`,
        { id: patient, user: patient },
      );
      expect(listed).toEqual({
        open: [{ id: request.id }],
        done: [],
        recurringForms: [{ id: request.recurring_form.id }],
      });
    },
  },
  {
    mutation: 'deleteRequestedFormCompletion',
    title: 'with recurringFormId: the recurrence stops as well',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api, { name: `Daily log ${process.pid}` });
      const data = await api.gql<Data>(
        `mutation($input: createRequestedFormInput) { createRequestedFormCompletion(input: $input) {
          requestedFormCompletion { id recurring_form { id interval } } messages { field message } } }`,
        {
          input: {
            form,
            recipient_ids: patient,
            is_recurring: true,
            frequency: 'Daily',
            hour: '9',
            minute: '5',
            period: 'PM',
          },
        },
      );
      const request = data.createRequestedFormCompletion.requestedFormCompletion;
      expect(request.recurring_form.interval).toBe('21:05');
      return { patient, form, request: request.id, recurrence: request.recurring_form.id };
    },
    document: deleteRequestDoc,
    variables: ({ request, recurrence }) => ({ input: { id: request, recurringFormId: recurrence } }),
    events: ({ request }) => [ev('requested_form_completion.deleted', request!)],
    check: async ({ recurrence, patient }, _data, api) => {
      const listed = await api.gql<Data>(
        `query($user: String, $words: String, $id: ID) { recurringForms(connectable_id: $user, connectable_type: "User") { id is_active }
          requestedFormCompletions(user_id: $id, keywords: $words) { id } }`,
        { user: patient, words: `daily log ${process.pid}`, id: patient },
      );
      expect(listed).toEqual({
        recurringForms: [{ id: recurrence, is_active: false }],
        requestedFormCompletions: [],
      });
    },
  },
  {
    mutation: 'createFormAnswerGroup',
    title:
      'formAnswerGroup finds a submission by external_id, ids or appointment link; for_superbills needs one',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createGroupDoc,
    variables: ({ patient, form }) => ({
      input: {
        user_id: patient,
        custom_module_form_id: form,
        external_id: `ext-${process.pid}`,
        finished: true,
      },
    }),
    events: (_ids, data) => [ev('form_answer_group.created', data.form_answer_group.id)],
    check: async (_ids, data, api) => {
      const id = data.form_answer_group.id;
      const read = await api.gql<Data>(
        `query($external: String, $ids: [ID], $id: ID) {
          external: formAnswerGroup(external_id: $external) { id }
          listed: formAnswerGroup(ids: $ids) { id }
          superbill: formAnswerGroup(id: $id, for_superbills: true) { id }
          linked: formAnswerGroup(appointment_form_answer_group_connection_id: "999999") { id }
        }`,
        { external: `ext-${process.pid}`, ids: ['999999', id], id },
      );
      expect(read).toEqual({ external: { id }, listed: { id }, superbill: null, linked: null });
    },
  },
  {
    mutation: 'createCustomModuleForm',
    title: 'customModuleForm by a list cursor, narrowed to charting templates and to Healthie defaults',
    document: `mutation($input: createCustomModuleFormInput) { createCustomModuleForm(input: $input) {
      customModuleForm { id cursor } messages { field message } } }`,
    variables: () => ({ input: { name: 'Progress note', use_for_charting: true } }),
    events: (_ids, data) => [ev('custom_module_form.created', data.customModuleForm.id)],
    check: async (_ids, data, api) => {
      const { id, cursor } = data.customModuleForm;
      const read = await api.gql<Data>(
        `query($id: ID, $after: Cursor) { byCursor: customModuleForm(after: $after) { id }
          charting: customModuleForm(id: $id, charting: true) { id }
          healthie: customModuleForm(id: $id, default: true) { id } }`,
        { id, after: cursor },
      );
      expect(read).toEqual({ byCursor: { id }, charting: { id }, healthie: null });
    },
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'the payload reports the request sent (requestedFormCompletionStatus)',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: `mutation($input: createRequestedFormInput) { createRequestedFormCompletion(input: $input) {
      requestedFormCompletion { id } requestedFormCompletionStatus { status } messages { field message } } }`,
    variables: ({ patient, form }) => ({ input: { recipient_id: patient, form } }),
    events: (_ids, data) => [ev('requested_form_completion.created', data.requestedFormCompletion.id)],
    check: (_ids, data) => expect(data.requestedFormCompletionStatus).toEqual({ status: 'sent' }),
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'recipient_ids with a user group: one request for each of its clients',
    setup: async (api) => {
      const group = await createUserGroup(api);
      const a = await createPatient(api, { user_group_id: group });
      const b = await createPatient(api, { user_group_id: group });
      return { group, a, b, form: await createForm(api) };
    },
    document: createRequestDoc,
    variables: ({ group, form }) => ({
      input: { custom_module_form_id: form, recipient_ids: `group-${group}` },
    }),
    events: (_ids, data) => [
      ev('requested_form_completion.created', data.requestedFormCompletion.id),
      ev('requested_form_completion.created', String(Number(data.requestedFormCompletion.id) + 1)),
    ],
    check: async ({ a, b }, data, api) => {
      expect(data.requestedFormCompletion.recipient_id).toBe(a);
      const other = await api.gql<Data>('query($id: ID) { requestedFormCompletions(user_id: $id) { id } }', {
        id: b,
      });
      expect(other.requestedFormCompletions).toEqual([
        { id: String(Number(data.requestedFormCompletion.id) + 1) },
      ]);
    },
  },
  {
    mutation: 'updateFormAnswerGroup',
    title:
      'edits a requested draft: an answer changed, one added; finishing it completes the request; marked_locked locks it',
    setup: async (api) => {
      const ids = await requested(api);
      const second = await createModule(api, ids.form, { label: 'Medications?' });
      const group = await createGroup(api, {
        user_id: ids.patient,
        custom_module_form_id: ids.form,
        requested_form_completion_id: ids.request,
        finished: false,
        form_answers: [{ custom_module_id: ids.question, answer: 'Draft' }],
      });
      return { ...ids, second, group };
    },
    document: updateGroupDoc,
    variables: ({ group, question, second }) => ({
      input: {
        id: group,
        name: 'Final note',
        marked_complete: true,
        marked_locked: true,
        date: '2030-02-03',
        time: '2:15 PM',
        form_answers: [
          { custom_module_id: question, answer: 'Peanuts' },
          { custom_module_id: second, answer: 'None' },
        ],
      },
    }),
    events: ({ request, group }) => [
      ev('requested_form_completion.updated', request!, {}, ['is_complete']),
      ev('form_answer_group.locked', group!),
    ],
    check: async ({ request, question, second, provider }, data, api) => {
      expect(data.form_answer_group).toMatchObject({
        name: 'Final note',
        finished: true,
        record_created_at: '2030-02-03T14:15:00.000Z',
        locked_by: { id: provider },
        form_answers: [
          { custom_module_id: question, answer: 'Peanuts', label: 'Allergies?' },
          { custom_module_id: second, answer: 'None', label: 'Medications?' },
        ],
      });
      expect(data.form_answer_group.locked_at).not.toBeNull();
      expect(await readRequest(api, request!)).toMatchObject({ status: 'Completed', is_complete: true });
    },
  },
  {
    mutation: 'updateFormAnswerGroup',
    title: 'stored fields only: nothing webhook-visible changes, so nothing is sent',
    setup: async (api) => submitted(api),
    document: updateGroupDoc,
    variables: ({ group }) => ({
      input: { id: group, external_id: `note-${process.pid}`, metadata: '{"v":2}', tab_uuid: null },
    }),
    events: () => [],
    check: async ({ group }, _data, api) => {
      const read = await api.gql<Data>(
        'query($id: ID) { formAnswerGroup(id: $id) { external_id metadata } }',
        {
          id: group,
        },
      );
      expect(read.formAnswerGroup).toEqual({ external_id: `note-${process.pid}`, metadata: '{"v":2}' });
    },
  },
  {
    mutation: 'createAppointmentFormAnswerGroupConnection',
    title: "links a submission to an appointment; readable through the submission's link",
    setup: async (api) => {
      const ids = await submitted(api);
      return { ...ids, appointment: await createAppointment(api, { user_id: ids.patient }) };
    },
    document: createConnectionDoc,
    variables: ({ appointment, group }) => ({
      input: { appointment_id: appointment, form_answer_group_id: group },
    }),
    events: ({ appointment, group }) => [
      ev(
        'appointment_form_answer_group_connection.created',
        expect.stringMatching(/^\d+$/) as unknown as string,
        { appointment_id: appointment!, form_answer_group_id: group! },
      ),
    ],
    check: async ({ appointment, group }, data, api, bodies) => {
      expect(data).toMatchObject({ appointment: { id: appointment }, form_answer_group: { id: group } });
      const link = String(bodies[0]!.resource_id);
      const read = await api.gql<Data>(
        `query($id: ID) { appointmentFormAnswerGroupConnection(id: $id) { appointment_id form_answer_group_id }
          formAnswerGroup(appointment_form_answer_group_connection_id: $id) { id } }`,
        { id: link },
      );
      expect(read).toEqual({
        appointmentFormAnswerGroupConnection: { appointment_id: appointment, form_answer_group_id: group },
        formAnswerGroup: { id: group },
      });
    },
  },
  {
    mutation: 'deleteAppointmentFormAnswerGroupConnection',
    title: 'removes every link of the submission, one event each',
    setup: async (api) => {
      const ids = await submitted(api);
      const first = await createAppointment(api, { user_id: ids.patient });
      const second = await createAppointment(api, {
        user_id: ids.patient,
        datetime: '2030-01-08 09:00:00 -0500',
      });
      for (const appointment of [first, second])
        await api.gql(createConnectionDoc, {
          input: { appointment_id: appointment, form_answer_group_id: ids.group },
        });
      const [a, b] = await connectionsOf(api, ids.group);
      return { ...ids, first, second, a: a!, b: b! };
    },
    document: deleteConnectionDoc,
    variables: ({ group }) => ({ input: { form_answer_group_id: group } }),
    events: ({ a, b, first, second, group }) => [
      ev('appointment_form_answer_group_connection.deleted', a!, {
        appointment_id: first!,
        form_answer_group_id: group!,
      }),
      ev('appointment_form_answer_group_connection.deleted', b!, {
        appointment_id: second!,
        form_answer_group_id: group!,
      }),
    ],
    check: async ({ group }, data, api) => {
      expect(data.form_answer_group).toEqual({ id: group });
      expect(await connectionsOf(api, group!)).toEqual([]);
    },
  },
  {
    mutation: 'copyCustomModule',
    title: 'duplicates a question at the end of its form, with its display condition',
    setup: async (api) => {
      const form = await createForm(api);
      const first = await createModule(api, form, { index: 0 });
      const question = await createModule(api, form, { label: 'Which ones?', index: 1, options: 'A\nB' });
      await api.gql(updateModuleDoc, {
        input: {
          id: question,
          custom_module_condition: {
            conditional_custom_module_id: first,
            filter_type: 'is',
            value_to_filter: 'Yes',
          },
        },
      });
      return { form, first, question };
    },
    document: copyModuleDoc,
    variables: ({ question }) => ({ input: { id: question } }),
    events: ({ form }, data) => [
      ev('custom_module.created', data.customModule.id, { custom_module_form_id: form! }),
    ],
    check: ({ form, first, question }, data) => {
      expect(data.customModule.id).not.toBe(question);
      expect(data.customModule).toMatchObject({
        custom_module_form_id: form,
        label: 'Which ones?',
        options_array: ['A', 'B'],
        position_integer: 2,
        custom_module_condition: {
          conditional_custom_module_id: first,
          filter_type: 'is',
          value_to_filter: 'Yes',
        },
      });
    },
  },
  {
    mutation: 'copyCustomModuleForm',
    title: 'copies a template with its questions; a condition points at the copied question',
    setup: async (api) => {
      const form = await createForm(api, { name: `Intake ${process.pid}` });
      const first = await createModule(api, form, { index: 0 });
      const second = await createModule(api, form, { label: 'Which ones?', index: 1 });
      await api.gql(updateModuleDoc, {
        input: {
          id: second,
          custom_module_condition: { conditional_custom_module_id: first, filter_type: 'is' },
        },
      });
      return { form, first, second };
    },
    document: copyFormDoc,
    variables: ({ form }) => ({ input: { id: form } }),
    events: (_ids, data) => {
      const copy = data.customModuleForm;
      return [
        ev('custom_module_form.created', copy.id),
        ...copy.custom_modules.map((q: Data) =>
          ev('custom_module.created', q.id, { custom_module_form_id: copy.id }),
        ),
      ];
    },
    check: ({ form, first, provider }, data) => {
      const copy = data.customModuleForm;
      expect(copy.id).not.toBe(form);
      expect(copy).toMatchObject({
        name: `Intake ${process.pid} (Copy)`,
        use_for_charting: true,
        user: { id: provider },
      });
      const [copiedFirst, copiedSecond] = copy.custom_modules as Data[];
      expect(copiedFirst).toMatchObject({
        label: 'Allergies?',
        copied_from_form_name: `Intake ${process.pid}`,
      });
      expect(copiedSecond!.custom_module_condition.conditional_custom_module_id).toBe(copiedFirst!.id);
      expect(copiedSecond!.custom_module_condition.conditional_custom_module_id).not.toBe(first);
    },
  },
  {
    mutation: 'copyCustomModuleForm',
    title: 'id_list copies several templates for another provider, who owns the copies',
    setup: async (api) => ({
      a: await createForm(api, { name: 'Form A' }),
      b: await createForm(api, { name: 'Form B' }),
      staff: await staffMember(api),
    }),
    document: copyFormDoc,
    variables: ({ a, b, staff }) => ({ input: { id_list: `${a}, ${b}`, user_id: staff } }),
    events: (_ids, data) => [
      ev('custom_module_form.created', data.customModuleForm.id),
      ev('custom_module_form.created', String(Number(data.customModuleForm.id) + 1)),
    ],
    check: async ({ staff }, data, api) => {
      expect(data.customModuleForm).toMatchObject({ name: 'Form A', user: { id: staff } });
      const other = await api.gql<Data>('query($id: ID) { customModuleForm(id: $id) { name user { id } } }', {
        id: String(Number(data.customModuleForm.id) + 1),
      });
      expect(other.customModuleForm).toEqual({ name: 'Form B', user: { id: staff } });
    },
  },
  {
    mutation: 'shareCustomModuleForm',
    title: 'gives a copy to another provider, named by email',
    setup: async (api) => {
      const email = uniqueEmail('sharee');
      const staff = await staffMember(api, email);
      const form = await createForm(api, { name: 'Shared intake' });
      return { form, staff, email: email.toUpperCase(), question: await createModule(api, form) };
    },
    document: shareFormDoc,
    variables: ({ form, email }) => ({
      input: { id: form, form_share_recipient: email, validate_permissions: true },
    }),
    events: (_ids, data) => [
      ev('custom_module_form.created', data.customModuleForm.id),
      ev('custom_module.created', data.customModuleForm.custom_modules[0].id, {
        custom_module_form_id: data.customModuleForm.id,
      }),
    ],
    check: ({ form, staff }, data) => {
      expect(data.customModuleForm.id).not.toBe(form);
      expect(data.customModuleForm).toMatchObject({ name: 'Shared intake', user: { id: staff } });
    },
  },
  {
    mutation: 'convertGeneratedFormAnswerGroup',
    title: 'a generated draft becomes an unfinished submission of its form, which the draft then names',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api, { name: 'AI scribe note' });
      const draft = await insertRow(api, 'generated_form_answer_groups', {
        patient_id: Number(patient),
        custom_module_form_id: Number(form),
        feedback: 'Looks right',
      });
      return { patient, form, draft };
    },
    document: convertDoc,
    variables: ({ draft }) => ({ input: { id: draft } }),
    events: (_ids, data) => [ev('form_answer_group.created', data.form_answer_group.id)],
    check: ({ patient, form, draft }, data) => {
      expect(data.form_answer_group).toMatchObject({
        user_id: patient,
        finished: false,
        name: 'AI scribe note',
        custom_module_form: { id: form },
      });
      expect(data.generated_form_answer_group).toEqual({
        id: draft,
        form_answer_group: { id: data.form_answer_group.id },
      });
    },
  },
  {
    mutation: 'createClientViaForm',
    title: 'a new client and their finished submission with answers; the provider named is theirs',
    setup: async (api) => {
      const form = await createForm(api, { name: 'Intake survey' });
      return { form, question: await createModule(api, form), staff: await staffMember(api) };
    },
    document: clientViaFormDoc,
    variables: ({ form, question, staff }) => ({
      input: {
        custom_module_form_id: form,
        first_name: 'Nina',
        last_name: 'New',
        email: `nina.${process.pid}@example.com`,
        phone_number: '555-0100',
        provider_id: staff,
        form_answers: [{ custom_module_id: question, answer: 'Shellfish' }],
        send_product_recommendation_email: false,
      },
    }),
    events: (_ids, data) => [
      ev('patient.created', data.form_answer_group.user.id),
      ev('form_answer_group.created', data.form_answer_group.id),
    ],
    check: ({ form, question, staff }, data) =>
      expect(data.form_answer_group).toMatchObject({
        finished: true,
        name: 'Intake survey',
        custom_module_form: { id: form },
        form_answers: [{ custom_module_id: question, answer: 'Shellfish', label: 'Allergies?' }],
        user: {
          first_name: 'Nina',
          last_name: 'New',
          email: `nina.${process.pid}@example.com`,
          phone_number: '555-0100',
          dietitian: { id: staff },
        },
      }),
  },
  {
    mutation: 'generateChartingPdf',
    title: "renders the client's notes named as a PDF document of theirs, with the questions and answers",
    setup: async (api) => {
      const ids = await submitted(api);
      const second = await createGroup(api, {
        user_id: ids.patient,
        custom_module_form_id: ids.form,
        name: 'Follow-up note',
        form_answers: [{ custom_module_id: ids.question, answer: 'Pollen' }],
      });
      return { ...ids, second };
    },
    document: chartingPdfDoc,
    variables: ({ patient, group, second }) => ({
      input: { id: patient, form_answer_group_array: JSON.stringify([Number(group), second]) },
    }),
    events: () => [ev('document.created', anyId)],
    check: async ({ patient }, data, api, bodies) => {
      expect(data.user).toEqual({ id: patient });
      const read = await documentPdf(api, String(bodies[0]!.resource_id));
      expect(read).toMatchObject({
        display_name: 'Charting notes - Pat Ient.pdf',
        file_content_type: 'application/pdf',
        rel_user_id: patient,
      });
      expect(read.pdf.pages).toBe(1);
      expect(read.pdf.lines).toEqual([
        'Charting notes',
        'Client: Pat Ient',
        'Intake',
        expect.stringMatching(/^Written \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/),
        'Allergies?',
        'None',
        'Follow-up note',
        expect.stringMatching(/^Written /),
        'Allergies?',
        'Pollen',
      ]);
    },
  },
  {
    mutation: 'generateChartingPdf',
    title: 'all charting notes of the client by default; include_header_on_every_page repeats the header',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api, { name: 'Long note' });
      const question = await createModule(api, form, { label: 'History' });
      const long = Array.from({ length: 1400 }, (_, i) => `w${i}`).join(' ');
      await createGroup(api, {
        user_id: patient,
        custom_module_form_id: form,
        form_answers: [{ custom_module_id: question, answer: long }],
      });
      return { patient };
    },
    document: chartingPdfDoc,
    variables: ({ patient }) => ({ input: { id: patient, include_header_on_every_page: true } }),
    events: () => [ev('document.created', anyId)],
    check: async (_ids, _data, api, bodies) => {
      const { pdf } = await documentPdf(api, String(bodies[0]!.resource_id));
      expect(pdf.pages).toBeGreaterThan(1);
      expect(pdf.lines.filter((line: string) => line === 'Client: Pat Ient')).toHaveLength(pdf.pages);
      expect(pdf.lines.join(' ')).toContain('w0 w1 w2');
      expect(pdf.lines.join(' ')).toContain('w1399');
    },
  },
  {
    mutation: 'shareAnswersAsDocument',
    title: "a submission's answers as a PDF document under the letterhead; the client is emailed",
    setup: async (api) => submitted(api),
    document: shareAnswersDoc,
    variables: ({ group }) => ({
      input: {
        form_answer_group_id: group,
        name: 'Visit summary',
        letterhead: true,
        email_notification: true,
      },
    }),
    events: (_ids, data) => [ev('document.created', data.document.id)],
    check: async ({ patient }, data, api) => {
      expect(data.document).toMatchObject({
        display_name: 'Visit summary.pdf',
        file_content_type: 'application/pdf',
        extension: 'pdf',
        rel_user_id: patient,
        include_in_charting: true,
      });
      const { pdf } = await documentPdf(api, data.document.id);
      expect(pdf.lines.slice(0, 3)).toEqual(['Test Practice', 'Visit summary', 'Client: Pat Ient']);
      expect(pdf.lines).toContain('None');
      const emails = await api.server.runtime.services.store.db
        .withTables<{
          queued_emails: { id: number; user_id: number; subject: string; notification_type: string };
        }>()
        .selectFrom('queued_emails')
        .select(['subject', 'notification_type'])
        .where('user_id', '=', Number(patient))
        .execute();
      expect(emails).toEqual([
        {
          subject: 'A document was shared with you: Visit summary.pdf',
          notification_type: 'document_shared',
        },
      ]);
    },
  },
  {
    mutation: 'shareAnswersAsDocument',
    title: 'the text given as answers, for another client, without letterhead or email',
    setup: async (api) => ({
      ...(await submitted(api)),
      other: await createPatient(api, { first_name: 'Otto' }),
    }),
    document: shareAnswersDoc,
    variables: ({ group, other }) => ({
      input: { form_answer_group_id: group, user_id: other, answers: 'Allergies reviewed: none known.' },
    }),
    events: (_ids, data) => [ev('document.created', data.document.id)],
    check: async ({ other }, data, api) => {
      expect(data.document).toMatchObject({ display_name: 'Intake.pdf', rel_user_id: other });
      const { pdf } = await documentPdf(api, data.document.id);
      expect(pdf.lines).toEqual([
        'Intake',
        'Client: Otto Ient',
        'Intake',
        expect.stringMatching(/^Written /),
        'Allergies reviewed: none known.',
      ]);
    },
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
    mutation: 'deleteRequestedFormCompletion',
    title: 'an unknown id',
    document: deleteRequestDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'an unknown user group among the recipients',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createRequestDoc,
    variables: ({ patient, form }) => ({
      input: { custom_module_form_id: form, recipient_ids: `${patient},group-999999` },
    }),
    field: 'recipient_ids',
  },
  {
    mutation: 'createRequestedFormCompletion',
    title: 'a recurrence with a frequency Healthie does not have',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createRequestDoc,
    variables: ({ patient, form }) => ({
      input: { custom_module_form_id: form, recipient_id: patient, is_recurring: true, frequency: 'Hourly' },
    }),
    field: 'frequency',
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'a note dated with something that is not a date',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createGroupDoc,
    variables: ({ patient, form }) => ({
      input: { user_id: patient, custom_module_form_id: form, date: 'Tuesday' },
    }),
    field: 'date',
  },
  {
    mutation: 'createFormAnswerGroup',
    title: 'a back-dating time that is not a time',
    setup: async (api) => ({ patient: await createPatient(api), form: await createForm(api) }),
    document: createGroupDoc,
    variables: ({ patient, form }) => ({
      input: { user_id: patient, custom_module_form_id: form, created_at: 'soon' },
    }),
    field: 'created_at',
  },
  {
    mutation: 'updateCustomModule',
    title: 'a condition on a question of another form',
    setup: async (api) => {
      const question = await createModule(api, await createForm(api));
      return { question, other: await createModule(api, await createForm(api)) };
    },
    document: updateModuleDoc,
    variables: ({ question, other }) => ({
      input: { id: question, custom_module_condition: { conditional_custom_module_id: other } },
    }),
    field: 'custom_module_condition.conditional_custom_module_id',
  },
  {
    mutation: 'deleteFormAnswerGroup',
    title: 'a user who is not a patient of the note',
    setup: async (api) => ({ ...(await submitted(api)), other: await createPatient(api) }),
    document: deleteGroupDoc,
    variables: ({ group, other }) => ({ input: { id: group, user_id: other } }),
    field: 'user_id',
  },
  {
    mutation: 'updateFormAnswerGroup',
    title: 'a locked note',
    setup: async (api) => locked(api),
    document: updateGroupDoc,
    variables: ({ group }) => ({ input: { id: group, name: 'Changed' } }),
    field: 'id',
  },
  {
    mutation: 'updateFormAnswerGroup',
    title: 'a tab_uuid (editing tabs are not tracked)',
    setup: async (api) => submitted(api),
    document: updateGroupDoc,
    variables: ({ group }) => ({ input: { id: group, tab_uuid: '0f8fad5b-d9cb-469f-a165-70867728950e' } }),
    field: 'tab_uuid',
  },
  {
    mutation: 'updateFormAnswerGroup',
    title: "an answer of another submission's",
    setup: async (api) => {
      const one = await submitted(api);
      const other = await submitted(api);
      const read = await api.gql<Data>(
        'query($id: ID) { formAnswerGroup(id: $id) { form_answers { id } } }',
        {
          id: other.group,
        },
      );
      return { group: one.group, answer: read.formAnswerGroup.form_answers[0].id };
    },
    document: updateGroupDoc,
    variables: ({ group, answer }) => ({ input: { id: group, form_answers: [{ id: answer, answer: 'x' }] } }),
    field: 'form_answers[0].id',
  },
  {
    mutation: 'createAppointmentFormAnswerGroupConnection',
    title: 'an unknown appointment',
    setup: async (api) => submitted(api),
    document: createConnectionDoc,
    variables: ({ group }) => ({ input: { appointment_id: '999999', form_answer_group_id: group } }),
    field: 'appointment_id',
  },
  {
    mutation: 'deleteAppointmentFormAnswerGroupConnection',
    title: 'a submission linked to no appointment',
    setup: async (api) => submitted(api),
    document: deleteConnectionDoc,
    variables: ({ group }) => ({ input: { form_answer_group_id: group } }),
    field: 'form_answer_group_id',
  },
  {
    mutation: 'copyCustomModule',
    title: 'an unknown question',
    document: copyModuleDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'copyCustomModuleForm',
    title: 'a user who is not a provider of the organization',
    setup: async (api) => ({ form: await createForm(api), patient: await createPatient(api) }),
    document: copyFormDoc,
    variables: ({ form, patient }) => ({ input: { id: form, user_id: patient } }),
    field: 'user_id',
  },
  {
    mutation: 'shareCustomModuleForm',
    title: 'a recipient who is no provider of the organization',
    setup: async (api) => ({ form: await createForm(api) }),
    document: shareFormDoc,
    variables: ({ form }) => ({ input: { id: form, form_share_recipient: 'nobody@example.com' } }),
    field: 'form_share_recipient',
  },
  {
    mutation: 'convertGeneratedFormAnswerGroup',
    title: 'a draft that names no form',
    setup: async (api) => ({
      draft: await insertRow(api, 'generated_form_answer_groups', {
        patient_id: Number(await createPatient(api)),
      }),
    }),
    document: convertDoc,
    variables: ({ draft }) => ({ input: { id: draft } }),
    field: 'id',
  },
  {
    mutation: 'createClientViaForm',
    title: 'no last name (neither the client nor the submission is written)',
    setup: async (api) => ({ form: await createForm(api) }),
    document: clientViaFormDoc,
    variables: ({ form }) => ({
      input: { custom_module_form_id: form, first_name: 'Nina', email: uniqueEmail('nina') },
    }),
    field: 'last_name',
  },
  {
    mutation: 'createClientViaForm',
    title: 'the product recommendation email, which is not in use',
    setup: async (api) => ({ form: await createForm(api) }),
    document: clientViaFormDoc,
    variables: ({ form }) => ({
      input: {
        custom_module_form_id: form,
        first_name: 'Nina',
        last_name: 'New',
        email: uniqueEmail('nina'),
        send_product_recommendation_email: true,
      },
    }),
    field: 'send_product_recommendation_email',
  },
  {
    mutation: 'generateChartingPdf',
    title: "a note of another client's",
    setup: async (api) => ({ mine: await createPatient(api), ...(await submitted(api)) }),
    document: chartingPdfDoc,
    variables: ({ mine, group }) => ({ input: { id: mine, form_answer_group_array: group } }),
    field: 'form_answer_group_array',
  },
  {
    mutation: 'generateChartingPdf',
    title: 'a client with no charting notes',
    setup: withNewPatient,
    document: chartingPdfDoc,
    variables: ({ patient }) => ({ input: { id: patient } }),
    field: 'id',
  },
  {
    mutation: 'shareAnswersAsDocument',
    title: 'an unknown submission',
    document: shareAnswersDoc,
    variables: () => ({ input: { form_answer_group_id: '999999', name: 'x' } }),
    field: 'form_answer_group_id',
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
      'query($id: ID!) { completedOnboardingItem(id: $id) { id user_id onboarding_item_id skipped user { id } } }',
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
  {
    resource: 'CompletedOnboardingItem (unassociatedCompletedOnboardingItems)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const done = await created(api, createOnboardingDoc, { user_id: patient, onboarding_item_id: '31' });
      const skipped = await created(api, createOnboardingDoc, {
        user_id: patient,
        onboarding_item_id: '32',
        skipped: true,
      });
      // The caller's own item is not the client's.
      await created(api, createOnboardingDoc, { onboarding_item_id: '33' });
      return { patient, done, skipped };
    },
    query: `query($id: ID) { unassociatedCompletedOnboardingItems(user_id: $id) {
      id user_id onboarding_item_id skipped
    } }`,
    id: ({ patient }) => patient!,
    expected: ({ patient, done, skipped }) => [
      { id: done, user_id: patient, onboarding_item_id: '31', skipped: false },
      { id: skipped, user_id: patient, onboarding_item_id: '32', skipped: true },
    ],
  },
  {
    resource: 'FormAnswerGroup (its claim; parts carehooks keeps none of)',
    setup: async (api) => {
      const { patient, group } = await submitted(api);
      const data = await api.gql<Data>(
        `mutation($input: createCms1500Input) {
          createCms1500(input: $input) { cms1500 { id } messages { field message } }
        }`,
        { input: { patient: { id: patient }, form_answer_group_id: group } },
      );
      return { patient, group, claim: data.createCms1500.cms1500.id };
    },
    query: `query($id: ID) { formAnswerGroup(id: $id) {
      cms1500 { id } autoscored_sections { value } individual_client_notes { id }
      individual_note(user_id: 1) { id } current_summary { id } packages_with_recommended_products_purchase_url
    } }`,
    id: ({ group }) => group!,
    expected: ({ claim }) => ({
      cms1500: { id: claim },
      autoscored_sections: [],
      individual_client_notes: [],
      individual_note: null,
      current_summary: null,
      packages_with_recommended_products_purchase_url: null,
    }),
  },
  {
    resource: 'GeneratedFormAnswerGroup (answers)',
    setup: async (api) => {
      const patient = await createPatient(api);
      const form = await createForm(api);
      const generated = await insertRow(api, 'generated_form_answer_groups', {
        patient_id: Number(patient),
        custom_module_form_id: Number(form),
      });
      return { generated };
    },
    query: 'query($id: ID) { generatedFormAnswerGroup(id: $id) { generated_form_answers { id answer } } }',
    id: ({ generated }) => generated!,
    expected: () => ({ generated_form_answers: [] }),
  },
  {
    resource: 'CustomModule (autoscoring)',
    setup: async (api) => {
      const form = await createForm(api);
      return { question: await createModule(api, form) };
    },
    query: 'query($id: ID) { customModule(id: $id) { other_module_ids_to_autoscore_on } }',
    id: ({ question }) => question!,
    expected: () => ({ other_module_ids_to_autoscore_on: [] }),
  },
];
