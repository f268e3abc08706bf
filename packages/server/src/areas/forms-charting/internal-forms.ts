/**
 * Internal changes to forms and charting records no public mutation makes: drafts generated for a patient,
 * links between a form submission and an appointment, edits and removals of charting note addenda and of
 * completed onboarding items.
 */
import { deleteRecord, type StoredRow, type Work } from '../../registry/index.js';
import {
  createInternal,
  requireInScope,
  requireRefs,
  updateInternal,
} from '../../registry/internal-writes.js';

export interface GeneratedDraft {
  patient_id: number;
  custom_module_form_id?: number | null | undefined;
  form_answer_group_id?: number | null | undefined;
  feedback?: string | null | undefined;
}

export async function generateFormAnswerGroup(work: Work, draft: GeneratedDraft): Promise<StoredRow> {
  const organizationId = await requireRefs(work, {
    patient_id: ['User', draft.patient_id],
    custom_module_form_id: ['CustomModuleForm', draft.custom_module_form_id],
    form_answer_group_id: ['FormAnswerGroup', draft.form_answer_group_id],
  });
  return createInternal(work, work.registry.get('GeneratedFormAnswerGroup'), { ...draft }, organizationId);
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
    appointment_id: ['Appointment', link.appointment_id],
    form_answer_group_id: ['FormAnswerGroup', link.form_answer_group_id],
  });
  return createInternal(
    work,
    work.registry.get('AppointmentFormAnswerGroupConnection'),
    { ...link },
    organizationId,
  );
}

export async function changeFormConnection(
  work: Work,
  connectionId: number,
  link: ConnectionLink,
): Promise<StoredRow> {
  const connection = await requireInScope(
    work,
    'AppointmentFormAnswerGroupConnection',
    connectionId,
    'appointment_form_answer_group_connection_id',
  );
  await requireRefs(work, {
    appointment_id: ['Appointment', link.appointment_id],
    form_answer_group_id: ['FormAnswerGroup', link.form_answer_group_id],
  });
  const r = work.registry.get('AppointmentFormAnswerGroupConnection');
  return (await updateInternal(work, r, connection, { ...link })).row;
}

export async function disconnectFormConnection(work: Work, connectionId: number): Promise<StoredRow> {
  const connection = await requireInScope(
    work,
    'AppointmentFormAnswerGroupConnection',
    connectionId,
    'appointment_form_answer_group_connection_id',
  );
  return deleteRecord(work, work.registry.get('AppointmentFormAnswerGroupConnection'), connection);
}

export async function editAddendum(work: Work, addendumId: number, content: string): Promise<StoredRow> {
  const addendum = await requireInScope(
    work,
    'ChartingNoteAddendum',
    addendumId,
    'charting_note_addendum_id',
  );
  return (await updateInternal(work, work.registry.get('ChartingNoteAddendum'), addendum, { content })).row;
}

export async function removeAddendum(work: Work, addendumId: number): Promise<StoredRow> {
  const addendum = await requireInScope(
    work,
    'ChartingNoteAddendum',
    addendumId,
    'charting_note_addendum_id',
  );
  return deleteRecord(work, work.registry.get('ChartingNoteAddendum'), addendum);
}

export async function changeCompletedOnboardingItem(
  work: Work,
  itemId: number,
  change: { skipped?: boolean | undefined },
): Promise<StoredRow> {
  const item = await requireInScope(work, 'CompletedOnboardingItem', itemId, 'completed_onboarding_item_id');
  const values = change.skipped === undefined ? {} : { skipped: change.skipped ? 1 : 0 };
  return (await updateInternal(work, work.registry.get('CompletedOnboardingItem'), item, values)).row;
}

export async function removeCompletedOnboardingItem(work: Work, itemId: number): Promise<StoredRow> {
  const item = await requireInScope(work, 'CompletedOnboardingItem', itemId, 'completed_onboarding_item_id');
  return deleteRecord(work, work.registry.get('CompletedOnboardingItem'), item);
}
