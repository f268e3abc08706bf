/**
 * Registering a client with Change Healthcare (eligibility checks and claims). carehooks runs no Change
 * Healthcare connection: `createChangeHealthPatient(id)` records the request on the client
 * (`change_health_requested_at`, a stamp: no event), and Change Healthcare's answer arrives through the
 * internal API (`POST /internal/integrations/change-health/patient-created`), which stores the client's id
 * there (`change_health_patient_id`, `patient.updated`).
 */
import { z } from 'zod';
import {
  internalRoute,
  recordAnswer,
  RecordNotFound,
  requireInScope,
  requireRow,
  typedTransaction,
  updateInternal,
  type InternalRoute,
  type SpecialMutation,
} from '../../registry/index.js';
import { id } from '../../registry/input-schemas.js';
import { User, type PatientsTables } from '../patients/index.js';

export const createChangeHealthPatient: SpecialMutation = {
  name: 'createChangeHealthPatient',
  input: 'CreateChangeHealthPatientInput',
  inputFields: { id: 'ID' },
  payload: 'CreateChangeHealthPatientPayload',
  returns: { user: 'User' },
  async run(work, input) {
    const client = await requireRow(work, User, input.id);
    const requestedAt = new Date(work.uow.now).toISOString();
    await typedTransaction<PatientsTables>(work)
      .updateTable('users')
      .set({ change_health_requested_at: requestedAt })
      .where('id', '=', client.id)
      .execute();
    return { user: { ...client, change_health_requested_at: requestedAt } };
  },
};

export const changeHealthRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/change-health/patient-created',
    body: z.object({ user_id: id, change_health_patient_id: z.string().trim().min(1).max(255) }),
    run: async (work, body) => {
      const client = await requireInScope(work, User, body.user_id, 'user_id');
      if (client.user_type !== 'patient') throw new RecordNotFound('user_id', User.name, body.user_id);
      const values = { change_health_patient_id: body.change_health_patient_id };
      return recordAnswer(User, (await updateInternal(work, User, client, values)).row);
    },
  }),
];
