/**
 * The patients area's face: what other areas may use of it (its declarations, table types and the
 * computed fields of people they share). Its assembly, with behaviour bound, is ./area.ts, which only
 * areas/all.ts imports.
 */
export {
  AdvanceAppointmentPrice,
  AppliedTag,
  AppointmentTypeCredit,
  Benefit,
  CallReference,
  ClientPortalSetting,
  ClientSource,
  CptCodesPolicy,
  IcdCodesPolicy,
  Location,
  NotificationContact,
  Policy,
  Tag,
  User,
  UserGroup,
  type PatientsTables,
} from './resources.js';
export { OnboardingFlow, OnboardingItem } from './onboarding-resources.js';
export { fullName, organizationOf, withTaxId } from './user-fields.js';
export { codeField } from './code-objects.js';
export { insurancePlanField } from './insurance-plans.js';
export { placeOfService } from './places-of-service.js';
export { beforeCreateClient } from './clients.js';
