/**
 * Clinical records: medications, allergies, family history, referrals and referring physicians, care plans
 * and their goals, journal entries and their comments, lab orders and results, and the records only
 * integrations write (diagnoses, prescriptions, e-prescribing notices, goal templates). Names and types
 * follow healthie-schema.graphql; createLabResult, updateLabResult and updateComment are not in it and are
 * designed in Healthie's style, as is the DosespotNotification type. Records Healthie nests in these
 * (goal reminders, lab observation requests and results) are declared here without events. Behaviour is
 * bound in ./area.ts; deleteGoalHistory is a special mutation there (its `id` may name a goal).
 */
import { JOURNAL_ENTRY_TYPES, entryEventPrefix } from './entries.js';
import { findEntry, findGoal, findPhysician, findPrescription } from './finders.js';
import {
  flagIs,
  instantRange,
  joinedText,
  numberKey,
  ofUserGroup,
  textKey,
  todayText,
  unreconciledOnly,
} from './list-args.js';
import {
  bool,
  date,
  datetime,
  email,
  enumOf,
  equals,
  float,
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
  type ExtraSource,
  type ListArg,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
type Eb = any;

/** Healthie's times on most clinical types are never null. */
const stamped = { created_at: 'String!', updated_at: 'String!' } as const;

/** Set only by a partner carehooks does not run (an e-prescribing or CCDA import); false until then. */
const partnerFlag = () => bool({ default: false, writable: 'none', gql: 'Boolean!' });

const patientOwned: Record<string, ExtraSource> = { user_id: (row) => row.user_id };

/** Healthie's `SubentryInput`s (./entries.ts). */
const entrySubentries = {
  type: '[SubentryInput]',
  effect:
    'creates (or, with `id`, edits) entries of the same patient within this one: read back as `Entry.subentries`',
};

/** An entry's image (./entry-fields.ts). */
const entryImage = {
  type: 'Upload',
  effect:
    'an image as a data URL (multipart uploads are not served): its content type is read back as `Entry.image_content_type` (the file is not kept)',
};

/** An import's own record times (./timestamps.ts). */
const backDates = {
  type: 'String',
  effect: 'back-dates the record: read back as `created_at`',
};
const backDatesUpdate = {
  type: 'String',
  effect: "the record's last-update time: read back as `updated_at`",
};

export const Medication = resource({
  name: 'Medication',
  type: 'MedicationType',
  table: 'medications',
  events: 'medication',
  owner: 'user_id',
  timestamps: { created_at: 'String!' },
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
    mirrored: partnerFlag(),
    requires_consolidation: bool({ default: false, writable: 'none' }),
  },
  extras: patientOwned,
  byId: 'medication',
  list: {
    name: 'medications',
    args: {
      patient_id: equals('user_id'),
      active: flagIs('active'),
      // A CCDA import leaves the medications it read to be reconciled (`requires_consolidation`).
      unreconciled_from_ccda_ingest: unreconciledOnly,
    },
  },
  payloadField: 'medication',
  mutations: {
    create: { name: 'createMedication', inputs: { created_at: backDates, updated_at: backDatesUpdate } },
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
  timestamps: { created_at: 'String!' },
  fields: {
    user_id: ref('User', { required: true, input: 'String' }),
    category: text({ required: true, gql: 'String!' }),
    category_type: text(),
    name: text(),
    custom_name: text(),
    reaction: text(),
    custom_reaction: text(),
    reaction_type: text(),
    severity: text(),
    // Healthie's allergies are active unless the input says otherwise.
    status: text({ default: 'active' }),
    onset_date: date(),
    drug_allergen_id: foreignId({ writable: 'create' }),
    created_by_id: ref('User', {
      writable: 'none',
      object: 'created_by',
      default: (caller) => caller.userId,
    }),
    mirrored: partnerFlag(),
    requires_consolidation: bool({ default: false, writable: 'none' }),
  },
  extras: patientOwned,
  byId: 'allergySensitivity',
  mutations: {
    create: {
      name: 'createAllergySensitivity',
      inputs: {
        id: {
          type: 'ID',
          effect:
            'an allergy of the same patient the new one replaces: fields the input leaves out (besides the required ones) are taken from it, and it is removed (`allergy_sensitivity.deleted`) after the new one is created',
        },
      },
    },
    update: { name: 'updateAllergySensitivity', idType: 'String' },
    delete: 'deleteAllergySensitivity',
  },
  computed: {
    // Deprecated by Healthie in favour of `status`.
    is_current: { type: 'Boolean', resolve: (row) => row.status == null || row.status === 'active' },
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

/** A physician's city (their Location's), for ordering. */
const physicianCity = (eb: Eb) =>
  eb
    .selectFrom('locations')
    .select('locations.city')
    .whereRef('locations.id', '=', 'referring_physicians.location_id');

/** A physician's last then first name, for ordering. */
const physicianName = joinedText('last_name', 'first_name');

/** How many referrals name the physician, for ordering. */
const physicianReferrals = (eb: Eb) =>
  eb
    .selectFrom('referrals')
    .select((sub: Eb) => sub.fn.countAll().as('count'))
    .whereRef('referrals.referring_physician_id', '=', 'referring_physicians.id');

export const ReferringPhysician = resource({
  name: 'ReferringPhysician',
  table: 'referring_physicians',
  events: 'referring_physician',
  payloadField: 'referring_physician',
  timestamps: stamped,
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
    // The caller who added the physician: always set, and in the physician's organization.
    provider_id: ref('User', {
      writable: 'none',
      object: 'provider',
      objectGql: 'User!',
      default: (caller) => caller.userId,
    }),
  },
  byId: {
    name: 'referringPhysician',
    args: { has_fax_number: 'Boolean', user_id: 'String' },
    find: findPhysician,
  },
  list: {
    name: 'referringPhysicians',
    count: 'referringPhysiciansCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      keywords: keywordsIn('first_name', 'last_name', 'business_name', 'speciality', 'npi', 'email'),
      has_fax_number: {
        type: 'Boolean',
        apply: (query, value) =>
          value
            ? query.where('fax_number', 'is not', null).where('fax_number', '!=', '')
            : query.where((eb: Eb) => eb.or([eb('fax_number', 'is', null), eb('fax_number', '=', '')])),
      },
    },
    orderBy: {
      enum: 'ReferringPhysicianOrderKeys',
      values: {
        NAME_ASC: [physicianName, 'asc'],
        NAME_DESC: [physicianName, 'desc'],
        BUSINESS_NAME_ASC: [textKey('business_name'), 'asc'],
        BUSINESS_NAME_DESC: [textKey('business_name'), 'desc'],
        SPECIALITY_ASC: [textKey('speciality'), 'asc'],
        SPECIALITY_DESC: [textKey('speciality'), 'desc'],
        CITY_ASC: [textKey(physicianCity), 'asc'],
        CITY_DESC: [textKey(physicianCity), 'desc'],
        CLIENTS_REFERRED_ASC: [physicianReferrals, 'asc'],
        CLIENTS_REFERRED_DESC: [physicianReferrals, 'desc'],
      },
    },
    defaultOrder: [physicianName, 'asc'],
  },
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
  timestamps: stamped,
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

/** A plan's patient's first name, for ordering. */
const planClientFirstName = (eb: Eb) =>
  eb.selectFrom('users').select('users.first_name').whereRef('users.id', '=', 'care_plans.patient_id');

/** 1 while a plan is switched on for nobody (deactivated), else 0, for ordering. */
const planDeactivated = (eb: Eb) =>
  eb
    .case()
    .when(
      eb.exists(
        eb
          .selectFrom('care_plan_activations')
          .select('care_plan_activations.id')
          .whereRef('care_plan_activations.care_plan_id', '=', 'care_plans.id'),
      ),
    )
    .then(0)
    .else(1)
    .end();

export const CarePlan = resource({
  name: 'CarePlan',
  table: 'care_plans',
  events: 'care_plan',
  owner: 'patient_id',
  timestamps: stamped,
  fields: {
    name: text({ required: true }),
    description: text({ writable: 'update' }),
    patient_id: ref('User', { object: 'patient', writable: 'create' }),
    user_group_id: ref('UserGroup', { writable: 'update', object: 'user_group' }),
    is_hidden: bool({ default: true, gql: 'Boolean!' }),
    is_template: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    creator_id: ref('User', { writable: 'none', object: 'creator', default: (caller) => caller.userId }),
  },
  extras: { patient_id: (row) => row.patient_id, user_group_id: (row) => row.user_group_id },
  byId: 'carePlan',
  list: {
    name: 'carePlans',
    count: 'carePlansCount',
    cursor: true,
    args: {
      patient_id: equals('patient_id'),
      templates_only: { type: 'Boolean', apply: (q, v) => (v ? q.where('is_template', '=', 1) : q) },
      template_search_keywords: keywordsIn('name'),
    },
    orderBy: {
      enum: 'CarePlanOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        // A plan's status is whether its patients see it.
        STATUS_ASC: ['is_hidden', 'asc'],
        STATUS_DESC: ['is_hidden', 'desc'],
        CLIENT_FIRST_NAME_DESC: [textKey(planClientFirstName), 'desc'],
        CLIENT_FIRST_NAME_ASC: [textKey(planClientFirstName), 'asc'],
        DEACTIVATED_DESC: [planDeactivated, 'desc'],
        DEACTIVATED_ASC: [planDeactivated, 'asc'],
      },
    },
  },
  payloadField: 'carePlan',
  mutations: {
    create: {
      name: 'createCarePlan',
      inputs: {
        is_managing_templates: {
          type: 'Boolean',
          effect: 'when true, the plan is made in the template library (`is_template`)',
        },
      },
    },
    update: {
      name: 'updateCarePlan',
      inputs: {
        new_patient_id: 'ID',
        doc_id: {
          type: 'ID',
          effect: 'attaches the document to the plan (`document.updated`); read back in `CarePlan.documents`',
        },
        from_template: {
          type: 'Boolean',
          effect:
            'the plan named is a template: the update is made to a new copy of it, with its goals and documents, which the mutation answers (the template stays as it was)',
        },
        is_creating: {
          type: 'Boolean',
          effect:
            'announces the new plan to its patients by email when they can see it: one `SentNotificationRecord` (`care_plan_created`) per patient who has not skipped email',
        },
        is_updating: {
          type: 'Boolean',
          effect:
            "announces the plan's changes to its patients by email when they can see it: one `SentNotificationRecord` (`care_plan_updated`) per patient who has not skipped email",
        },
        is_managing_templates: {
          type: 'Boolean',
          effect: 'when true, the plan is kept in the template library (`is_template`)',
        },
      },
    },
    delete: 'deleteCarePlan',
  },
  many: {
    goals: { type: '[Goal!]!', resource: 'Goal', foreignKey: 'care_plan_id' },
    documents: { type: '[Document!]!', resource: 'Document', foreignKey: 'care_plan_id' },
  },
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

const INDIVIDUAL = ['individual', 'client', 'user', 'personal'];

/**
 * The goals a `category` names, as a condition on a 0/1 program flag: a program's goals (`program`) or a
 * patient's own (`individual`, also `client` / `user`); null for `all` (every goal). Any other category
 * names no goal.
 */
function categoryCondition(value: unknown, column: string): ((eb: Eb) => unknown) | null {
  const category = String(value).trim().toLowerCase();
  if (category === 'all') return null;
  if (category === 'program') return (eb) => eb(column, '=', 1);
  if (INDIVIDUAL.includes(category)) return (eb) => eb(column, '=', 0);
  return (eb) => eb('id', '=', -1);
}

const goalCategory: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const condition = categoryCondition(value, 'program_goal');
    return condition ? query.where(condition) : query;
  },
};

/** A goal's reminder input (./goal-reminders.ts). */
const goalReminder = {
  type: 'ReminderInput',
  effect:
    "creates, edits or (`remove_reminder`) removes the goal's reminder; read back as `Goal.reminder` (carehooks sends no reminders)",
};

/**
 * `status_filter`: `active` goals are under way today (started, not past their due date), `inactive` ones
 * are not, `completed` ones have been marked done at least once; `all` keeps every goal.
 */
const goalStatus: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const status = String(value).trim().toLowerCase();
    const today = todayText();
    const current = (eb: Eb) =>
      eb.and([
        eb.or([eb('start_on', 'is', null), eb('start_on', '<=', today)]),
        eb.or([eb('due_date', 'is', null), eb('due_date', '>=', today)]),
      ]);
    if (status === 'all') return query;
    if (status === 'active') return query.where(current);
    if (status === 'inactive') return query.where((eb: Eb) => eb.not(current(eb)));
    if (status === 'completed')
      return query.where((eb: Eb) =>
        eb.exists(
          eb
            .selectFrom('goal_histories')
            .select('goal_histories.id')
            .whereRef('goal_histories.goal_id', '=', 'goals.id'),
        ),
      );
    return query.where('id', '=', -1);
  },
};

/** 1 for a goal past its due date, 0 for one under way, for ordering by status. */
const goalEnded = (eb: Eb) => eb.case().when('due_date', '<', todayText()).then(1).else(0).end();

/** Due date, then start date (`DUE_DATE_START_DATE_DESC`). */
const dueThenStart = joinedText('due_date', 'start_on');

export const Goal = resource({
  name: 'Goal',
  table: 'goals',
  events: 'goal',
  owner: 'user_id',
  timestamps: { created_at: 'String!' },
  fields: {
    user_id: ref('User', { required: true, input: 'String', object: 'user' }),
    care_plan_id: ref('CarePlan', { writable: 'create' }),
    parent_id: ref('Goal', { input: 'String', writable: 'create' }),
    name: text({ required: true }),
    description: text(),
    repeat: text({ default: 'Daily' }),
    // Today when the input gives no day (./goals.ts).
    start_on: date({ gql: 'String!' }),
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
    args: {
      client_id: 'ID',
      date: 'String',
      get_client_goal: 'Boolean',
      patient_goal_module: 'Boolean',
      program_goal: 'Boolean',
    },
    find: findGoal,
  },
  list: {
    name: 'goals',
    count: 'goalsCount',
    cursor: true,
    args: {
      user_id: equals('user_id'),
      category: goalCategory,
      frequency_filter: {
        type: 'String',
        apply: (query, value) =>
          query.where((eb: Eb) => eb(eb.fn('lower', ['repeat']), '=', String(value).trim().toLowerCase())),
      },
      keywords: keywordsIn('name', 'description'),
      // The goal and its subgoals.
      rel_goal_id: {
        type: 'String',
        apply: (query, value) => {
          const id = parseId(value) ?? -1;
          return query.where((eb: Eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]));
        },
      },
      // Goals under way at some time in the range (start_range / end_range, YYYY-MM-DD).
      start_range: {
        type: 'String',
        apply: (query, value) =>
          query.where((eb: Eb) => eb.or([eb('due_date', 'is', null), eb('due_date', '>=', String(value))])),
      },
      end_range: {
        type: 'String',
        apply: (query, value) =>
          query.where((eb: Eb) => eb.or([eb('start_on', 'is', null), eb('start_on', '<=', String(value))])),
      },
      status_filter: goalStatus,
    },
    pageSizeArg: 'per_page',
    orderBy: {
      enum: 'GoalOrderKeys',
      values: {
        START_DATE_ASC: ['start_on', 'asc'],
        START_DATE_DESC: ['start_on', 'desc'],
        FREQUENCY_ASC: ['repeat', 'asc'],
        FREQUENCY_DESC: ['repeat', 'desc'],
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        STATUS_ASC: [goalEnded, 'asc'],
        STATUS_DESC: [goalEnded, 'desc'],
        DUE_DATE_ASC: [textKey('due_date'), 'asc'],
        DUE_DATE_DESC: [textKey('due_date'), 'desc'],
        DUE_DATE_START_DATE_DESC: [dueThenStart, 'desc'],
      },
    },
    defaultOrder: ['id', 'desc'],
  },
  mutations: {
    create: {
      name: 'createGoal',
      inputs: { use_as_template: 'Boolean', subgoals: '[SubgoalInput]', reminder: goalReminder },
    },
    update: {
      name: 'updateGoal',
      idType: 'String',
      inputs: {
        use_as_template: 'Boolean',
        subgoals: '[SubgoalInput]',
        reminder: goalReminder,
        from_update_form: {
          type: 'Boolean',
          effect:
            'the input is the whole goal form: its `subgoals` are all the subgoals, and those it leaves out are removed (`goal.deleted`)',
        },
      },
    },
    delete: 'deleteGoal',
  },
  many: {
    subgoals: { type: '[Goal!]', resource: 'Goal', foreignKey: 'parent_id' },
    goal_histories: { type: '[GoalHistory!]!', resource: 'GoalHistory', foreignKey: 'goal_id' },
  },
});

/**
 * A goal's reminder. Healthie types it `Reminder`, the type of a task's reminder (tasks area); goal
 * reminders are kept here with the same columns and answered as that type (`Goal.reminder`). carehooks
 * sends no reminders.
 */
export const GoalReminder = resource({
  name: 'GoalReminder',
  table: 'goal_reminders',
  owner: 'goal_id',
  fields: {
    goal_id: ref('Goal', { required: true, writable: 'create' }),
    interval_type: enumOf(['daily', 'weekly', 'once'], { default: 'daily', gql: 'String!' }),
    interval_value: text(),
    is_enabled: bool({ default: false, gql: 'Boolean!' }),
  },
});

/** `category` of goal templates: Healthie's own (`default`) or the organization's (`custom`). */
const templateCategory: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const category = String(value).trim().toLowerCase();
    if (category === 'all') return query;
    if (category === 'default' || category === 'healthie') return query.where('is_healthie_default', '=', 1);
    if (category === 'custom') return query.where('is_healthie_default', '=', 0);
    return query.where('id', '=', -1);
  },
};

export const GoalTemplate = resource({
  name: 'GoalTemplate',
  table: 'goal_templates',
  events: 'goal_template',
  idGql: 'String!',
  fields: {
    name: text(),
    description: text(),
    repeat: text({ default: 'Daily', gql: 'String!' }),
    title_link: text(),
    goal_id: ref('Goal', { gql: 'String' }),
    parent_id: ref('GoalTemplate', { gql: 'String' }),
    user_id: ref('User', { gql: 'String', object: 'user' }),
    is_healthie_default: bool({ default: false, gql: 'Boolean!' }),
  },
  extras: {
    goal_id: (row) => row.goal_id,
    parent_id: (row) => row.parent_id,
    user_id: (row) => row.user_id,
  },
  byId: 'goalTemplate',
  list: {
    name: 'goalTemplates',
    count: 'goalTemplatesCount',
    args: {
      user_id: equals('user_id'),
      keywords: keywordsIn('name', 'description'),
      category: templateCategory,
    },
    defaultOrder: [textKey('name'), 'asc'],
  },
  many: { subgoal_templates: { type: '[GoalTemplate!]', resource: 'GoalTemplate', foreignKey: 'parent_id' } },
});

/** Histories of goals that match `where` (a condition on the `goals` table). */
const historiesOfGoals = (where: (eb: Eb) => unknown) => (query: Eb) =>
  query.where('goal_id', 'in', (eb: Eb) => eb.selectFrom('goals').select('goals.id').where(where));

export const GoalHistory = resource({
  name: 'GoalHistory',
  table: 'goal_histories',
  events: 'goal_history',
  owner: 'goal_id',
  timestamps: { created_at: 'String!' },
  fields: {
    goal_id: ref('Goal', { required: true, input: 'String', object: 'goal' }),
    user_id: ref('User', { input: 'String', object: 'user' }),
    // Today when the input gives no day (./goal-histories.ts).
    completed_on: date({ gql: 'String!' }),
  },
  extras: { goal_id: (row) => row.goal_id, user_id: (row) => row.user_id },
  byId: 'goalHistory',
  list: {
    name: 'goalHistories',
    count: 'goalHistoriesCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      user_id: equals('user_id'),
      category: {
        type: 'String',
        apply: (query, value) => {
          const condition = categoryCondition(value, 'goals.program_goal');
          return condition ? historiesOfGoals(condition)(query) : query;
        },
      },
      // Histories of subgoals are left out unless asked for.
      include_subgoals: {
        type: 'Boolean',
        always: true,
        apply: (query, value) =>
          value === true ? query : historiesOfGoals((eb: Eb) => eb('goals.parent_id', 'is', null))(query),
      },
      // One history per goal: its latest.
      unique: {
        type: 'Boolean',
        apply: (query, value) =>
          value
            ? query.where('id', 'in', (eb: Eb) =>
                eb
                  .selectFrom('goal_histories as latest')
                  .select((sub: Eb) => sub.fn.max('latest.id').as('id'))
                  .groupBy('latest.goal_id'),
              )
            : query,
      },
    },
    defaultOrder: ['completed_on', 'desc'],
  },
  payloadField: 'goalHistory',
  mutations: {
    create: {
      name: 'createGoalHistory',
      inputs: { mark_parent_complete: 'Boolean' },
    },
  },
});

/** Entries of the caller's own clients (`is_org: false`), or of the whole organization (`true`). */
const entriesOfOrg: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader) =>
    value
      ? query
      : query.where('user_id', 'in', (eb: Eb) =>
          eb.selectFrom('users').select('users.id').where('users.dietitian_id', '=', reader.caller.userId),
        ),
};

/** Only the latest entry of each kind (type and category) of each patient. */
const summaryView: ListArg = {
  type: 'Boolean',
  apply: (query, value) =>
    value
      ? query.where('id', 'in', (eb: Eb) =>
          eb
            .selectFrom('entries as latest')
            .select((sub: Eb) => sub.fn.max('latest.id').as('id'))
            .groupBy(['latest.user_id', 'latest.type', 'latest.category']),
        )
      : query,
};

export const Entry = resource({
  name: 'Entry',
  table: 'entries',
  events: entryEventPrefix,
  owner: 'user_id',
  timestamps: stamped,
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
    hide_from_main_feed: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    viewed: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    added_by_user_id: ref('User', {
      writable: 'none',
      object: 'added_by_user',
      default: (caller) => caller.userId,
    }),
    // Whether the poster asked for the provider to be notified; carehooks sends no notifications.
    notify_provider: bool({ writable: 'create' }),
    // The entry a sub-entry belongs to (`subentries` input).
    parent_entry_id: ref('Entry', { writable: 'none', gql: 'ID' }),
    // From the `image` input (a data URL): carehooks keeps no file contents, only their type.
    image_content_type: text({ writable: 'none' }),
    // Set by the health-data integrations (Apple Health and the like) that import entries.
    external_id: text({ writable: 'none' }),
    external_id_type: text({ writable: 'none' }),
    // How many readings an average entry stands for (bulkCreateEntries' `entries_in_average`; ./bulk-entries.ts).
    entries_in_average: int({ writable: 'none' }),
  },
  byId: { name: 'entry', args: { client_id: 'ID', type: 'String' }, find: findEntry },
  list: {
    name: 'entries',
    count: 'entriesCount',
    cursor: true,
    args: {
      client_id: equals('user_id', 'String'),
      type: equals('type', 'String'),
      category: equals('category', 'String'),
      // The sub-entries of one entry; without it, entries that are not sub-entries.
      entry_id: {
        type: 'String',
        always: true,
        apply: (query, value) =>
          value === undefined || value === null || value === ''
            ? query.where('parent_entry_id', 'is', null)
            : query.where('parent_entry_id', '=', parseId(value) ?? -1),
      },
      start_range: instantRange('created_at', 'start'),
      end_range: instantRange('created_at', 'end'),
      start_datetime_range: instantRange('created_at', 'start'),
      end_datetime_range: instantRange('created_at', 'end'),
      group_id: ofUserGroup('user_id'),
      is_org: entriesOfOrg,
      keywords: keywordsIn(
        'description',
        'category',
        'reflection',
        'meal_name',
        'food_items',
        'other_symptom',
      ),
      summary_view: summaryView,
    },
    orderBy: {
      enum: 'EntryOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        METRIC_STAT_ASC: [numberKey('metric_stat'), 'asc'],
        METRIC_STAT_DESC: [numberKey('metric_stat'), 'desc'],
        THIRD_PARTY_SOURCE_ASC: [textKey('third_party_source'), 'asc'],
        THIRD_PARTY_SOURCE_DESC: [textKey('third_party_source'), 'desc'],
        UNSORTED: ['id', 'asc'],
      },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createEntry',
      inputs: { created_at: backDates, subentries: entrySubentries, image: entryImage },
    },
    update: {
      name: 'updateEntry',
      inputs: {
        created_at: { type: 'String', effect: 're-dates the entry: read back as `created_at`' },
        subentries: entrySubentries,
        image: entryImage,
      },
    },
    delete: 'deleteEntry',
  },
  many: {
    comments: { type: '[Comment!]!', resource: 'Comment', foreignKey: 'entry_id' },
    subentries: { type: '[Entry!]', resource: 'Entry', foreignKey: 'parent_entry_id' },
  },
});

export const Comment = resource({
  name: 'Comment',
  table: 'comments',
  events: 'comment',
  owner: 'entry_id',
  timestamps: { created_at: 'String!' },
  fields: {
    entry_id: ref('Entry', { required: true, gql: 'String', writable: 'create' }),
    content: text({ required: true }),
    is_reaction: bool({ default: false, gql: 'Boolean!' }),
    user_id: ref('User', {
      object: 'poster',
      writable: 'create',
      gql: 'ID!',
      default: (caller) => caller.userId,
    }),
  },
  byId: 'comment',
  list: {
    name: 'comments',
    count: 'commentsCount',
    cursor: true,
    shouldPaginate: true,
    args: { entry_id: equals('entry_id'), entry_ids: idIn('entry_id') },
    defaultOrder: ['created_at', 'asc'],
  },
  mutations: {
    create: 'createComment',
    // Not in the 2024-06 schema: designed like createComment, with the comment's id.
    update: 'updateComment',
    delete: 'deleteComment',
  },
  // author and creator (the poster again, as Healthie answers them) are added in ./area.ts.
});

/** Orders whose `column` names a user matching the filter: an id, or part of a first or last name. */
const userFilter = (column: string): ListArg => ({
  type: 'String',
  apply: (query, value) => {
    const id = parseId(value);
    if (id !== null) return query.where(column, '=', id);
    return query.where(column, 'in', (eb: Eb) =>
      keywordsIn('users.first_name', 'users.last_name').apply(
        eb.selectFrom('users').select('users.id'),
        value,
        undefined as never,
        {},
      ),
    );
  },
});

/** A user's last name, for ordering by the user a column names. */
const lastNameOf = (column: string) => (eb: Eb) =>
  eb.selectFrom('users').select('users.last_name').whereRef('users.id', '=', `lab_orders.${column}`);

const RECENT_DAYS = 30;

export const LabOrder = resource({
  name: 'LabOrder',
  table: 'lab_orders',
  events: 'lab_order',
  owner: 'patient_id',
  payloadField: 'lab_order',
  timestamps: stamped,
  fields: {
    patient_id: ref('User', { required: true, object: 'patient' }),
    orderer_id: ref('User', { writable: 'create', object: 'orderer', default: (caller) => caller.userId }),
    document_id: foreignId({ writable: 'create' }),
    lab: text({ writable: 'create' }),
    lab_company: text({ writable: 'create' }),
    appt_confirmation_code: text({ writable: 'update' }),
    integration: text({ writable: 'none', default: 'manual', gql: 'String!' }),
    status: text({ writable: 'none' }),
    normalized_status: text({ writable: 'none' }),
    abnormal: bool({ writable: 'none' }),
    test_date: text({ writable: 'none' }),
    // The order as submitted to the lab vendor (`submission` input), kept for the vendor integration.
    submission: json({ writable: 'none' }),
    // The lab vendor's identifiers and requisition, set by its integration.
    external_identifier: text({ writable: 'none', gql: 'ID' }),
    lta_id: text({ writable: 'none' }),
    rupa_order_id: text({ writable: 'none' }),
    requisition_document_id: foreignId({ writable: 'none' }),
  },
  byId: 'labOrder',
  list: {
    name: 'labOrders',
    count: 'labOrdersCount',
    cursor: true,
    args: {
      client_id: equals('patient_id'),
      client_filter: userFilter('patient_id'),
      provider_filter: userFilter('orderer_id'),
      lab_filter: keywordsIn('lab', 'lab_company'),
      keywords: keywordsIn('lab', 'lab_company', 'status'),
      status_filter: {
        type: 'String',
        apply: (query, value) => {
          const status = String(value).trim().toLowerCase();
          return query.where((eb: Eb) =>
            eb.or([
              eb(eb.fn('lower', ['status']), '=', status),
              eb(eb.fn('lower', ['normalized_status']), '=', status),
            ]),
          );
        },
      },
      // Orders changed in the last 30 days.
      recent_orders: {
        type: 'Boolean',
        apply: (query, value) =>
          value ? query.where('updated_at', '>=', Date.now() - RECENT_DAYS * 24 * 60 * 60 * 1000) : query,
      },
    },
    orderBy: {
      enum: 'LabOrderOrderKeys',
      values: {
        NAME_ASC: [textKey('lab'), 'asc'],
        NAME_DESC: [textKey('lab'), 'desc'],
        LAB_ASC: [textKey('lab_company'), 'asc'],
        LAB_DESC: [textKey('lab_company'), 'desc'],
        APPT_ASC: [textKey('test_date'), 'asc'],
        APPT_DESC: [textKey('test_date'), 'desc'],
        CLIENT_LAST_NAME_ASC: [textKey(lastNameOf('patient_id')), 'asc'],
        CLIENT_LAST_NAME_DESC: [textKey(lastNameOf('patient_id')), 'desc'],
        PROVIDER_LAST_NAME_ASC: [textKey(lastNameOf('orderer_id')), 'asc'],
        PROVIDER_LAST_NAME_DESC: [textKey(lastNameOf('orderer_id')), 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
      },
    },
    defaultOrder: ['updated_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createLabOrder',
      inputs: {
        lab_observation_requests: {
          type: '[LabObservationRequestInput]',
          effect:
            "the panel's data points, each with its result: read back as `LabResult.lab_observation_requests` of the order's results",
        },
        submission: {
          type: 'SubmissionInput',
          effect:
            'kept for the lab vendor (a partner carehooks does not run): read back as `LabOrder.submission`',
        },
      },
    },
    update: {
      name: 'updateLabOrder',
      inputs: {
        force_appointment_reload: {
          type: 'Boolean',
          effect:
            'when true, the order is announced again (`lab_order.updated`, even when nothing else changed) so the lab integration reloads its appointment',
        },
      },
    },
  },
  many: {
    lab_results: { type: '[LabResult!]!', resource: 'LabResult', foreignKey: 'lab_order_id' },
    lab_observation_requests: {
      type: '[LabObservationRequest]',
      resource: 'LabObservationRequest',
      foreignKey: 'lab_order_id',
    },
  },
});

/** A data point a lab order collects (`lab_observation_requests` of createLabOrder). */
export const LabObservationRequest = resource({
  name: 'LabObservationRequest',
  table: 'lab_observation_requests',
  owner: 'lab_order_id',
  fields: {
    lab_order_id: ref('LabOrder', { required: true, writable: 'create' }),
    lab_analyte: text(),
  },
  many: {
    lab_observation_results: {
      type: '[LabObservationResult]!',
      resource: 'LabObservationResult',
      foreignKey: 'lab_observation_request_id',
    },
  },
});

/** The result of one lab observation request. */
export const LabObservationResult = resource({
  name: 'LabObservationResult',
  table: 'lab_observation_results',
  owner: 'lab_observation_request_id',
  fields: {
    lab_observation_request_id: ref('LabObservationRequest', { required: true, writable: 'create' }),
    units: text(),
    reference_range: text(),
    qualitative_result: text(),
    quantitative_result: text(),
    notes: text(),
    abnormal_flag: text(),
  },
  computed: {
    // HL7 flags: empty or N is normal; anything else (L, H, A, …) is not.
    is_abnormal: {
      type: 'Boolean',
      resolve: (row) =>
        row.abnormal_flag == null || row.abnormal_flag === ''
          ? null
          : !['N', 'NORMAL'].includes(String(row.abnormal_flag).trim().toUpperCase()),
    },
  },
});

export const LabResult = resource({
  name: 'LabResult',
  table: 'lab_results',
  events: 'lab_result',
  owner: 'lab_order_id',
  payloadField: 'lab_result',
  timestamps: { created_at: 'ISO8601DateTime!' },
  fields: {
    lab_order_id: ref('LabOrder', { required: true, writable: 'create', gql: 'ID!' }),
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
  byId: { name: 'labResult', idType: 'ID!' },
  // Neither mutation is in the 2024-06 schema: designed like createLabOrder / updateLabOrder.
  mutations: {
    create: 'createLabResult',
    update: 'updateLabResult',
  },
  computed: {
    lab_observation_requests: {
      type: '[LabObservationRequest]',
      resolve: (row, reader) =>
        typeof row.lab_order_id === 'number'
          ? manyRows(reader, LabObservationRequest, 'lab_order_id', row.lab_order_id)
          : [],
    },
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
    active: bool({ default: true, gql: 'Boolean!' }),
    primary: bool({ default: false }),
    first_symptom_date: date(),
    end_date: date(),
    custom_module_id: foreignId(),
  },
  extras: { icd_code_id: (row) => row.icd_code_id, user_id: (row) => row.user_id },
  byId: 'diagnosis',
});

/** Written by the e-prescribing partner only (./internal-eprescribing.ts). */
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
    drug_classification: text(),
    encounter: text(),
    monograph_path: text(),
    otc: text(),
    rx_reference_number: text(),
    // The pharmacy the partner sent it to (Healthie's `Pharmacy` object), as the partner reported it.
    pharmacy: json({ writable: 'none', gql: 'Pharmacy' }),
  },
  // Healthie names a prescription by `prescription_id` (and its patient), not `id`.
  byId: {
    name: 'prescription',
    args: { patient_id: 'ID', prescription_id: 'String' },
    find: findPrescription,
  },
  list: {
    name: 'prescriptions',
    args: {
      patient_id: equals('patient_id'),
      status: {
        type: 'String',
        apply: (query, value) =>
          query.where((eb: Eb) => eb(eb.fn('lower', ['status']), '=', String(value).trim().toLowerCase())),
      },
    },
    defaultOrder: ['id', 'desc'],
  },
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

/**
 * A problem on a patient's problem list (Healthie's `Problem`). Only a CCDA import writes problems here
 * (./ccda.ts), unreconciled until completeCcdaReconciliation keeps them; the reference has no events.
 */
export const Problem = resource({
  name: 'Problem',
  table: 'problems',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, writable: 'none' }),
    name: text({ writable: 'none' }),
    code: text({ writable: 'none' }),
    requires_consolidation: bool({ default: false, writable: 'none', gql: 'Boolean' }),
  },
});

/**
 * A C-CDA file sent to be parsed (parseCcdaDocument). carehooks runs no C-CDA parser: the request is kept
 * `pending` until the parser's result arrives (POST /internal/integrations/ccda/parsed), which names or
 * creates the client and leaves what it read to be reconciled (./ccda.ts). Not exposed.
 */
export const CcdaImport = resource({
  name: 'CcdaImport',
  table: 'ccda_imports',
  fields: {
    xml_file_name: text({ required: true }),
    file_content_type: text(),
    byte_size: int(),
    status: enumOf(['pending', 'parsed', 'reconciled'], { default: 'pending' }),
    user_id: ref('User'),
    requested_by_id: ref('User', { default: (caller) => caller.userId }),
  },
});

export const resources = [
  Problem,
  CcdaImport,
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
  GoalReminder,
  Entry,
  Comment,
  LabOrder,
  LabObservationRequest,
  LabObservationResult,
  LabResult,
  Diagnosis,
  Prescription,
  DosespotNotification,
] as const;

export type ClinicalTables = TablesOf<(typeof resources)[number]>;
