/**
 * Patients: clients (Healthie's `User`), their tags, notification contacts, insurance policies and
 * addresses. Names and types follow healthie-schema.graphql. The declarations are data; the behaviour of
 * their mutations is bound in ./area.ts.
 */
import {
  bool,
  date,
  email,
  equals,
  float,
  foreignId,
  idIn,
  int,
  parseId,
  ref,
  resource,
  text,
  typedDb,
  type ListArg,
  type Reader,
  type StoredRow,
  type TablesOf,
} from '../../registry/index.js';
import { fullName, organizationOf } from './user-fields.js';

const keywords: ListArg = {
  type: 'String',
  apply: (query, value) => {
    const like = `%${String(value).toLowerCase()}%`;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
    return query.where((eb: any) =>
      eb.or(['first_name', 'last_name', 'email'].map((c) => eb(eb.fn('lower', [c]), 'like', like))),
    );
  },
};

const activeStatus: ListArg = {
  type: 'String',
  apply: (query, value) =>
    value === 'archived'
      ? query.where('active', '=', 0)
      : value === 'active'
        ? query.where('active', '=', 1)
        : query,
};

/** Tags applied (and not removed) to one user. */
const taggedUser: ListArg = {
  type: 'String',
  apply: (query, value, reader) =>
    query.where(
      'id',
      'in',
      typedDb<PatientsTables>(reader)
        .selectFrom('applied_tags')
        .select('tag_id')
        .where('user_id', '=', parseId(value) ?? -1)
        .where('deleted_at', 'is', null),
    ),
};

/** `User.active_tags`: the tags applied (and not removed) to the user, by name. */
async function activeTags(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return typedDb<PatientsTables>(reader)
    .selectFrom('tags')
    .innerJoin('applied_tags', 'applied_tags.tag_id', 'tags.id')
    .selectAll('tags')
    .where('applied_tags.user_id', '=', row.id)
    .where('applied_tags.deleted_at', 'is', null)
    .where('tags.organization_id', 'in', reader.scope)
    .orderBy('tags.name')
    .orderBy('tags.id')
    .execute();
}

export const User = resource({
  name: 'User',
  table: 'users',
  events: 'patient',
  // Providers share the table; mutations of this resource only ever touch patients.
  fixed: { user_type: 'patient' },
  fields: {
    first_name: text({ required: true }),
    last_name: text({ required: true }),
    legal_name: text(),
    email: email({ unique: true }),
    phone_number: text(),
    additional_phone_number: text({ writable: 'update' }),
    dob: date(),
    gender: text(),
    sex: text({ writable: 'update' }),
    gender_identity: text({ writable: 'update' }),
    pronouns: text({ writable: 'update' }),
    timezone: text(),
    dietitian_id: ref('User', {
      input: 'String',
      gql: 'String',
      object: 'dietitian',
      default: (caller) => caller.userId,
    }),
    user_group_id: foreignId({ input: 'String', gql: 'String' }),
    record_identifier: text(),
    additional_record_identifier: text(),
    metadata: text(),
    height: float({ input: 'String', writable: 'update' }),
    quick_notes: text({ writable: 'update' }),
    skipped_email: bool({ default: false }),
    active: bool({ default: true, writable: 'update' }),
  },
  extras: { destination_user_id: (row) => row.id, source_user_id: 'given' },
  byId: {
    name: 'user',
    ignored: { clear_notifs: 'Boolean', or_current_user: 'Boolean' },
    whenNoId: (caller) => caller.userId,
  },
  list: {
    name: 'users',
    args: {
      ids: idIn(),
      keywords,
      active_status: activeStatus,
      provider_id: equals('dietitian_id', 'String'),
      user_group_id: equals('user_group_id', 'String'),
    },
    ignored: { should_paginate: 'Boolean', show_all_by_default: 'Boolean', limited_to_provider: 'Boolean' },
    orderBy: {
      enum: 'UserOrderKeys',
      values: {
        EMAIL_ASC: ['email', 'asc'],
        EMAIL_DESC: ['email', 'desc'],
        FIRST_NAME_ASC: ['first_name', 'asc'],
        FIRST_NAME_DESC: ['first_name', 'desc'],
        LAST_NAME_ASC: ['last_name', 'asc'],
        LAST_NAME_DESC: ['last_name', 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        GROUP_NAME_ASC: null,
        GROUP_NAME_DESC: null,
        PROVIDER_NAME_ASC: null,
        PROVIDER_NAME_DESC: null,
        NEXT_APPT_DATE_ASC: null,
        NEXT_APPT_DATE_DESC: null,
      },
    },
  },
  mutations: {
    create: {
      name: 'createClient',
      ignored: { dont_send_welcome: 'Boolean', skip_set_password_state: 'Boolean' },
    },
    update: {
      name: 'updateClient',
      inputs: {
        policies: '[ClientPolicyInput]',
        location: 'ClientLocationInput',
        locations: '[ClientLocationInput]',
        diagnoses: '[DiagnosesInput]',
      },
      ignored: { resend_welcome: 'Boolean', send_form_request_reminder: 'Boolean' },
    },
  },
  many: {
    policies: { type: '[Policy!]', resource: 'Policy', foreignKey: 'user_id' },
    locations: { type: '[Location!]', resource: 'Location', foreignKey: 'user_id' },
    notification_contacts: {
      type: '[NotificationContact!]',
      resource: 'NotificationContact',
      foreignKey: 'user_id',
    },
  },
  computed: {
    full_name: { type: 'String', resolve: fullName },
    is_patient: { type: 'Boolean', resolve: (row) => row.user_type === 'patient' },
    organization: { type: 'Organization', resolve: organizationOf },
    active_tags: { type: '[Tag!]', resolve: activeTags },
  },
});

export const Tag = resource({
  name: 'Tag',
  table: 'tags',
  fields: {
    name: text({ required: true }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
  },
  list: {
    name: 'tags',
    args: { ids: idIn(), user_id: taggedUser },
    ignored: { applied_to_providers: 'Boolean' },
    defaultOrder: ['name', 'asc'],
  },
  mutations: {
    create: { name: 'createTag', inputs: { taggable_user_id: 'ID' } },
    update: 'updateTag',
    delete: 'deleteTag',
  },
});

export const AppliedTag = resource({
  name: 'AppliedTag',
  table: 'applied_tags',
  events: 'applied_tag',
  owner: 'user_id',
  softDelete: true,
  uniqueBy: ['tag_id', 'user_id'],
  fields: {
    tag_id: ref('Tag', { gql: 'String', object: 'tag', required: true }),
    user_id: ref('User', { gql: 'String', object: 'user', required: true }),
  },
  extras: { tag_id: (row) => row.tag_id, user_id: (row) => row.user_id },
  byId: 'appliedTag',
});

export const NotificationContact = resource({
  name: 'NotificationContact',
  table: 'notification_contacts',
  events: 'notification_contact',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, input: 'String', object: 'user' }),
    linked_client_id: ref('User', { input: 'String', gql: 'String', object: 'linked_client' }),
    first_name: text(),
    last_name: text(),
    email: email(),
    phone_number: text(),
    relationship: text(),
    contact_type: text(),
    copy_notifications: bool({ default: false }),
    emergency: bool({ default: false }),
    client_portal_access: bool({ default: false }),
  },
  extras: { linked_client_id: (row) => row.linked_client_id, user_id: (row) => row.user_id },
  // Healthie has no by-id query for contacts (they are read through `user { notification_contacts }`).
  byId: 'notificationContact',
  mutations: {
    create: {
      name: 'createNotificationContact',
      inputs: { dietitian_id: 'String', user_group_id: 'String' },
      ignored: { contact_form: 'String', send_invitation: 'Boolean' },
    },
    update: 'updateNotificationContact',
    delete: 'deleteNotificationContact',
  },
  computed: {
    full_name: { type: 'String', resolve: fullName },
  },
});

export const Policy = resource({
  name: 'Policy',
  table: 'policies',
  events: 'policy',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true, input: 'String', object: 'user' }),
    name: text(),
    num: text(),
    group_num: text(),
    priority_type: text(),
    type_string: text(),
    holder_relationship: text(),
    holder_first: text(),
    holder_mi: text(),
    holder_last: text(),
    holder_dob: date(),
    holder_gender: text(),
    holder_phone: text(),
    copay_value: int(),
    coinsurance_value: int(),
    effective_start: date(),
    effective_end: date(),
    insurance_plan_id: foreignId({ input: 'String', gql: 'String' }),
    insurance_billing_method: text(),
    insurance_card_front_id: foreignId({ input: 'String', gql: 'String' }),
    insurance_card_back_id: foreignId({ input: 'String', gql: 'String' }),
    policy_phone_number: text(),
    same_address_as_client: bool({ default: false }),
    insurance_authorization_required: bool({ default: false }),
    referral_required: bool({ default: false }),
    notes: text(),
  },
  byId: 'policy',
  // Policies are created and removed through updateClient's nested `policies`.
  mutations: {
    update: {
      name: 'updatePolicy',
      input: 'updatePolicyMutationInput',
      payload: 'updatePolicyMutationPayload',
    },
  },
});

export const Location = resource({
  name: 'Location',
  table: 'locations',
  events: 'location',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { input: 'String', gql: 'String', object: 'user' }),
    name: text(),
    line1: text(),
    line2: text(),
    city: text(),
    state: text(),
    zip: text(),
    country: text(),
    npi: text(),
    other_id: text(),
    other_id_qual: text(),
    place_of_service_id: foreignId({ input: 'String', gql: 'String' }),
  },
  byId: 'location',
  list: {
    name: 'locations',
    args: { user_id: equals('user_id', 'String') },
    ignored: { should_paginate: 'Boolean' },
  },
  mutations: {
    create: 'createLocation',
    update: { name: 'updateLocation', idType: 'String' },
    delete: 'deleteLocation',
  },
});

export const resources = [User, Tag, AppliedTag, NotificationContact, Policy, Location] as const;

export type PatientsTables = TablesOf<(typeof resources)[number]>;
