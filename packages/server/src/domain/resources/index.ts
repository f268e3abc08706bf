/**
 * Every area of the API. To add an area: write `resources/<area>.ts` (and `handlers/<area>/`), export an
 * `area(...)` from it, and add it to this list.
 */
import { buildRegistry } from '../registry/index.js';
import { billing } from './billing.js';
import { clinical } from './clinical.js';
import { documents } from './documents.js';
import { formsCharting } from './forms-charting.js';
import { internalSources } from './internal-sources.js';
import { messaging } from './messaging.js';
import { organization } from './organization.js';
import { patients } from './patients.js';
import { scheduling } from './scheduling.js';
import { tasksCourses } from './tasks-courses.js';

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
  internalSources,
] as const;

export const registry = buildRegistry(areas);
