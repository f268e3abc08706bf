/**
 * Linking a filled-in form to an appointment from the API. `createAppointmentFormAnswerGroupConnection`
 * makes one link (`appointment_form_answer_group_connection.created`); a submission is linked to an
 * appointment once. `deleteAppointmentFormAnswerGroupConnection` names the submission and removes each of
 * its links (`.deleted` per link). Both answer the submission (and the create, the appointment).
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  fail,
  parseInput,
  requireRow,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { Appointment } from '../scheduling/index.js';
import {
  AppointmentFormAnswerGroupConnection as Connection,
  FormAnswerGroup,
  type FormsChartingTables,
} from './resources.js';

const linkInput = z.object({
  appointment_id: z.unknown().optional(),
  form_answer_group_id: z.unknown().optional(),
});

export const createAppointmentFormAnswerGroupConnection: SpecialMutation = {
  name: 'createAppointmentFormAnswerGroupConnection',
  input: 'createAppointmentFormAnswerGroupConnectionInput',
  inputFields: { appointment_id: 'ID', form_answer_group_id: 'ID' },
  payload: 'createAppointmentFormAnswerGroupConnectionPayload',
  returns: { appointment: 'Appointment', form_answer_group: 'FormAnswerGroup' },
  async run(work, raw) {
    const input = parseInput(linkInput, raw);
    const appointment = await requireRow(work, Appointment, input.appointment_id, 'appointment_id');
    const group = await requireRow(work, FormAnswerGroup, input.form_answer_group_id, 'form_answer_group_id');
    const linked = await typedTransaction<FormsChartingTables>(work)
      .selectFrom('appointment_form_answer_group_connections')
      .select('id')
      .where('appointment_id', '=', appointment.id)
      .where('form_answer_group_id', '=', group.id)
      .executeTakeFirst();
    if (linked)
      fail(
        'form_answer_group_id',
        `FormAnswerGroup ${group.id} is already linked to appointment ${appointment.id}`,
      );
    await createRecord(work, Connection, {
      appointment_id: appointment.id,
      form_answer_group_id: group.id,
    });
    return { appointment, form_answer_group: group };
  },
};

export const deleteAppointmentFormAnswerGroupConnection: SpecialMutation = {
  name: 'deleteAppointmentFormAnswerGroupConnection',
  input: 'deleteAppointmentFormAnswerGroupConnectionInput',
  inputFields: { form_answer_group_id: 'ID' },
  payload: 'deleteAppointmentFormAnswerGroupConnectionPayload',
  returns: { form_answer_group: 'FormAnswerGroup' },
  async run(work, input) {
    const group = await requireRow(work, FormAnswerGroup, input.form_answer_group_id, 'form_answer_group_id');
    const links = (await typedTransaction<FormsChartingTables>(work)
      .selectFrom('appointment_form_answer_group_connections')
      .selectAll()
      .where('form_answer_group_id', '=', group.id)
      .where('organization_id', 'in', work.scope)
      .orderBy('id')
      .execute()) as StoredRow[];
    if (links.length === 0)
      fail('form_answer_group_id', `FormAnswerGroup ${group.id} is not linked to an appointment`);
    for (const link of links) await deleteRecord(work, Connection, link);
    return { form_answer_group: group };
  },
};
