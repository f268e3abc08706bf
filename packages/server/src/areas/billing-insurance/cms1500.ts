/**
 * CMS 1500 specifics. The claim's nested inputs write the records they describe, each with its own events,
 * after the form's own event:
 * - `patient { id, dob, sex, full_legal_name_with_preferred, ssn, location, policies, referring_physicians }`:
 *   the patient is the claim's; their date of birth, sex and legal name, address and policies are updated
 *   (`patient.updated`, `location.*`, `policy.*`); the SSN is kept on the claim only; the first referring
 *   physician (named by `id`, or made from `full_name`) is the claim's referrer.
 * - `dietitian { id, npi, qualifications, other_id, other_id_qualifier }`: the rendering provider; their NPI
 *   and qualifications are updated (`organization_member.updated`); the other id is the claim's.
 * - `organization_info { id, … }`: the billing organization info, updated (or made without `id`).
 * - `cms1500_policies`, `cpt_codes_cms1500s`, `icd_codes_cms1500s`: the claim's policies (by `policy_id` or a
 *   nested `policy` written for the patient), service lines and diagnoses, each added, changed or
 *   `_destroy`ed; `referral_info`: the claim's referral and case details.
 * - `rendering_provider_other_id_number` / `other_id_numbers` (the latter designed by carehooks in the same
 *   shape plus `label` and `_destroy`): the provider's other identifiers (`other_id_number.*`).
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  requireRow,
  updateRecord,
  updateRow,
  within,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import {
  applyChild,
  applyChildren,
  childrenOf,
  nestedItem,
  nestedItems,
  type InputItem,
} from '../../registry/nested-input.js';
import { ReferringPhysician } from '../clinical/index.js';
import { OrganizationInfo, OrganizationMember } from '../organization/index.js';
import { Policy, User } from '../patients/index.js';
import { Cms1500CptCode, Cms1500IcdCode, Cms1500Policy, OtherIdNumber, ReferralInfo } from './resources.js';
import { writeLocation } from './super-bills.js';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The nested ids become the flat fields, so the usual reference checks apply to them. */
export function nestedIds(input: Record<string, unknown>): Record<string, unknown> {
  const dietitian = nestedItem(input.dietitian)?.id;
  const info = nestedItem(input.organization_info)?.id;
  return {
    ...input,
    ...(input.dietitian_id === undefined && dietitian != null ? { dietitian_id: dietitian } : {}),
    ...(input.organization_info_id === undefined && info != null ? { organization_info_id: info } : {}),
  };
}

/** `organization_info` without `id` makes a new organization info for the claim. */
async function newOrganizationInfo(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
) {
  const info = nestedItem(input.organization_info);
  if (!info || given(info.id)) return;
  const { location: _location, organization_id: _org, ...fields } = info;
  values.organization_info_id = (
    await within('organization_info', () => createRecord(work, OrganizationInfo, fields))
  ).id;
}

export async function cms1500Before(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const creating = input.id === undefined;
  const patientInput = nestedItem(input.patient);
  const raw = patientInput?.id;
  if (!given(raw)) {
    if (creating) fail('patient', 'Patient is required');
  } else {
    const id = parseId(raw);
    const patient = id === null ? undefined : await findRow(work, User, id);
    if (!patient) fail('patient', `User ${String(raw)} was not found`);
    values.patient_id = patient.id;
  }
  if (patientInput && patientInput.ssn !== undefined) values.patient_ssn = patientInput.ssn || null;
  const dietitian = nestedItem(input.dietitian);
  if (dietitian?.other_id !== undefined) values.rendering_provider_other_id = dietitian.other_id || null;
  if (dietitian?.other_id_qualifier !== undefined)
    values.rendering_provider_other_id_qualifier = dietitian.other_id_qualifier || null;
  const info = nestedItem(input.organization_info);
  if (info && given(info.organization_id)) {
    const org = parseId(info.organization_id);
    if (org === null || !work.scope.includes(org))
      fail('organization_info.organization_id', `Organization ${String(info.organization_id)} was not found`);
  }
  await newOrganizationInfo(work, values, input);
}

// ---------------------------------------------------------------------------------------------------------
// After the form's event: the records its nested input describes.

/** `PolicyInput`: the policy named by `id` is updated, else a new one is made for the patient. */
async function writePolicy(work: Work, item: InputItem, patientId: unknown): Promise<StoredRow> {
  const {
    id,
    holder_location: holder,
    payer_location: payer,
    insurance_plan: plan,
    user_id: owner,
    ...fields
  } = item;
  if (given(owner) && parseId(owner) !== patientId)
    fail('user_id', 'A policy on the claim must be its patient’s');
  const planItem = nestedItem(plan);
  if (planItem && given(planItem.id)) fields.insurance_plan_id = planItem.id;
  let policy: StoredRow;
  if (!given(id)) {
    policy = await createRecord(work, Policy, { ...fields, user_id: patientId });
  } else {
    const parsed = parseId(id);
    const row = parsed === null ? undefined : await findRow(work, Policy, parsed);
    if (!row) fail('id', `Policy ${String(id)} was not found`);
    policy = (await updateRecord(work, Policy, row, fields)).row;
  }
  // The addresses and the payer's name are the policy's own records, written as the patients area does.
  const links: Record<string, unknown> = {};
  const holderItem = nestedItem(holder);
  if (holderItem)
    links.holder_location_id = (
      await within('holder_location', () => writeLocation(work, holderItem, patientId))
    ).id;
  const payerItem = nestedItem(payer);
  if (payerItem)
    links.payer_location_id = (
      await within('payer_location', () => writeLocation(work, payerItem, undefined))
    ).id;
  if (planItem && planItem.payer_name !== undefined) links.payer_name = planItem.payer_name ?? null;
  return Object.keys(links).length === 0 ? policy : (await updateRow(work, Policy, policy, links)).row;
}

async function applyPatient(work: Work, form: StoredRow, input: Record<string, unknown>): Promise<void> {
  const patientInput = nestedItem(input.patient);
  if (!patientInput || typeof form.patient_id !== 'number') return;
  await within('patient', async () => {
    const patient = await requireRow(work, User, form.patient_id, 'id');
    const fields: Record<string, unknown> = {};
    if (patientInput.dob !== undefined) fields.dob = patientInput.dob;
    if (patientInput.sex !== undefined) fields.sex = patientInput.sex;
    if (patientInput.full_legal_name_with_preferred !== undefined)
      fields.legal_name = patientInput.full_legal_name_with_preferred;
    if (Object.keys(fields).length > 0) await updateRecord(work, User, patient, fields);
    const location = nestedItem(patientInput.location);
    if (location) await within('location', () => writeLocation(work, location, patient.id));
    for (const [index, item] of nestedItems(patientInput.policies))
      await within(`policies[${index}]`, () => writePolicy(work, item, patient.id));
    const [first] = nestedItems(patientInput.referring_physicians);
    if (first) {
      const physician = await within('referring_physicians[0]', () => referringPhysician(work, first[1]));
      await upsertReferral(work, form, { referring_physician_id: physician.id });
    }
  });
}

/** A referring physician named by `id`, or made from `full_name`. */
async function referringPhysician(work: Work, item: InputItem): Promise<StoredRow> {
  if (given(item.id)) {
    const parsed = parseId(item.id);
    const row = parsed === null ? undefined : await findRow(work, ReferringPhysician, parsed);
    if (!row) fail('id', `ReferringPhysician ${String(item.id)} was not found`);
    return row;
  }
  const name = typeof item.full_name === 'string' ? item.full_name.trim() : '';
  if (name === '') fail('full_name', 'Full name is required');
  const parts = name.split(/\s+/);
  const last = parts.length > 1 ? parts.pop()! : '';
  return createRecord(work, ReferringPhysician, { first_name: parts.join(' '), last_name: last || null });
}

async function upsertReferral(work: Work, form: StoredRow, fields: InputItem): Promise<void> {
  const [existing] = await childrenOf(work, ReferralInfo, 'cms1500_id', form.id);
  if (existing) await updateRecord(work, ReferralInfo, existing, fields);
  else await createRecord(work, ReferralInfo, { ...fields, cms1500_id: form.id });
}

async function applyReferral(work: Work, form: StoredRow, input: Record<string, unknown>): Promise<void> {
  const referral = nestedItem(input.referral_info);
  if (!referral) return;
  await within('referral_info', async () => {
    const { id, ...fields } = referral;
    if (given(id)) {
      const [existing] = await childrenOf(work, ReferralInfo, 'cms1500_id', form.id);
      if (!existing || existing.id !== parseId(id)) fail('id', `ReferralInfo ${String(id)} was not found`);
    }
    await upsertReferral(work, form, fields);
  });
}

async function applyProvider(work: Work, form: StoredRow, input: Record<string, unknown>): Promise<void> {
  const dietitian = nestedItem(input.dietitian);
  if (!dietitian || typeof form.dietitian_id !== 'number') return;
  const fields: Record<string, unknown> = {};
  if (dietitian.npi !== undefined) fields.npi = dietitian.npi;
  if (dietitian.qualifications !== undefined) fields.qualifications = dietitian.qualifications;
  if (Object.keys(fields).length === 0) return;
  await within('dietitian', async () => {
    const provider = await findRow(work, OrganizationMember, form.dietitian_id as number, { fixed: true });
    if (!provider) fail('id', `User ${String(form.dietitian_id)} is not a provider`);
    await updateRecord(work, OrganizationMember, provider, fields);
  });
}

async function applyOrganizationInfo(
  work: Work,
  form: StoredRow,
  input: Record<string, unknown>,
): Promise<void> {
  const info = nestedItem(input.organization_info);
  if (!info || typeof form.organization_info_id !== 'number') return;
  await within('organization_info', async () => {
    const row = await requireRow(work, OrganizationInfo, form.organization_info_id, 'id');
    const { id, location, organization_id: _org, ...fields } = info;
    // Without `id` the info was made (with these fields) before the claim.
    const current = given(id) ? (await updateRecord(work, OrganizationInfo, row, fields)).row : row;
    const address = nestedItem(location);
    if (address) {
      const written = await within('location', () => writeLocation(work, address, undefined));
      await updateRow(work, OrganizationInfo, current, { location_id: written.id });
    }
  });
}

async function applyPolicies(work: Work, form: StoredRow, input: Record<string, unknown>): Promise<void> {
  for (const [index, item] of nestedItems(input.cms1500_policies)) {
    await within(`cms1500_policies[${index}]`, async () => {
      const { policy, ...rest } = item;
      const nested = nestedItem(policy);
      const link = nested
        ? {
            ...rest,
            policy_id: (await within('policy', () => writePolicy(work, nested, form.patient_id))).id,
          }
        : rest;
      await applyChild(work, Cms1500Policy, 'cms1500_id', form, link);
    });
  }
}

function otherIdItems(input: Record<string, unknown>): Array<[string, InputItem]> {
  const list: Array<[string, InputItem]> = [];
  const single = nestedItem(input.rendering_provider_other_id_number);
  if (single) list.push(['rendering_provider_other_id_number', single]);
  for (const [index, item] of nestedItems(input.other_id_numbers))
    list.push([`other_id_numbers[${index}]`, item]);
  return list;
}

async function applyOtherIdItem(work: Work, form: StoredRow, item: InputItem): Promise<void> {
  const { id, _destroy: destroy, ...fields } = item;
  if (!given(id)) {
    if (destroy !== true) await createRecord(work, OtherIdNumber, { user_id: form.dietitian_id, ...fields });
    return;
  }
  const parsed = parseId(id);
  const row = parsed === null ? undefined : await findRow(work, OtherIdNumber, parsed);
  if (!row) fail('id', `OtherIdNumber ${String(id)} was not found`);
  if (destroy === true) await deleteRecord(work, OtherIdNumber, row);
  else await updateRecord(work, OtherIdNumber, row, fields);
}

export async function cms1500After(work: Work, change: RecordChange): Promise<void> {
  const { row: form, input } = change;
  for (const [prefix, item] of otherIdItems(input))
    await within(prefix, () => applyOtherIdItem(work, form, item));
  await applyPatient(work, form, input);
  await applyProvider(work, form, input);
  await applyOrganizationInfo(work, form, input);
  await applyPolicies(work, form, input);
  await applyChildren(
    work,
    Cms1500CptCode,
    'cms1500_id',
    form,
    'cpt_codes_cms1500s',
    nestedItems(input.cpt_codes_cms1500s),
  );
  await applyChildren(
    work,
    Cms1500IcdCode,
    'cms1500_id',
    form,
    'icd_codes_cms1500s',
    nestedItems(input.icd_codes_cms1500s),
  );
  await applyReferral(work, form, input);
}
