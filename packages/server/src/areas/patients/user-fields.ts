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

/**
 * The tax id a provider is shown with when a read names whose to use (`provider(organization_info_id:)`,
 * `provider(super_bill_id:)`); a user has no tax id of its own here, so otherwise `User.tax_id` is null, as
 * on a new Healthie account.
 */
const shownTaxId = Symbol('shown tax id');

export function withTaxId(row: StoredRow, taxId: string | null): StoredRow {
  return Object.assign({ ...row }, { [shownTaxId]: taxId });
}

export function taxIdOf(row: StoredRow): string | null {
  const taxId = (row as { [shownTaxId]?: unknown })[shownTaxId];
  return typeof taxId === 'string' ? taxId : null;
}
