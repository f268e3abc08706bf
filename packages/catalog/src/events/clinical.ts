import { event, nullable } from '../builder.js';

const patient = { user_id: '22222' } as const;
const carePlanOwner = { patient_id: nullable('22222'), user_group_id: nullable('15000') } as const;
const carePlanToggle = {
  mutations: [
    'toggleCarePlanStatusForSpecificUser',
    'bulkApplyCarePlanTemplate',
    'bulkUpdateCarePlanUsers',
    'updateGroupCarePlan',
  ],
  decision:
    'The reference names no mutation; toggleCarePlanStatusForSpecificUser, which it cites under patient.updated as switching a patient care plan on or off, is listed as one source. bulkApplyCarePlanTemplate (its copies), bulkUpdateCarePlanUsers and updateGroupCarePlan switch plans on and off for many patients at once: one event per plan switched, however many patients it concerns.',
} as const;
const ccdaCreated =
  'also when the C-CDA parser reports what it read from a file parseCcdaDocument recorded (POST /internal/integrations/ccda/parsed): the record is kept unreconciled (requires_consolidation) until completeCcdaReconciliation';
const ccdaReconciled =
  ' completeCcdaReconciliation, which the reference does not name, keeps the unreconciled records the provider chose (an update of requires_consolidation) and removes the others, so it is listed.';
const diagnosisLinks = { icd_code_id: '67890', user_id: '22222' } as const;
const diagnosisDecision =
  'The reference has no field notes for diagnosis extras; both are required because a diagnosis always has a code and a patient.';
const journalDecision =
  'entry.* and metric_entry.* share resource type Entry and the same mutations: metric_entry.* is sent for metric entries (weight, steps and the like), entry.* for every other journal entry, never both for one change.';
const bulkEntriesDecision =
  ' The reference names createEntry only; bulkCreateEntries creates entries (one event each), so it is listed with the kinds it can create.';
const averageDecision =
  " bulkCreateEntries with add_to_avg_heart_rate folds a reading into the day's average entry of its category, an update of that entry (metric_stat, entries_in_average), so it is listed.";
const waterDecision =
  " createOrAddToWaterIntakeEntry creates the patient's water intake entry of the day or adds to it (an update of metric_stat), so it is listed on entry.created and entry.updated.";
const goalLinks = {
  care_plan_id: nullable('67890'),
  parent_id: nullable('11111'),
  user_id: '22222',
} as const;
const templateLinks = {
  goal_id: nullable('33333'),
  parent_id: nullable('11111'),
  user_id: nullable('22222'),
} as const;
const labResultLinks = {
  lab_order_id: '16000',
  document_id: '17000',
  patient_id: nullable('22222'),
  ordering_physician_id: '19000',
} as const;

export const clinicalEvents = [
  event('allergy_sensitivity.created', 'AllergySensitivity', {
    description: 'An allergy or intolerance was noted for a patient.',
    mutations: ['createAllergySensitivity'],
    triggers: ccdaCreated,
    extras: patient,
    example: { resource_id: '25000' },
  }),
  event('allergy_sensitivity.deleted', 'AllergySensitivity', {
    description: 'An allergy or intolerance was taken off a patient chart.',
    mutations: ['deleteAllergySensitivity', 'completeCcdaReconciliation'],
    extras: patient,
    example: { resource_id: '25000' },
    decision: ccdaReconciled.trim(),
  }),
  event('allergy_sensitivity.updated', 'AllergySensitivity', {
    description: 'An allergy or intolerance entry was edited.',
    mutations: ['updateAllergySensitivity', 'completeCcdaReconciliation'],
    extras: patient,
    example: { resource_id: '25000', changed_fields: ['category'] },
    decision: ccdaReconciled.trim(),
  }),
  event('care_plan.activated', 'CarePlan', {
    description: 'A care plan became the active plan of a patient or group.',
    ...carePlanToggle,
    triggers: 'a care plan is made the active plan for a patient or a user group',
    example: { resource_id: '23000' },
  }),
  event('care_plan.created', 'CarePlan', {
    description: 'A care plan was drawn up.',
    mutations: ['createCarePlan', 'exportCarePlanToTemplate', 'bulkApplyCarePlanTemplate'],
    extras: carePlanOwner,
    example: { resource_id: '23000' },
    decision:
      'The reference names createCarePlan only; exportCarePlanToTemplate (a template copied from a plan) and bulkApplyCarePlanTemplate (a copy of the template per patient and group) create plans, so they are listed.',
  }),
  event('care_plan.deactivated', 'CarePlan', {
    description: 'A care plan stopped being the active plan of a patient or group.',
    ...carePlanToggle,
    triggers: 'a care plan is no longer the active plan for a patient or a user group',
    example: { resource_id: '23000' },
  }),
  event('care_plan.deleted', 'CarePlan', {
    description: 'A care plan was removed.',
    mutations: ['deleteCarePlan'],
    extras: carePlanOwner,
    example: { resource_id: '23000' },
  }),
  event('care_plan.updated', 'CarePlan', {
    description: 'A care plan was edited.',
    mutations: ['updateCarePlan'],
    extras: carePlanOwner,
    example: { resource_id: '23000', changed_fields: ['name'] },
  }),
  event('comment.created', 'Comment', {
    description: 'A comment was posted on a journal entry.',
    mutations: ['createComment'],
    example: { resource_id: '12000' },
  }),
  event('comment.deleted', 'Comment', {
    description: 'A comment was removed.',
    mutations: ['deleteComment'],
    example: { resource_id: '12000' },
  }),
  event('comment.updated', 'Comment', {
    description: 'The text of a comment was changed.',
    mutations: ['updateComment'],
    example: { resource_id: '12000', changed_fields: ['content'] },
    decision:
      'updateComment is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('diagnosis.created', 'Diagnosis', {
    description: 'A diagnosis code was recorded for a patient.',
    mutations: [],
    triggers: "a diagnosis is charted on a patient: an item without id in updateClient's nested diagnoses",
    extras: diagnosisLinks,
    example: { resource_id: '26000' },
    decision: diagnosisDecision,
  }),
  event('diagnosis.deleted', 'Diagnosis', {
    description: 'A diagnosis was taken off a patient chart.',
    mutations: [],
    triggers:
      "a diagnosis is removed from a patient chart: an item with id and _destroy in updateClient's nested diagnoses",
    extras: diagnosisLinks,
    example: { resource_id: '26000' },
    decision: diagnosisDecision,
  }),
  event('diagnosis.updated', 'Diagnosis', {
    description: 'A recorded diagnosis was changed.',
    mutations: [],
    triggers: "a diagnosis on a patient chart is edited: an item with id in updateClient's nested diagnoses",
    extras: diagnosisLinks,
    example: { resource_id: '26000', changed_fields: ['code'] },
    decision: diagnosisDecision,
  }),
  event('dosespot_notification.created', 'DosespotNotification', {
    description: 'The e-prescribing service sent a notice.',
    mutations: [],
    triggers:
      'DoseSpot, the e-prescribing partner, pushes a notification to us (POST /internal/integrations/dosespot/notifications)',
    example: { resource_id: '29000' },
  }),
  event('entry.created', 'Entry', {
    description: 'A journal entry was logged.',
    mutations: ['createEntry', 'bulkCreateEntries', 'createOrAddToWaterIntakeEntry'],
    example: { resource_id: '22222' },
    decision: journalDecision + bulkEntriesDecision + waterDecision,
  }),
  event('entry.deleted', 'Entry', {
    description: 'A journal entry was removed.',
    mutations: ['deleteEntry'],
    example: { resource_id: '22222' },
    decision: journalDecision,
  }),
  event('entry.updated', 'Entry', {
    description: 'A journal entry was edited.',
    mutations: ['updateEntry', 'createOrAddToWaterIntakeEntry'],
    example: { resource_id: '22222', changed_fields: ['description'] },
    decision: journalDecision + waterDecision,
  }),
  event('family_history_condition.created', 'FamilyHistoryCondition', {
    description: 'A condition in the family history of a patient was noted.',
    mutations: ['createFamilyHistory'],
    extras: patient,
    example: { resource_id: '27000' },
  }),
  event('family_history_condition.deleted', 'FamilyHistoryCondition', {
    description: 'A family history condition was taken off a patient chart.',
    mutations: ['deleteFamilyHistory'],
    extras: patient,
    example: { resource_id: '27000' },
  }),
  event('family_history_condition.updated', 'FamilyHistoryCondition', {
    description: 'A family history condition was edited.',
    mutations: ['updateFamilyHistory'],
    extras: patient,
    example: { resource_id: '27000', changed_fields: ['deceased'] },
  }),
  event('goal.created', 'Goal', {
    description: 'A goal was set for a patient.',
    mutations: ['createGoal', 'exportCarePlanToTemplate', 'bulkApplyCarePlanTemplate'],
    extras: goalLinks,
    example: { resource_id: '33333' },
    decision:
      'parent_id is null for a top-level goal and care_plan_id is null for a goal outside any care plan, so both are nullable here as on goal.deleted, though the reference notes for this event do not say so. exportCarePlanToTemplate and bulkApplyCarePlanTemplate copy a plan with its goals (one event per goal copied), so they are listed.',
  }),
  event('goal.deleted', 'Goal', {
    description: 'A goal was removed.',
    mutations: ['deleteGoal'],
    extras: goalLinks,
    example: { resource_id: '33333' },
  }),
  event('goal.updated', 'Goal', {
    description: 'A goal was edited.',
    mutations: ['updateGoal'],
    extras: goalLinks,
    example: { resource_id: '33333', changed_fields: ['name', 'repeat'] },
    decision:
      'The reference shows the extras only in a second example; they are part of the event. With no field notes for this event, care_plan_id and parent_id are nullable as on goal.deleted.',
  }),
  event('goal_history.created', 'GoalHistory', {
    description: 'Progress on a goal was recorded.',
    mutations: ['createGoalHistory'],
    extras: { goal_id: '33333', user_id: '22222' },
    example: { resource_id: '44444' },
  }),
  event('goal_history.deleted', 'GoalHistory', {
    description: 'A progress record of a goal was removed.',
    mutations: ['deleteGoalHistory'],
    extras: { goal_id: '33333', user_id: '22222' },
    example: { resource_id: '44444' },
  }),
  event('goal_template.created', 'GoalTemplate', {
    description: 'A reusable goal template was saved.',
    mutations: ['createGoal'],
    triggers: 'saving a goal as a favourite stores a template made from it',
    extras: templateLinks,
    example: { resource_id: '24000' },
    decision:
      'The reference says no mutation fires this directly but explains that favouriting a goal through createGoal creates the template, so createGoal is listed as the indirect source.',
  }),
  event('goal_template.deleted', 'GoalTemplate', {
    description: 'A goal template was removed.',
    mutations: [],
    triggers:
      'a template is removed from the goal library (POST /internal/goals/templates/delete); there is no public mutation',
    extras: templateLinks,
    example: { resource_id: '24000' },
  }),
  event('goal_template.updated', 'GoalTemplate', {
    description: 'A goal template was edited.',
    mutations: [],
    triggers:
      'a template is edited in the goal library (POST /internal/goals/templates/update); there is no public mutation',
    extras: templateLinks,
    example: { resource_id: '24000', changed_fields: ['name'] },
  }),
  event('lab_order.created', 'LabOrder', {
    description: 'A lab test was ordered.',
    mutations: ['createLabOrder'],
    example: { resource_id: '19000' },
  }),
  event('lab_order.updated', 'LabOrder', {
    description: 'A lab order changed, e.g. its status.',
    mutations: ['updateLabOrder'],
    triggers:
      'also when the lab vendor reports on the order (POST /internal/integrations/labs/order-updated)',
    example: { resource_id: '19000', changed_fields: ['status'] },
  }),
  event('lab_result.created', 'LabResult', {
    description: 'Results came in for a lab order.',
    mutations: ['createLabResult'],
    extras: labResultLinks,
    example: { resource_id: '20000' },
    decision:
      'createLabResult is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('lab_result.updated', 'LabResult', {
    description: 'A lab result was changed.',
    mutations: ['updateLabResult'],
    extras: labResultLinks,
    example: { resource_id: '20000', changed_fields: ['file_string'] },
    decision:
      'updateLabResult is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('medication.created', 'Medication', {
    description: 'A medication was put on a patient profile.',
    mutations: ['createMedication'],
    triggers: ccdaCreated,
    extras: patient,
    example: { resource_id: '21000' },
    decision: 'The reference shows user_id only in a second example; it is part of the event.',
  }),
  event('medication.deleted', 'Medication', {
    description: 'A medication was taken off a patient profile.',
    mutations: ['deleteMedication', 'completeCcdaReconciliation'],
    extras: patient,
    example: { resource_id: '21000' },
    decision: ccdaReconciled.trim(),
  }),
  event('medication.updated', 'Medication', {
    description: 'A medication on a patient profile was changed.',
    mutations: ['updateMedication', 'completeCcdaReconciliation'],
    extras: patient,
    example: { resource_id: '21000', changed_fields: ['active'] },
    decision:
      'The reference shows user_id only in a second example; it is part of the event. That second example also empties changed_fields; our example keeps ["active"] from the first.' +
      ccdaReconciled,
  }),
  event('metric_entry.created', 'Entry', {
    description: 'A metric reading (weight, steps and the like) was logged.',
    mutations: ['createEntry', 'bulkCreateEntries'],
    example: { resource_id: '11111' },
    decision: journalDecision + bulkEntriesDecision,
  }),
  event('metric_entry.deleted', 'Entry', {
    description: 'A metric reading was removed.',
    mutations: ['deleteEntry'],
    example: { resource_id: '11111' },
    decision: journalDecision,
  }),
  event('metric_entry.updated', 'Entry', {
    description: 'A metric reading was edited.',
    mutations: ['updateEntry', 'bulkCreateEntries'],
    example: { resource_id: '11111', changed_fields: ['value', 'category'] },
    decision: journalDecision + averageDecision,
  }),
  event('prescription.updated', 'Prescription', {
    description: 'A prescription changed, e.g. its status.',
    mutations: [],
    triggers:
      'the e-prescribing integration reports a change to a prescription (POST /internal/integrations/dosespot/prescription-updated)',
    example: { resource_id: '22000', changed_fields: ['status'] },
  }),
  event('referral.created', 'Referral', {
    description: 'A patient was referred out.',
    mutations: ['createReferral'],
    example: { resource_id: '32000' },
  }),
  event('referral.deleted', 'Referral', {
    description: 'A referral was removed.',
    mutations: ['deleteReferral'],
    example: { resource_id: '32000' },
  }),
  event('referral.updated', 'Referral', {
    description: 'A referral was edited.',
    mutations: ['updateReferral'],
    example: { resource_id: '32000', changed_fields: ['status'] },
  }),
  event('referring_physician.created', 'ReferringPhysician', {
    description: 'A referring physician was put on file.',
    mutations: ['createReferringPhysician'],
    example: { resource_id: '33000' },
  }),
  event('referring_physician.deleted', 'ReferringPhysician', {
    description: 'A referring physician was taken off file.',
    mutations: ['deleteReferringPhysician'],
    example: { resource_id: '33000' },
    decision:
      'The reference lists no mutation; the schema has deleteReferringPhysician, which removes exactly this record, so it is listed.',
  }),
  event('referring_physician.updated', 'ReferringPhysician', {
    description: 'The details of a referring physician were edited.',
    mutations: ['updateReferringPhysician'],
    example: { resource_id: '33000', changed_fields: ['business_name'] },
  }),
] as const;
