/** Clinical records: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { codeField, fullName } from '../patients/index.js';
import {
  activeCarePlan,
  announcePlan,
  answerCopy,
  assignedTo,
  attachDocument,
  fromTemplate,
  hasUsersWithRealEmails,
  managingTemplates,
  newCarePlanPatient,
  planFeatureToggle,
  removeActivations,
  toggleCarePlanStatusForSpecificUser,
} from './care-plans.js';
import { bulkCreateEntries, createOrAddToWaterIntakeEntry } from './bulk-entries.js';
import {
  bulkApplyCarePlanTemplate,
  bulkUpdateCarePlanUsers,
  exportCarePlanToTemplate,
  updateGroupCarePlan,
} from './care-plan-bulk.js';
import { sendCarePlanEmail } from './care-plan-email.js';
import { completeCcdaReconciliation, parseCcdaDocument, userProblems } from './ccda.js';
import { duplicateFields, removeReplacedAllergy, replacedAllergy } from './duplicates.js';
import { applySubentries, commentFields, describeImage, entryFields } from './entry-fields.js';
import { entryMealFields, mealTypes } from './entry-meals.js';
import { deleteGoalHistory, goalHistoryDefaults, markParentComplete } from './goal-histories.js';
import { goalHistoryFields, goalProgressFields } from './goal-progress.js';
import { applyGoalExtras, goalStartOn, keepStartOn, removeGoalReminder } from './goals.js';
import { ccdaRoutes, dosespotRoutes, goalTemplateRoutes, labRoutes } from './internal-routes.js';
import {
  forceReload,
  keepSubmission,
  labOptionTypes,
  labOrderFields,
  labResultFields,
  recordObservationRequests,
} from './lab-orders.js';
import { labResultDefaults } from './lab-results.js';
import { labOrderPayloadFields, notificationCountTypes } from './notification-counts.js';
import { clinicalQueries } from './queries.js';
import { physicianLocation, physicianReferrals, referralsCount } from './referring-physicians.js';
import { Entry, Medication, resources } from './resources.js';
import { answerRedated, givenTimes, redate } from './timestamps.js';
import { clinicalTriggers } from './trigger-recipes.js';

const physicianHooks = { before: physicianLocation, after: physicianReferrals };

/** Runs hooks of one kind in order. */
const inOrder =
  <A extends unknown[]>(...steps: Array<(...args: A) => Promise<void>>) =>
  async (...args: A): Promise<void> => {
    for (const step of steps) await step(...args);
  };

export const clinical = area({
  name: 'clinical',
  resources,
  special: [
    toggleCarePlanStatusForSpecificUser,
    deleteGoalHistory,
    bulkCreateEntries,
    createOrAddToWaterIntakeEntry,
    exportCarePlanToTemplate,
    bulkApplyCarePlanTemplate,
    bulkUpdateCarePlanUsers,
    updateGroupCarePlan,
    sendCarePlanEmail,
    parseCcdaDocument,
    completeCcdaReconciliation,
  ],
  hooks: {
    createMedication: { after: givenTimes(Medication, ['created_at', 'updated_at']) },
    createAllergySensitivity: { before: replacedAllergy, after: removeReplacedAllergy },
    createReferringPhysician: physicianHooks,
    updateReferringPhysician: physicianHooks,
    createCarePlan: { before: managingTemplates },
    updateCarePlan: {
      before: inOrder(newCarePlanPatient, managingTemplates, fromTemplate),
      after: inOrder(answerCopy, attachDocument, announcePlan),
    },
    deleteCarePlan: { after: removeActivations },
    createGoal: { before: goalStartOn, after: applyGoalExtras },
    updateGoal: { before: keepStartOn, after: applyGoalExtras },
    deleteGoal: { after: removeGoalReminder },
    createGoalHistory: { before: goalHistoryDefaults, after: markParentComplete },
    createEntry: {
      before: describeImage,
      after: inOrder(applySubentries, givenTimes(Entry, ['created_at'])),
    },
    updateEntry: {
      before: inOrder(describeImage, redate(Entry)),
      after: inOrder(answerRedated, applySubentries),
    },
    createLabOrder: { before: keepSubmission, after: recordObservationRequests },
    updateLabOrder: { after: forceReload },
    createLabResult: { before: labResultDefaults },
  },
  routes: [...dosespotRoutes, ...labRoutes, ...goalTemplateRoutes, ...ccdaRoutes],
  inputTypes: {
    PhysicianLocationInput: {
      id: 'ID',
      name: 'String',
      line1: 'String',
      line2: 'String',
      city: 'String',
      state: 'String',
      zip: 'String',
      country: 'String',
      npi: 'String',
      other_id: 'String',
      other_id_qual: 'String',
      place_of_service_id: 'String',
      user_id: 'String',
    },
    PhysicianReferralInput: { id: 'ID', _destroy: 'Boolean', referral_reason: 'String', user_id: 'ID' },
    // bulkCreateEntries' entries (./bulk-entries.ts); Healthie spells `percieved_hungriness` so.
    BulkEntryInput: {
      add_to_avg_heart_rate: 'Boolean',
      category: 'String',
      check_duplicates: 'Boolean',
      created_at: 'String',
      description: 'String',
      ed_posthunger: 'String',
      ed_prehunger: 'String',
      emotions: 'String',
      entries_in_average: 'String',
      external_id: 'String',
      external_id_type: 'String',
      image: 'Upload',
      image_string: 'String',
      metric_stat: 'String',
      notify_provider: 'Boolean',
      percieved_hungriness: 'String',
      reflection: 'String',
      subentries: '[SubentryInput]',
      third_party_source: 'String',
      type: 'String',
      user_id: 'String',
    },
    SubentryInput: {
      category: 'String',
      description: 'String',
      id: 'ID',
      metric_stat: 'String',
      type: 'String',
    },
    LabObservationRequestInput: {
      lab_analyte: 'String',
      lab_observation_result: 'LabObservationResultInput',
    },
    LabObservationResultInput: {
      units: 'String',
      reference_range: 'String',
      qualitative_result: 'String',
      quantitative_result: 'String',
      notes: 'String',
      abnormal_flag: 'String',
    },
    SubmissionInput: {
      tests: '[TestInput]!',
      activate_by: 'ISO8601DateTime',
      physician_id: 'ID',
      billing_type: 'LabOrderBilling',
    },
    TestInput: { name: 'String', provider_identifier: 'ID!' },
    SubgoalInput: {
      id: 'ID',
      _destroy: 'Boolean',
      name: 'String',
      description: 'String',
      due_date: 'String',
      repeat: 'String',
      title_link: 'String',
      parent_id: 'String',
      source_template_id: 'String',
      created_user_id: 'String',
      user_id: 'String',
    },
    ReminderInput: {
      id: 'ID',
      interval_type: 'String',
      interval_value: 'String',
      is_enabled: 'Boolean',
      remove_reminder: 'Boolean',
    },
  },
  enums: { LabOrderBilling: ['INSURANCE', 'PROVIDER', 'PATIENT'] },
  extendTypes: { ...duplicateFields, ...labOrderPayloadFields, Query: clinicalQueries },
  objectTypes: {
    ...notificationCountTypes,
    ...labOptionTypes,
    ...mealTypes,
    GoalStreakInfo: { count: 'Int', start_date: 'String', end_date: 'String' },
    SnomedTerm: { concept_id: 'String', term: 'String' },
    Recommendation: {
      id: 'ID!',
      recommendation_body: 'String',
      recommendation_type: 'String',
      sanitized_body: 'String',
    },
  },
  extend: {
    // carehooks keeps no ICD code list: the diagnosis's code object is made from its id and display name.
    Diagnosis: { computed: { icd_code: codeField('IcdCode', 'icd_code_id') } },
    ReferringPhysician: {
      computed: {
        full_name: { type: 'String', resolve: fullName },
        referrals_count: { type: 'Int', resolve: referralsCount },
      },
    },
    CarePlan: {
      computed: {
        assigned_to: { type: 'String', resolve: assignedTo },
        has_users_with_real_emails: { type: 'Boolean', resolve: hasUsersWithRealEmails },
        feature_toggle: { type: 'FeatureToggle', resolve: planFeatureToggle },
        // Healthie's createRecommendation is not served, so no care plan has recommendations.
        recommendations: { type: '[Recommendation!]!', resolve: () => [] },
      },
    },
    Goal: { computed: goalProgressFields },
    FamilyHistoryCondition: {
      computed: {
        // The condition's SNOMED concept; carehooks holds no SNOMED terms, so `term` is null.
        snomed_term: {
          type: 'SnomedTerm',
          resolve: (row) => (row.concept_id == null ? null : { concept_id: row.concept_id, term: null }),
        },
      },
    },
    GoalHistory: { computed: goalHistoryFields },
    Entry: {
      computed: {
        ...entryFields,
        ...entryMealFields,
        // The symptoms chosen (standard symptoms are named by their name; no custom ones are kept here)
        // and the one typed in, e.g. `Headache, Nausea, Dizzy after lunch`.
        symptom_names: {
          type: 'String',
          resolve: (entry) => {
            const names = [...String(entry.symptoms ?? '').split(','), String(entry.other_symptom ?? '')].map(
              (name) => name.trim(),
            );
            return names.filter((name) => name !== '').join(', ') || null;
          },
        },
      },
    },
    Comment: { computed: commentFields },
    LabOrder: { computed: labOrderFields },
    LabResult: { computed: labResultFields },
    User: {
      many: {
        medications: { type: '[MedicationType!]', resource: 'Medication', foreignKey: 'user_id' },
        allergy_sensitivities: {
          type: '[AllergySensitivity!]',
          resource: 'AllergySensitivity',
          foreignKey: 'user_id',
        },
        referrals: { type: '[Referral!]', resource: 'Referral', foreignKey: 'user_id' },
        diagnoses: { type: '[Diagnosis!]', resource: 'Diagnosis', foreignKey: 'user_id' },
      },
      computed: {
        active_care_plan: { type: 'CarePlan', resolve: activeCarePlan(false) },
        active_group_care_plan: { type: 'CarePlan', resolve: activeCarePlan(true) },
        problems: userProblems,
      },
    },
  },
  triggers: clinicalTriggers,
});
