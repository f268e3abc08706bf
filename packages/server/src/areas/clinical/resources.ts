/**
 * Clinical records: medications, allergies, family history, referrals and referring physicians, care plans
 * and their goals, journal entries and their comments, lab orders and results, and the records only
 * integrations write (diagnoses, prescriptions, e-prescribing notices, goal templates). Names and types
 * follow healthie-schema.graphql; createLabResult, updateLabResult and updateComment are not in it and are
 * designed in Healthie's style, as is the DosespotNotification type. Behaviour is bound in ./area.ts.
 */
import { JOURNAL_ENTRY_TYPES, entryEventPrefix } from './entries.js';
import {
  bool,
  date,
  datetime,
  email,
  enumOf,
  equals,
  float,
  foreignId,
  int,
  json,
  parseId,
  ref,
  resource,
  text,
  typedDb,
  type ExtraSource,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

const patientOwned: Record<string, ExtraSource> = { user_id: (row) => row.user_id };

export const Medication = resource({
  name: 'Medication',
  type: 'MedicationType',
  table: 'medications',
  events: 'medication',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, input: 'String', writable: 'create' }),
    name: text(),
    custom_name: text(),
    code: text(),
    active: bool({ default: false }),
    dosage: text(),
    frequency: text(),
    route: text(),
    directions: text(),
    comment: text(),
    start_date: date(),
    end_date: date(),
    dosage_option_id: foreignId({ writable: 'create' }),
  },
  extras: patientOwned,
  byId: 'medication',
  list: {
    name: 'medications',
    args: {
      patient_id: equals('user_id'),
      active: { type: 'Boolean', apply: (q, v) => q.where('active', '=', v ? 1 : 0) },
    },
    ignored: { unreconciled_from_ccda_ingest: 'Boolean' },
  },
  payloadField: 'medication',
  mutations: {
    // Healthie lets an import set the record's timestamps; carehooks keeps its own.
    create: { name: 'createMedication', ignored: { created_at: 'String', updated_at: 'String' } },
    update: 'updateMedication',
    delete: {
      name: 'deleteMedication',
      input: 'destroyMedicationInput',
      payload: 'destroyMedicationPayload',
    },
  },
});

export const AllergySensitivity = resource({
  name: 'AllergySensitivity',
  table: 'allergy_sensitivities',
  events: 'allergy_sensitivity',
  owner: 'user_id',
  payloadField: 'allergy_sensitivity',
  fields: {
    user_id: ref('User', { required: true, input: 'String' }),
    category: text({ required: true }),
    category_type: text(),
    name: text(),
    custom_name: text(),
    reaction: text(),
    custom_reaction: text(),
    reaction_type: text(),
    severity: text(),
    status: text(),
    onset_date: date(),
    drug_allergen_id: foreignId({ writable: 'create' }),
    created_by_id: ref('User', {
      writable: 'none',
      object: 'created_by',
      default: (caller) => caller.userId,
    }),
  },
  extras: patientOwned,
  byId: 'allergySensitivity',
  mutations: {
    create: { name: 'createAllergySensitivity', ignored: { id: 'ID' } },
    update: { name: 'updateAllergySensitivity', idType: 'String' },
    delete: 'deleteAllergySensitivity',
  },
});

export const FamilyHistoryCondition = resource({
  name: 'FamilyHistoryCondition',
  table: 'family_history_conditions',
  events: 'family_history_condition',
  owner: 'user_id',
  payloadField: 'family_history_condition',
  fields: {
    user_id: ref('User', { required: true, object: 'user' }),
    concept_id: text(),
    relationships: json({ gql: '[String!]', input: '[String]' }),
  },
  extras: patientOwned,
  byId: 'familyHistoryCondition',
  mutations: {
    create: 'createFamilyHistory',
    update: 'updateFamilyHistory',
    delete: 'deleteFamilyHistory',
  },
});

const physicianInputs = { location: 'PhysicianLocationInput', referrals: '[PhysicianReferralInput]' };

export const ReferringPhysician = resource({
  name: 'ReferringPhysician',
  table: 'referring_physicians',
  events: 'referring_physician',
  payloadField: 'referring_physician',
  fields: {
    first_name: text(),
    last_name: text(),
    business_name: text(),
    speciality: text(),
    email: email(),
    phone_number: text(),
    fax_number: text(),
    website: text(),
    npi: text(),
    other_id: text(),
    other_id_qualifier: text(),
    accepts_insurance: bool(),
    notes: text(),
    metadata: text(),
    location_id: ref('Location', { writable: 'none', object: 'location' }),
    provider_id: ref('User', { writable: 'none', object: 'provider', default: (caller) => caller.userId }),
  },
  byId: { name: 'referringPhysician', ignored: { has_fax_number: 'Boolean', user_id: 'String' } },
  mutations: {
    create: { name: 'createReferringPhysician', inputs: physicianInputs },
    update: { name: 'updateReferringPhysician', inputs: physicianInputs },
    delete: { name: 'deleteReferringPhysician', field: 'referringPhysician' },
  },
  many: { referrals: { type: '[Referral!]', resource: 'Referral', foreignKey: 'referring_physician_id' } },
  // full_name and referrals_count are added in ./area.ts (full_name is the patients area's helper).
});

export const Referral = resource({
  name: 'Referral',
  table: 'referrals',
  events: 'referral',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, object: 'user' }),
    referring_physician_id: ref('ReferringPhysician', { object: 'referring_physician' }),
    referral_reason: text(),
    metadata: text(),
  },
  byId: 'referral',
  mutations: { create: 'createReferral', update: 'updateReferral', delete: 'deleteReferral' },
});

/** Whether the plan is switched on for anyone (`CarePlan.is_active`). */
async function carePlanIsActive(row: StoredRow, reader: Reader): Promise<boolean> {
  const found = await typedDb<ClinicalTables>(reader)
    .selectFrom('care_plan_activations')
    .select('id')
    .where('care_plan_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return found !== undefined;
}

/** `CarePlan.group_plan_is_active_for_given_user(patient_id)`. */
async function groupPlanIsActiveFor(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<boolean> {
  const found = await typedDb<ClinicalTables>(reader)
    .selectFrom('care_plan_activations')
    .select('id')
    .where('care_plan_id', '=', row.id)
    .where('user_id', '=', parseId(args.patient_id) ?? -1)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return found !== undefined;
}

export const CarePlan = resource({
  name: 'CarePlan',
  table: 'care_plans',
  events: 'care_plan',
  owner: 'patient_id',
  fields: {
    name: text({ required: true }),
    description: text({ writable: 'update' }),
    patient_id: ref('User', { object: 'patient', writable: 'create' }),
    user_group_id: foreignId({ writable: 'update' }),
    is_hidden: bool({ default: true }),
    is_template: bool({ default: false, writable: 'update' }),
    creator_id: ref('User', { writable: 'none', object: 'creator', default: (caller) => caller.userId }),
  },
  extras: { patient_id: (row) => row.patient_id, user_group_id: (row) => row.user_group_id },
  byId: 'carePlan',
  list: {
    name: 'carePlans',
    args: {
      patient_id: equals('patient_id'),
      templates_only: { type: 'Boolean', apply: (q, v) => (v ? q.where('is_template', '=', 1) : q) },
    },
    ignored: { template_search_keywords: 'String' },
  },
  payloadField: 'carePlan',
  mutations: {
    create: { name: 'createCarePlan', ignored: { is_managing_templates: 'Boolean' } },
    update: {
      name: 'updateCarePlan',
      inputs: { new_patient_id: 'ID' },
      ignored: {
        doc_id: 'ID',
        from_template: 'Boolean',
        is_creating: 'Boolean',
        is_updating: 'Boolean',
        is_managing_templates: 'Boolean',
      },
    },
    delete: 'deleteCarePlan',
  },
  many: { goals: { type: '[Goal!]!', resource: 'Goal', foreignKey: 'care_plan_id' } },
  computed: {
    is_active: { type: 'Boolean', resolve: carePlanIsActive },
    is_group: { type: 'Boolean', resolve: (row) => row.user_group_id != null },
    group_plan_is_active_for_given_user: {
      type: 'Boolean',
      args: { patient_id: 'ID' },
      resolve: groupPlanIsActiveFor,
    },
  },
});

/** A care plan switched on for one patient (their own plan, or a plan of their group). */
export const CarePlanActivation = resource({
  name: 'CarePlanActivation',
  table: 'care_plan_activations',
  owner: 'user_id',
  uniqueBy: ['care_plan_id', 'user_id'],
  fields: {
    care_plan_id: ref('CarePlan', { required: true, object: 'care_plan' }),
    user_id: ref('User', { required: true, object: 'user' }),
    is_group: bool({ default: false }),
  },
});

export const Goal = resource({
  name: 'Goal',
  table: 'goals',
  events: 'goal',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, input: 'String', object: 'user' }),
    care_plan_id: ref('CarePlan', { writable: 'create' }),
    parent_id: ref('Goal', { input: 'String', writable: 'create' }),
    name: text({ required: true }),
    description: text(),
    repeat: text({ default: 'Daily' }),
    start_on: date(),
    due_date: date(),
    title_link: text(),
    program_goal: bool({ default: false }),
    source_template_id: ref('GoalTemplate', { input: 'String', gql: 'String' }),
    created_user_id: ref('User', { input: 'String', writable: 'update', default: (caller) => caller.userId }),
  },
  extras: {
    care_plan_id: (row) => row.care_plan_id,
    parent_id: (row) => row.parent_id,
    user_id: (row) => row.user_id,
  },
  byId: {
    name: 'goal',
    ignored: {
      client_id: 'ID',
      date: 'String',
      get_client_goal: 'Boolean',
      patient_goal_module: 'Boolean',
      program_goal: 'Boolean',
    },
  },
  list: {
    name: 'goals',
    args: { user_id: equals('user_id') },
    ignored: {
      category: 'String',
      end_range: 'String',
      frequency_filter: 'String',
      keywords: 'String',
      per_page: 'Int',
      rel_goal_id: 'String',
      start_range: 'String',
      status_filter: 'String',
    },
    defaultOrder: ['id', 'desc'],
  },
  mutations: {
    create: {
      name: 'createGoal',
      inputs: { use_as_template: 'Boolean', subgoals: '[SubgoalInput]' },
      ignored: { reminder: 'ReminderInput' },
    },
    update: {
      name: 'updateGoal',
      idType: 'String',
      inputs: { use_as_template: 'Boolean', subgoals: '[SubgoalInput]' },
      ignored: { reminder: 'ReminderInput', from_update_form: 'Boolean' },
    },
    delete: 'deleteGoal',
  },
  many: {
    subgoals: { type: '[Goal!]', resource: 'Goal', foreignKey: 'parent_id' },
    goal_histories: { type: '[GoalHistory!]!', resource: 'GoalHistory', foreignKey: 'goal_id' },
  },
});

export const GoalTemplate = resource({
  name: 'GoalTemplate',
  table: 'goal_templates',
  events: 'goal_template',
  fields: {
    name: text(),
    description: text(),
    repeat: text({ default: 'Daily' }),
    title_link: text(),
    goal_id: ref('Goal', { gql: 'String' }),
    parent_id: ref('GoalTemplate', { gql: 'String' }),
    user_id: ref('User', { gql: 'String', object: 'user' }),
    is_healthie_default: bool({ default: false }),
  },
  extras: {
    goal_id: (row) => row.goal_id,
    parent_id: (row) => row.parent_id,
    user_id: (row) => row.user_id,
  },
  byId: 'goalTemplate',
  many: { subgoal_templates: { type: '[GoalTemplate!]', resource: 'GoalTemplate', foreignKey: 'parent_id' } },
});

export const GoalHistory = resource({
  name: 'GoalHistory',
  table: 'goal_histories',
  events: 'goal_history',
  owner: 'goal_id',
  fields: {
    goal_id: ref('Goal', { required: true, input: 'String', object: 'goal' }),
    user_id: ref('User', { input: 'String', object: 'user' }),
    completed_on: date(),
  },
  extras: { goal_id: (row) => row.goal_id, user_id: (row) => row.user_id },
  byId: 'goalHistory',
  payloadField: 'goalHistory',
  mutations: {
    create: {
      name: 'createGoalHistory',
      inputs: { mark_parent_complete: 'Boolean' },
    },
    delete: { name: 'deleteGoalHistory', field: 'goal_history', ignored: { completed_on: 'String' } },
  },
});

export const Entry = resource({
  name: 'Entry',
  table: 'entries',
  events: entryEventPrefix,
  owner: 'user_id',
  fields: {
    user_id: ref('User', { input: 'String', object: 'poster', default: (caller) => caller.userId }),
    type: enumOf(JOURNAL_ENTRY_TYPES, { required: true, writable: 'create' }),
    category: text(),
    metric_stat: float({ input: 'String' }),
    description: text(),
    reflection: text(),
    emotions: text(),
    symptoms: text(),
    other_symptom: text(),
    ed_prehunger: text(),
    ed_posthunger: text(),
    perceived_hungriness: text(),
    food_items: text(),
    meal_name: text(),
    meal_ids: text(),
    image_string: text(),
    third_party_source: text(),
    hide_from_main_feed: bool({ default: false, writable: 'update' }),
    viewed: bool({ default: false, writable: 'update' }),
    added_by_user_id: ref('User', {
      writable: 'none',
      object: 'added_by_user',
      default: (caller) => caller.userId,
    }),
  },
  byId: { name: 'entry', ignored: { client_id: 'ID', type: 'String' } },
  list: {
    name: 'entries',
    args: {
      client_id: equals('user_id', 'String'),
      type: equals('type', 'String'),
      category: equals('category', 'String'),
    },
    ignored: { is_org: 'Boolean', summary_view: 'Boolean', keywords: 'String', group_id: 'String' },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createEntry',
      // The entry's time is carehooks' own; provider notifications are not sent.
      ignored: { created_at: 'String', notify_provider: 'Boolean' },
    },
    update: { name: 'updateEntry', ignored: { created_at: 'String' } },
    delete: 'deleteEntry',
  },
  many: { comments: { type: '[Comment!]!', resource: 'Comment', foreignKey: 'entry_id' } },
});

export const Comment = resource({
  name: 'Comment',
  table: 'comments',
  events: 'comment',
  owner: 'entry_id',
  fields: {
    entry_id: ref('Entry', { required: true, gql: 'String', writable: 'create' }),
    content: text({ required: true }),
    is_reaction: bool({ default: false }),
    user_id: ref('User', { object: 'poster', writable: 'create', default: (caller) => caller.userId }),
  },
  byId: 'comment',
  mutations: {
    create: 'createComment',
    // Not in the 2024-06 schema: designed like createComment, with the comment's id.
    update: 'updateComment',
    delete: 'deleteComment',
  },
});

export const LabOrder = resource({
  name: 'LabOrder',
  table: 'lab_orders',
  events: 'lab_order',
  owner: 'patient_id',
  payloadField: 'lab_order',
  fields: {
    patient_id: ref('User', { required: true, object: 'patient' }),
    orderer_id: ref('User', { writable: 'create', object: 'orderer', default: (caller) => caller.userId }),
    document_id: foreignId({ writable: 'create' }),
    lab: text({ writable: 'create' }),
    lab_company: text({ writable: 'create' }),
    appt_confirmation_code: text({ writable: 'update' }),
    integration: text({ writable: 'none', default: 'manual' }),
    status: text({ writable: 'none' }),
    normalized_status: text({ writable: 'none' }),
    abnormal: bool({ writable: 'none' }),
    test_date: text({ writable: 'none' }),
  },
  byId: 'labOrder',
  list: {
    name: 'labOrders',
    args: { client_id: equals('patient_id') },
    defaultOrder: ['updated_at', 'desc'],
  },
  mutations: {
    create: 'createLabOrder',
    update: { name: 'updateLabOrder', ignored: { force_appointment_reload: 'Boolean' } },
  },
  many: { lab_results: { type: '[LabResult!]!', resource: 'LabResult', foreignKey: 'lab_order_id' } },
});

export const LabResult = resource({
  name: 'LabResult',
  table: 'lab_results',
  events: 'lab_result',
  owner: 'lab_order_id',
  payloadField: 'lab_result',
  fields: {
    lab_order_id: ref('LabOrder', { required: true, writable: 'create' }),
    document_id: foreignId({ required: true }),
    patient_id: ref('User', { object: 'patient' }),
    // Defaults to the order's orderer (see labResultDefaults); the events always carry it.
    ordering_physician_id: ref('User', {
      required: true,
      object: 'ordering_physician',
      default: (caller) => caller.userId,
    }),
    result_type: text(),
    status_flag: text(),
    file_string: text(),
  },
  extras: {
    lab_order_id: (row) => row.lab_order_id,
    document_id: (row) => row.document_id,
    patient_id: (row) => row.patient_id,
    ordering_physician_id: (row) => row.ordering_physician_id,
  },
  byId: 'labResult',
  // Neither mutation is in the 2024-06 schema: designed like createLabOrder / updateLabOrder.
  mutations: {
    create: 'createLabResult',
    update: 'updateLabResult',
  },
});

/** Written by charting and integrations only; their internal sources come later. */
export const Diagnosis = resource({
  name: 'Diagnosis',
  table: 'diagnoses',
  events: 'diagnosis',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, object: 'user' }),
    icd_code_id: foreignId({ required: true }),
    display_name: text(),
    active: bool({ default: true }),
    primary: bool({ default: false }),
    first_symptom_date: date(),
    end_date: date(),
    custom_module_id: foreignId(),
  },
  extras: { icd_code_id: (row) => row.icd_code_id, user_id: (row) => row.user_id },
  byId: 'diagnosis',
});

export const Prescription = resource({
  name: 'Prescription',
  table: 'prescriptions',
  events: 'prescription',
  owner: 'patient_id',
  fields: {
    patient_id: ref('User', { object: 'patient' }),
    product_name: text(),
    status: text(),
    dosage: text(),
    dose_form: text(),
    directions: text(),
    route: text(),
    quantity: text(),
    unit: text(),
    refills: text(),
    days_supply: int(),
    date_written: text(),
    effective_date: text(),
    last_fill_date: text(),
    date_inactive: text(),
    ndc: text(),
    rxcui: text(),
    schedule: text(),
    prescriber_name: text(),
    pharmacy_notes: text(),
    comment: text(),
    is_urgent: bool(),
    no_substitutions: bool(),
  },
  byId: 'prescription',
});

/** A notice pushed by DoseSpot; Healthie's schema has no type for it, so it is designed here. */
export const DosespotNotification = resource({
  name: 'DosespotNotification',
  table: 'dosespot_notifications',
  events: 'dosespot_notification',
  fields: {
    user_id: ref('User', { object: 'user' }),
    notification_type: text(),
    message: text(),
    count: int({ min: 0 }),
    received_at: datetime(),
  },
  byId: 'dosespotNotification',
});

export const resources = [
  Medication,
  AllergySensitivity,
  FamilyHistoryCondition,
  ReferringPhysician,
  Referral,
  CarePlan,
  CarePlanActivation,
  Goal,
  GoalTemplate,
  GoalHistory,
  Entry,
  Comment,
  LabOrder,
  LabResult,
  Diagnosis,
  Prescription,
  DosespotNotification,
] as const;

export type ClinicalTables = TablesOf<(typeof resources)[number]>;
