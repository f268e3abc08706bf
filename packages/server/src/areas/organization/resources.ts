/**
 * Organization: the practice's profile (Healthie's `OrganizationInfo`, kept in `organization_infos`,
 * apart from the tenants in `organizations`), its staff (providers in `users`) and their memberships,
 * and feature toggles. Names and types follow healthie-schema.graphql. The declarations are data; the
 * special mutations and the `Organization` fields are bound in ./area.ts.
 */
import {
  bool,
  datetime,
  email,
  equals,
  foreignId,
  idIn,
  int,
  json,
  parseId,
  ref,
  resource,
  text,
  type Field,
  type ListSpec,
  type OrderKey,
  type TablesOf,
} from '../../registry/index.js';
import { organizationOf } from '../patients/index.js';
import { byUser } from './finders.js';
import {
  NON_NULL_PERMISSIONS,
  PermissionTemplate,
  TEMPLATE_PERMISSIONS,
} from './permission-template-resource.js';

export const OrganizationInfo = resource({
  name: 'OrganizationInfo',
  table: 'organization_infos',
  events: 'organization_info',
  timestamps: { created_at: 'String!' },
  fields: {
    name: text({ required: true }),
    npi: text(),
    other_id: text(),
    other_id_qual: text(),
    phone_number: text(),
    primary: bool({ default: false }),
    tax_id: text(),
    tax_id_type: text(),
    external_id: text(),
    id_number_type: text(),
    // From `organization_info.location` (OrgLocationInput; ./locations.ts).
    location_id: ref('Location', { writable: 'none', object: 'location' }),
  },
  byId: 'organizationInfo',
  // Created and edited through createOrganization / updateOrganization (special: their payloads differ).
  mutations: { delete: 'deleteOrganizationInfo' },
  computed: { organization: { type: 'Organization', resolve: organizationOf } },
});

/** A staff member: a provider row of `users`, which patients share (told apart by `user_type`). */
export const OrganizationMember = resource({
  name: 'OrganizationMember',
  table: 'users',
  events: 'organization_member',
  fixed: { user_type: 'provider' },
  fields: {
    first_name: text(),
    last_name: text(),
    email: email({ unique: true }),
    phone_number: text(),
    timezone: text(),
    metadata: text(),
    record_identifier: text(),
    additional_record_identifier: text(),
    npi: text(),
    qualifications: text(),
    scheduling_priority: text(),
    // Shared with the patients area's User (the same `users` columns): a password given when the member is
    // added is not kept, only when it was set; when the invitation email was queued (none is sent).
    password_set_at: datetime({ writable: 'none' }),
    welcome_email_sent_at: datetime({ writable: 'none' }),
    // updateOrganizationMember's `avatar` / `avatar_string`: the image is described, not kept.
    avatar_content_type: text({ writable: 'none' }),
  },
});

/** A state a member is licensed in (Healthie's `StateLicense`), from updateOrganizationMember. */
export const StateLicense = resource({
  name: 'StateLicense',
  table: 'state_licenses',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { writable: 'none' }),
    state: text({ required: true, maxLength: 2 }),
  },
  // Healthie's `stateLicenses`: the licenses of a provider (or several), all of them unless paginated.
  list: {
    name: 'stateLicenses',
    shouldPaginate: false,
    args: { provider_id: equals('user_id'), provider_ids: idIn('user_id') },
    defaultOrder: ['state', 'asc'],
  },
});

/** A member's profession (Healthie's `Profession`), from the membership mutations' `professions`. */
export const Profession = resource({
  name: 'Profession',
  table: 'professions',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { writable: 'none' }),
    profession: text({ required: true, gql: 'String!' }),
    profession_category: text({ required: true, gql: 'String!' }),
  },
});

/** A member's specialty (Healthie's `Specialty`), from the membership mutations' `specialties`. */
export const Specialty = resource({
  name: 'Specialty',
  table: 'specialties',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { writable: 'none' }),
    specialty: text({ required: true, gql: 'String!' }),
    specialty_category: text({ required: true, gql: 'String!' }),
  },
});

/**
 * An appointment location a member works at (Healthie's `ProviderAppointmentLocation`), from
 * updateOrganizationMember's `provider_appointment_locations`. Appointment locations are not modelled:
 * their ids are kept unchecked.
 */
export const ProviderAppointmentLocation = resource({
  name: 'ProviderAppointmentLocation',
  table: 'provider_appointment_locations',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { writable: 'none' }),
    appointment_location_id: foreignId({ required: true }),
  },
});

/** The organization's own settings that have no other home: its email (createOrganization / updateOrganization). */
export const OrganizationSetting = resource({
  name: 'OrganizationSetting',
  table: 'organization_settings',
  fields: { organization_email: email() },
});

const flags = (
  names: readonly string[],
  options: { writable?: 'update'; nonNull?: readonly string[] } = {},
): Record<string, Field<0 | 1>> =>
  Object.fromEntries(
    names.map((name) => [
      name,
      bool({
        default: false,
        ...(options.writable ? { writable: options.writable } : {}),
        ...(options.nonNull?.includes(name) ? { gql: 'Boolean!' } : {}),
      }),
    ]),
  );

/** A membership holds every permission a template does, and four a template does not set. */
const MEMBERSHIP_PERMISSIONS = [
  ...TEMPLATE_PERMISSIONS,
  'can_lock_form_answer_groups',
  'can_see_option_to_use_erx_dosespot',
  'can_unlock_charting_notes',
  'permission_template_applied',
] as const;

const stringList = () => json({ input: '[String]', gql: '[String!]', writable: 'update' });

/** A membership's user's name column, in lower case ('' when there is none), for ordering. */
const memberName =
  (column: 'first_name' | 'last_name'): OrderKey =>
  (eb) =>
    eb.fn.coalesce(
      eb
        .selectFrom('users')
        .select(eb.fn('lower', [column]).as('name'))
        .whereRef('users.id', '=', 'organization_memberships.user_id'),
      eb.val(''),
    );

/**
 * `organizationMemberships`: the memberships of the caller's organization (or the one `id` names), all of
 * them unless `should_paginate`; `user_ids` narrows to those users.
 */
const membershipList: ListSpec = {
  name: 'organizationMemberships',
  cursor: true,
  shouldPaginate: false,
  args: {
    id: {
      type: 'String',
      apply: (query, value) => query.where('organization_id', '=', parseId(value) ?? -1),
    },
    user_ids: idIn('user_id'),
  },
  orderBy: {
    enum: 'OrganizationMembershipOrderKeys',
    values: {
      LAST_NAME_ASC: [memberName('last_name'), 'asc'],
      LAST_NAME_DESC: [memberName('last_name'), 'desc'],
      FIRST_NAME_ASC: [memberName('first_name'), 'asc'],
      FIRST_NAME_DESC: [memberName('first_name'), 'desc'],
      STATUS_ASC: ['active', 'asc'],
      STATUS_DESC: ['active', 'desc'],
      TYPE_ASC: [(eb) => eb.fn.coalesce(eb.ref('org_role'), eb.val('')), 'asc'],
      TYPE_DESC: [(eb) => eb.fn.coalesce(eb.ref('org_role'), eb.val('')), 'desc'],
      POSITION_ASC: [(eb) => eb.fn.coalesce(eb.ref('position'), eb.val(2147483647)), 'asc'],
    },
  },
};

/** The member's own details, which updateOrganizationMembership edits on the member (./memberships.ts). */
const memberProfile = Object.fromEntries(
  (
    [
      'email',
      'first_name',
      'last_name',
      'phone_number',
      'qualifications',
      'scheduling_priority',
      'timezone',
    ] as const
  ).map((name) => [
    name,
    {
      type: 'String',
      effect: `sets the member's \`${name}\` (\`organization_member.updated\`); read back as \`User.${name}\``,
    },
  ]),
);

export const professionsInput = {
  type: '[ProfessionsInput]',
  effect: "replaces the member's professions; read back as `User.professions`",
};

export const specialtiesInput = {
  type: '[SpecialtiesInput]',
  effect: "replaces the member's specialties; read back as `User.specialties`",
};

export const OrganizationMembership = resource({
  name: 'OrganizationMembership',
  table: 'organization_memberships',
  events: 'organization_membership',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, writable: 'create', object: 'user' }),
    org_role: text(),
    title: text(),
    permission_template_id: ref('PermissionTemplate', { object: 'permission_template' }),
    active: bool({ default: true, writable: 'update' }),
    erx_dosespot_role: text({ writable: 'update' }),
    fullscript_practitioner_id: text({ writable: 'update' }),
    position: int({ writable: 'update' }),
    selected_licensed_in_filter: stringList(),
    selected_locations_filter: stringList(),
    selected_statuses_filter: stringList(),
    selected_tags_filter: stringList(),
    // When a permission template was last applied (a template named, or `permission_template_applied`).
    permission_template_applied_at: datetime({ writable: 'none' }),
    ...flags(MEMBERSHIP_PERMISSIONS, { writable: 'update', nonNull: NON_NULL_PERMISSIONS }),
  },
  byId: { name: 'organizationMembership', args: { user_id: 'ID' }, find: byUser('organization_memberships') },
  list: membershipList,
  mutations: {
    update: {
      name: 'updateOrganizationMembership',
      inputs: {
        ...memberProfile,
        professions: professionsInput,
        specialties: specialtiesInput,
        provider_to_receive_clients: {
          type: 'ID',
          effect:
            "with `active: false`, the member's clients (and, per `action_for_appointments`, upcoming appointments) move to this provider",
        },
        action_for_appointments: {
          type: 'String',
          effect:
            "with `active: false`, what happens to the member's upcoming appointments: `transfer` (to `provider_to_receive_clients`), `cancel`, or `keep`",
        },
      },
    },
  },
});

const TOGGLES = [
  'allow_apple_health_sync',
  'allow_clearstep_sync',
  'allow_community_chat',
  'allow_direct_chat',
  'allow_fitbit_sync',
  'allow_google_fit_sync',
  'allow_shapa_sync',
  'allow_withings_sync',
  'apply_eating_disorder_default',
  'can_schedule_appointments',
  'can_track_poop',
  'can_track_symptoms',
  'can_track_water_intake',
  'can_view_care_plan',
  'can_view_documents',
  'can_view_forms',
  'can_view_goals',
  'can_view_journal_entries',
  'can_view_packages',
  'can_view_payments',
  'can_view_programs',
  'do_not_auto_submit_cms1500',
  'send_unpaid_invoice_reminder',
  'separate_provider_metric_from_client',
  'show_a1c_metric',
  'show_bf_percent_metric',
  'show_blood_pressure_metric',
  'show_blood_sugar_metric',
  'show_bmi_graph',
  'show_bmi_growth_chart',
  'show_bmr_metric',
  'show_body_temperature_metric',
  'show_client_a1c_metric',
  'show_client_bf_percent_metric',
  'show_client_blood_pressure_metric',
  'show_client_blood_sugar_metric',
  'show_client_bmi_graph',
  'show_client_bmi_growth_chart',
  'show_client_bmr_metric',
  'show_client_body_temperature_metric',
  'show_client_harris_benedict',
  'show_client_height_growth_chart',
  'show_client_ox_sat_metric',
  'show_client_waist_circumference_metric',
  'show_client_weight_growth_chart',
  'show_client_weight_metric',
  'show_ed_posthunger',
  'show_ed_prehunger',
  'show_food',
  'show_food_category',
  'show_food_emotion',
  'show_food_reflection',
  'show_harris_benedict',
  'show_healthiness',
  'show_height_graph',
  'show_height_growth_chart',
  'show_metric',
  'show_mirror',
  'show_normal_hunger',
  'show_note',
  'show_note_emotion',
  'show_nutrients_tracking',
  'show_ox_sat_metric',
  'show_waist_circumference_metric',
  'show_weight_growth_chart',
  'show_weight_metric',
  'show_workout',
  'use_metric_system',
  'view_not_track',
] as const;

/** Toggles Healthie answers as `Boolean!`. */
const NON_NULL_TOGGLES = TOGGLES.filter((name) => /^(allow_|can_|apply_eating|do_not_auto)/.test(name));

const customMetrics = {
  custom_metrics: {
    type: '[CustomMetricInput]',
    effect:
      'adds (no `id`), edits (`id`) or removes (`_destroy`) custom metrics; read back as `FeatureToggle.custom_metrics`',
  },
  custom_metric_overrides: {
    type: '[CustomMetricOverridesInput]',
    effect:
      "overrides a custom metric's visibility for this toggle (no `id`: a new override of `custom_metric_id`); read back as `FeatureToggle.initial_custom_metric_overrides`",
  },
};

export const FeatureToggle = resource({
  name: 'FeatureToggle',
  table: 'feature_toggles',
  events: 'feature_toggle',
  owner: 'user_id',
  payloadField: 'feature_toggle',
  timestamps: { created_at: 'String!' },
  idGql: 'ID',
  fields: {
    user_id: ref('User', { object: 'user' }),
    // Care plans and user groups belong to other areas; their ids are stored unchecked.
    care_plan_id: foreignId({ writable: 'create' }),
    user_group_id: foreignId({ writable: 'create' }),
    // A new account's water goal (cups a day) and journal range.
    default_water_intake: text({ default: '8', gql: 'String!' }),
    email_notification_frequency: text(),
    push_notification_frequency: text(),
    date_range_preference: text({ writable: 'update', default: 'week', gql: 'String!' }),
    last_journal_from_date: text({ writable: 'update' }),
    last_journal_to_date: text({ writable: 'update' }),
    ...flags(TOGGLES, { nonNull: NON_NULL_TOGGLES }),
  },
  extras: {
    care_plan_id: (row) => row.care_plan_id,
    user_id: (row) => row.user_id,
    user_group_id: (row) => row.user_group_id,
  },
  byId: { name: 'featureToggle', args: { user_id: 'ID' }, find: byUser('feature_toggles') },
  mutations: {
    create: { name: 'createFeatureToggle', inputs: customMetrics },
    update: { name: 'updateFeatureToggle', inputs: customMetrics },
    // Not in the 2024-06 schema; named by the webhook reference and designed like the others.
    delete: 'deleteFeatureToggle',
  },
});

/** A metric a feature toggle tracks beyond the built-in ones (Healthie's `CustomMetric`). */
export const CustomMetric = resource({
  name: 'CustomMetric',
  table: 'custom_metrics',
  owner: 'feature_toggle_id',
  fields: {
    feature_toggle_id: ref('FeatureToggle', { writable: 'none', gql: 'Int' }),
    name: text({ required: true }),
    show: bool({ default: false, gql: 'Boolean!' }),
    show_client: bool({ default: false, gql: 'Boolean!' }),
    track: bool({ default: false, gql: 'Boolean!' }),
    // No mutation sets warning thresholds.
    high_warning_threshold: int({ writable: 'none' }),
    low_warning_threshold: int({ writable: 'none' }),
  },
});

/** A feature toggle's own visibility of a custom metric (Healthie's `CustomMetricOverride`). */
export const CustomMetricOverride = resource({
  name: 'CustomMetricOverride',
  table: 'custom_metric_overrides',
  owner: 'feature_toggle_id',
  fields: {
    feature_toggle_id: ref('FeatureToggle', { writable: 'none', gql: 'Int' }),
    custom_metric_id: ref('CustomMetric', { required: true, object: 'custom_metric' }),
    show: bool({ default: false, gql: 'Boolean!' }),
    show_client: bool({ default: false, gql: 'Boolean!' }),
  },
});

export const resources = [
  OrganizationInfo,
  OrganizationSetting,
  OrganizationMember,
  StateLicense,
  Profession,
  Specialty,
  ProviderAppointmentLocation,
  OrganizationMembership,
  FeatureToggle,
  CustomMetric,
  CustomMetricOverride,
  PermissionTemplate,
] as const;

export type OrganizationTables = TablesOf<(typeof resources)[number]>;
