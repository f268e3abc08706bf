/**
 * Every area of the API, in the order their types appear in the schema. To add an area: write
 * `areas/<area>/` (resources.ts, handlers, index.ts as its face, area.ts as its assembly) and list it here.
 */
import { accounts } from './accounts/area.js';
import { billing } from './billing-insurance/area.js';
import { clinical } from './clinical/area.js';
import { documents } from './documents/area.js';
import { formsCharting } from './forms-charting/area.js';
import { messaging } from './messaging/area.js';
import { organization } from './organization/area.js';
import { patients } from './patients/area.js';
import { scheduling } from './scheduling/area.js';
import { tasksCourses } from './tasks-courses/area.js';

export const areas = [
  patients,
  scheduling,
  billing,
  formsCharting,
  clinical,
  organization,
  messaging,
  documents,
  tasksCourses,
  accounts,
] as const;
