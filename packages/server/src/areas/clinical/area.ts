/** Clinical records: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { fullName } from '../patients/index.js';
import {
  activeCarePlan,
  newCarePlanPatient,
  removeActivations,
  toggleCarePlanStatusForSpecificUser,
} from './care-plans.js';
import { goalHistoryDefaults, markParentComplete } from './goal-histories.js';
import { applyGoalExtras, goalStartOn } from './goals.js';
import { dosespotRoutes, goalTemplateRoutes } from './internal-routes.js';
import { labResultDefaults } from './lab-results.js';
import { physicianLocation, physicianReferrals, referralsCount } from './referring-physicians.js';
import { resources } from './resources.js';
import { clinicalTriggers } from './trigger-recipes.js';

const physicianHooks = { before: physicianLocation, after: physicianReferrals };

export const clinical = area({
  name: 'clinical',
  resources,
  special: [toggleCarePlanStatusForSpecificUser],
  hooks: {
    createReferringPhysician: physicianHooks,
    updateReferringPhysician: physicianHooks,
    updateCarePlan: { before: newCarePlanPatient },
    deleteCarePlan: { after: removeActivations },
    createGoal: { before: goalStartOn, after: applyGoalExtras },
    updateGoal: { after: applyGoalExtras },
    createGoalHistory: { before: goalHistoryDefaults, after: markParentComplete },
    createLabResult: { before: labResultDefaults },
  },
  routes: [...dosespotRoutes, ...goalTemplateRoutes],
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
  extend: {
    ReferringPhysician: {
      computed: {
        full_name: { type: 'String', resolve: fullName },
        referrals_count: { type: 'Int', resolve: referralsCount },
      },
    },
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
      },
    },
  },
  triggers: clinicalTriggers,
});
