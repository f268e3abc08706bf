/**
 * Every area's case rows. To add an area: write `cases/<area>.ts` exporting its mutation, invalid-input and
 * read-back rows, and add them here; the runners and coverage checks pick them up.
 */
import type { InvalidCase, MutationCase, ReadBackCase } from '../support.js';
import { patientInvalid, patientMutations, patientReadBack } from './patients.js';
import { schedulingInvalid, schedulingMutations, schedulingReadBack } from './scheduling.js';

export const mutationCases: MutationCase[] = [...patientMutations, ...schedulingMutations];
export const invalidCases: InvalidCase[] = [...patientInvalid, ...schedulingInvalid];
export const readBackCases: ReadBackCase[] = [...patientReadBack, ...schedulingReadBack];
