/**
 * Internal changes to forms and charting records no public mutation makes: drafts generated for a patient,
 * links between a form submission and an appointment, edits and removals of charting note addenda and of
 * completed onboarding items.
 */
import {
  createInternal,
  deleteRecord,
  requireInScope,
  requireRefs,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { Appointment } from '../scheduling/index.js';
import {
  AppointmentFormAnswerGroupConnection,
  ChartingNoteAddendum,
  CompletedOnboardingItem,
  CustomModuleForm,
  FormAnswerGroup,
  GeneratedFormAnswerGroup,
} from './resources.js';

export interface GeneratedDraft {
  patient_id: number;
  custom_module_form_id?: number | null | undefined;
  form_answer_group_id?: number | null | undefined;
  feedback?: string | null | undefined;
}

export async function generateFormAnswerGroup(work: Work, draft: GeneratedDraft): Promise<StoredRow> {
  const organizationId = await requireRefs(work, {
    patient_id: [User, draft.patient_id],
    custom_module_form_id: [CustomModuleForm, draft.custom_module_form_id],
    form_answer_group_id: [FormAnswerGroup, draft.form_answer_group_id],
  });
  return createInternal(work, GeneratedFormAnswerGroup, { ...draft }, organizationId);
}

export interface ConnectionLink {
  appointment_id?: number | undefined;
  form_answer_group_id?: number | undefined;
}

export async function connectFormToAppointment(
  work: Work,
  link: Required<ConnectionLink>,
): Promise<StoredRow> {
  const organizationId = await requireRefs(work, {
    appointment_id: [Appointment, link.appointment_id],
    form_answer_group_id: [FormAnswerGroup, link.form_answer_group_id],
  });
  return createInternal(work, AppointmentFormAnswerGroupConnection, { ...link }, organizationId);
}

const connectionOf = (work: Work, connectionId: number) =>
  requireInScope(
    work,
    AppointmentFormAnswerGroupConnection,
    connectionId,
    'appointment_form_answer_group_connection_id',
  );

export async function changeFormConnection(
  work: Work,
  connectionId: number,
  link: ConnectionLink,
): Promise<StoredRow> {
  const connection = await connectionOf(work, connectionId);
  await requireRefs(work, {
    appointment_id: [Appointment, link.appointment_id],
    form_answer_group_id: [FormAnswerGroup, link.form_answer_group_id],
  });
  return (await updateInternal(work, AppointmentFormAnswerGroupConnection, connection, { ...link })).row;
}

export async function disconnectFormConnection(work: Work, connectionId: number): Promise<StoredRow> {
  const connection = await connectionOf(work, connectionId);
  return deleteRecord(work, AppointmentFormAnswerGroupConnection, connection);
}

const addendumOf = (work: Work, addendumId: number) =>
  requireInScope(work, ChartingNoteAddendum, addendumId, 'charting_note_addendum_id');

export async function editAddendum(work: Work, addendumId: number, content: string): Promise<StoredRow> {
  const addendum = await addendumOf(work, addendumId);
  return (await updateInternal(work, ChartingNoteAddendum, addendum, { content })).row;
}

export async function removeAddendum(work: Work, addendumId: number): Promise<StoredRow> {
  return deleteRecord(work, ChartingNoteAddendum, await addendumOf(work, addendumId));
}

const onboardingItemOf = (work: Work, itemId: number) =>
  requireInScope(work, CompletedOnboardingItem, itemId, 'completed_onboarding_item_id');

export async function changeCompletedOnboardingItem(
  work: Work,
  itemId: number,
  change: { skipped?: boolean | undefined },
): Promise<StoredRow> {
  const item = await onboardingItemOf(work, itemId);
  const values = change.skipped === undefined ? {} : { skipped: change.skipped ? 1 : 0 };
  return (await updateInternal(work, CompletedOnboardingItem, item, values)).row;
}

export async function removeCompletedOnboardingItem(work: Work, itemId: number): Promise<StoredRow> {
  return deleteRecord(work, CompletedOnboardingItem, await onboardingItemOf(work, itemId));
}
