/**
 * `bulkUpdateClients`: archive or restore many clients, move them to a group, or change their care team
 * (`other_provider_ids` adds providers, `provider_ids_to_remove` takes them off). The clients are `ids`,
 * or with `select_all_status` (`active`, `archived` or `all`) every client of the caller's organizations
 * with that status except `select_all_excluded_ids`. Each client that changes emits `patient.updated`
 * with its own `changed_fields`, unless `suppress_patient_updated_webhooks` is true.
 */
import { z } from 'zod';
import {
  fail,
  findRow,
  MAX_PAGE_SIZE,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { archiveStamp, stampClient } from './clients.js';
import { User, type PatientsTables } from './resources.js';

const idList = z
  .array(z.unknown())
  .nullish()
  .transform((ids) => ids ?? []);

const bulkUpdateClientsInput = z.object({
  ids: idList,
  active_status: z.boolean().nullish(),
  user_group_id: z.string().nullish(),
  other_provider_ids: z.string({ error: 'Other provider ids must be ids separated by commas' }).nullish(),
  provider_ids_to_remove: idList,
  select_all_status: z
    .enum(['active', 'archived', 'all'], { error: 'Select all status must be active, archived or all' })
    .nullish(),
  select_all_excluded_ids: idList,
  suppress_patient_updated_webhooks: z.boolean().nullish(),
});

/** The most clients one `select_all_status` call changes (each is its own write and event). */
const SELECT_ALL_LIMIT = 10 * MAX_PAGE_SIZE;

async function selectedClients(
  work: Work,
  given: z.infer<typeof bulkUpdateClientsInput>,
): Promise<StoredRow[]> {
  if (!given.select_all_status) {
    if (given.ids.length === 0) fail('ids', 'Ids must name at least one client');
    const clients: StoredRow[] = [];
    for (const id of given.ids) clients.push(await requireRow(work, User, id, 'ids'));
    return clients;
  }
  const excluded = given.select_all_excluded_ids.map((id) => parseId(id)).filter((id) => id !== null);
  let query = typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', work.scope);
  if (given.select_all_status !== 'all')
    query = query.where('active', '=', given.select_all_status === 'active' ? 1 : 0);
  if (excluded.length > 0) query = query.where('id', 'not in', excluded);
  const clients = (await query
    .orderBy('id')
    .limit(SELECT_ALL_LIMIT + 1)
    .execute()) as unknown as StoredRow[];
  if (clients.length > SELECT_ALL_LIMIT)
    fail('select_all_status', `At most ${SELECT_ALL_LIMIT} clients can be changed at once`);
  return clients;
}

/** Provider ids given as text (`"12,15"`), each a provider of the caller's organizations. */
async function providersToAdd(work: Work, text: string | null | undefined): Promise<string[]> {
  const ids: string[] = [];
  for (const raw of (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const id = parseId(raw);
    const provider = id === null ? undefined : await findRow(work, User, id);
    if (!provider || provider.user_type !== 'provider')
      fail('other_provider_ids', `Provider ${raw} was not found`);
    if (!ids.includes(String(id))) ids.push(String(id));
  }
  return ids;
}

function careTeamOf(client: StoredRow): string[] {
  const stored =
    typeof client.other_provider_ids === 'string' ? (JSON.parse(client.other_provider_ids) as unknown) : [];
  return Array.isArray(stored) ? stored.map(String) : [];
}

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
    const given = parseInput(bulkUpdateClientsInput, input);
    const clients = await selectedClients(work, given);
    const adding = await providersToAdd(work, given.other_provider_ids);
    const removing = given.provider_ids_to_remove.map(String);
    const changes: Record<string, unknown> = {};
    if (given.active_status != null) changes.active = given.active_status;
    if (given.user_group_id !== undefined) changes.user_group_id = given.user_group_id;
    const w = given.suppress_patient_updated_webhooks === true ? { ...work, suppressed: true } : work;
    const users: StoredRow[] = [];
    for (const client of clients) {
      const team = careTeamOf(client);
      const next = [
        ...team.filter((id) => !removing.includes(id)),
        ...adding.filter((id) => !team.includes(id)),
      ];
      const changed = next.length !== team.length || next.some((id, i) => id !== team[i]);
      const change = await updateRecord(w, User, client, changes, {
        before: async (_work, values) => {
          if (changed) values.other_provider_ids = JSON.stringify(next);
        },
      });
      await stampClient(work, change.row, archiveStamp(work, client, change.row));
      users.push(change.row);
    }
    return { users };
  },
};
