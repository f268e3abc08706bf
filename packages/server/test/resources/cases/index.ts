/**
 * Every area's case rows. To add an area: write `cases/<area>.ts` exporting its mutation, invalid-input and
 * read-back rows, and add them here; the runners and coverage checks pick them up.
 */
import type { InvalidCase, MutationCase, ReadBackCase } from '../support.js';
import { accountsInvalid, accountsMutations } from './accounts.js';
import { accountRecordInvalid, accountRecordMutations, accountRecordReadBack } from './account-records.js';
import {
  appointmentSettingInvalid,
  appointmentSettingMutations,
  appointmentSettingReadBack,
} from './appointment-settings.js';
import { billingInvalid, billingMutations, billingReadBack } from './billing.js';
import { clinicalInvalid, clinicalMutations, clinicalReadBack } from './clinical.js';
import { documentInvalid, documentMutations, documentReadBack } from './documents.js';
import { formsChartingInvalid, formsChartingMutations, formsChartingReadBack } from './forms-charting.js';
import { internalSourceInvalid, internalSourceMutations } from './internal-sources.js';
import { messagingInvalid, messagingMutations, messagingReadBack } from './messaging.js';
import { offeringInvalid, offeringMutations, offeringReadBack } from './offerings.js';
import { organizationInvalid, organizationMutations, organizationReadBack } from './organization.js';
import { patientInvalid, patientMutations, patientReadBack } from './patients.js';
import { schedulingInvalid, schedulingMutations, schedulingReadBack } from './scheduling.js';
import { tasksCoursesInvalid, tasksCoursesMutations, tasksCoursesReadBack } from './tasks-courses.js';

export const mutationCases: MutationCase[] = [
  ...patientMutations,
  ...schedulingMutations,
  ...appointmentSettingMutations,
  ...formsChartingMutations,
  ...messagingMutations,
  ...documentMutations,
  ...tasksCoursesMutations,
  ...clinicalMutations,
  ...billingMutations,
  ...offeringMutations,
  ...organizationMutations,
  ...internalSourceMutations,
  ...accountsMutations,
  ...accountRecordMutations,
];
export const invalidCases: InvalidCase[] = [
  ...patientInvalid,
  ...schedulingInvalid,
  ...appointmentSettingInvalid,
  ...formsChartingInvalid,
  ...messagingInvalid,
  ...documentInvalid,
  ...tasksCoursesInvalid,
  ...clinicalInvalid,
  ...billingInvalid,
  ...offeringInvalid,
  ...organizationInvalid,
  ...internalSourceInvalid,
  ...accountsInvalid,
  ...accountRecordInvalid,
];
export const readBackCases: ReadBackCase[] = [
  ...patientReadBack,
  ...schedulingReadBack,
  ...appointmentSettingReadBack,
  ...formsChartingReadBack,
  ...messagingReadBack,
  ...documentReadBack,
  ...tasksCoursesReadBack,
  ...clinicalReadBack,
  ...billingReadBack,
  ...offeringReadBack,
  ...organizationReadBack,
  ...accountRecordReadBack,
];
