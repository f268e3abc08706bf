/**
 * Patients: clients (Healthie's `User`), their groups, tags, notification contacts, insurance policies
 * (with their benefits, codes and call references), addresses, prices, credits and sources. Names and types follow healthie-schema.graphql. The declarations are data; the behaviour of
 * their mutations is bound in ./area.ts.
 */
import { randomBase64url, randomHex } from '../../core/random-token.js';
import {
  accountDefault,
  bool,
  date,
  datetime,
  email,
  equals,
  float,
  foreignId,
  idIn,
  int,
  json,
  keywordsIn,
  MAX_PAGE_SIZE,
  money,
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
import {
  convoPatientsOnly,
  expectConversation,
  fromSuperadmin,
  groupName,
  hasCardOnFile,
  inConversation,
  limitedToProvider,
  nextAppointment,
  providerClients,
  providerName,
  showAllByDefault,
  withAnyTag,
  withFeatureToggles,
  addedByKey,
  groupLevelActions,
  groupSizeKey,
  taggedCount,
} from './list-queries.js';
import { clearNotifications } from './clear-notifications.js';
import { codeField } from './code-objects.js';
import { placeOfService } from './places-of-service.js';
import { fullName, organizationOf } from './user-fields.js';
import { OnboardingFlow, OnboardingItem } from './onboarding-resources.js';

/** Names and email containing the keywords, ignoring case; `%` and `_` match themselves. */
const keywords = keywordsIn('first_name', 'last_name', 'email');

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

const activeStatus: ListArg = {
  type: 'String',
  apply: (query, value) =>
    value === 'archived'
      ? query.where('active', '=', 0)
      : value === 'active'
        ? query.where('active', '=', 1)
        : query,
};

const stored = (effect: string) => ({ type: 'Boolean', effect });

/** A user's interface flags: false until updateUser sets them. */
const uiFlags = <const N extends string>(names: readonly N[]) =>
  Object.fromEntries(names.map((name) => [name, bool({ default: false, writable: 'none' })])) as Record<
    N,
    ReturnType<typeof bool>
  >;

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
    user_group_id: ref('UserGroup', { input: 'String', gql: 'String', object: 'user_group' }),
    record_identifier: text(),
    additional_record_identifier: text(),
    metadata: text(),
    height: float({ input: 'String', writable: 'update' }),
    quick_notes: text({ writable: 'update' }),
    skipped_email: bool({ default: false }),
    active: bool({ default: true, gql: 'Boolean!', input: 'Boolean', writable: 'update' }),
    activity_level: text({ writable: 'update' }),
    auto_charge_enabled: bool({ default: true, gql: 'Boolean!', input: 'Boolean', writable: 'update' }),
    default_dosespot_clinic_id: text({ gql: 'ID', writable: 'update' }),
    gender_identity_code: text({ writable: 'update' }),
    preferred_language_code: text({ writable: 'update' }),
    primary_ethnicity_code: text({ writable: 'update' }),
    primary_race_code: text({ writable: 'update' }),
    secondary_ethnicity_code: text({ writable: 'update' }),
    secondary_race_code: text({ writable: 'update' }),
    sexual_orientation_code: text({ writable: 'update' }),
    sexual_orientation_other: text({ writable: 'update' }),
    /** When true the client is not put in the set-password state: no `set_password_link`. */
    skip_set_password_state: bool({ default: false, writable: 'create' }),
    /** The client's other care-team providers (ids as strings), set from `other_provider_ids`. */
    other_provider_ids: json({ gql: '[ID]', writable: 'none' }),
    /** The onboarding flow the client follows: their group's, when moved with `for_changing_groups`. */
    default_onboarding_flow_id: foreignId({ gql: 'String', writable: 'none' }),
    /** When the client was archived (`active` set to false); cleared when restored. */
    archived_at: datetime({ writable: 'none' }),
    /** When a password was set for the client (`password`); the password itself is not kept. */
    password_set_at: datetime({ writable: 'none' }),
    /** When the client completed their intake (an update with `is_intake_item`). */
    intake_completed_at: datetime({ writable: 'none' }),
    /** When the welcome email was last queued (not with `dont_send_welcome`; again with `resend_welcome`). */
    welcome_email_sent_at: datetime({ writable: 'none' }),
    /** When the client was last reminded of their outstanding requested forms (`send_form_request_reminder`). */
    form_request_reminder_sent_at: datetime({ writable: 'none' }),
    /** Prompts the user dismissed and what they saw or agreed to, as updateUser sets them (no event). */
    ...uiFlags([
      'assign_tasks_seen',
      'blast_seen',
      'consented_to_labs',
      'dismissed_calendar_prompt',
      'dismissed_charting_note_addendum_warning',
      'dismissed_fullscript',
      'dismissed_insurance_eligibility_warning',
      'dismissed_products_tab',
    ]),
    /** The client's id at Change Healthcare, as its answer to createChangeHealthPatient gives it. */
    change_health_patient_id: text({ writable: 'none' }),
    /** When the client was last sent to Change Healthcare (createChangeHealthPatient); a stamp, no event. */
    change_health_requested_at: datetime({ writable: 'none' }),
    /** The token of the client's set-password link (`set_password_link`, `basicUserInfoFromToken`). */
    signup_token: text({ writable: 'none', default: () => randomHex(16) }),
  },
  extras: { destination_user_id: (row) => row.id, source_user_id: 'given' },
  byId: {
    name: 'user',
    args: { clear_notifs: 'Boolean' },
    find: clearNotifications,
    whenNoId: (caller) => caller.userId,
    orCaller: 'or_current_user',
  },
  list: {
    name: 'users',
    count: 'usersCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      id: equals('id'),
      ids: idIn(),
      keywords,
      active_status: activeStatus,
      provider_id: providerClients,
      user_group_id: equals('user_group_id', 'String'),
      group_id: equals('user_group_id', 'String'),
      tag_ids: withAnyTag,
      conversation_id: inConversation,
      convo_patients_only: convoPatientsOnly,
      expect_conversation_id: expectConversation,
      has_cc_on_file: hasCardOnFile,
      limited_to_provider: limitedToProvider,
      show_all_by_default: showAllByDefault,
      with_feature_toggles: withFeatureToggles,
      from_superadmin: fromSuperadmin,
    },
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
        GROUP_NAME_ASC: [groupName, 'asc'],
        GROUP_NAME_DESC: [groupName, 'desc'],
        PROVIDER_NAME_ASC: [providerName, 'asc'],
        PROVIDER_NAME_DESC: [providerName, 'desc'],
        NEXT_APPT_DATE_ASC: [nextAppointment('~'), 'asc'],
        NEXT_APPT_DATE_DESC: [nextAppointment(''), 'desc'],
      },
    },
    defaultOrder: ['last_name', 'asc'],
  },
  mutations: {
    create: {
      name: 'createClient',
      inputs: {
        other_provider_ids: {
          type: '[String]',
          effect: "sets the client's other care-team providers (`User.other_provider_ids`, `User.providers`)",
        },
        dont_send_welcome: stored(
          'when true, no welcome email is queued (`User.welcome_email_sent_at` stays null)',
        ),
      },
    },
    update: {
      name: 'updateClient',
      inputs: {
        policies: {
          type: '[ClientPolicyInput]',
          effect:
            'creates, updates or (`_destroy`) deletes the client’s insurance policies; a card image (`insurance_card_front` / `insurance_card_back`, a data URL) becomes a document of the client (`document.created`) that `insurance_card_front_id` / `insurance_card_back_id` name',
        },
        location: { type: 'ClientLocationInput', effect: "creates or updates the client's main address" },
        locations: {
          type: '[ClientLocationInput]',
          effect: "creates, updates or deletes the client's addresses",
        },
        diagnoses: { type: '[DiagnosesInput]', effect: 'charts, updates or deletes diagnoses of the client' },
        referrals: {
          type: '[ReferralInput]',
          effect:
            'creates (with a new referring physician if given), updates or deletes referrals of the client',
        },
        advance_appointment_prices: {
          type: '[AdvanceAppointmentPriceInput]',
          effect: "sets the client's own prices per appointment type (`User.advance_appointment_prices`)",
        },
        appointment_type_credits_attributes: {
          type: '[AppointmentTypeCreditInput]',
          effect: "sets the client's appointment credits per type (`User.appointment_type_credits`)",
        },
        client_source: {
          type: 'ClientSourceInput',
          effect: 'records how the client was acquired (`User.client_source`)',
        },
        other_provider_ids: {
          type: '[String]',
          effect:
            "replaces the client's other care-team providers (`User.other_provider_ids`, `User.providers`)",
        },
        current_email: {
          type: 'String',
          effect: "must match the client's email for the update to be written (refused otherwise)",
        },
        for_changing_groups: stored(
          "with `user_group_id`, the client also takes the new group's onboarding flow (`default_onboarding_flow_id`)",
        ),
        is_intake_item: stored(
          'records that the client completed their intake (`has_completed_intake_forms`)',
        ),
        password: {
          type: 'String',
          effect:
            "sets the password the client signs in with (8 to 72 bytes, kept as a bcrypt hash): `has_created_password` true, no `set_password_link`; ends the client's sessions",
        },
        requested_form_completion_id: {
          type: 'String',
          effect: 'marks that form request of the client complete (`requested_form_completion.updated`)',
        },
        remove_card_on_file: stored(
          "deletes the client's saved cards (`stripe_customer_detail.deleted` each)",
        ),
        token: {
          type: 'String',
          effect: 'saves the card the payment token stands for (`stripe_customer_detail.created`)',
        },
        resend_welcome: stored('queues the welcome email again (`User.welcome_email_sent_at`)'),
        send_form_request_reminder: stored(
          'reminds the client of their incomplete form requests (`User.form_request_reminder_sent_at`)',
        ),
      },
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
    linked_relatives: {
      type: '[NotificationContact!]',
      resource: 'NotificationContact',
      foreignKey: 'linked_client_id',
    },
    advance_appointment_prices: {
      type: '[AdvanceAppointmentPrice!]',
      resource: 'AdvanceAppointmentPrice',
      foreignKey: 'user_id',
    },
    appointment_type_credits: {
      type: '[AppointmentTypeCredit!]!',
      resource: 'AppointmentTypeCredit',
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

/** `UserGroup.users` and `user_ids`: the group's clients (archived ones too unless asked), by last name. */
async function groupMembers(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown> = {},
): Promise<StoredRow[]> {
  let query = typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .selectAll()
    .where('user_group_id', '=', row.id)
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', reader.scope);
  if (args.active_status === 'active') query = query.where('active', '=', 1);
  if (args.active_status === 'inactive' || args.active_status === 'archived')
    query = query.where('active', '=', 0);
  const convo = parseId(args.convo_id);
  if (args.convo_id != null)
    query = query.where(
      'id',
      'in',
      reader.db
        .selectFrom('conversation_memberships')
        .select('user_id')
        .where('conversation_id', '=', convo ?? -1),
    );
  query = args.should_sort === false ? query.orderBy('id') : query.orderBy('last_name').orderBy('id');
  return (await query.limit(MAX_PAGE_SIZE).execute()) as StoredRow[];
}

/** How many clients a group has (archived ones too). */
async function groupSize(row: StoredRow, reader: Reader): Promise<number> {
  const found = await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('user_group_id', '=', row.id)
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return Number(found?.count ?? 0);
}

/** A code a client can sign up with to join the group, unique enough to share. */
const inviteCode = () => randomBase64url(6).toUpperCase();

/** Healthie's user groups: clients belong to at most one (`User.user_group_id`). No events. */
export const UserGroup = resource({
  name: 'UserGroup',
  table: 'user_groups',
  fields: {
    name: text({ required: true }),
    onboarding_flow_id: ref('OnboardingFlow', {
      input: 'ID',
      gql: 'String',
      writable: 'update',
      object: 'onboarding_flow',
    }),
    invite_code: text({ writable: 'none', default: () => inviteCode() }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
  },
  timestamps: { created_at: 'String!' },
  byId: 'userGroup',
  list: {
    name: 'userGroups',
    count: 'userGroupsCount',
    cursor: true,
    shouldPaginate: false,
    args: { keywords: keywordsIn('name'), check_group_level_actions: groupLevelActions },
    orderBy: {
      enum: 'UserGroupOrderKeys',
      values: {
        INVITE_CODE_ASC: ['invite_code', 'asc'],
        INVITE_CODE_DESC: ['invite_code', 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        USERS_COUNT_ASC: [groupSizeKey, 'asc'],
        USERS_COUNT_DESC: [groupSizeKey, 'desc'],
      },
    },
    defaultOrder: ['name', 'asc'],
  },
  payloadField: 'user_group',
  mutations: {
    create: 'createGroup',
    update: 'updateUserGroup',
    delete: {
      name: 'deleteUserGroup',
      inputs: {
        group_to_receive_clients: {
          type: 'ID',
          effect: "moves the group's clients to this group (otherwise they are left without a group)",
        },
      },
    },
  },
  computed: {
    doc_share_id: { type: 'String', resolve: (row) => `group-${row.id}` },
    user_ids: {
      type: '[String]',
      resolve: async (row, reader) => (await groupMembers(row, reader)).map((member) => String(member.id)),
    },
    users: {
      type: '[User!]!',
      args: { active_status: 'String', convo_id: 'ID', should_sort: 'Boolean' },
      resolve: groupMembers,
    },
    users_count: { type: 'Int', resolve: groupSize },
  },
});

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

/** `applied_to_providers: true`: tags applied (and not removed) to at least one provider. */
const appliedToProviders: ListArg = {
  type: 'Boolean',
  apply: (query, value, reader) =>
    value === true
      ? query.where(
          'id',
          'in',
          typedDb<PatientsTables>(reader)
            .selectFrom('applied_tags')
            .innerJoin('users', 'users.id', 'applied_tags.user_id')
            .select('applied_tags.tag_id')
            .where('applied_tags.deleted_at', 'is', null)
            .where('users.user_type', '=', 'provider'),
        )
      : query,
};

async function taggedUsers(
  row: StoredRow,
  reader: Reader,
  kind: 'active' | 'archived' | 'provider',
): Promise<number> {
  let query = typedDb<PatientsTables>(reader)
    .selectFrom('applied_tags')
    .innerJoin('users', 'users.id', 'applied_tags.user_id')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('applied_tags.tag_id', '=', row.id)
    .where('applied_tags.deleted_at', 'is', null)
    .where('users.organization_id', 'in', reader.scope);
  query =
    kind === 'provider'
      ? query.where('users.user_type', '=', 'provider')
      : query.where('users.user_type', '=', 'patient').where('users.active', '=', kind === 'active' ? 1 : 0);
  return Number((await query.executeTakeFirst())?.count ?? 0);
}

/** `Tag.tagged_users`: the users the tag is on, by last name; a page of 10 with `should_paginate`. */
async function tagTaggedUsers(
  row: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<unknown[]> {
  const paginate = args.should_paginate === true;
  const offset = paginate && typeof args.offset === 'number' && args.offset > 0 ? args.offset : 0;
  return typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .innerJoin('applied_tags', 'applied_tags.user_id', 'users.id')
    .selectAll('users')
    .where('applied_tags.tag_id', '=', row.id)
    .where('applied_tags.deleted_at', 'is', null)
    .where('users.organization_id', 'in', reader.scope)
    .orderBy('users.last_name')
    .orderBy('users.id')
    .limit(paginate ? DEFAULT_TAGGED_PAGE : MAX_PAGE_SIZE)
    .offset(offset)
    .execute();
}

const DEFAULT_TAGGED_PAGE = 10;

/** `Tag.added_by`: the full name of the user who created the tag. */
async function tagAddedBy(row: StoredRow, reader: Reader): Promise<string | null> {
  if (row.user_id == null) return null;
  const adder = await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .select(['first_name', 'last_name'])
    .where('id', '=', Number(row.user_id))
    .executeTakeFirst();
  return adder ? fullName(adder as unknown as StoredRow) : null;
}

export const Tag = resource({
  name: 'Tag',
  table: 'tags',
  fields: {
    name: text({ required: true, gql: 'String!', input: 'String' }),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
  },
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  list: {
    name: 'tags',
    count: 'tagsCount',
    args: { ids: idIn(), user_id: taggedUser, applied_to_providers: appliedToProviders },
    orderBy: {
      enum: 'TagOrderKeys',
      values: {
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        ACTIVE_USERS_DESC: [taggedCount('active'), 'desc'],
        ACTIVE_USERS_ASC: [taggedCount('active'), 'asc'],
        ADDED_BY_DESC: [addedByKey, 'desc'],
        ADDED_BY_ASC: [addedByKey, 'asc'],
        ORG_MEMBERS_ASC: [taggedCount('provider'), 'asc'],
        ORG_MEMBERS_DESC: [taggedCount('provider'), 'desc'],
      },
    },
    defaultOrder: ['name', 'asc'],
  },
  mutations: {
    create: {
      name: 'createTag',
      inputs: { taggable_user_id: { type: 'ID', effect: 'applies the new tag to this user at once' } },
    },
    update: 'updateTag',
    delete: 'deleteTag',
  },
  computed: {
    active_users_count: { type: 'Int', resolve: (row, reader) => taggedUsers(row, reader, 'active') },
    archived_users_count: { type: 'Int', resolve: (row, reader) => taggedUsers(row, reader, 'archived') },
    org_members_count: { type: 'Int', resolve: (row, reader) => taggedUsers(row, reader, 'provider') },
    added_by: { type: 'String', resolve: tagAddedBy },
    tagged_users: {
      type: '[User!]',
      args: { offset: 'Int', should_paginate: 'Boolean' },
      resolve: tagTaggedUsers,
    },
  },
});

/** An ISO-8601 time argument as stored timestamps (ms); an unreadable one matches nothing. */
const updatedSince = (operator: '>' | '<'): ListArg => ({
  type: 'ISO8601DateTime',
  apply: (query, value) => {
    const ms = Date.parse(String(value));
    return Number.isFinite(ms) ? query.where('updated_at', operator, ms) : query.where('id', '=', -1);
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
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  extras: { tag_id: (row) => row.tag_id, user_id: (row) => row.user_id },
  byId: 'appliedTag',
  list: {
    name: 'appliedTags',
    // `id` names the tagged user ("applied tags to a user").
    args: {
      id: equals('user_id'),
      tag_id: equals('tag_id'),
      updated_after: updatedSince('>'),
      updated_before: updatedSince('<'),
    },
    orderBy: {
      enum: 'AppliedTagOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        UNSORTED: ['id', 'asc'],
      },
    },
  },
});

/** A client portal permission of a contact; Healthie grants each until the provider turns it off. */
const portalPermission = () => bool({ default: true, gql: 'Boolean!', input: 'Boolean' });

/** What a contact with client portal access may do there (Healthie's `ClientPortalSetting`); one per contact. */
export const ClientPortalSetting = resource({
  name: 'ClientPortalSetting',
  table: 'client_portal_settings',
  owner: 'notification_contact_id',
  uniqueBy: ['notification_contact_id'],
  fields: {
    notification_contact_id: ref('NotificationContact', { required: true }),
    chat_with_provider: portalPermission(),
    schedule_appointments: portalPermission(),
    view_and_complete_forms: portalPermission(),
    view_and_create_goals: portalPermission(),
    view_and_create_journal_entries: portalPermission(),
    view_and_pay_bills: portalPermission(),
    view_and_purchase_packages: portalPermission(),
    view_and_upload_documents: portalPermission(),
  },
});

/** `NotificationContact.client_portal_setting`: the contact's portal permissions, when set. */
async function portalSettingOf(row: StoredRow, reader: Reader): Promise<unknown> {
  return typedDb<PatientsTables>(reader)
    .selectFrom('client_portal_settings')
    .selectAll()
    .where('notification_contact_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
}

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
    copy_notifications: bool({ default: false, gql: 'Boolean!', input: 'Boolean' }),
    emergency: bool({ default: false, gql: 'Boolean!', input: 'Boolean' }),
    client_portal_access: bool({ default: false, gql: 'Boolean!', input: 'Boolean' }),
    /** Which form of the provider's app the contact was added from (Healthie's `contact_form`), as given. */
    contact_form: text({ writable: 'create' }),
    /** When the linked client was invited to the client portal (`send_invitation`). */
    invitation_sent_at: datetime({ writable: 'none' }),
  },
  timestamps: { updated_at: 'String!' },
  extras: { linked_client_id: (row) => row.linked_client_id, user_id: (row) => row.user_id },
  // Healthie has no by-id query for contacts (they are read through `user { notification_contacts }`).
  byId: 'notificationContact',
  mutations: {
    create: {
      name: 'createNotificationContact',
      inputs: {
        dietitian_id: {
          type: 'String',
          effect: 'the provider of the client record made for a contact with client portal access',
        },
        user_group_id: {
          type: 'String',
          effect: 'the group of the client record made for a contact with client portal access',
        },
        client_portal_setting: {
          type: 'ClientPortalSettingInput',
          effect: 'sets what the contact may do in the client portal (`client_portal_setting`)',
        },
        send_invitation: {
          type: 'Boolean',
          effect: "with client portal access, queues the linked client's invitation (`invitation_sent_at`)",
        },
      },
    },
    update: {
      name: 'updateNotificationContact',
      inputs: {
        client_portal_setting: {
          type: 'ClientPortalSettingInput',
          effect: 'changes what the contact may do in the client portal (`client_portal_setting`)',
        },
      },
    },
    delete: {
      name: 'deleteNotificationContact',
      inputs: {
        user_id: { type: 'ID', effect: "must name the contact's client; the delete is refused otherwise" },
      },
    },
  },
  computed: {
    full_name: { type: 'String', resolve: fullName },
    // Contacts have no legal name of their own: the name given.
    full_legal_name_with_preferred: { type: 'String', resolve: fullName },
    client_portal_setting: { type: 'ClientPortalSetting', resolve: portalSettingOf },
  },
});

/** A coverage benefit of a policy (Healthie's `Benefit`), written through updatePolicy's `benefits`. */
export const Benefit = resource({
  name: 'Benefit',
  table: 'policy_benefits',
  owner: 'policy_id',
  fields: {
    policy_id: ref('Policy', { required: true }),
    category: text(),
    coinsurance: text(),
    copay: text(),
    deductible_calendar_year: text(),
    deductible_year_to_date: text(),
    telemedicine: bool(),
  },
});

/** A call made to the payer about a policy (Healthie's `CallReference`); one per policy. */
export const CallReference = resource({
  name: 'CallReference',
  table: 'call_references',
  owner: 'policy_id',
  uniqueBy: ['policy_id'],
  fields: {
    policy_id: ref('Policy', { required: true }),
    user_id: ref('User', { gql: 'Int', writable: 'none', default: (caller) => caller.userId }),
    date_recorded: text(),
    time_recorded: text(),
    reference_number: text(),
    notes: text(),
  },
});

/** A CPT code a policy authorizes (Healthie's `CptCodesPolicy`). */
export const CptCodesPolicy = resource({
  name: 'CptCodesPolicy',
  table: 'cpt_codes_policies',
  owner: 'policy_id',
  uniqueBy: ['policy_id', 'cpt_code_id'],
  fields: {
    policy_id: ref('Policy', { required: true }),
    cpt_code_id: foreignId({ required: true, input: 'String' }),
  },
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  computed: {
    // carehooks keeps no CPT code list: the code is the id given, with no description.
    code: { type: 'String', resolve: (row) => String(row.cpt_code_id) },
    description: accountDefault('String', null),
  },
});

/** An ICD-10 code a policy authorizes (Healthie's `IcdCodesPolicy`). */
export const IcdCodesPolicy = resource({
  name: 'IcdCodesPolicy',
  table: 'icd_codes_policies',
  idGql: 'ID',
  owner: 'policy_id',
  uniqueBy: ['policy_id', 'icd_code_id'],
  fields: {
    policy_id: ref('Policy', { required: true }),
    icd_code_id: foreignId({ required: true, input: 'String' }),
  },
  computed: {
    code: { type: 'String', resolve: (row) => String(row.icd_code_id) },
    description: accountDefault('String', null),
    icd_code: codeField('IcdCode', 'icd_code_id'),
  },
});

/** `Policy.call_reference`: the policy's call reference, when recorded. */
async function callReferenceOf(row: StoredRow, reader: Reader): Promise<unknown> {
  return typedDb<PatientsTables>(reader)
    .selectFrom('call_references')
    .selectAll()
    .where('policy_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
}

/** The client a policy belongs to, for the holder fields that fall back to the client's. */
async function policyClient(row: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', Number(row.user_id))
    .executeTakeFirst()) as StoredRow | undefined;
}

const holderIsClient = (row: StoredRow) =>
  row.holder_relationship == null || String(row.holder_relationship).toLowerCase() === 'self';

/** `Policy.holder_name`: the holder's name, or the client's when the client holds the policy. */
async function holderName(row: StoredRow, reader: Reader): Promise<string | null> {
  const named = [row.holder_first, row.holder_mi, row.holder_last].filter(Boolean).join(' ');
  if (named) return named;
  if (!holderIsClient(row)) return null;
  const client = await policyClient(row, reader);
  return client ? fullName(client) || null : null;
}

/** `Policy.dob_to_use`: the holder's date of birth, or the client's when the client holds the policy. */
async function dobToUse(row: StoredRow, reader: Reader): Promise<unknown> {
  if (row.holder_dob != null || !holderIsClient(row)) return row.holder_dob ?? null;
  return (await policyClient(row, reader))?.dob ?? null;
}

/** `Policy.holder_address`: the holder's address on one line (the client's when they share it). */
async function holderAddress(row: StoredRow, reader: Reader): Promise<string | null> {
  const db = typedDb<PatientsTables>(reader);
  const location =
    row.holder_location_id != null && row.same_address_as_client !== 1
      ? await db
          .selectFrom('locations')
          .selectAll()
          .where('id', '=', Number(row.holder_location_id))
          .executeTakeFirst()
      : await db
          .selectFrom('locations')
          .selectAll()
          .where('user_id', '=', Number(row.user_id))
          .orderBy('id')
          .executeTakeFirst();
  return location ? oneLine(location as unknown as StoredRow) : null;
}

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
    /** The payer's name as given with the policy's `insurance_plan` (carehooks keeps no payer list). */
    payer_name: text({ writable: 'none' }),
    holder_location_id: ref('Location', { gql: 'String', writable: 'none', object: 'holder_location' }),
    payer_location_id: ref('Location', { gql: 'String', writable: 'none', object: 'payer_location' }),
    referral_id: ref('Referral', { gql: 'String', writable: 'none', object: 'referral' }),
  },
  byId: 'policy',
  // Policies are created and removed through updateClient's nested `policies`.
  mutations: {
    update: {
      name: 'updatePolicy',
      input: 'updatePolicyMutationInput',
      payload: 'updatePolicyMutationPayload',
      inputs: {
        benefits: {
          type: '[BenefitInput]',
          effect: 'creates, updates or (`_destroy`) deletes the benefits of the policy (`Policy.benefits`)',
        },
        call_reference: {
          type: 'CallReferenceInput',
          effect: 'records the call made to the payer about the policy (`Policy.call_reference`)',
        },
        cpt_codes_policies: {
          type: '[CptCodesPolicyInput]',
          effect: 'adds or (`_destroy`) removes CPT codes the policy authorizes',
        },
        icd_codes_policies: {
          type: '[IcdCodesPolicyInput]',
          effect: 'adds or (`_destroy`) removes ICD-10 codes the policy authorizes',
        },
        insurance_authorization: {
          type: 'InsuranceAuthorizationInput',
          effect: "creates or updates the policy's insurance authorization (`insurance_authorization.*`)",
        },
        referring_physician_id: {
          type: 'String',
          effect: "refers the client by this physician on the policy's referral (`Policy.referral`)",
        },
      },
    },
  },
  many: {
    benefits: { type: '[Benefit!]', resource: 'Benefit', foreignKey: 'policy_id' },
    cpt_codes_policies: { type: '[CptCodesPolicy!]', resource: 'CptCodesPolicy', foreignKey: 'policy_id' },
    icd_codes_policies: { type: '[IcdCodesPolicy!]', resource: 'IcdCodesPolicy', foreignKey: 'policy_id' },
  },
  computed: {
    call_reference: { type: 'CallReference', resolve: callReferenceOf },
    holder_name: { type: 'String', resolve: holderName },
    dob_to_use: { type: 'String', resolve: dobToUse },
    holder_address: { type: 'String', resolve: holderAddress },
  },
});

/** `Location.to_oneline`: the address on one line, e.g. `1 Main St, Springfield, IL 62701`. */
function oneLine(row: StoredRow): string {
  const cityLine = [row.city, [row.state, row.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [row.line1, row.line2, cityLine, row.country].filter(Boolean).join(', ');
}

/** Locations without a client: the organization's own (its service facilities for claims). */
const serviceFacilities: ListArg = {
  type: 'Boolean',
  apply: (query, value) => (value === true ? query.where('user_id', 'is', null) : query),
};

/** `has_name: true`: only named locations. */
const named: ListArg = {
  type: 'Boolean',
  apply: (query, value) =>
    value === true ? query.where('name', 'is not', null).where('name', '!=', '') : query,
};

/** `user_id`: that user's locations; without it (and without `has_service_facilities`) the caller's own. */
const locationsOf: ListArg = {
  type: 'String',
  always: true,
  apply: (query, value, reader, args) => {
    if (value !== undefined && value !== null && value !== '')
      return query.where('user_id', '=', parseId(value) ?? -1);
    return args.has_service_facilities === true ? query : query.where('user_id', '=', reader.caller.userId);
  },
};

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
    count: 'locationsCount',
    cursor: true,
    shouldPaginate: false,
    args: {
      user_id: locationsOf,
      keywords: keywordsIn('name', 'line1', 'line2', 'city', 'state', 'zip'),
      has_name: named,
      has_service_facilities: serviceFacilities,
    },
  },
  mutations: {
    create: 'createLocation',
    update: { name: 'updateLocation', idType: 'String' },
    delete: 'deleteLocation',
  },
  computed: {
    to_oneline: { type: 'String', resolve: oneLine },
    place_of_service: { type: 'PlaceOfService', resolve: (row) => placeOfService(row.place_of_service_id) },
  },
});

/** A client's own price for an appointment type (Healthie's `AdvanceAppointmentPrice`). */
export const AdvanceAppointmentPrice = resource({
  name: 'AdvanceAppointmentPrice',
  table: 'advance_appointment_prices',
  owner: 'user_id',
  uniqueBy: ['user_id', 'appointment_type_id'],
  fields: {
    user_id: ref('User', { required: true, gql: 'ID!' }),
    appointment_type_id: ref('AppointmentType', { required: true }),
    price: money({ required: true, gql: 'String!', input: 'String' }),
  },
});

/** Appointments of a type a client may book without paying again (Healthie's `AppointmentTypeCredit`). */
export const AppointmentTypeCredit = resource({
  name: 'AppointmentTypeCredit',
  table: 'appointment_type_credits',
  idGql: 'ID',
  owner: 'user_id',
  uniqueBy: ['user_id', 'appointment_type_id'],
  fields: {
    user_id: ref('User', { required: true, gql: 'Int' }),
    appointment_type_id: ref('AppointmentType', {
      required: true,
      input: 'String',
      gql: 'String',
      object: 'appointment_type',
    }),
    quantity: int({ min: 0, gql: 'String', input: 'String' }),
    /** The form that granted the credits; credits set by a provider have none. */
    form_id: foreignId({ gql: 'String', writable: 'none' }),
  },
});

/** How a client was acquired (Healthie's `ClientSource`); one per client. */
export const ClientSource = resource({
  name: 'ClientSource',
  table: 'client_sources',
  idGql: 'String!',
  owner: 'user_id',
  uniqueBy: ['user_id'],
  fields: {
    user_id: ref('User', { required: true }),
    ref_type: text(),
    ref_source: text(),
    ref_source_other: text(),
  },
  computed: {
    readable_source: { type: 'String', resolve: readableSource },
    // carehooks links no referral record (provider, insurance) to a source: its name is the one given.
    related_object_name: { type: 'String', resolve: (row) => row.ref_source_other ?? row.ref_source ?? null },
    related_insurance: { type: 'InsurancePlan', resolve: () => null },
  },
});

/** `ClientSource.readable_source`: the source for people, e.g. `Referral: Dr. Lee`. */
function readableSource(row: StoredRow): string | null {
  const source = row.ref_source_other ?? row.ref_source;
  const type = typeof row.ref_type === 'string' ? row.ref_type.replace(/_/g, ' ') : null;
  const label = type ? type.charAt(0).toUpperCase() + type.slice(1) : null;
  if (label && source) return `${label}: ${String(source)}`;
  return (label ?? (source == null ? null : String(source))) || null;
}

/** `User.client_source`. */
export async function clientSourceOf(row: StoredRow, reader: Reader): Promise<unknown> {
  return typedDb<PatientsTables>(reader)
    .selectFrom('client_sources')
    .selectAll()
    .where('user_id', '=', row.id)
    .executeTakeFirst();
}

export const resources = [
  User,
  UserGroup,
  Tag,
  AppliedTag,
  NotificationContact,
  ClientPortalSetting,
  Policy,
  Benefit,
  CallReference,
  CptCodesPolicy,
  IcdCodesPolicy,
  Location,
  AdvanceAppointmentPrice,
  AppointmentTypeCredit,
  ClientSource,
  OnboardingFlow,
  OnboardingItem,
] as const;

export type PatientsTables = TablesOf<(typeof resources)[number]>;
