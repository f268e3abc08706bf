/**
 * Every area of the API. To add an area: write `resources/<area>.ts` (and `handlers/<area>/`), export an
 * `area(...)` from it, and add it to this list.
 */
import { buildRegistry } from '../registry/index.js';
import { billing } from '../areas/billing-insurance/resources.js';
import { clinical } from '../areas/clinical/resources.js';
import { documents } from '../areas/documents/resources.js';
import { formsCharting } from '../areas/forms-charting/resources.js';
import { internalSources } from '../areas/internal-sources.js';
import { messaging } from '../areas/messaging/resources.js';
import { organization } from '../areas/organization/resources.js';
import { patients } from '../areas/patients/resources.js';
import { scheduling } from '../areas/scheduling/resources.js';
import { tasksCourses } from '../areas/tasks-courses/resources.js';

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
