/**
 * Forms and charting: form templates (custom module forms) and their questions (custom modules), filled-in
 * forms (form answer groups) with their answers, signings and addenda, requests to fill in a form, and
 * completed onboarding steps. Names and types follow healthie-schema.graphql. The declarations are data;
 * the behaviour of their mutations is bound in ./area.ts.
 */
import {
  bool,
  datetime,
  foreignId,
  int,
  manyRows,
  parseId,
  ref,
  resource,
  text,
  typedDb,
  type ListArg,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

/** `column = id`, for Healthie's list arguments typed ID or String; a non-id matches nothing. */
const sameId = (column: string, type = 'ID'): ListArg => ({
  type,
  apply: (query, value) => query.where(column, '=', parseId(value) ?? -1),
});

/** A Boolean argument over a 0/1 column: `true` matches `whenTrue`. */
const flag = (column: string, whenTrue: 0 | 1): ListArg => ({
  type: 'Boolean',
  apply: (query, value) => query.where(column, '=', value ? whenTrue : 1 - whenTrue),
});

/** Names containing the keywords, ignoring case on both dialects. */
const nameContains: ListArg = {
  type: 'String',
  apply: (query, value) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    query.where((eb: any) => eb(eb.fn('lower', ['name']), 'like', `%${String(value).toLowerCase()}%`)),
};

export const CustomModuleForm = resource({
  name: 'CustomModuleForm',
  table: 'custom_module_forms',
  events: 'custom_module_form',
  fields: {
    name: text({ required: true }),
    external_id: text(),
    external_id_type: text(),
    is_video: bool({ default: false }),
    metadata: text(),
    on_completion_ifs_tag_id: foreignId({ input: 'String', gql: 'String' }),
    prefill: bool({ default: false }),
    use_for_charting: bool({ default: false }),
    use_for_program: bool({ default: false }),
    is_archived: bool({ default: false, writable: 'update' }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
  },
  byId: { name: 'customModuleForm', ignored: { charting: 'Boolean', default: 'Boolean' } },
  list: {
    name: 'customModuleForms',
    args: {
      keywords: nameContains,
      // Healthie's active forms are the ones not archived.
      active_status: flag('is_archived', 0),
    },
    ignored: { should_paginate: 'Boolean', include_default_templates: 'Boolean' },
    orderBy: {
      enum: 'CustomModuleFormOrderKeys',
      values: {
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        USER_LAST_NAME_DESC: null,
        USER_LAST_NAME_ASC: null,
        TYPE_ASC: null,
        TYPE_DESC: null,
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
      },
    },
    defaultOrder: ['updated_at', 'desc'],
  },
  mutations: {
    create: 'createCustomModuleForm',
    update: 'updateCustomModuleForm',
    delete: 'deleteCustomModuleForm',
  },
  many: {
    custom_modules: {
      type: '[CustomModule!]!',
      resource: 'CustomModule',
      foreignKey: 'custom_module_form_id',
    },
    form_answer_groups: {
      type: '[FormAnswerGroup!]!',
      resource: 'FormAnswerGroup',
      foreignKey: 'custom_module_form_id',
    },
  },
});

/** A question of a form template. */
export const CustomModule = resource({
  name: 'CustomModule',
  table: 'custom_modules',
  events: 'custom_module',
  owner: 'custom_module_form_id',
  fields: {
    custom_module_form_id: ref('CustomModuleForm', {
      input: 'String',
      gql: 'String',
      object: 'custom_module_form',
      writable: 'create',
    }),
    label: text(),
    sublabel: text(),
    mod_type: text({ default: 'text' }),
    options: text(),
    required: bool({ default: false }),
    is_custom: bool({ default: false }),
    metadata: text(),
    external_id: text(),
    external_id_type: text(),
    parent_custom_module_id: ref('CustomModule', { input: 'String', gql: 'String' }),
    // Healthie's input calls the position `index`; its output `position_integer`.
    position_integer: int({ writable: 'none' }),
  },
  extras: { custom_module_form_id: (row) => row.custom_module_form_id },
  // Healthie has no such query (questions are read through their form); carehooks adds it for receivers.
  byId: 'customModule',
  mutations: {
    create: { name: 'createCustomModule', inputs: { index: 'Int' } },
    update: {
      name: 'updateCustomModule',
      // Healthie types the parent as Int on update (String on create).
      inputs: { index: 'Int', options_array: '[String]', parent_custom_module_id: 'Int' },
      ignored: { custom_module_condition: 'CustomModuleConditionInput' },
    },
    delete: 'deleteCustomModule',
  },
  computed: {
    options_array: {
      type: '[String]',
      resolve: (row) => (typeof row.options === 'string' ? row.options.split('\n') : null),
    },
  },
});

/** One answer of a filled-in form; written with its group, never on its own. */
export const FormAnswer = resource({
  name: 'FormAnswer',
  table: 'form_answers',
  owner: 'form_answer_group_id',
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', { object: 'form_answer_group' }),
    custom_module_id: ref('CustomModule', { required: true, gql: 'String', object: 'custom_module' }),
    answer: text(),
    label: text(),
    user_id: ref('User', { gql: 'String' }),
    filter_type: text(),
    value_to_filter: text(),
    conditional_custom_module_id: foreignId(),
  },
});

export const FormAnswerGroupSigning = resource({
  name: 'FormAnswerGroupSigning',
  table: 'form_answer_group_signings',
  owner: 'form_answer_group_id',
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', { gql: 'String' }),
    user_id: ref('User', { object: 'user' }),
  },
});

/** A filled-in form. Only lock, unlock and sign change it after creation (there is no update event). */
export const FormAnswerGroup = resource({
  name: 'FormAnswerGroup',
  table: 'form_answer_groups',
  events: 'form_answer_group',
  owner: 'user_id',
  softDelete: true,
  fields: {
    user_id: ref('User', { required: true, input: 'String', gql: 'String', object: 'user' }),
    custom_module_form_id: ref('CustomModuleForm', {
      required: true,
      input: 'String',
      object: 'custom_module_form',
    }),
    filler_id: ref('User', { writable: 'none', object: 'filler', default: (caller) => caller.userId }),
    name: text(),
    finished: bool({ default: false }),
    external_id: text(),
    metadata: text(),
    appointment_id: ref('Appointment', { object: 'appointment' }),
    requested_form_completion_id: ref('RequestedFormCompletion', { writable: 'create' }),
    course_id: foreignId({ input: 'String' }),
    course_item_id: foreignId(),
    onboarding_item_id: foreignId(),
    locked_at: datetime({ writable: 'none' }),
    locked_by_id: ref('User', { writable: 'none', object: 'locked_by' }),
    unlock_description: text({ writable: 'none' }),
  },
  byId: { name: 'formAnswerGroup', ignored: { for_superbills: 'Boolean', track_opened_event: 'Boolean' } },
  list: {
    name: 'formAnswerGroups',
    args: {
      user_id: sameId('user_id', 'String'),
      custom_module_form_id: sameId('custom_module_form_id'),
      filler_id: sameId('filler_id', 'String'),
      locked_status: {
        type: 'Boolean',
        apply: (query, value) => query.where('locked_at', value ? 'is not' : 'is', null),
      },
    },
    ignored: { should_paginate: 'Boolean', include_group_notes: 'Boolean' },
    orderBy: {
      enum: 'FormAnswerGroupOrderKeys',
      values: {
        RECORD_CREATED_AT_ASC: ['created_at', 'asc'],
        RECORD_CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UNSORTED: ['id', 'asc'],
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createFormAnswerGroup',
      inputs: { form_answers: '[FormAnswerInput]' },
      // Display and timestamp hints of Healthie's form UI; carehooks keeps its own timestamps.
      ignored: {
        created_at: 'String',
        updated_at: 'String',
        date: 'String',
        time: 'String',
        formatted_date: 'String',
        marked_complete: 'Boolean',
        marked_locked: 'Boolean',
        set_initial_answers: 'Boolean',
      },
    },
    delete: { name: 'deleteFormAnswerGroup', ignored: { user_id: 'ID' } },
  },
  payloadField: 'form_answer_group',
  many: {
    charting_note_addendums: {
      type: '[ChartingNoteAddendumType!]',
      resource: 'ChartingNoteAddendum',
      foreignKey: 'form_answer_group_id',
    },
    form_answer_group_signings: {
      type: '[FormAnswerGroupSigning!]!',
      resource: 'FormAnswerGroupSigning',
      foreignKey: 'form_answer_group_id',
    },
  },
  computed: {
    form_answers: {
      type: '[FormAnswer!]!',
      args: { is_for_editing: 'Boolean' },
      resolve: (row, reader) => manyRows(reader, FormAnswer, 'form_answer_group_id', row.id),
    },
  },
});

export const ChartingNoteAddendum = resource({
  name: 'ChartingNoteAddendum',
  type: 'ChartingNoteAddendumType',
  table: 'charting_note_addendums',
  events: 'charting_note_addendum',
  owner: 'form_answer_group_id',
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', { required: true, object: 'form_answer_group' }),
    content: text({ required: true }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
  },
  byId: 'chartingNoteAddendum',
  payloadField: 'addendum',
  mutations: { create: 'createAddendum' },
});

/** The finished submission that fulfilled a form request, if any (`RequestedFormCompletion.form_answer_group`). */
async function requestedFormAnswerGroup(row: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const found = await typedDb<FormsChartingTables>(reader)
    .selectFrom('form_answer_groups')
    .selectAll()
    .where('requested_form_completion_id', '=', row.id)
    .where('finished', '=', 1)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return (found as StoredRow | undefined) ?? null;
}

export const RequestedFormCompletion = resource({
  name: 'RequestedFormCompletion',
  table: 'requested_form_completions',
  events: 'requested_form_completion',
  owner: 'recipient_id',
  fields: {
    custom_module_form_id: ref('CustomModuleForm', {
      required: true,
      gql: 'String',
      object: 'custom_module_form',
    }),
    recipient_id: ref('User', { required: true, gql: 'String', object: 'recipient' }),
    sender_id: ref('User', {
      writable: 'none',
      gql: 'String',
      object: 'sender',
      default: (caller) => caller.userId,
    }),
    item_type: text({ default: 'CustomModuleForm' }),
    metadata: text(),
    is_complete: bool({ default: false, writable: 'none' }),
  },
  byId: { name: 'requestedFormCompletion', ignored: { track_opened_event: 'Boolean' } },
  list: { name: 'requestedFormCompletions', args: { user_id: sameId('recipient_id') } },
  payloadField: 'requestedFormCompletion',
  mutations: {
    create: {
      name: 'createRequestedFormCompletion',
      input: 'createRequestedFormInput',
      payload: 'createRequestedFormPayload',
      inputs: { recipient_ids: 'String' },
      // Recurring requests and the notification e-mail are not modelled.
      ignored: {
        ends_on: 'String',
        form: 'String',
        frequency: 'String',
        hour: 'String',
        is_recurring: 'Boolean',
        minute: 'String',
        monthday: 'String',
        period: 'String',
        recurrence_ends: 'Boolean',
        weekday: 'String',
        skip_notification_email: 'Boolean',
      },
    },
    delete: {
      name: 'deleteRequestedFormCompletion',
      input: 'deleteRequestedFormInput',
      payload: 'deleteRequestedFormPayload',
      ignored: { recurringFormId: 'ID' },
    },
  },
  computed: {
    status: {
      type: 'String',
      resolve: (row) => (Number(row.is_complete) === 1 ? 'Completed' : 'Incomplete'),
    },
    form_answer_group: {
      type: 'FormAnswerGroup',
      resolve: (row, reader) => requestedFormAnswerGroup(row, reader),
    },
    form_answer_group_id: {
      type: 'String',
      resolve: async (row, reader) => (await requestedFormAnswerGroup(row, reader))?.id ?? null,
    },
  },
});

export const CompletedOnboardingItem = resource({
  name: 'CompletedOnboardingItem',
  table: 'completed_onboarding_items',
  events: 'completed_onboarding_item',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { gql: 'String', object: 'user', default: (caller) => caller.userId }),
    onboarding_item_id: foreignId({ required: true, gql: 'String' }),
    skipped: bool({ default: false }),
  },
  byId: 'completedOnboardingItem',
  payloadField: 'completed_onboarding_item',
  mutations: { create: 'createCompletedOnboardingItem' },
});

/** A filled-in form linked to an appointment; only internal mechanisms change it. */
export const AppointmentFormAnswerGroupConnection = resource({
  name: 'AppointmentFormAnswerGroupConnection',
  table: 'appointment_form_answer_group_connections',
  events: 'appointment_form_answer_group_connection',
  owner: 'appointment_id',
  fields: {
    appointment_id: ref('Appointment', { object: 'appointment' }),
    form_answer_group_id: ref('FormAnswerGroup', { object: 'form_answer_group' }),
  },
  extras: {
    appointment_id: (row) => row.appointment_id,
    form_answer_group_id: (row) => row.form_answer_group_id,
  },
  byId: 'appointmentFormAnswerGroupConnection',
});

/** A draft submission the system generates for a provider to review; only internal mechanisms change it. */
export const GeneratedFormAnswerGroup = resource({
  name: 'GeneratedFormAnswerGroup',
  type: 'GeneratedFormAnswerGroupType',
  table: 'generated_form_answer_groups',
  events: 'generated_form_answer_group',
  owner: 'patient_id',
  fields: {
    patient_id: ref('User', { object: 'patient' }),
    custom_module_form_id: ref('CustomModuleForm', { object: 'custom_module_form' }),
    form_answer_group_id: ref('FormAnswerGroup', { object: 'form_answer_group' }),
    feedback: text(),
  },
  extras: { patient_id: (row) => row.patient_id },
  byId: 'generatedFormAnswerGroup',
});

export const resources = [
  CustomModuleForm,
  CustomModule,
  FormAnswer,
  FormAnswerGroupSigning,
  FormAnswerGroup,
  ChartingNoteAddendum,
  RequestedFormCompletion,
  CompletedOnboardingItem,
  AppointmentFormAnswerGroupConnection,
  GeneratedFormAnswerGroup,
] as const;

export type FormsChartingTables = TablesOf<(typeof resources)[number]>;
