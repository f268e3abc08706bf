/**
 * The code lines of claims (CMS 1500) as Healthie's types show them: each line's code object (see
 * patients/code-objects.ts) and a claim's lists of lines; the CPT codes a claim or superbill bills, as one
 * comma-separated text; a superbill's place of service (its `place_of_service_id` read as the CMS code, as
 * a location's is).
 */
import { typedDb, type Computed, type Reader, type ResourceExtension } from '../../registry/index.js';
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

/**
 * Fields of `SuperBill`. Its lines keep carehooks' own types: as Healthie's `CptCodesSuperBill` /
 * `IcdCodesSuperBill` they would also need Healthie's `startingSuperBill*` queries, whose unsaved lines
 * have no id to answer.
 */
export const superBillCodeFields = {
  computed: {
    cpt_code_names: cptCodeNames('superbill'),
    place_of_service: {
      type: 'PlaceOfService',
      resolve: (row) => placeOfService(row.place_of_service_id),
    } satisfies Computed,
  },
};
