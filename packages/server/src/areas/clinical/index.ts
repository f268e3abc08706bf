/**
 * The clinical area's face: what other areas may use of it (its declarations and table types). Its
 * assembly, with behaviour bound, is ./area.ts, which only areas/all.ts imports.
 */
export {
  AllergySensitivity,
  CarePlan,
  CarePlanActivation,
  Comment,
  Diagnosis,
  DosespotNotification,
  Entry,
  FamilyHistoryCondition,
  Goal,
  GoalHistory,
  GoalTemplate,
  LabOrder,
  LabResult,
  Medication,
  Prescription,
  Referral,
  ReferringPhysician,
  type ClinicalTables,
} from './resources.js';
export { labOptionsOf, type LabOptionValue } from './lab-orders.js';
