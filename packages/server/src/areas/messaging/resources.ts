/**
 * Messaging: conversations, their members, the messages in them (Healthie's `Note`, whose events are
 * `message.*`), notification preferences, scheduled messages and the log of sent notifications. Names and
 * types follow healthie-schema.graphql; createConversationMembership is not in that schema and is designed
 * after Healthie's create mutations (input `conversation_id`, `user_id`; payload `conversationMembership`).
 * The declarations are data; the behaviour of their mutations is bound in ./area.ts, where deleteNote is a
 * special mutation (`deleted_by_user` keeps the message, marked).
 */
import {
  bool,
  datetime,
  email,
  idIn,
  json,
  keywordsIn,
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
import { CustomEmail } from './custom-email-resource.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
type Eb = any;

/** Healthie's times on messaging types are never null. */
const stamped = { created_at: 'String!', updated_at: 'String!' } as const;

/** Rows whose `column` names a conversation the user is a member of. */
const conversationsOf = (column: string, userId: number) => (eb: Eb) =>
  eb(
    column,
    'in',
    eb
      .selectFrom('conversation_memberships as member')
      .select('member.conversation_id')
      .where('member.user_id', '=', userId),
  );

/** `conversations(user_id)`: the user's conversations (the caller's when none is named). */
const memberOf: ListArg = {
  type: 'ID',
  always: true,
  apply: (query, value, reader) =>
    query.where(conversationsOf('id', value == null ? reader.caller.userId : (parseId(value) ?? -1))),
};

/** `select_all_status` (./conversations.ts). */
const selectAllStatus = {
  type: 'String',
  effect:
    'adds every client of that status to the conversation: `active`, `archived` (inactive) or `all`; other values add none',
};

export const Conversation = resource({
  name: 'Conversation',
  table: 'conversations',
  events: 'conversation',
  timestamps: stamped,
  fields: {
    name: text(),
    owner_id: ref('User', { object: 'owner', writable: 'create', default: (caller) => caller.userId }),
    appointment_id: ref('Appointment', { input: 'String', writable: 'create' }),
    closed_by_id: ref('User', { object: 'closed_by', writable: 'update' }),
    closed_date: text({ writable: 'none' }),
    // The closer asked not to be warned again when closing a conversation; kept as set.
    hide_close_confirmation: bool({ default: false, writable: 'update' }),
    // The user groups invited (`group-<id>` in `simple_added_users`), as a JSON list of ids.
    invited_user_group_ids: json({ writable: 'none' }),
  },
  byId: 'conversation',
  list: {
    name: 'conversations',
    count: 'conversationsCount',
    args: { user_id: memberOf, keywords: keywordsIn('name') },
    defaultOrder: ['updated_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createConversation',
      inputs: {
        added_users: '[AddedUsersInput]',
        simple_added_users: 'String',
        note: 'NoteInput',
        select_all_status: selectAllStatus,
      },
    },
    update: {
      name: 'updateConversation',
      inputs: { simple_added_users: 'String', select_all_status: selectAllStatus },
    },
  },
  many: {
    conversation_memberships: {
      type: '[ConversationMembership!]!',
      resource: 'ConversationMembership',
      foreignKey: 'conversation_id',
    },
    notes: { type: '[Note!]!', resource: 'Note', foreignKey: 'conversation_id' },
  },
  // The fields derived from members and messages are in ./area.ts.
});

/** How many members a membership's conversation has. */
const memberCount = (eb: Eb) =>
  eb
    .selectFrom('conversation_memberships as others')
    .select((sub: Eb) => sub.fn.countAll().as('count'))
    .whereRef('others.conversation_id', '=', 'conversation_memberships.conversation_id');

/** A membership's conversation's column, for ordering. */
const conversationColumn = (column: string) => (eb: Eb) =>
  eb
    .selectFrom('conversations')
    .select(`conversations.${column}`)
    .whereRef('conversations.id', '=', 'conversation_memberships.conversation_id');

/** A conversation among staff only (no patient member), as Healthie's organization chat is. */
const staffOnly = (column: string) => (eb: Eb) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('conversation_memberships as member')
        .innerJoin('users', 'users.id', 'member.user_id')
        .select('member.id')
        .whereRef('member.conversation_id', '=', column)
        .where('users.user_type', '=', 'patient'),
    ),
  );

/** Memberships of conversations holding a message that matches `where` (a condition on `notes`). */
const withNotes = (where: (eb: Eb) => unknown) => (eb: Eb) =>
  eb.exists(
    eb
      .selectFrom('notes')
      .select('notes.id')
      .whereRef('notes.conversation_id', '=', 'conversation_memberships.conversation_id')
      .where(where),
  );

/** An argument applied with `fallback` when the client leaves it out. */
const withDefault = (fallback: string, arg: ListArg): ListArg => ({
  ...arg,
  always: true,
  apply: (query, value, reader, args) =>
    arg.apply(query, value === undefined || value === null || value === '' ? fallback : value, reader, args),
});

/** A value among a fixed few (any case); `all` keeps every row, anything else matches none. */
const choice = (cases: Record<string, (query: Eb) => Eb>): ListArg => ({
  type: 'String',
  apply: (query, value) => {
    const key = String(value).trim().toLowerCase();
    if (key === 'all') return query;
    const narrow = cases[key];
    return narrow ? narrow(query) : query.where('id', '=', -1);
  },
});

export const ConversationMembership = resource({
  name: 'ConversationMembership',
  table: 'conversation_memberships',
  events: 'conversation_membership',
  owner: 'conversation_id',
  uniqueBy: ['conversation_id', 'user_id'],
  timestamps: stamped,
  fields: {
    conversation_id: ref('Conversation', { required: true, object: 'convo' }),
    user_id: ref('User', { required: true, object: 'user' }),
    archived: bool({ default: false, writable: 'none', gql: 'Boolean!' }),
    viewed: bool({ default: false, writable: 'none', gql: 'Boolean!' }),
  },
  // Healthie's `id` argument names a conversation (its owner's membership); here it is the membership's id.
  byId: { name: 'conversationMembership', idArgs: ['conversation_membership_id'] },
  list: {
    name: 'conversationMemberships',
    count: 'conversationMembershipsCount',
    cursor: true,
    args: {
      // Whose memberships: the client's (`client_id`), the provider's, the providers', or else the caller's.
      provider_id: {
        type: 'ID',
        always: true,
        apply: (query, value, reader, args) => {
          if (args.client_id != null && args.client_id !== '') return query;
          if (value != null) return query.where('user_id', '=', parseId(value) ?? -1);
          return args.provider_ids == null ? query.where('user_id', '=', reader.caller.userId) : query;
        },
      },
      provider_ids: {
        type: '[ID]',
        apply: (query, value, reader, args) =>
          (args.client_id != null && args.client_id !== '') || args.provider_id != null
            ? query
            : idIn('user_id').apply(query, value, reader, args),
      },
      client_id: {
        type: 'String',
        apply: (query, value) => query.where('user_id', '=', parseId(value) ?? -1),
      },
      // With client_id: only the client's conversations the provider (or the caller) takes part in.
      only_include_shared_memberships: {
        type: 'Boolean',
        apply: (query, value, reader, args) =>
          value && args.client_id != null
            ? query.where(
                conversationsOf(
                  'conversation_id',
                  args.provider_id == null ? reader.caller.userId : (parseId(args.provider_id) ?? -1),
                ),
              )
            : query,
      },
      // Active (not archived) memberships unless asked otherwise.
      active_status: withDefault(
        'active',
        choice({
          active: (q) => q.where('archived', '=', 0),
          archived: (q) => q.where('archived', '=', 1),
        }),
      ),
      read_status: choice({
        read: (q) => q.where('viewed', '=', 1),
        unread: (q) => q.where('viewed', '=', 0),
      }),
      // Conversations between two people, or of more.
      conversation_type: choice({
        individual: (q) => q.where((eb: Eb) => eb(memberCount(eb), '<=', 2)),
        group: (q) => q.where((eb: Eb) => eb(memberCount(eb), '>', 2)),
      }),
      keywords: {
        type: 'String',
        apply: (query, value, reader, args) =>
          query.where('conversation_id', 'in', (eb: Eb) =>
            keywordsIn('conversations.name').apply(
              eb.selectFrom('conversations').select('conversations.id'),
              value,
              reader,
              args,
            ),
          ),
      },
      // Conversations with clients, or (true) the organization members' own conversations.
      org_chat: {
        type: 'Boolean',
        always: true,
        apply: (query, value) =>
          query.where((eb: Eb) => {
            const staff = staffOnly('conversation_memberships.conversation_id')(eb);
            return value === true ? staff : eb.not(staff);
          }),
      },
      // Conversations by the messages they hold: every one (`inbox`, the default), those with messages
      // posted in the organization chat (`org_chat`), or with messages scheduled for later (`scheduled`).
      notes_type: choice({
        inbox: (q) => q,
        org_chat: (q) => q.where(withNotes((eb) => eb('notes.org_chat', '=', 1))),
        scheduled: (q) => q.where(withNotes((eb) => eb('notes.scheduled_at', 'is not', null))),
      }),
    },
    orderBy: {
      enum: 'ConversationMembershipOrderKeys',
      values: {
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
        UPDATED_AT_ASC: ['updated_at', 'asc'],
        UPDATED_AT_DESC: ['updated_at', 'desc'],
        CONVERSATION_CREATED_AT_ASC: [conversationColumn('created_at'), 'asc'],
        CONVERSATION_CREATED_AT_DESC: [conversationColumn('created_at'), 'desc'],
        CONVERSATION_UPDATED_AT_ASC: [conversationColumn('updated_at'), 'asc'],
        CONVERSATION_UPDATED_AT_DESC: [conversationColumn('updated_at'), 'desc'],
      },
    },
    defaultOrder: [conversationColumn('updated_at'), 'desc'],
  },
  mutations: { create: 'createConversationMembership' },
  // What a member sees of the conversation (names, the last task) is derived in ./area.ts.
});

/** A file attached to a message (./notes.ts). */
const attachment = (what: string, kept = '') => ({
  type: 'Upload',
  effect: `the ${what} as a data URL (multipart uploads are not served): its content type is read back as \`Note.attached_${what}_content_type\` (the file is not kept)${kept}`,
});

export const Note = resource({
  name: 'Note',
  table: 'notes',
  events: 'message',
  owner: 'conversation_id',
  timestamps: stamped,
  fields: {
    conversation_id: ref('Conversation', { required: true, input: 'String' }),
    user_id: ref('User', { input: 'String', object: 'creator', default: (caller) => caller.userId }),
    content: text(),
    scheduled_at: datetime(),
    deleted_by_user: bool({ default: false, writable: 'none', gql: 'Boolean!' }),
    // Posted in the organization chat (the input says so).
    org_chat: bool({ default: false, writable: 'create' }),
    // The poster asked not to be asked again before posting to the organization chat; kept as set.
    hide_org_chat_confirmation: bool({ default: false, writable: 'create' }),
    // The provider who posted as the conversation's owner (`user_id` naming someone else).
    on_behalf_user_id: ref('User', { writable: 'none', object: 'on_behalf_user' }),
    // Attachments are described by their content type only: carehooks keeps no files.
    attached_image_content_type: text({ writable: 'none' }),
    attached_document_content_type: text({ writable: 'none' }),
    attached_audio_content_type: text({ writable: 'none' }),
    // The Document made for an attached document, and the attached image's file name (./note-attachments.ts).
    document_id: ref('Document', { writable: 'none' }),
    image_name: text({ writable: 'none' }),
  },
  byId: 'note',
  list: {
    name: 'notes',
    count: 'notesCount',
    cursor: true,
    args: {
      conversation_id: {
        type: 'ID',
        apply: (query, value) => query.where('conversation_id', '=', parseId(value) ?? -1),
      },
      ids: idIn(),
      keywords: keywordsIn('content'),
      org_chat: {
        type: 'Boolean',
        apply: (query, value) => query.where('org_chat', '=', value ? 1 : 0),
      },
      // Messages the provider posted.
      provider_id: {
        type: 'ID',
        apply: (query, value) => query.where('user_id', '=', parseId(value) ?? -1),
      },
      scheduled_notes: {
        type: 'Boolean',
        apply: (query, value) => query.where('scheduled_at', value ? 'is not' : 'is', null),
      },
      since_note_id: {
        type: 'ID',
        apply: (query, value) => query.where('id', '>', parseId(value) ?? Number.MAX_SAFE_INTEGER),
      },
      // Messages a task was made from.
      with_tasks: {
        type: 'Boolean',
        apply: (query, value) =>
          query.where((eb: Eb) => {
            const tasked = eb.exists(
              eb.selectFrom('tasks').select('tasks.id').whereRef('tasks.note_id', '=', 'notes.id'),
            );
            return value ? tasked : eb.not(tasked);
          }),
      },
    },
    orderBy: {
      enum: 'NoteOrderKeys',
      values: { CREATED_AT_ASC: ['created_at', 'asc'], CREATED_AT_DESC: ['created_at', 'desc'] },
    },
    defaultOrder: ['created_at', 'desc'],
  },
  mutations: {
    create: {
      name: 'createNote',
      inputs: {
        attached_image_string: {
          type: 'String',
          effect:
            'an image as a data URL: its content type is read back as `Note.attached_image_content_type` and its file name as `Note.image_name` (the file is not kept)',
        },
        attached_image: attachment('image', '; its file name is read back as `Note.image_name`'),
        attached_document: attachment(
          'document',
          '; a Document is made for it: read back as `Note.document_id` and `Note.document_name`',
        ),
        attached_audio: attachment('audio'),
        created_at: { type: 'String', effect: 'back-dates the message: read back as `created_at`' },
        updated_at: { type: 'String', effect: "the message's last-update time: read back as `updated_at`" },
      },
    },
  },
  // deleteNote (`deleted_by_user` keeps the message, marked) and the fields derived from the conversation
  // (recipient, task, viewed, …) are in ./area.ts.
});

const preference = () => bool({ writable: 'update' });

export const NotificationSetting = resource({
  name: 'NotificationSetting',
  table: 'notification_settings',
  events: 'notification_setting',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { object: 'user', writable: 'none' }),
    marketing_communication_preference: text({ writable: 'update' }),
    notification_on_module_completion: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    receive_updates_and_offers: bool({ default: false, writable: 'update', gql: 'Boolean!' }),
    send_comment_emails: preference(),
    send_comment_push: preference(),
    send_course_complete_email: preference(),
    send_email_before_appointment: preference(),
    send_email_on_appointment_book: preference(),
    send_email_on_appointment_cancel: preference(),
    send_email_on_client_has_been_assigned_to_you: preference(),
    send_email_on_fax_delivery_failure: preference(),
    send_email_on_fax_received: preference(),
    send_email_on_intake_flow_complete: preference(),
    send_email_on_intake_flow_item_complete: preference(),
    send_email_on_intake_flow_start: preference(),
    send_email_on_new_document: preference(),
    send_email_on_new_folder: preference(),
    send_email_on_package_purchase: preference(),
    send_email_on_scheduled_payment_failed: preference(),
    send_email_receipt_for_subscription_payment: preference(),
    send_emoji_email: preference(),
    send_emoji_push: preference(),
    send_entry_emails: preference(),
    send_goal_reminder_email: preference(),
    send_goal_reminder_push: preference(),
    send_group_message_emails: preference(),
    send_group_message_push: preference(),
    send_insurance_expiry_notifications: preference(),
    send_message_emails: preference(),
    send_message_push: preference(),
    send_new_clients_emails: preference(),
    send_new_insurance_added_notifications: preference(),
    send_new_module_email: preference(),
    send_new_module_push: preference(),
    send_push_before_appointment: preference(),
  },
  extras: { user_id: (row) => row.user_id },
  byId: 'notificationSetting',
  // Settings are created internally when preferences are first saved; clients only update them.
  mutations: { update: 'updateNotificationSetting' },
});

/** `NoteScheduler.scheduled_at` / `sent_at`, read from the schedule row. */
async function scheduleOf(
  row: StoredRow,
  reader: Reader,
): Promise<{ send_at: string | null; sent_at: string | null } | undefined> {
  return typedDb<MessagingTables>(reader)
    .selectFrom('message_schedules')
    .select(['send_at', 'sent_at'])
    .where('note_scheduler_id', '=', row.id)
    .executeTakeFirst();
}

/** A message queued for later; the message scheduler (an internal source) sends it. */
export const NoteScheduler = resource({
  name: 'NoteScheduler',
  table: 'note_schedulers',
  events: 'scheduled_message',
  timestamps: { updated_at: 'String!' },
  fields: {
    user_id: ref('User', { object: 'user' }),
    note_id: ref('Note', { object: 'note' }),
    note_content: text(),
    participant_ids: json({ gql: '[ID]' }),
    // The message's attachments (`note` of createMessageBlast), described by content type only.
    attached_image_content_type: text({ writable: 'none' }),
    attached_document_content_type: text({ writable: 'none' }),
    // The user groups the message goes to (`group-<id>` in `simple_added_users`), as a JSON list of ids.
    user_group_ids: json({ writable: 'none' }),
  },
  byId: 'note_scheduler',
  computed: {
    scheduled_at: {
      type: 'String',
      resolve: async (row, reader) => (await scheduleOf(row, reader))?.send_at ?? null,
    },
    sent_at: {
      type: 'String',
      resolve: async (row, reader) => (await scheduleOf(row, reader))?.sent_at ?? null,
    },
  },
});

/** The log of an email, text or push notification; written by the notification sender, not by clients. */
/** Records of notifications sent to the user, or (a provider) to the provider's clients. */
const sentToProvider: ListArg = {
  type: 'ID',
  apply: (query, value) => {
    const id = parseId(value) ?? -1;
    return query.where((eb: Eb) =>
      eb.or([
        eb('user_id', '=', id),
        eb('user_id', 'in', eb.selectFrom('users').select('users.id').where('users.dietitian_id', '=', id)),
      ]),
    );
  },
};

/** A day (YYYY-MM-DD) bounding when records were written; `end_date` includes its day. */
const recordedDay = (side: 'start' | 'end'): ListArg => ({
  type: 'String',
  apply: (query, value) => {
    const day = String(value).trim().slice(0, 10);
    const at = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(at)) return query.where('id', '=', -1);
    return side === 'start'
      ? query.where('created_at', '>=', at)
      : query.where('created_at', '<', at + 24 * 60 * 60 * 1000);
  },
});

export const SentNotificationRecord = resource({
  name: 'SentNotificationRecord',
  table: 'sent_notification_records',
  events: 'sent_notification_record',
  timestamps: { created_at: 'String!' },
  fields: {
    user_id: ref('User'),
    // An email unless the sender says otherwise; logged when dispatched, so `sent` until a status report.
    // Every writer leaves a value out rather than clearing it, so the default stored at write time holds.
    category: text({ default: 'email', gql: 'String!' }),
    delivery_status: text({ default: 'sent', gql: 'String!' }),
    notification_description: text(),
    notification_type: text(),
    representation_type: text(),
  },
  // Healthie's by-id query does not exist; it lets receivers read one back.
  byId: 'sentNotificationRecord',
  list: {
    name: 'sentNotificationRecords',
    count: 'sentNotificationRecordsCount',
    shouldPaginate: true,
    args: {
      patient_id: { type: 'ID', apply: (query, value) => query.where('user_id', '=', parseId(value) ?? -1) },
      provider_id: sentToProvider,
      // The whole organization's records, or (false) those of the caller and the caller's clients.
      org_level: {
        type: 'Boolean',
        apply: (query, value, reader) =>
          value ? query : sentToProvider.apply(query, reader.caller.userId, reader, {}),
      },
      status: { type: 'String', apply: (query, value) => query.where('delivery_status', '=', String(value)) },
      type: { type: 'String', apply: (query, value) => query.where('notification_type', '=', String(value)) },
      start_date: recordedDay('start'),
      end_date: recordedDay('end'),
    },
    defaultOrder: ['created_at', 'desc'],
  },
});

/** When a `NoteScheduler` is due (ISO-8601 UTC, which sorts as it compares) and when it was sent. */
export const MessageSchedule = resource({
  name: 'MessageSchedule',
  table: 'message_schedules',
  owner: 'note_scheduler_id',
  fields: {
    note_scheduler_id: ref('NoteScheduler', { required: true }),
    send_at: text({ required: true }),
    sent_at: text(),
  },
});

/**
 * An email to a user, written in the transaction of the mutation that sends it and mailed after commit by
 * the email sender (./email-sender.ts), which logs the outcome as a `SentNotificationRecord`. Not exposed:
 * clients read the record.
 */
export const QueuedEmail = resource({
  name: 'QueuedEmail',
  table: 'queued_emails',
  owner: 'user_id',
  fields: {
    user_id: ref('User', { required: true }),
    sender_id: ref('User', { default: (caller) => caller.userId }),
    recipient: email({ required: true }),
    subject: text({ required: true }),
    body: text({ required: true, maxLength: 100_000 }),
    notification_type: text(),
    // Set once by the sender that takes the email (so two senders never mail it twice), then the outcome.
    claimed_at: datetime(),
    sent_at: datetime(),
    error: text(),
    sent_notification_record_id: ref('SentNotificationRecord'),
  },
});

/**
 * An in-app notification (Healthie's `Notification`): `other_party_id` is the user it is for, `user_id`
 * the user whose action it tells of. The notifier writes them (POST /internal/notifications); clients mark
 * them `seen` (loaded) and `read` (clicked) with updateNotification / updateNotifications.
 */
export const Notification = resource({
  name: 'Notification',
  table: 'user_notifications',
  timestamps: { created_at: 'String!' },
  fields: {
    other_party_id: ref('User', { gql: 'String', object: 'other_party', writable: 'none' }),
    user_id: ref('User', { gql: 'String', object: 'user', writable: 'none' }),
    type: text({ writable: 'none' }),
    message: text({ writable: 'none' }),
    link: text({ writable: 'none', maxLength: 2048 }),
    associated_object: text({ writable: 'none' }),
    seen: bool({ default: false, gql: 'Boolean!', writable: 'none' }),
    // Healthie answers `read` as a String ("true" / "false").
    read: bool({ default: false, gql: 'String', writable: 'none' }),
  },
  list: {
    name: 'notifications',
    cursor: true,
    args: {
      // The caller's notifications unless another recipient is named.
      other_party_id: {
        type: 'String',
        always: true,
        apply: (query, value, reader) =>
          query.where('other_party_id', '=', value == null ? reader.caller.userId : (parseId(value) ?? -1)),
      },
      read_status: { type: 'Boolean', apply: (query, value) => query.where('read', '=', value ? 1 : 0) },
      seen_status: { type: 'Boolean', apply: (query, value) => query.where('seen', '=', value ? 1 : 0) },
      types: {
        type: '[String]',
        apply: (query, value) => {
          const types = Array.isArray(value) ? value.map(String) : [];
          return types.length === 0 ? query.where('id', '=', -1) : query.where('type', 'in', types);
        },
      },
    },
    orderBy: {
      enum: 'NotificationOrderKeys',
      values: { CREATED_AT_ASC: ['created_at', 'asc'], CREATED_AT_DESC: ['created_at', 'desc'] },
    },
    defaultOrder: ['created_at', 'desc'],
  },
});

export const resources = [
  Conversation,
  ConversationMembership,
  Note,
  NotificationSetting,
  NoteScheduler,
  SentNotificationRecord,
  MessageSchedule,
  Notification,
  QueuedEmail,
  CustomEmail,
] as const;

export type MessagingTables = TablesOf<(typeof resources)[number]>;
