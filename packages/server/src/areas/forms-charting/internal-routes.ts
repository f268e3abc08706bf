/**
 * `POST /internal/forms/…`, `/internal/charting/…`, `/internal/onboarding/…`: internal changes to forms and
 * charting records that no public mutation makes (see ./internal-forms.ts).
 */
import { z } from 'zod';
import { internalRoute, recordAnswer, type InternalRoute } from '../../registry/index.js';
import { id, optionalText, requiredText } from '../../registry/input-schemas.js';
import {
  changeCompletedOnboardingItem,
  changeFormConnection,
  connectFormToAppointment,
  disconnectFormConnection,
  editAddendum,
  generateFormAnswerGroup,
  removeAddendum,
  removeCompletedOnboardingItem,
} from './internal-forms.js';
import {
  AppointmentFormAnswerGroupConnection as Connection,
  ChartingNoteAddendum,
  CompletedOnboardingItem,
  GeneratedFormAnswerGroup,
} from './resources.js';

const connectionId = { appointment_form_answer_group_connection_id: id };

export const formRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/forms/generated-form-answer-groups',
    body: z.object({
      patient_id: id,
      custom_module_form_id: id.nullish(),
      form_answer_group_id: id.nullish(),
      feedback: optionalText,
    }),
    run: async (work, draft) =>
      recordAnswer(GeneratedFormAnswerGroup, await generateFormAnswerGroup(work, draft)),
  }),
  internalRoute({
    path: '/forms/appointment-connections/create',
    body: z.object({ appointment_id: id, form_answer_group_id: id }),
    run: async (work, link) => recordAnswer(Connection, await connectFormToAppointment(work, link)),
  }),
  internalRoute({
    path: '/forms/appointment-connections/update',
    body: z
      .object({ ...connectionId, appointment_id: id.optional(), form_answer_group_id: id.optional() })
      .refine((b) => b.appointment_id !== undefined || b.form_answer_group_id !== undefined, {
        message: 'give appointment_id or form_answer_group_id',
        path: ['appointment_id'],
      }),
    run: async (work, { appointment_form_answer_group_connection_id: connection, ...link }) =>
      recordAnswer(Connection, await changeFormConnection(work, connection, link)),
  }),
  internalRoute({
    path: '/forms/appointment-connections/delete',
    body: z.object(connectionId),
    run: async (work, body) =>
      recordAnswer(
        Connection,
        await disconnectFormConnection(work, body.appointment_form_answer_group_connection_id),
      ),
  }),
  internalRoute({
    path: '/charting/addenda/update',
    body: z.object({ charting_note_addendum_id: id, content: requiredText }),
    run: async (work, { charting_note_addendum_id: addendum, content }) =>
      recordAnswer(ChartingNoteAddendum, await editAddendum(work, addendum, content)),
  }),
  internalRoute({
    path: '/charting/addenda/delete',
    body: z.object({ charting_note_addendum_id: id }),
    run: async (work, { charting_note_addendum_id: addendum }) =>
      recordAnswer(ChartingNoteAddendum, await removeAddendum(work, addendum)),
  }),
  internalRoute({
    path: '/onboarding/completed-items/update',
    body: z.object({ completed_onboarding_item_id: id, skipped: z.boolean() }),
    run: async (work, { completed_onboarding_item_id: item, skipped }) =>
      recordAnswer(CompletedOnboardingItem, await changeCompletedOnboardingItem(work, item, { skipped })),
  }),
  internalRoute({
    path: '/onboarding/completed-items/delete',
    body: z.object({ completed_onboarding_item_id: id }),
    run: async (work, { completed_onboarding_item_id: item }) =>
      recordAnswer(CompletedOnboardingItem, await removeCompletedOnboardingItem(work, item)),
  }),
];
