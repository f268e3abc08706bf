/** Organization: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import {
  createOrganization,
  createOrganizationMembership,
  primaryOrganizationInfo,
  updateOrganization,
  updateOrganizationMember,
} from './organization.js';
import { resources } from './resources.js';
import { organizationTriggers } from './trigger-recipes.js';

export const organization = area({
  name: 'organization',
  resources,
  special: [createOrganization, updateOrganization, updateOrganizationMember, createOrganizationMembership],
  extendTypes: {
    Organization: { organization_info: { type: 'OrganizationInfo', resolve: primaryOrganizationInfo } },
  },
  inputTypes: {
    PrimaryOrganizationInfoInput: {
      _destroy: 'Boolean',
      external_id: 'String',
      id: 'ID',
      id_number_type: 'String',
      location: 'JSON',
      name: 'String',
      npi: 'String',
      other_id: 'String',
      other_id_qual: 'String',
      phone_number: 'String',
      primary: 'Boolean',
      tax_id: 'String',
      tax_id_type: 'String',
    },
    SubOrganizationInfoInput: {
      copy_appointment_settings: 'Boolean',
      copy_onboarding_flows: 'Boolean',
      copy_packages: 'Boolean',
      copy_programs: 'Boolean',
      id: 'ID',
      inherit_appointment_types: 'Boolean',
      inherit_custom_module_forms: 'Boolean',
      inherit_stripe_account: 'Boolean',
    },
  },
  triggers: organizationTriggers,
});
