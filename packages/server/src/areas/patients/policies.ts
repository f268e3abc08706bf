/**
 * updatePolicy's nested records, after the policy's own change (and its `policy.updated`): `benefits`,
 * `cpt_codes_policies` and `icd_codes_policies` (an item with `id` updates or, with `_destroy`, deletes;
 * one without creates), the policy's `call_reference` and `insurance_authorization` (created, or updated
 * when the policy has one), and `referring_physician_id`: the policy's referral (created for the client,
 * or moved to that physician).
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  typedTransaction,
  typedDb,
  updateRecord,
  within,
  type AnyResource,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { InsuranceAuthorization, type BillingInsuranceTables } from '../billing-insurance/index.js';
import { Referral, ReferringPhysician } from '../clinical/index.js';
import { Benefit, CallReference, CptCodesPolicy, IcdCodesPolicy, type PatientsTables } from './resources.js';

type Item = Record<string, unknown>;
const item = z.record(z.string(), z.unknown());
const items = z
  .array(item.nullable())
  .nullish()
  .transform((list) => (list ?? []).filter((entry) => entry !== null));

const policyInput = z.object({
  benefits: items,
  cpt_codes_policies: items,
  icd_codes_policies: items,
  call_reference: item.nullish(),
  insurance_authorization: item.nullish(),
  referring_physician_id: z.union([z.string(), z.number()]).nullish(),
});

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** One nested record of the policy; `policy_id` in the item, if any, must be this policy. */
async function applyItem(work: Work, r: AnyResource, policy: StoredRow, entry: Item): Promise<void> {
  const { id, _destroy: destroy, policy_id: named, ...fields } = entry;
  if (given(named) && parseId(named) !== policy.id) fail('policy_id', 'Policy id must be this policy');
  if (given(id)) {
    const row = await findRow(work, r, parseId(id) ?? -1);
    if (!row || row.policy_id !== policy.id)
      fail('id', `${r.name} ${String(id)} was not found for this policy`);
    if (destroy === true) await deleteRecord(work, r, row);
    else await updateRecord(work, r, row, fields);
  } else if (destroy !== true) {
    await createRecord(work, r, { ...fields, policy_id: policy.id });
  }
}

/** The one record of `r` that belongs to the policy: updated when there is one, created otherwise. */
async function applySingle(work: Work, r: AnyResource, policy: StoredRow, entry: Item, extra: Item = {}) {
  const { id, ...fields } = entry;
  const existing = (await work.db
    .selectFrom(r.table)
    .selectAll()
    .where('policy_id', '=', policy.id)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
  if (given(id) && (!existing || parseId(id) !== existing.id))
    fail('id', `${r.name} ${String(id)} was not found for this policy`);
  if (existing) await updateRecord(work, r, existing, fields);
  else await createRecord(work, r, { ...fields, ...extra, policy_id: policy.id });
}

async function insuranceAuthorizationOf(work: Work, policy: StoredRow): Promise<StoredRow | undefined> {
  return (await typedTransaction<BillingInsuranceTables>(work)
    .selectFrom('insurance_authorizations')
    .selectAll()
    .where('policy_id', '=', policy.id)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}

async function applyAuthorization(work: Work, policy: StoredRow, entry: Item): Promise<void> {
  const { id, ...fields } = entry;
  const existing = await insuranceAuthorizationOf(work, policy);
  if (given(id) && (!existing || parseId(id) !== existing.id))
    fail('id', `InsuranceAuthorization ${String(id)} was not found for this policy`);
  if (existing) await updateRecord(work, InsuranceAuthorization, existing, fields);
  else
    await createRecord(work, InsuranceAuthorization, {
      ...fields,
      user_id: policy.user_id,
      policy_id: policy.id,
    });
}

/** The policy's referral comes from this physician: the referral is made for the client, or moved. */
async function referBy(work: Work, policy: StoredRow, raw: unknown): Promise<void> {
  const physician = await findRow(work, ReferringPhysician, parseId(raw) ?? -1);
  if (!physician) fail('referring_physician_id', `ReferringPhysician ${String(raw)} was not found`);
  const current =
    policy.referral_id == null ? undefined : await findRow(work, Referral, Number(policy.referral_id));
  if (current) {
    await updateRecord(work, Referral, current, { referring_physician_id: physician.id });
    return;
  }
  const referral = await createRecord(work, Referral, {
    user_id: policy.user_id,
    referring_physician_id: physician.id,
  });
  // The policy names its referral; recorded without a second policy.updated (the referral's event says it).
  await typedTransaction<PatientsTables>(work)
    .updateTable('policies')
    .set({ referral_id: referral.id })
    .where('id', '=', policy.id)
    .execute();
  // The mutation answers this row.
  policy.referral_id = referral.id;
}

export async function applyPolicyNestedRecords(work: Work, change: RecordChange): Promise<void> {
  const policy = change.row;
  const input = parseInput(policyInput, change.input);
  for (const [index, entry] of input.benefits.entries())
    await within(`benefits[${index}]`, () => applyItem(work, Benefit, policy, entry));
  for (const [index, entry] of input.cpt_codes_policies.entries())
    await within(`cpt_codes_policies[${index}]`, () => applyItem(work, CptCodesPolicy, policy, entry));
  for (const [index, entry] of input.icd_codes_policies.entries())
    await within(`icd_codes_policies[${index}]`, () => applyItem(work, IcdCodesPolicy, policy, entry));
  const call = input.call_reference;
  if (call) await within('call_reference', () => applySingle(work, CallReference, policy, call));
  const authorization = input.insurance_authorization;
  if (authorization)
    await within('insurance_authorization', () => applyAuthorization(work, policy, authorization));
  if (given(input.referring_physician_id)) await referBy(work, policy, input.referring_physician_id);
}

/** `Policy.insurance_authorization`: the policy's authorization, when there is one. */
export async function policyAuthorization(row: StoredRow, reader: Reader): Promise<unknown> {
  return typedDb<BillingInsuranceTables>(reader)
    .selectFrom('insurance_authorizations')
    .selectAll()
    .where('policy_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .executeTakeFirst();
}
