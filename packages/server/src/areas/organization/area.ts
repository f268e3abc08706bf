/** Organization: declarations with their behaviour bound. */
import { accountDefault, area } from '../../registry/index.js';
import { fullStateName, memberRows } from './members.js';
import { membershipHooks } from './memberships.js';
import {
  createOrganization,
  createOrganizationMembership,
  primaryOrganizationInfo,
  updateOrganization,
  updateOrganizationMember,
} from './organization.js';
import { organizationFields } from './organization-fields.js';
import { areaQueries } from './lists.js';
import { deleteOrganizationMembership } from './remove-member.js';
import { updateUser } from './update-user.js';
import { resources } from './resources.js';
import {
  metricFields,
  overrideFields,
  symptomOptionType,
  toggleFields,
  toggleHooks,
  toggleQueries,
} from './toggles.js';
import { organizationTriggers } from './trigger-recipes.js';
import { organizationTemplates, templateFields, templateHooks } from './permission-templates.js';
import { unmodelledOrganizationFields, unmodelledOrganizationTypes } from './unmodelled-settings.js';

export const organization = area({
  name: 'organization',
  resources,
  special: [
    createOrganization,
    updateOrganization,
    updateOrganizationMember,
    createOrganizationMembership,
    deleteOrganizationMembership,
    updateUser,
  ],
  hooks: { ...membershipHooks, ...toggleHooks, ...templateHooks },
  extend: {
    OrganizationMembership: {
      computed: {
        // Permissions no mutation sets and a display setting: a new member has none of them.
        can_request_to_prescribe_controlled_substances: accountDefault('Boolean', false),
        can_submit_cms_1500s_to_candid_health: accountDefault('Boolean', false),
        has_primary_diagnosis_column: accountDefault('Boolean', false),
      },
    },
    PermissionTemplate: { computed: templateFields },
    FeatureToggle: { computed: toggleFields },
    CustomMetric: { computed: metricFields },
    CustomMetricOverride: { computed: overrideFields },
    StateLicense: { computed: { full_state_name: { type: 'String', resolve: fullStateName } } },
    // Appointment locations are not modelled: there is no location name to give.
    ProviderAppointmentLocation: { computed: { location: { type: 'String', resolve: () => null } } },
    // The member's records, on Healthie's User (which staff share with clients).
    User: {
      computed: {
        state_licenses: { type: '[StateLicense!]', resolve: memberRows('state_licenses') },
        professions: { type: '[Profession!]', resolve: memberRows('professions') },
        specialties: { type: '[Specialty!]', resolve: memberRows('specialties') },
        provider_appointment_locations: {
          type: '[ProviderAppointmentLocation!]',
          resolve: memberRows('provider_appointment_locations'),
        },
      },
    },
  },
  extendTypes: {
    Organization: {
      organization_info: { type: 'OrganizationInfo', resolve: primaryOrganizationInfo },
      ...organizationFields,
      ...unmodelledOrganizationFields,
      permission_templates: organizationTemplates,
      // Healthie's general reasons for cancelling an appointment; its list for a new account is not
      // published, and carehooks keeps none (deleteAppointment records the reason given as text).
      cancellation_reasons: accountDefault('[CancellationReason!]!', []),
    },
    Query: { ...areaQueries, ...toggleQueries },
  },
  objectTypes: {
    ...unmodelledOrganizationTypes,
    ...symptomOptionType,
    CancellationReason: { id: 'ID!', label: 'String!' },
  },
  enums: {
    OrganizationMembershipOrderKeys: [
      'LAST_NAME_ASC',
      'LAST_NAME_DESC',
      'FIRST_NAME_ASC',
      'FIRST_NAME_DESC',
      'STATUS_ASC',
      'STATUS_DESC',
      'TYPE_ASC',
      'TYPE_DESC',
      'POSITION_ASC',
    ],
  },
  inputTypes: {
    PrimaryOrganizationInfoInput: {
      _destroy: 'Boolean',
      external_id: 'String',
      id: 'ID',
      id_number_type: 'String',
      location: 'OrgLocationInput',
      name: 'String',
      npi: 'String',
      other_id: 'String',
      other_id_qual: 'String',
      phone_number: 'String',
      primary: 'Boolean',
      tax_id: 'String',
      tax_id_type: 'String',
    },
    OrgLocationInput: {
      city: 'String',
      country: 'String',
      id: 'ID',
      line1: 'String',
      line2: 'String',
      name: 'String',
      npi: 'String',
      other_id: 'String',
      other_id_qual: 'String',
      place_of_service_id: 'String',
      state: 'String',
      user_id: 'String',
      zip: 'String',
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
    ProfessionsInput: { profession: 'String', profession_category: 'String' },
    SpecialtiesInput: { specialty: 'String', specialty_category: 'String' },
    StateLicensesInput: { _destroy: 'Boolean', id: 'ID', state: 'String' },
    ProviderAppointmentLocationsInput: { _destroy: 'Boolean', appointment_location_id: 'ID', id: 'ID' },
    CustomMetricInput: {
      _destroy: 'Boolean',
      id: 'ID',
      name: 'String',
      show: 'Boolean',
      show_client: 'Boolean',
      track: 'Boolean',
    },
    CustomMetricOverridesInput: { custom_metric_id: 'ID', id: 'ID', show: 'Boolean', show_client: 'Boolean' },
  },
  triggers: organizationTriggers,
});
