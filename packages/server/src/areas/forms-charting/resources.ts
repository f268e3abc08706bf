/**
 * Forms and charting: form templates (custom module forms) and their questions (custom modules), filled-in
 * forms (form answer groups) with their answers, signings and addenda, requests to fill in a form, and
 * completed onboarding steps; with what Healthie nests in them and carehooks keeps without events
 * (question conditions, the patients of a group appointment's note, recurring form requests). Names and
 * types follow healthie-schema.graphql. The declarations are data; the behaviour of their mutations is
 * bound in ./area.ts, where deleteFormAnswerGroup is a special mutation (`user_id` keeps the note).
 */
import { sql } from 'kysely';
import {
  bool,
  datetime,
  enumOf,
  foreignId,
  idIn,
  int,
  json,
  keywordsIn,
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

import { findSubmission, findTemplate } from './finders.js';
import { tracksOpening } from './opened.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
type Eb = any;

/** Healthie's times on most forms types are never null. */
const stamped = { created_at: 'String!', updated_at: 'String!' } as const;

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

/** Names containing the keywords, ignoring case on both dialects; `%` and `_` match themselves. */
const nameContains = keywordsIn('name');

/**
 * `category` of form templates: charting notes (`charting`), program forms (`program`), video forms
 * (`video`) or the rest, intake forms (`intake`); `all` keeps every form.
 */
const formCategory: ListArg = {
  type: 'String',
  apply: (query, value) => {
    switch (String(value).trim().toLowerCase()) {
      case 'all':
        return query;
      case 'charting':
        return query.where('use_for_charting', '=', 1);
      case 'program':
      case 'programs':
        return query.where('use_for_program', '=', 1);
      case 'video':
        return query.where('is_video', '=', 1);
      case 'intake':
      case 'forms':
        return query.where('use_for_charting', '=', 0).where('use_for_program', '=', 0);
      default:
        return query.where('id', '=', -1);
    }
  },
};

/** A form's owner's last name, for ordering (a missing one as empty text, alike on both dialects). */
const ownerLastName = (eb: Eb) =>
  eb.fn.coalesce(
    eb.selectFrom('users').select('users.last_name').whereRef('users.id', '=', 'custom_module_forms.user_id'),
    sql.lit(''),
  );

/** When a note was written, for ordering (a missing one first, alike on both dialects). */
const recordedKey = (eb: Eb) => eb.fn.coalesce(eb.ref('record_created_at'), sql.lit(''));

/** A form's kind (charting, program, video, intake), for ordering. */
const formKind = (eb: Eb) =>
  eb
    .case()
    .when('use_for_charting', '=', 1)
    .then('charting')
    .when('use_for_program', '=', 1)
    .then('program')
    .when('is_video', '=', 1)
    .then('video')
    .else('intake')
    .end();

export const CustomModuleForm = resource({
  name: 'CustomModuleForm',
  table: 'custom_module_forms',
  events: 'custom_module_form',
  timestamps: stamped,
  fields: {
    name: text({ required: true }),
    external_id: text(),
    external_id_type: text(),
    is_video: bool({ default: false }),
    metadata: text(),
    on_completion_ifs_tag_id: foreignId({ input: 'String', gql: 'String' }),
    prefill: bool({ default: false }),
    use_for_charting: bool({ default: false, gql: 'Boolean!' }),
    use_for_program: bool({ default: false, gql: 'Boolean!' }),
    is_archived: bool({ default: false, writable: 'update' }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
    // Who last created or changed the template (./custom-modules.ts).
    last_updated_by_id: ref('User', {
      writable: 'none',
      object: 'last_updated_by_user',
      default: (caller) => caller.userId,
    }),
    // Healthie's own templates; carehooks holds only the organization's, so it is never set here.
    uploaded_by_healthie_team: bool({ default: false, writable: 'none', gql: 'Boolean!' }),
  },
  byId: {
    name: 'customModuleForm',
    args: { after: 'Cursor', charting: 'Boolean', default: 'Boolean' },
    find: findTemplate,
  },
  list: {
    name: 'customModuleForms',
    count: 'customModuleFormsCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      keywords: nameContains,
      // Healthie's active forms are the ones not archived.
      active_status: flag('is_archived', 0),
      category: formCategory,
      // Healthie's own templates are listed only when asked for.
      include_default_templates: {
        type: 'Boolean',
        always: true,
        apply: (query, value) => (value === true ? query : query.where('uploaded_by_healthie_team', '=', 0)),
      },
    },
    orderBy: {
      enum: 'CustomModuleFormOrderKeys',
      values: {
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        USER_LAST_NAME_DESC: [ownerLastName, 'desc'],
        USER_LAST_NAME_ASC: [ownerLastName, 'asc'],
        TYPE_ASC: [formKind, 'asc'],
        TYPE_DESC: [formKind, 'desc'],
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
  // has_matrix_field and has_non_readonly_modules are derived from the questions in ./area.ts.
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
    is_custom: bool({ default: false, gql: 'Boolean!' }),
    metadata: text(),
    external_id: text(),
    external_id_type: text(),
    parent_custom_module_id: ref('CustomModule', { input: 'String', gql: 'String' }),
    // Healthie's input calls the position `index`; its output `position_integer`.
    position_integer: int({ writable: 'none' }),
    // The template a copied question came from (./template-copies.ts).
    copied_from_form_name: text({ writable: 'none' }),
  },
  extras: { custom_module_form_id: (row) => row.custom_module_form_id },
  // Healthie has no such query (questions are read through their form); carehooks adds it for receivers.
  byId: 'customModule',
  mutations: {
    create: { name: 'createCustomModule', inputs: { index: 'Int' } },
    update: {
      name: 'updateCustomModule',
      // Healthie types the parent as Int on update (String on create).
      inputs: {
        index: 'Int',
        options_array: '[String]',
        parent_custom_module_id: 'Int',
        custom_module_condition: {
          type: 'CustomModuleConditionInput',
          effect:
            'creates, edits (`id`) or, with `_destroy`, removes the condition that shows the question: read back as `CustomModule.custom_module_condition`',
        },
      },
    },
    delete: 'deleteCustomModule',
  },
  computed: {
    options_array: {
      type: '[String]',
      resolve: (row) => (typeof row.options === 'string' ? row.options.split('\n') : null),
    },
    // The question's place as Healthie's older field gives it.
    position: {
      type: 'Float',
      resolve: (row) => (row.position_integer == null ? null : Number(row.position_integer)),
    },
  },
  // The condition and what depends on it are read in ./area.ts.
});

/**
 * When a question is shown: only when another question's answer (`conditional_custom_module_id`) passes
 * the filter (`filter_type`, `value_to_filter`). Healthie's `CustomModuleConditionType`; no events.
 */
export const CustomModuleCondition = resource({
  name: 'CustomModuleCondition',
  type: 'CustomModuleConditionType',
  table: 'custom_module_conditions',
  owner: 'custom_module_id',
  fields: {
    custom_module_id: ref('CustomModule', { required: true, writable: 'create' }),
    conditional_custom_module_id: ref('CustomModule'),
    filter_type: text(),
    value_to_filter: text(),
  },
});

/** One answer of a filled-in form; written with its group, never on its own. */
export const FormAnswer = resource({
  name: 'FormAnswer',
  table: 'form_answers',
  owner: 'form_answer_group_id',
  timestamps: { created_at: 'String!', updated_at: 'ISO8601DateTime' },
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', { object: 'form_answer_group' }),
    custom_module_id: ref('CustomModule', { required: true, gql: 'String', object: 'custom_module' }),
    answer: text(),
    // The question's label when the answer gives none (./form-answer-groups.ts).
    label: text(),
    user_id: ref('User', { gql: 'String' }),
    filter_type: text(),
    value_to_filter: text(),
    conditional_custom_module_id: foreignId(),
  },
  computed: {
    // Answers are shown as given (carehooks converts none).
    displayed_answer: { type: 'String', resolve: (row) => (row.answer == null ? null : String(row.answer)) },
  },
});

export const FormAnswerGroupSigning = resource({
  name: 'FormAnswerGroupSigning',
  table: 'form_answer_group_signings',
  owner: 'form_answer_group_id',
  timestamps: { created_at: 'String!' },
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', { gql: 'String' }),
    user_id: ref('User', { object: 'user' }),
  },
});

/** What an audit event of a charting note records (Healthie's `Action` enum). */
export const AUDIT_ACTIONS = [
  'LOCKED',
  'UNLOCKED',
  'SIGNED',
  'ADDENDUM_CREATED',
  'REMOVE_SIGNATURE',
] as const;

/**
 * One entry of a charting note's history (Healthie's `FormAnswerGroupAuditEvent`): who locked, unlocked,
 * signed or added an addendum to it, and when; written with the change it records (./audit-events.ts). No
 * events: the catalog has none.
 */
export const FormAnswerGroupAuditEvent = resource({
  name: 'FormAnswerGroupAuditEvent',
  table: 'form_answer_group_audit_events',
  owner: 'form_answer_group_id',
  timestamps: { created_at: 'ISO8601DateTime!', updated_at: 'ISO8601DateTime!' },
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', {
      required: true,
      writable: 'none',
      object: 'form_answer_group',
      objectGql: 'FormAnswerGroup!',
    }),
    action: enumOf(AUDIT_ACTIONS, { required: true, writable: 'none', gql: 'Action!' }),
    committed_by_id: ref('User', {
      required: true,
      writable: 'none',
      object: 'committed_by',
      objectGql: 'User!',
    }),
    // The reason given for an unlock.
    description: text({ writable: 'none' }),
  },
});

/**
 * A patient a group appointment's charting note is about (Healthie's `FormAnswerGroupUserConnection`):
 * made for each attendee when a note is written for an appointment with attendees; no events.
 */
export const FormAnswerGroupUserConnection = resource({
  name: 'FormAnswerGroupUserConnection',
  table: 'form_answer_group_user_connections',
  owner: 'form_answer_group_id',
  uniqueBy: ['form_answer_group_id', 'user_id'],
  fields: {
    form_answer_group_id: ref('FormAnswerGroup', { required: true, writable: 'create' }),
    user_id: ref('User', { required: true, object: 'user', writable: 'create' }),
  },
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** `date`: notes recorded that day (their `record_created_at`, or else when they were saved). */
const recordedOn: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const day = String(value).trim().slice(0, 10);
    const start = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(start)) return query.where('id', '=', -1);
    return query.where((eb: Eb) =>
      eb.or([
        eb('record_created_at', 'like', `${day}%`),
        eb.and([
          eb('record_created_at', 'is', null),
          eb('created_at', '>=', start),
          eb('created_at', '<', start + DAY_MS),
        ]),
      ]),
    );
  },
};

/** `updated_after` / `updated_before`: an ISO 8601 instant compared with when the note last changed. */
const updatedSince = (comparison: '>=' | '<='): ListArg => ({
  type: 'ISO8601DateTime',
  apply: (query, value) => {
    const at = Date.parse(String(value));
    return Number.isNaN(at) ? query.where('id', '=', -1) : query.where('updated_at', comparison, at);
  },
});

/** Signed notes (`true`) or notes nobody signed (`false`). */
const signedStatus: ListArg = {
  type: 'Boolean',
  apply: (query, value) =>
    query.where((eb: Eb) => {
      const signed = eb.exists(
        eb
          .selectFrom('form_answer_group_signings')
          .select('form_answer_group_signings.id')
          .whereRef('form_answer_group_signings.form_answer_group_id', '=', 'form_answer_groups.id'),
      );
      return value ? signed : eb.not(signed);
    }),
};

/** A note of a group appointment: one written with patients connected to it. */
const isGroupNote = (eb: Eb) =>
  eb.exists(
    eb
      .selectFrom('form_answer_group_user_connections')
      .select('form_answer_group_user_connections.id')
      .whereRef('form_answer_group_user_connections.form_answer_group_id', '=', 'form_answer_groups.id'),
  );

/** A filled-in form. Only lock, unlock and sign change it after creation (there is no update event). */
export const FormAnswerGroup = resource({
  name: 'FormAnswerGroup',
  table: 'form_answer_groups',
  events: 'form_answer_group',
  owner: 'user_id',
  softDelete: true,
  timestamps: stamped,
  fields: {
    user_id: ref('User', { required: true, input: 'String', gql: 'String', object: 'user' }),
    custom_module_form_id: ref('CustomModuleForm', {
      required: true,
      input: 'String',
      object: 'custom_module_form',
    }),
    filler_id: ref('User', { writable: 'none', object: 'filler', default: (caller) => caller.userId }),
    name: text(),
    finished: bool({ default: false, gql: 'Boolean!' }),
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
    // When the note was actually written (`date` and `time` of the input), ISO 8601 UTC (./form-answer-groups.ts).
    record_created_at: datetime({ writable: 'none' }),
    // When the form was first opened (`formAnswerGroup(track_opened_event: true)`; ./opened.ts).
    opened_at: datetime({ writable: 'none' }),
  },
  byId: {
    name: 'formAnswerGroup',
    args: {
      appointment_form_answer_group_connection_id: 'ID',
      external_id: 'String',
      ids: '[ID]',
      for_superbills: 'Boolean',
      track_opened_event: 'Boolean',
    },
    find: tracksOpening('form_answer_groups', { softDelete: true, find: findSubmission }),
  },
  list: {
    name: 'formAnswerGroups',
    count: 'formAnswerGroupsCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      user_id: sameId('user_id', 'String'),
      custom_module_form_id: sameId('custom_module_form_id'),
      filler_id: sameId('filler_id', 'String'),
      locked_status: {
        type: 'Boolean',
        apply: (query, value) => query.where('locked_at', value ? 'is not' : 'is', null),
      },
      ids: idIn(),
      form_answer_group_id: sameId('id', 'String'),
      name: nameContains,
      date: recordedOn,
      signed_status: signedStatus,
      updated_after: updatedSince('>='),
      updated_before: updatedSince('<='),
      // Notes of group appointments are listed only when asked for.
      include_group_notes: {
        type: 'Boolean',
        always: true,
        apply: (query, value) => (value === true ? query : query.where((eb: Eb) => eb.not(isGroupNote(eb)))),
      },
    },
    orderBy: {
      enum: 'FormAnswerGroupOrderKeys',
      values: {
        RECORD_CREATED_AT_ASC: [recordedKey, 'asc'],
        RECORD_CREATED_AT_DESC: [recordedKey, 'desc'],
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
      inputs: {
        form_answers: '[FormAnswerInput]',
        created_at: { type: 'String', effect: 'back-dates the submission: read back as `created_at`' },
        updated_at: {
          type: 'String',
          effect: "the submission's last-update time: read back as `updated_at`",
        },
        date: {
          type: 'String',
          effect: 'the day the note was written (YYYY-MM-DD): read back as `record_created_at`',
        },
        time: {
          type: 'String',
          effect:
            'the time of day the note was written (HH:MM, with `date`): read back as `record_created_at`',
        },
        formatted_date: {
          type: 'String',
          effect:
            'when the note was written, as any date and time, when `date` is not given: `record_created_at`',
        },
        marked_complete: {
          type: 'Boolean',
          effect: 'when true, the submission is saved finished (`finished`)',
        },
        marked_locked: {
          type: 'Boolean',
          effect:
            'when true, the note is locked as it is saved (`form_answer_group.locked` after `.created`)',
        },
        set_initial_answers: {
          type: 'Boolean',
          effect:
            "when true, questions the input does not answer take the patient's answers from their latest finished submission of the form (as `initialFormAnswers` gives them)",
        },
      },
    },
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
    form_answer_group_users_connections: {
      type: '[FormAnswerGroupUserConnection!]',
      resource: 'FormAnswerGroupUserConnection',
      foreignKey: 'form_answer_group_id',
    },
  },
  computed: {
    form_answers: {
      type: '[FormAnswer!]!',
      args: { is_for_editing: 'Boolean' },
      resolve: (row, reader) => manyRows(reader, FormAnswer, 'form_answer_group_id', row.id),
    },
    // A locked note cannot be edited.
    frozen: { type: 'Boolean', resolve: (row) => row.locked_at != null },
  },
  // deleteFormAnswerGroup, the group-appointment fields and what a provider may do are in ./area.ts.
});

export const ChartingNoteAddendum = resource({
  name: 'ChartingNoteAddendum',
  type: 'ChartingNoteAddendumType',
  table: 'charting_note_addendums',
  events: 'charting_note_addendum',
  owner: 'form_answer_group_id',
  timestamps: { created_at: 'String!' },
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

/** `status` of form requests: `Completed` or `Incomplete` (any case); anything else matches none. */
const requestStatus: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const status = String(value).trim().toLowerCase();
    if (status === 'completed' || status === 'complete') return query.where('is_complete', '=', 1);
    if (status === 'incomplete') return query.where('is_complete', '=', 0);
    return query.where('id', '=', -1);
  },
};

/** Requests for a form whose name contains the keywords. */
const requestKeywords: ListArg = {
  type: 'String',
  apply: (query, value, reader, args) =>
    query.where('custom_module_form_id', 'in', (eb: Eb) =>
      nameContains.apply(
        eb.selectFrom('custom_module_forms').select('custom_module_forms.id'),
        value,
        reader,
        args,
      ),
    ),
};

export const RequestedFormCompletion = resource({
  name: 'RequestedFormCompletion',
  table: 'requested_form_completions',
  events: 'requested_form_completion',
  owner: 'recipient_id',
  fields: {
    // Required unless `form` names a generic form (./requested-forms.ts).
    custom_module_form_id: ref('CustomModuleForm', { gql: 'String', object: 'custom_module_form' }),
    // Required, unless `recipient_ids` names the recipients (./requested-forms.ts).
    recipient_id: ref('User', { gql: 'String', object: 'recipient' }),
    sender_id: ref('User', {
      writable: 'none',
      gql: 'String',
      object: 'sender',
      default: (caller) => caller.userId,
    }),
    item_type: text({ default: 'CustomModuleForm', gql: 'String!' }),
    metadata: text(),
    is_complete: bool({ default: false, writable: 'none' }),
    // The recipient is not emailed about the request; carehooks emails no clients, so this is kept as asked.
    skip_notification_email: bool({ default: false, writable: 'create' }),
    // The recurrence that sends this request again (`is_recurring` and its schedule).
    recurring_form_id: ref('RecurringForm', { writable: 'none', object: 'recurring_form' }),
    // When the recipient first opened the request (`requestedFormCompletion(track_opened_event: true)`).
    opened_at: datetime({ writable: 'none' }),
  },
  byId: {
    name: 'requestedFormCompletion',
    args: { track_opened_event: 'Boolean' },
    find: tracksOpening('requested_form_completions', { softDelete: false }),
  },
  list: {
    name: 'requestedFormCompletions',
    args: { user_id: sameId('recipient_id'), status: requestStatus, keywords: requestKeywords },
  },
  payloadField: 'requestedFormCompletion',
  mutations: {
    create: {
      name: 'createRequestedFormCompletion',
      input: 'createRequestedFormInput',
      payload: 'createRequestedFormPayload',
      inputs: {
        recipient_ids: {
          type: 'String',
          effect:
            'the recipients (comma-separated ids): one request each (`requested_form_completion.created` each)',
        },
        form: {
          type: 'String',
          effect:
            "the form: a template's id (`custom_module_form_id`) or the name of a generic form such as `billing_info` (`item_type`)",
        },
        is_recurring: {
          type: 'Boolean',
          effect:
            'when true, the request recurs on the schedule the other inputs give: a `RecurringForm`, read back as `RequestedFormCompletion.recurring_form`',
        },
        frequency: { type: 'String', effect: "the recurrence's `interval_type` (Daily, Weekly or Monthly)" },
        hour: { type: 'String', effect: 'the hour of a daily recurrence (its `interval`, HH:MM)' },
        minute: { type: 'String', effect: 'the minute of a daily recurrence (its `interval`, HH:MM)' },
        period: { type: 'String', effect: 'AM or PM of `hour` in a daily recurrence' },
        weekday: { type: 'String', effect: 'the day(s) of a weekly recurrence (its `interval`)' },
        monthday: { type: 'String', effect: 'the day of a monthly recurrence (its `interval`, e.g. 31st)' },
        recurrence_ends: {
          type: 'Boolean',
          effect: 'when true, the recurrence ends on `ends_on` (`recurrence_end_at`)',
        },
        ends_on: { type: 'String', effect: "the recurrence's last day, with `recurrence_ends`" },
      },
    },
    delete: {
      name: 'deleteRequestedFormCompletion',
      input: 'deleteRequestedFormInput',
      payload: 'deleteRequestedFormPayload',
      inputs: {
        recurringFormId: {
          type: 'ID',
          effect: 'the recurrence stops too: its `is_active` turns false, so the request is not sent again',
        },
      },
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
    // When the request was completed, or else when it was sent.
    date_to_show: {
      type: 'String',
      resolve: async (row, reader) => {
        const group = await requestedFormAnswerGroup(row, reader);
        const at = Number((group ?? row).created_at);
        return Number.isFinite(at) ? new Date(at).toISOString() : null;
      },
    },
  },
});

/**
 * A request that recurs (Healthie's `RecurringForm`): the form, the schedule and the recipients. carehooks
 * sends no form requests on a schedule: the recurrence is kept so clients read back what they set up.
 */
export const RecurringForm = resource({
  name: 'RecurringForm',
  table: 'recurring_forms',
  fields: {
    form_id: text(),
    form_type: text({ required: true, gql: 'String!' }),
    interval: text(),
    interval_type: enumOf(['Daily', 'Weekly', 'Monthly']),
    is_active: bool({ default: true, gql: 'Boolean!' }),
    recurrence_end_at: text(),
    user_id: ref('User', { gql: 'String', default: (caller) => caller.userId }),
    // The recipients as Healthie lists them: user ids and `group-<id>` tokens.
    users_and_groups: json({ gql: '[String]!' }),
    custom_module_form_id: ref('CustomModuleForm', { object: 'custom_module_form' }),
  },
  list: {
    name: 'recurringForms',
    args: {
      // The recurrences sending to a user, or (`connectable_type` UserGroup, the default) to a user group.
      connectable_id: {
        type: 'String',
        apply: (query, value, _reader, args) => {
          const token =
            args.connectable_type === 'User' ? String(parseId(value) ?? -1) : `group-${parseId(value) ?? -1}`;
          return query.where('users_and_groups', 'like', `%"${token}"%`);
        },
      },
      // Read with `connectable_id`: whether it names a User or a UserGroup.
      connectable_type: { type: 'String', apply: (query) => query },
    },
  },
  // The recipients and `has_connected_recipient` are read in ./area.ts.
});

export const CompletedOnboardingItem = resource({
  name: 'CompletedOnboardingItem',
  table: 'completed_onboarding_items',
  events: 'completed_onboarding_item',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { gql: 'String', object: 'user', default: (caller) => caller.userId }),
    onboarding_item_id: foreignId({ required: true, gql: 'String' }),
    skipped: bool({ default: false, gql: 'Boolean!' }),
  },
  byId: { name: 'completedOnboardingItem', idType: 'ID!' },
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
  timestamps: { created_at: 'ISO8601DateTime!' },
  fields: {
    patient_id: ref('User', { object: 'patient' }),
    custom_module_form_id: ref('CustomModuleForm', { object: 'custom_module_form' }),
    form_answer_group_id: ref('FormAnswerGroup', { object: 'form_answer_group' }),
    feedback: text(),
  },
  extras: { patient_id: (row) => row.patient_id },
  byId: 'generatedFormAnswerGroup',
});

/**
 * A PDF carehooks rendered (./charting-pdf.ts): the bytes of a document made by generateChartingPdf or
 * shareAnswersAsDocument, which the document itself does not keep. No events: its document has them.
 */
export const GeneratedPdf = resource({
  name: 'GeneratedPdf',
  table: 'generated_pdfs',
  owner: 'document_id',
  fields: {
    document_id: ref('Document', { required: true }),
    // The submissions rendered, as a JSON array of ids.
    form_answer_group_ids: json(),
    // The file, base64-encoded (PDFs of notes are small; a note's answers are capped by their inputs).
    content: text({ required: true, maxLength: 20_000_000 }),
    byte_size: int({ required: true }),
  },
});

export const resources = [
  CustomModuleForm,
  CustomModule,
  CustomModuleCondition,
  FormAnswer,
  FormAnswerGroupSigning,
  FormAnswerGroupUserConnection,
  FormAnswerGroup,
  FormAnswerGroupAuditEvent,
  ChartingNoteAddendum,
  RequestedFormCompletion,
  RecurringForm,
  CompletedOnboardingItem,
  AppointmentFormAnswerGroupConnection,
  GeneratedFormAnswerGroup,
  GeneratedPdf,
] as const;

export type FormsChartingTables = TablesOf<(typeof resources)[number]>;
