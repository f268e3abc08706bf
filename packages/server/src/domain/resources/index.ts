/**
 * Every area of the API. To add an area: write `resources/<area>.ts` (and `handlers/<area>/`), export an
 * `area(...)` from it, and add it to this list.
 */
import { buildRegistry } from '../registry/index.js';
import { billing } from './billing.js';
import { patients } from './patients.js';
import { scheduling } from './scheduling.js';

export const areas = [patients, scheduling, billing] as const;

export const registry = buildRegistry(areas);
