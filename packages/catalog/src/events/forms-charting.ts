import { event, nullable } from '../builder.js';

const appointmentForm = { appointment_id: '10000', form_answer_group_id: '14000' } as const;
const parentForm = { custom_module_form_id: nullable('31000') } as const;

export const formsChartingEvents = [
  event('appointment_form_answer_group_connection.created', 'AppointmentFormAnswerGroupConnection', {
    description: 'A filled-in form was linked to an appointment.',
    mutations: ['createAppointmentFormAnswerGroupConnection'],
    triggers:
      'also when a form submission, such as a charting note, is attached to an appointment internally (POST /internal/forms/appointment-connections/create)',
    extras: appointmentForm,
    example: { resource_id: '42000' },
    decision:
      'The reference names no mutation; createAppointmentFormAnswerGroupConnection makes exactly this link, so it is listed.',
  }),
  event('appointment_form_answer_group_connection.deleted', 'AppointmentFormAnswerGroupConnection', {
    description: 'A filled-in form was unlinked from an appointment.',
    mutations: ['deleteAppointmentFormAnswerGroupConnection'],
    triggers:
      'also when the link between a form submission and an appointment is removed internally (POST /internal/forms/appointment-connections/delete)',
    extras: appointmentForm,
    example: { resource_id: '42000' },
    decision:
      'The reference names no mutation; deleteAppointmentFormAnswerGroupConnection removes the links of a submission, one event per link, so it is listed.',
  }),
  event('appointment_form_answer_group_connection.updated', 'AppointmentFormAnswerGroupConnection', {
    description: 'The link between a filled-in form and an appointment changed.',
    mutations: [],
    triggers:
      'the link between a form submission and an appointment is modified (POST /internal/forms/appointment-connections/update)',
    extras: appointmentForm,
    example: { resource_id: '42000' },
  }),
  event('charting_note_addendum.created', 'ChartingNoteAddendum', {
    description: 'An addendum was appended to a charting note.',
    mutations: ['createAddendum'],
    example: { resource_id: '28000' },
  }),
  event('charting_note_addendum.deleted', 'ChartingNoteAddendum', {
    description: 'A charting note addendum was removed.',
    mutations: [],
    triggers:
      'an addendum is destroyed internally (POST /internal/charting/addenda/delete); no public mutation deletes addenda',
    example: { resource_id: '28000' },
  }),
  event('charting_note_addendum.updated', 'ChartingNoteAddendum', {
    description: 'A charting note addendum was edited.',
    mutations: [],
    triggers: 'an addendum is edited internally (POST /internal/charting/addenda/update)',
    example: { resource_id: '28000', changed_fields: ['content'] },
    decision:
      'No mutation is listed: the reference names none, and the schema marks updateAddendum as deprecated and doing nothing.',
  }),
  event('completed_onboarding_item.created', 'CompletedOnboardingItem', {
    description: 'A patient finished a step of onboarding.',
    mutations: ['createCompletedOnboardingItem'],
    example: { resource_id: '39000' },
  }),
  event('completed_onboarding_item.deleted', 'CompletedOnboardingItem', {
    description: 'A finished onboarding step was removed.',
    mutations: [],
    triggers:
      'the completed item is destroyed internally (POST /internal/onboarding/completed-items/delete); there is no delete mutation',
    example: { resource_id: '39000' },
  }),
  event('completed_onboarding_item.updated', 'CompletedOnboardingItem', {
    description: 'A finished onboarding step was changed.',
    mutations: [],
    triggers:
      'the completed item is modified internally (POST /internal/onboarding/completed-items/update); there is no update mutation',
    example: { resource_id: '39000', changed_fields: ['response'] },
  }),
  event('custom_module.created', 'CustomModule', {
    description: 'A question was added to a form template.',
    mutations: ['createCustomModule', 'copyCustomModule', 'copyCustomModuleForm', 'shareCustomModuleForm'],
    extras: parentForm,
    example: { resource_id: '45000' },
    decision:
      'The reference names createCustomModule only; copyCustomModule, copyCustomModuleForm and shareCustomModuleForm create questions (copies, one event each), so they are listed too.',
  }),
  event('custom_module.deleted', 'CustomModule', {
    description: 'A question was removed from a form template.',
    mutations: ['deleteCustomModule'],
    extras: parentForm,
    example: { resource_id: '45000' },
  }),
  event('custom_module.updated', 'CustomModule', {
    description: 'A question of a form template was edited.',
    mutations: ['updateCustomModule'],
    extras: parentForm,
    example: { resource_id: '45000', changed_fields: ['label'] },
  }),
  event('custom_module_form.created', 'CustomModuleForm', {
    description: 'A form template was made.',
    mutations: ['createCustomModuleForm', 'copyCustomModuleForm', 'shareCustomModuleForm'],
    example: { resource_id: '44000' },
    decision:
      "The reference names createCustomModuleForm only; copyCustomModuleForm and shareCustomModuleForm create templates (a copy per template, in the owner's organization), so they are listed too.",
  }),
  event('custom_module_form.deleted', 'CustomModuleForm', {
    description: 'A form template was removed.',
    mutations: ['deleteCustomModuleForm'],
    example: { resource_id: '44000' },
  }),
  event('custom_module_form.updated', 'CustomModuleForm', {
    description: 'A form template was edited.',
    mutations: ['updateCustomModuleForm'],
    example: { resource_id: '44000', changed_fields: ['name'] },
  }),
  event('form_answer_group.created', 'FormAnswerGroup', {
    description: 'A form was filled in and saved.',
    mutations: ['createFormAnswerGroup', 'convertGeneratedFormAnswerGroup', 'createClientViaForm'],
    example: { resource_id: '98765' },
    decision:
      "The reference names createFormAnswerGroup only; convertGeneratedFormAnswerGroup (a generated draft becomes a submission) and createClientViaForm (the new client's submission) create submissions, so they are listed too.",
  }),
  event('form_answer_group.deleted', 'FormAnswerGroup', {
    description: 'A saved form submission was removed.',
    mutations: ['deleteFormAnswerGroup'],
    example: { resource_id: '98765' },
  }),
  event('form_answer_group.locked', 'FormAnswerGroup', {
    description: 'A form submission was locked against edits.',
    mutations: ['lockFormAnswerGroup', 'updateFormAnswerGroup'],
    example: { resource_id: '98765' },
    decision:
      'updateFormAnswerGroup with marked_locked locks the note, so it is listed; the reference documents no form_answer_group.updated, so its other changes to a submission send nothing.',
  }),
  event('form_answer_group.signed', 'FormAnswerGroup', {
    description: 'A provider signed a form submission.',
    mutations: ['createFormAnswerGroupSigning', 'signFormAnswerGroup'],
    example: { resource_id: '98765' },
    decision:
      'The schema deprecates createFormAnswerGroupSigning in favour of signFormAnswerGroup, so both mutations are listed.',
  }),
  event('form_answer_group.unlocked', 'FormAnswerGroup', {
    description: 'A locked form submission was opened for edits again.',
    mutations: ['unlockFormAnswerGroup'],
    example: { resource_id: '98765' },
  }),
  event('generated_form_answer_group.created', 'GeneratedFormAnswerGroup', {
    description: 'A draft form submission was generated for a patient.',
    mutations: [],
    triggers:
      'the system drafts a form submission for a patient, for a provider to review (POST /internal/forms/generated-form-answer-groups)',
    extras: { patient_id: '22222' },
    example: { resource_id: '11223' },
  }),
  event('requested_form_completion.created', 'RequestedFormCompletion', {
    description: 'A user was asked to fill in a form.',
    mutations: ['createRequestedFormCompletion'],
    example: { resource_id: '15000' },
  }),
  event('requested_form_completion.deleted', 'RequestedFormCompletion', {
    description: 'A request to fill in a form was withdrawn.',
    mutations: ['deleteRequestedFormCompletion'],
    example: { resource_id: '15000' },
    decision:
      'The reference says deleteRequestedForm, which is only the internal name (its input type is deleteRequestedFormInput); clients call deleteRequestedFormCompletion, so that is listed.',
  }),
  event('requested_form_completion.updated', 'RequestedFormCompletion', {
    description: 'A request to fill in a form changed, e.g. it was completed.',
    mutations: [],
    triggers:
      'the state of a form request changes: createFormAnswerGroup with a finished submission, or updateFormAnswerGroup finishing one, fulfils the request (is_complete)',
    example: { resource_id: '15000', changed_fields: ['is_complete'] },
    decision:
      'The mutation list in the reference is garbled (a lone backtick) and the schema has no mutation that edits a form request, so no mutation is listed.',
  }),
] as const;
