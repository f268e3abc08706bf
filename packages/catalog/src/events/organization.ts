import { event, nullable } from '../builder.js';

const toggleScope = {
  care_plan_id: nullable('23000'),
  user_id: nullable('22222'),
  user_group_id: nullable('15000'),
} as const;

export const organizationEvents = [
  event('feature_toggle.created', 'FeatureToggle', {
    description: 'A feature switch was set up for a user, group or care plan.',
    mutations: ['createFeatureToggle'],
    extras: toggleScope,
    example: { resource_id: '52000' },
  }),
  event('feature_toggle.deleted', 'FeatureToggle', {
    description: 'A feature switch was removed.',
    mutations: ['deleteFeatureToggle'],
    extras: toggleScope,
    example: { resource_id: '52000' },
    decision:
      'deleteFeatureToggle is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('feature_toggle.updated', 'FeatureToggle', {
    description: 'A feature switch was flipped or edited.',
    mutations: ['updateFeatureToggle'],
    extras: toggleScope,
    example: { resource_id: '52000', changed_fields: ['enabled'] },
  }),
  event('location.created', 'Location', {
    description: 'A practice location was added.',
    mutations: ['createLocation'],
    example: { resource_id: '34000' },
  }),
  event('location.deleted', 'Location', {
    description: 'A practice location was removed.',
    mutations: ['deleteLocation'],
    example: { resource_id: '34000' },
  }),
  event('location.updated', 'Location', {
    description: 'The details of a practice location were edited.',
    mutations: ['updateLocation'],
    example: { resource_id: '34000', changed_fields: ['name', 'line1'] },
  }),
  event('organization_info.created', 'OrganizationInfo', {
    description: 'The profile of an organization was set up.',
    mutations: ['createOrganization'],
    example: { resource_id: '37000' },
  }),
  event('organization_info.deleted', 'OrganizationInfo', {
    description: 'The profile of an organization was removed.',
    mutations: ['deleteOrganizationInfo'],
    example: { resource_id: '37000' },
  }),
  event('organization_info.updated', 'OrganizationInfo', {
    description: 'The profile of an organization was edited.',
    mutations: ['updateOrganization'],
    example: { resource_id: '37000', changed_fields: ['name'] },
  }),
  event('organization_member.updated', 'OrganizationMember', {
    description: 'A staff member of an organization was edited.',
    mutations: ['updateOrganizationMember', 'updateUser', 'signIn'],
    example: { resource_id: '36000' },
    decision:
      'The mutation list in the reference is garbled ("update, updateOrganizationMember", not a list); updateOrganizationMember is listed, and updateUser too: a member calling it on their own record changes the same fields (first_name, last_name, email, phone_number, timezone, qualifications), so it fires organization_member.updated with them; signIn with a timezone sets the member\'s timezone, which fires it (timezone) when it changes.',
  }),
  event('organization_membership.created', 'OrganizationMembership', {
    description: 'A user was added to an organization.',
    mutations: ['createOrganizationMembership'],
    example: { resource_id: '35000' },
    decision:
      'The reference documents no organization_membership.deleted, so deleteOrganizationMembership (which removes the member: membership deleted, the member no longer listed as staff, their API keys and sessions revoked) fires no event; nor does it fire organization_member.updated, since no field of the member that event reports changes.',
  }),
  event('organization_membership.updated', 'OrganizationMembership', {
    description: 'The membership of a user in an organization changed.',
    mutations: ['updateOrganizationMembership'],
    example: { resource_id: '35000', changed_fields: ['user_group_id'] },
  }),
] as const;
