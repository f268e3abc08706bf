/** Patients: declarations with their behaviour bound. */
import { hashGivenPassword } from '../../tenants/passwords.js';
import { area, type InputTypes } from '../../registry/index.js';
import { accountEnums, accountObjectFields, accountObjectTypes } from './account-objects.js';
import { accountSettings } from './account-settings.js';
import { codeObjectTypes } from './code-objects.js';
import { insurancePlanField, insurancePlanType } from './insurance-plans.js';
import { bulkUpdateClients } from './bulk-update-clients.js';
import { activityFields } from './client-activity.js';
import { applyClientNestedRecords } from './client-nested.js';
import { profileFields } from './client-profile.js';
import { clientQueries } from './client-queries.js';
import { beforeCreateClient, beforeUpdateClient, stampUpdatedClient } from './clients.js';
import { mergeClients } from './merge-clients.js';
import { afterContactWrite, checkContactOwner, createLinkedClient } from './notification-contacts.js';
import { applyPolicyNestedRecords, policyAuthorization } from './policies.js';
import { clientSourceOf, Policy, resources } from './resources.js';
import { applyNewTag, bulkApply, removeAppliedTag, removeTagApplications } from './tags.js';
import { placeOfServiceType } from './places-of-service.js';
import { clientSourceLinkFields, relatedObjectType } from './client-source-links.js';
import { patientsTriggers } from './trigger-recipes.js';
import {
  completedItemOnboardingFields,
  flowFields,
  flowHooks,
  itemFields,
  itemHooks,
  onboardingUserFields,
} from './onboarding.js';
import {
  groupRecurringForms,
  groupRecurringFormsCount,
  membersInCourses,
  rehomeGroupClients,
} from './user-groups.js';

/** An address given inside another input (a client's, a policy holder's or payer's, a physician's). */
const nestedAddress = {
  id: 'ID',
  _destroy: 'Boolean',
  name: 'String',
  line1: 'String',
  line2: 'String',
  city: 'String',
  state: 'String',
  zip: 'String',
  country: 'String',
};

const clientPolicyInput: Record<string, string> = {
  id: 'ID',
  _destroy: 'Boolean',
  ...Object.fromEntries(
    Object.entries(Policy.fields)
      .filter(([, f]) => f.writable === 'both' || f.writable === 'update')
      .map(([name, f]) => [name, f.input]),
  ),
  holder_location: 'ClientLocationInput',
  payer_location: 'ClientLocationInput',
  insurance_plan: 'ClientInsurancePlanInput',
  // Card images as data URLs: each becomes a document of the client (./card-images.ts).
  insurance_card_back: 'Upload',
  insurance_card_front: 'Upload',
};

/** The nested inputs of updateClient, updatePolicy and notification contacts. */
const inputTypes: InputTypes = {
  // updateClient's nested `diagnoses` (see client-nested.ts).
  DiagnosesInput: {
    _destroy: 'Boolean',
    active: 'Boolean',
    primary: 'Boolean',
    end_date: 'String',
    first_symptom_date: 'String',
    icd_code_id: 'ID',
    id: 'ID',
  },
  ClientLocationInput: nestedAddress,
  ClientPolicyInput: clientPolicyInput,
  ClientInsurancePlanInput: { id: 'String', payer_name: 'String' },
  // updateUser's policies (organization/update-user.ts refuses the onboarding item and card images).
  UserPolicyInput: { ...clientPolicyInput, onboarding_item_id: 'ID' },
  ReferralInput: {
    _destroy: 'Boolean',
    id: 'ID',
    referring_physician: 'ReferringPhysicianInput',
    referring_physician_id: 'ID',
  },
  ReferringPhysicianInput: {
    _destroy: 'Boolean',
    email: 'String',
    fax_number: 'String',
    first_name: 'String',
    id: 'ID',
    last_name: 'String',
    legalname: 'String',
    location: 'ClientLocationInput',
    npi: 'String',
    phone_number: 'String',
  },
  AdvanceAppointmentPriceInput: { appointment_type_id: 'ID', id: 'ID', price: 'String' },
  AppointmentTypeCreditInput: { appointment_type_id: 'String', id: 'ID', quantity: 'String' },
  ClientSourceInput: { id: 'ID', ref_source: 'String', ref_source_other: 'String', ref_type: 'String' },
  ClientPortalSettingInput: {
    chat_with_provider: 'Boolean',
    id: 'ID',
    schedule_appointments: 'Boolean',
    view_and_complete_forms: 'Boolean',
    view_and_create_goals: 'Boolean',
    view_and_create_journal_entries: 'Boolean',
    view_and_pay_bills: 'Boolean',
    view_and_purchase_packages: 'Boolean',
    view_and_upload_documents: 'Boolean',
  },
  // updatePolicy's nested records (see policies.ts).
  BenefitInput: {
    _destroy: 'Boolean',
    category: 'String',
    coinsurance: 'String',
    copay: 'String',
    deductible_calendar_year: 'String',
    deductible_year_to_date: 'String',
    id: 'ID',
    telemedicine: 'Boolean',
  },
  CallReferenceInput: {
    date_recorded: 'String',
    id: 'ID',
    notes: 'String',
    reference_number: 'String',
    time_recorded: 'String',
  },
  CptCodesPolicyInput: { _destroy: 'Boolean', cpt_code_id: 'String', id: 'ID', policy_id: 'String' },
  IcdCodesPolicyInput: { _destroy: 'Boolean', icd_code_id: 'String', id: 'ID', policy_id: 'String' },
  InsuranceAuthorizationInput: {
    authorization_number: 'String',
    end_on: 'String',
    id: 'ID',
    start_on: 'String',
    unit_type: 'String',
    units_authorized: 'String',
    units_limit_per_visit: 'String',
    units_used: 'String',
    visits_authorized: 'String',
    visits_used: 'String',
  },
};

export const patients = area({
  name: 'patients',
  resources,
  special: [mergeClients, bulkUpdateClients, bulkApply, removeAppliedTag],
  hooks: {
    createClient: { before: beforeCreateClient },
    updateClient: {
      beforeUnit: hashGivenPassword,
      before: beforeUpdateClient,
      after: async (work, change) => {
        await stampUpdatedClient(work, change);
        await applyClientNestedRecords(work, change);
      },
    },
    createTag: { after: applyNewTag },
    deleteTag: { after: removeTagApplications },
    createNotificationContact: { before: createLinkedClient, after: afterContactWrite },
    updateNotificationContact: { after: afterContactWrite },
    deleteNotificationContact: { after: checkContactOwner },
    updatePolicy: { after: applyPolicyNestedRecords },
    deleteUserGroup: { after: rehomeGroupClients },
    ...flowHooks,
    ...itemHooks,
  },
  inputTypes,
  extend: {
    ClientSource: { computed: clientSourceLinkFields },
    User: {
      computed: {
        ...profileFields,
        ...activityFields,
        client_source: { type: 'ClientSource', resolve: clientSourceOf },
        ...accountSettings,
        ...accountObjectFields,
        ...onboardingUserFields,
      },
    },
    UserGroup: {
      computed: {
        users_with_membership: { type: '[User!]', resolve: membersInCourses },
        recurring_forms: { type: '[RecurringForm!]', resolve: groupRecurringForms },
        recurring_forms_count: { type: 'Int', resolve: groupRecurringFormsCount },
      },
    },
    OnboardingFlow: { computed: flowFields },
    OnboardingItem: { computed: itemFields },
    CompletedOnboardingItem: { computed: completedItemOnboardingFields },
    Policy: {
      computed: {
        insurance_authorization: { type: 'InsuranceAuthorizationType', resolve: policyAuthorization },
        // carehooks runs no eligibility checks with a clearinghouse, so none has errors.
        claim_eligibility_check_errors: { type: '[ClaimEligibilityCheckErrors!]', resolve: () => [] },
        last_eligibility_check: { type: 'ClaimEligibilityCheck', resolve: () => null },
        latest_eligibility_check: { type: 'EligibilityCheck', resolve: () => null },
        insurance_plan: insurancePlanField('insurance_plan_id'),
      },
    },
  },
  extendTypes: { Query: clientQueries },
  enums: accountEnums,
  objectTypes: {
    ...accountObjectTypes,
    ...codeObjectTypes,
    PlaceOfService: placeOfServiceType,
    ...relatedObjectType,
    // Links a Healthie account adds to its client profile and menus; a new account has none.
    CustomSidebarOverride: {
      icon: 'String',
      id: 'ID!',
      label: 'String',
      open_in_iframe: 'Boolean',
      show: 'Boolean',
      svg_url: 'String',
      target: 'String',
      url: 'String',
    },
    ClaimEligibilityCheckErrors: { code: 'String', description: 'String' },
    // The checks a clearinghouse would run (none is run here; see `Policy` above).
    ClaimEligibilityCheck: {
      control_number: 'String!',
      created_at: 'String!',
      id: 'ID!',
      plan_status: 'String',
      policy: 'Policy',
      policy_id: 'ID!',
      response: 'String',
    },
    EligibilityCheck: {
      created_at: 'ISO8601DateTime',
      id: 'ID!',
      policy: 'Policy',
      policy_id: 'ID!',
      response: 'String',
      response_as_html: 'String',
    },
    InsurancePlan: insurancePlanType,
  },
  triggers: patientsTriggers,
});
