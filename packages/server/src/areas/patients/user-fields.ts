/**
 * Computed GraphQL fields of people that other areas share: names and their organization. They read no
 * declared table (`organizations` is a foundation table), so this module imports no declarations and
 * every area's resources.ts may use it without a loop.
 */
import { typedDb, type Reader, type StoredRow } from '../../registry/index.js';

export function fullName(row: StoredRow): string {
  return [row.first_name, row.last_name].filter(Boolean).join(' ');
}

export async function organizationOf(row: StoredRow, reader: Reader): Promise<unknown> {
  return typedDb<unknown>(reader)
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', row.organization_id)
    .executeTakeFirst();
}
