/**
 * `Organization` fields of features carehooks does not model, each the value a new Healthie account
 * has: E-Labs not enabled (no settings), no teaching-kitchen form filled in, no CPT code fee schedule.
 * Their Healthie types are declared so that clients' selections validate (`LabOrderBilling` is the
 * clinical area's).
 */
import { accountDefault, type Computed } from '../../registry/index.js';

export const unmodelledOrganizationFields: Record<string, Computed> = {
  e_labs_settings: accountDefault('ELabsSettings', null),
  filled_tk_form: accountDefault('FormAnswerGroup', null),
  organization_cpt_codes: accountDefault('[OrganizationCptCodeType!]', []),
};

export const unmodelledOrganizationTypes: Record<string, Record<string, string>> = {
  ELabsSettings: { billing_types: '[LabOrderBilling!]' },
  OrganizationCptCodeType: {
    cpt_code_id: 'ID!',
    created_at: 'String!',
    id: 'ID!',
    organization_cpt_code_insurance_fees: '[OrganizationCptCodeInsuranceFeeType!]',
    organization_cpt_code_insurance_fees_count: 'String',
    organization_id: 'ID!',
    price_per_unit: 'String',
    updated_at: 'String!',
  },
  OrganizationCptCodeInsuranceFeeType: {
    fee_per_unit: 'Int',
    id: 'ID!',
    insurance_plan: 'InsurancePlan',
    organization_cpt_code_id: 'ID',
  },
};
