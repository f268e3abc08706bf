/**
 * The organization area's face: what other areas may use of it (its declarations and table types). Its
 * assembly, with behaviour bound, is ./area.ts, which only areas/all.ts imports.
 */
export {
  CustomMetric,
  CustomMetricOverride,
  FeatureToggle,
  OrganizationInfo,
  OrganizationMember,
  OrganizationMembership,
  OrganizationSetting,
  Profession,
  ProviderAppointmentLocation,
  Specialty,
  StateLicense,
  type OrganizationTables,
} from './resources.js';
