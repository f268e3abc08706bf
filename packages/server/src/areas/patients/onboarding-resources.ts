/**
 * Onboarding flows: the steps a new client goes through (a welcome screen, forms, billing, insurance, a
 * photo id), in order. A flow is given to user groups (`UserGroup.onboarding_flow_id`) and through them to
 * their clients. The reference documents no events for flows or items, so none are emitted. Their
 * behaviour is bound in ./area.ts (./onboarding.ts).
 */
import { bool, int, keywordsIn, ref, resource, text } from '../../registry/index.js';
import { findFlow, findItem, formsCount } from './onboarding-finders.js';

export const OnboardingFlow = resource({
  name: 'OnboardingFlow',
  table: 'onboarding_flows',
  fields: {
    name: text({ required: true }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
    // The flow's public handle (`onboardingFlow(uuid:)`), as Healthie's sign-up links carry it.
    uuid: text({ writable: 'none', default: () => crypto.randomUUID() }),
  },
  timestamps: { created_at: 'String!' },
  byId: { name: 'onboardingFlow', args: { user_id: 'ID', uuid: 'String' }, find: findFlow },
  list: {
    name: 'onboardingFlows',
    count: 'onboardingFlowsCount',
    cursor: true,
    shouldPaginate: true,
    args: { keywords: keywordsIn('name') },
    orderBy: {
      enum: 'OnboardingFlowOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        FORMS_COUNT_ASC: [formsCount, 'asc'],
        FORMS_COUNT_DESC: [formsCount, 'desc'],
      },
    },
    defaultOrder: ['name', 'asc'],
  },
  payloadField: 'onboardingFlow',
  mutations: {
    create: {
      name: 'createOnboardingFlow',
      inputs: {
        groups_to_use_onboarding_flow: {
          type: 'String',
          effect: 'comma-separated user group ids: those groups use this flow (`UserGroup.onboarding_flow`)',
        },
      },
    },
    update: {
      name: 'updateOnboardingFlow',
      inputs: {
        groups_to_use_onboarding_flow: {
          type: 'String',
          effect:
            'comma-separated user group ids: exactly those groups use this flow; other groups using it are left without one',
        },
      },
    },
    delete: {
      name: 'deleteOnboardingFlow',
      inputs: {
        flow_to_receive_groups: {
          type: 'ID',
          effect:
            "the groups and clients that used the deleted flow use this one (otherwise none); the flow's items are deleted",
        },
      },
    },
  },
});

export const OnboardingItem = resource({
  name: 'OnboardingItem',
  table: 'onboarding_items',
  owner: 'onboarding_flow_id',
  fields: {
    onboarding_flow_id: ref('OnboardingFlow', {
      required: true,
      input: 'String',
      object: 'onboarding_flow',
    }),
    // `CustomModuleForm` (with `item_id` naming the form) or a screen of the flow (welcome, billing, …).
    item_type: text({ required: true }),
    item_id: text({ maxLength: 64 }),
    is_skippable: bool({ default: false, gql: 'Boolean!', input: 'Boolean' }),
    welcome_text: text(),
    billing_disclaimer: text(),
    policy_disclaimer: text(),
    photo_id_disclaimer: text({ writable: 'update' }),
    // The item's place in its flow: last when created, moved by updateOnboardingItem's `row_order`.
    row_order: int({ writable: 'update' }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
  },
  byId: {
    name: 'onboardingItem',
    args: { user_id: 'ID', track_opened_event: 'Boolean' },
    find: findItem,
  },
  payloadField: 'onboardingItem',
  mutations: {
    create: {
      name: 'createOnboardingItem',
      inputs: {
        new_form_name: {
          type: 'String',
          effect: 'creates an empty form with this name and makes it the item (`item_type` CustomModuleForm)',
        },
      },
    },
    update: 'updateOnboardingItem',
    delete: 'deleteOnboardingItem',
  },
});
