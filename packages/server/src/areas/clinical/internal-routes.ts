/**
 * `POST /internal/integrations/dosespot/…`: the e-prescribing partner's notifications, the prescriptions it
 * writes for a patient, and its reports on them; `/internal/goals/templates/…`: edits and removal of
 * goal templates, which no public mutation makes; `/internal/integrations/ccda/parsed`: the C-CDA parser's result.
 */
import { z } from 'zod';
import { internalRoute, recordAnswer, type InternalRoute } from '../../registry/index.js';
import { id, instant, optionalText, requiredText } from '../../registry/input-schemas.js';
import {
  receiveDosespotNotification,
  recordNewPrescription,
  reportPrescription,
} from './internal-eprescribing.js';
import { ccdaResult, receiveCcdaResult } from './ccda.js';
import { editGoalTemplate, removeGoalTemplate } from './internal-goal-templates.js';
import { DosespotNotification, GoalTemplate, Prescription } from './resources.js';
import { User } from '../patients/index.js';

const prescriptionReport = z
  .object({
    prescription_id: id,
    status: optionalText,
    refills: optionalText,
    quantity: optionalText,
    last_fill_date: optionalText,
    date_inactive: optionalText,
    pharmacy_notes: optionalText,
    comment: optionalText,
  })
  .refine((report) => Object.keys(report).length > 1, {
    message: 'name at least one changed field, e.g. status',
    path: ['status'],
  });

const newPrescription = z.object({
  patient_id: id,
  product_name: requiredText,
  status: optionalText,
  dosage: optionalText,
  dose_form: optionalText,
  directions: optionalText,
  route: optionalText,
  quantity: optionalText,
  unit: optionalText,
  refills: optionalText,
  days_supply: z.number().int().nonnegative().nullish(),
  date_written: optionalText,
  effective_date: optionalText,
  last_fill_date: optionalText,
  date_inactive: optionalText,
  ndc: optionalText,
  rxcui: optionalText,
  schedule: optionalText,
  prescriber_name: optionalText,
  pharmacy_notes: optionalText,
  comment: optionalText,
  is_urgent: z.boolean().nullish(),
  no_substitutions: z.boolean().nullish(),
});

export const dosespotRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/dosespot/notifications',
    body: z.object({
      user_id: id.nullish(),
      notification_type: requiredText,
      message: optionalText,
      count: z.number().int().nonnegative().nullish(),
      received_at: instant.nullish(),
    }),
    run: async (work, notice) =>
      recordAnswer(DosespotNotification, await receiveDosespotNotification(work, notice)),
  }),
  internalRoute({
    path: '/integrations/dosespot/prescriptions',
    body: newPrescription,
    run: async (work, prescription) =>
      recordAnswer(Prescription, await recordNewPrescription(work, prescription)),
  }),
  internalRoute({
    path: '/integrations/dosespot/prescription-updated',
    body: prescriptionReport,
    run: async (work, { prescription_id: prescriptionId, ...report }) =>
      recordAnswer(Prescription, await reportPrescription(work, prescriptionId, report)),
  }),
];

export const goalTemplateRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/goals/templates/update',
    body: z.object({
      goal_template_id: id,
      name: optionalText,
      description: optionalText,
      repeat: optionalText,
      title_link: optionalText,
    }),
    run: async (work, { goal_template_id: template, ...change }) =>
      recordAnswer(GoalTemplate, await editGoalTemplate(work, template, change)),
  }),
  internalRoute({
    path: '/goals/templates/delete',
    body: z.object({ goal_template_id: id }),
    run: async (work, { goal_template_id: template }) =>
      recordAnswer(GoalTemplate, await removeGoalTemplate(work, template)),
  }),
];

/** The C-CDA parser's result for a file parseCcdaDocument recorded (./ccda.ts); the answer names the client. */
export const ccdaRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/ccda/parsed',
    body: ccdaResult,
    run: async (work, result) => recordAnswer(User, await receiveCcdaResult(work, result)),
  }),
];
