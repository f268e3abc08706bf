/**
 * `bulkUpdateClients`: archive or restore many clients, or move them to a group. Each client that
 * changes emits `patient.updated` with its own `changed_fields`, unless
 * `suppress_patient_updated_webhooks` is true.
 */
import {
  fail,
  requireRow,
  updateRecord,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';

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
    const User = work.registry.get('User');
    const ids = Array.isArray(input.ids) ? input.ids : [];
    if (ids.length === 0) fail('ids', 'Ids must name at least one client');
    const clients: StoredRow[] = [];
    for (const id of ids) clients.push(await requireRow(work, User, id, 'ids'));
    const changes: Record<string, unknown> = {};
    if (typeof input.active_status === 'boolean') changes.active = input.active_status;
    if (input.user_group_id !== undefined) changes.user_group_id = input.user_group_id;
    const w = input.suppress_patient_updated_webhooks === true ? { ...work, suppressed: true } : work;
    const users: StoredRow[] = [];
    for (const client of clients) users.push((await updateRecord(w, User, client, changes)).row);
    return { users };
  },
};
