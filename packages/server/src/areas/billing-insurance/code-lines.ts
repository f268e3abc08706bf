/**
 * The code lines of claims (CMS 1500) and superbills as Healthie's types show them: each line's code object
 * (see patients/code-objects.ts) and a claim's or superbill's lists of lines; the CPT codes a claim or
 * superbill bills, as one comma-separated text; a superbill's place of service (its `place_of_service_id`
 * read as the CMS code, as a location's is); the fee each CPT code was last billed at for a claim's
 * patient; and, on a patient's diagnosis, the claim and superbill lines that code it.
 */
import {
  typedDb,
  type Computed,
  type Reader,
  type ResourceExtension,
  type StoredRow,
} from '../../registry/index.js';
import { codeField, placeOfService } from '../patients/index.js';
import type { BillingInsuranceTables } from './resources.js';

/** The CPT codes of a claim's or superbill's lines, in line order, e.g. `99213, 90837`. */
const cptCodeNames = (of: 'claim' | 'superbill'): Computed => ({
  type: 'String',
  resolve: async (row, reader: Reader) => {
    const db = typedDb<BillingInsuranceTables>(reader);
    const lines =
      of === 'claim'
        ? await db
            .selectFrom('cms1500_cpt_codes')
            .select('cpt_code_id')
            .where('cms1500_id', '=', row.id)
            .where('organization_id', 'in', reader.scope)
            .orderBy('id')
            .execute()
        : await db
            .selectFrom('super_bill_cpt_codes')
            .select('cpt_code_id')
            .where('super_bill_id', '=', row.id)
            .where('organization_id', 'in', reader.scope)
            .orderBy('id')
            .execute();
    const codes = lines.map((line) => line.cpt_code_id).filter((code) => code != null);
    return codes.length === 0 ? null : codes.map(String).join(', ');
  },
});

const lines = (type: string, resource: string, foreignKey: string) => ({ type, resource, foreignKey });

export const codeLineExtensions: Record<string, ResourceExtension> = {
  Cms1500CptCode: { computed: { cpt_code: codeField('CptCode', 'cpt_code_id') } },
  Cms1500IcdCode: {
    computed: {
      icd_code: codeField('IcdCode', 'icd_code_id'),
      display_name: {
        type: 'String',
        resolve: (row) => (row.icd_code_id == null ? null : String(row.icd_code_id)),
      },
    },
  },
};

/** Fields of `Cms1500` and `SuperBill` (added to their extensions in ./area.ts). */
export const claimCodeFields = {
  many: {
    cpt_codes_cms1500s: lines('[CptCodesCms1500!]', 'Cms1500CptCode', 'cms1500_id'),
    icd_codes_cms1500s: lines('[IcdCodesCms1500!]', 'Cms1500IcdCode', 'cms1500_id'),
  },
  computed: { cpt_code_names: cptCodeNames('claim') },
};

const isoTime = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : null);

const stamps = (type: string): Record<string, Computed> => ({
  created_at: { type, resolve: (row) => isoTime(row.created_at) },
  updated_at: { type, resolve: (row) => isoTime(row.updated_at) },
});

/**
 * Healthie's types for a superbill's stored lines. They are plain object types, not resources: as
 * resources they would also need Healthie's `startingSuperBill*` queries, whose unsaved lines have no id.
 */
export const superBillLineTypes: Record<string, Record<string, string | Computed>> = {
  CptCodesSuperBill: {
    billing_item_id: 'ID',
    cpt_code: codeField('CptCode', 'cpt_code_id'),
    cpt_code_id: 'ID',
    fee: 'String',
    id: 'ID!',
    mod1: 'String',
    mod2: 'String',
    mod3: 'String',
    mod4: 'String',
    pointers: {
      type: '[String!]',
      resolve: (row) => (typeof row.pointers === 'string' ? (JSON.parse(row.pointers) as unknown) : null),
    },
    service_date: 'String',
    super_bill_id: 'ID',
    units: 'String',
    ...stamps('String!'),
  },
  IcdCodesSuperBill: {
    icd_code: codeField('IcdCode', 'icd_code_id'),
    icd_code_id: 'ID',
    id: 'ID!',
    super_bill_id: 'ID',
    ...stamps('String'),
  },
};

/** A superbill's stored lines of one kind, in the order they were added. */
const superBillLines = (type: string, table: 'super_bill_cpt_codes' | 'super_bill_icd_codes'): Computed => ({
  type,
  resolve: (row, reader: Reader) =>
    typedDb<BillingInsuranceTables>(reader)
      .selectFrom(table)
      .selectAll()
      .where('super_bill_id', '=', row.id)
      .where('organization_id', 'in', reader.scope)
      .orderBy('id')
      .execute(),
});

/** Fields of `SuperBill` (added to its extension in ./area.ts). */
export const superBillCodeFields = {
  computed: {
    cpt_code_names: cptCodeNames('superbill'),
    cpt_codes_super_bills: superBillLines('[CptCodesSuperBill!]', 'super_bill_cpt_codes'),
    icd_codes_super_bills: superBillLines('[IcdCodesSuperBill!]', 'super_bill_icd_codes'),
    place_of_service: {
      type: 'PlaceOfService',
      resolve: (row) => placeOfService(row.place_of_service_id),
    } satisfies Computed,
  },
};

/**
 * `Cms1500.estimated_cpt_fees_for_user`: per CPT code, the latest line billing it on the patient's other
 * claims (its fee is what the code last cost this patient), in code order. A draft claim (no id yet) looks
 * at all of them.
 */
export const estimatedCptFees: Computed = {
  type: '[CptCodesCms1500!]',
  resolve: async (row, reader) => {
    if (typeof row.patient_id !== 'number') return [];
    let query = typedDb<BillingInsuranceTables>(reader)
      .selectFrom('cms1500_cpt_codes')
      .innerJoin('cms1500s', 'cms1500s.id', 'cms1500_cpt_codes.cms1500_id')
      .selectAll('cms1500_cpt_codes')
      .where('cms1500s.patient_id', '=', row.patient_id)
      .where('cms1500_cpt_codes.cpt_code_id', 'is not', null)
      .where('cms1500_cpt_codes.organization_id', 'in', reader.scope);
    if (typeof row.id === 'number') query = query.where('cms1500s.id', '<>', row.id);
    const lines = (await query.orderBy('cms1500_cpt_codes.id', 'desc').execute()) as StoredRow[];
    const latest = new Map<number, StoredRow>();
    for (const line of lines)
      if (!latest.has(Number(line.cpt_code_id))) latest.set(Number(line.cpt_code_id), line);
    return [...latest.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
  },
};

/** The id of the latest line on the patient's claims or superbills that codes the diagnosis's ICD code. */
const codingLine = (of: 'claim' | 'superbill'): Computed => ({
  type: 'ID',
  resolve: async (diagnosis, reader) => {
    if (diagnosis.icd_code_id == null || typeof diagnosis.user_id !== 'number') return null;
    const db = typedDb<BillingInsuranceTables>(reader);
    const line =
      of === 'claim'
        ? await db
            .selectFrom('cms1500_icd_codes')
            .innerJoin('cms1500s', 'cms1500s.id', 'cms1500_icd_codes.cms1500_id')
            .select('cms1500_icd_codes.id')
            .where('cms1500s.patient_id', '=', diagnosis.user_id)
            .where('cms1500_icd_codes.icd_code_id', '=', Number(diagnosis.icd_code_id))
            .where('cms1500_icd_codes.organization_id', 'in', reader.scope)
            .orderBy('cms1500_icd_codes.id', 'desc')
            .executeTakeFirst()
        : await db
            .selectFrom('super_bill_icd_codes')
            .innerJoin('super_bills', 'super_bills.id', 'super_bill_icd_codes.super_bill_id')
            .select('super_bill_icd_codes.id')
            .where('super_bills.patient_id', '=', diagnosis.user_id)
            .where('super_bills.deleted_at', 'is', null)
            .where('super_bill_icd_codes.icd_code_id', '=', Number(diagnosis.icd_code_id))
            .where('super_bill_icd_codes.organization_id', 'in', reader.scope)
            .orderBy('super_bill_icd_codes.id', 'desc')
            .executeTakeFirst();
    return line ? String(line.id) : null;
  },
});

/** Fields of `Diagnosis` (clinical's resource, extended in ./area.ts). */
export const diagnosisLineFields: Record<string, Computed> = {
  icd_codes_cms1500s_id: codingLine('claim'),
  icd_codes_super_bill_id: codingLine('superbill'),
};
