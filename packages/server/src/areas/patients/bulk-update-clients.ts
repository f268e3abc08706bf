/**
 * `bulkUpdateClients`: archive or restore many clients, or move them to a group. Each client that
 * changes emits `patient.updated` with its own `changed_fields`, unless
 * `suppress_patient_updated_webhooks` is true.
 */
import { z } from 'zod';
import {
  parseInput,
  requireRow,
  updateRecord,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { User } from './resources.js';

const bulkUpdateClientsInput = z.object({
  ids: z
    .array(z.unknown())
    .nullish()
    .transform((ids) => ids ?? [])
    .refine((ids) => ids.length > 0, { error: 'Ids must name at least one client' }),
  active_status: z.boolean().nullish(),
  user_group_id: z.string().nullish(),
  suppress_patient_updated_webhooks: z.boolean().nullish(),
});

export const bulkUpdateClients: SpecialMutation = {
  name: 'bulkUpdateClients',
  input: 'bulkUpdateClientsInput',
  inputFields: {
    ids: '[ID]',
    active_status: 'Boolean',
    user_group_id: 'ID',
    other_provider_ids: 'String',
    provider_ids_to_remove: '[ID]',
    select_all_excluded_ids: '[ID]',
    select_all_status: 'String',
    suppress_patient_updated_webhooks: 'Boolean',
  },
  payload: 'bulkUpdateClientsPayload',
  returns: { users: '[User]' },
  async run(work, input) {
    const { ids, ...given } = parseInput(bulkUpdateClientsInput, input);
    const clients: StoredRow[] = [];
    for (const id of ids) clients.push(await requireRow(work, User, id, 'ids'));
    const changes: Record<string, unknown> = {};
    if (given.active_status != null) changes.active = given.active_status;
    if (given.user_group_id !== undefined) changes.user_group_id = given.user_group_id;
    const w = given.suppress_patient_updated_webhooks === true ? { ...work, suppressed: true } : work;
    const users: StoredRow[] = [];
    for (const client of clients) users.push((await updateRecord(w, User, client, changes)).row);
    return { users };
  },
};
