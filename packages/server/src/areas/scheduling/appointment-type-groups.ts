/**
 * Appointment type fields derived from stored data: the user group it belongs to (`user_group_id`) and
 * the groups that may book it (`bookable_group_ids`, as user group records; ids that name no group in
 * scope are left out), its label with its length, and how many clients have a price of their own for it
 * (updateClient's `advance_appointment_prices`). Providers have no prices of their own here (the type's or
 * its CPT code's price applies to every provider), so none is counted.
 */
import {
  findRow,
  parseIdList,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { UserGroup, type PatientsTables } from '../patients/index.js';

async function bookableGroups(row: StoredRow, reader: Reader): Promise<StoredRow[]> {
  const ids =
    typeof row.bookable_group_ids === 'string' ? [...new Set(parseIdList(row.bookable_group_ids))] : [];
  if (ids.length === 0) return [];
  const groups = (await typedDb<PatientsTables>(reader)
    .selectFrom('user_groups')
    .selectAll()
    .where('id', 'in', ids)
    .where('organization_id', 'in', reader.scope)
    .execute()) as StoredRow[];
  return ids.map((id) => groups.find((g) => g.id === id)).filter((g) => g !== undefined);
}

export const typeGroupFields: Record<string, Computed> = {
  user_group: {
    type: 'UserGroup',
    resolve: async (row, reader) => {
      const id = Number(row.user_group_id);
      return Number.isSafeInteger(id) && id > 0 ? ((await findRow(reader, UserGroup, id)) ?? null) : null;
    },
  },
  bookable_groups: { type: '[UserGroup!]', resolve: bookableGroups },
  time_on_label: {
    type: 'String',
    resolve: (row) =>
      typeof row.length === 'number' ? `${String(row.name)} - ${row.length} minutes` : String(row.name),
  },
  advance_pricing_for_clients_count: {
    type: 'String',
    resolve: async (row, reader) => {
      const counted = await typedDb<PatientsTables>(reader)
        .selectFrom('advance_appointment_prices')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('appointment_type_id', '=', row.id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst();
      return String(Number(counted?.count ?? 0));
    },
  },
  advance_pricing_for_providers_count: { type: 'String', resolve: () => '0' },
};
