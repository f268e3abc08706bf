/**
 * The scheduling area's face: what other areas may use of it (its declarations and table types). Its
 * assembly, with behaviour bound, is ./area.ts, which only areas/all.ts imports.
 */
export {
  Appointment,
  AppointmentInclusion,
  AppointmentType,
  Availability,
  ExternalCalendar,
  IntegrationReport,
  type SchedulingTables,
} from './resources.js';
