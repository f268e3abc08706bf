import { billingInsuranceEvents } from './billing-insurance.js';
import { clinicalEvents } from './clinical.js';
import { documentEvents } from './documents.js';
import { formsChartingEvents } from './forms-charting.js';
import { messagingEvents } from './messaging.js';
import { organizationEvents } from './organization.js';
import { patientEvents } from './patients.js';
import { schedulingEvents } from './scheduling.js';
import { tasksCoursesEvents } from './tasks-courses.js';
import { testEvents } from './test.js';

/** Every entry, grouped by area; the public catalog sorts them. Types in ../types.ts derive from this. */
export const allEntries = [
  ...schedulingEvents,
  ...patientEvents,
  ...formsChartingEvents,
  ...clinicalEvents,
  ...messagingEvents,
  ...documentEvents,
  ...tasksCoursesEvents,
  ...billingInsuranceEvents,
  ...organizationEvents,
  ...testEvents,
] as const;
