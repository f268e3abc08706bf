/**
 * `POST /internal/integrations/dosespot/…`: the e-prescribing partner's notifications, the prescriptions it
 * writes for a patient, and its reports on them; `/internal/integrations/labs/order-updated`: the lab
 * vendor's reports on an order; `/internal/goals/templates/…`: edits and removal of
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
import { reportLabOrder } from './internal-labs.js';
import { editGoalTemplate, removeGoalTemplate } from './internal-goal-templates.js';
import { DosespotNotification, GoalTemplate, LabOrder, Prescription } from './resources.js';
import { User } from '../patients/index.js';

/** The pharmacy a prescription was sent to, as the partner names it (Healthie's `Pharmacy`). */
const pharmacy = z.object({
  id: z.union([z.string().trim().min(1).max(255), z.number().int().nonnegative()]).transform(String),
  name: optionalText,
  line1: optionalText,
  line2: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  phone_number: optionalText,
  latitude: optionalText,
  longitude: optionalText,
});

const prescriptionReport = z
  .object({
    prescription_id: id,
    status: optionalText,
    refills: optionalText,
    quantity: optionalText,
    last_fill_date: optionalText,
    date_inactive: optionalText,
    pharmacy_notes: optionalText,
    pharmacy: pharmacy.nullish(),
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
  pharmacy: pharmacy.nullish(),
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

const labOrderReport = z
  .object({
    lab_order_id: id,
    integration: requiredText.optional(),
    status: optionalText,
    normalized_status: optionalText,
    abnormal: z.boolean().nullish(),
    test_date: optionalText,
    external_identifier: optionalText,
    lta_id: optionalText,
    rupa_order_id: optionalText,
  })
  .refine((report) => Object.keys(report).length > 1, {
    message: 'name at least one changed field, e.g. status',
    path: ['status'],
  });

export const labRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/labs/order-updated',
    body: labOrderReport,
    run: async (work, { lab_order_id: orderId, ...report }) =>
      recordAnswer(LabOrder, await reportLabOrder(work, orderId, report)),
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
