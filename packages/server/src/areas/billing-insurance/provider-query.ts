/**
 * Healthie's `provider` query: a staff member as billing documents show them. `id` names the provider;
 * without it, the provider of the superbill `super_bill_id` names, else the primary provider of the client
 * `client_id` names, else (naming none of them) the caller. `organization_info_id` (or else the superbill)
 * decides the tax id the provider is shown with, as a claim or superbill bills under it. A patient's id, or
 * a record outside the caller's organizations, answers null.
 */
import {
  findRow,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { OrganizationInfo } from '../organization/index.js';
import { User, withTaxId } from '../patients/index.js';
import type { BillingInsuranceTables } from './resources.js';

type Args = Record<string, unknown>;

async function superBillOf(reader: Reader, args: Args) {
  const id = parseId(args.super_bill_id);
  if (id === null) return undefined;
  return typedDb<BillingInsuranceTables>(reader)
    .selectFrom('super_bills')
    .select(['dietitian_id', 'tax_id'])
    .where('id', '=', id)
    .where('organization_id', 'in', reader.scope)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

async function clientProvider(reader: Reader, args: Args): Promise<number | null> {
  const id = parseId(args.client_id);
  const client = id === null ? undefined : await findRow(reader, User, id, { fixed: true });
  return typeof client?.dietitian_id === 'number' ? client.dietitian_id : null;
}

async function taxIdOf(reader: Reader, args: Args, bill: { tax_id: string | null } | undefined) {
  const infoId = parseId(args.organization_info_id);
  const info = infoId === null ? undefined : await findRow(reader, OrganizationInfo, infoId);
  if (info) return (info.tax_id as string | null) ?? null;
  return bill?.tax_id ?? null;
}

/** The provider's id: the one named, else the superbill's or client's, else (naming none) the caller. */
async function providerId(
  reader: Reader,
  args: Args,
  bill: { dietitian_id: number | null } | undefined,
): Promise<number | null> {
  if (args.id != null) return parseId(args.id);
  if (args.super_bill_id != null) return bill?.dietitian_id ?? null;
  if (args.client_id != null) return clientProvider(reader, args);
  return reader.caller.userId;
}

async function provider(reader: Reader, args: Args): Promise<StoredRow | null> {
  const bill = await superBillOf(reader, args);
  const id = await providerId(reader, args, bill);
  const row = id === null ? undefined : await findRow(reader, User, id);
  if (!row || row.user_type !== 'provider') return null;
  return withTaxId(row, await taxIdOf(reader, args, bill));
}

export const providerQueries: Record<string, Computed> = {
  provider: {
    type: 'User',
    args: { client_id: 'ID', id: 'ID', organization_info_id: 'ID', super_bill_id: 'ID' },
    resolve: (_root, reader, args) => provider(reader, args),
  },
};
