/**
 * Custom emails: a provider's own wording of an email Healthie sends (an invite, a reactivation reminder,
 * a custom one), kept by `email_type`. The reference documents no events for them, so none are emitted.
 * Their derived fields are bound in ./area.ts (./custom-emails.ts).
 */
import { parseId, ref, resource, text, type ListArg } from '../../registry/index.js';

/** Healthie's `customEmails` lists invite emails unless asked for another type. */
const DEFAULT_EMAIL_TYPE = 'Invite Email';

const ofType: ListArg = {
  type: 'String',
  always: true,
  apply: (query, value) =>
    query.where('email_type', '=', typeof value === 'string' && value !== '' ? value : DEFAULT_EMAIL_TYPE),
};

export const CustomEmail = resource({
  name: 'CustomEmail',
  table: 'custom_emails',
  fields: {
    email_type: text({ required: true, maxLength: 255 }),
    subject: text({ maxLength: 255 }),
    greeting: text(),
    message_body: text(),
    reactivation_wait_days: text({ maxLength: 32 }),
    user_id: ref('User', { writable: 'none', default: (caller) => caller.userId }),
  },
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  byId: {
    name: 'customEmail',
    // Healthie's by-id query takes a list's cursor too; one record by id has nothing to page.
    ignored: { after: 'Cursor' },
  },
  list: {
    name: 'customEmails',
    count: 'customEmailsCount',
    cursor: true,
    args: {
      email_type: ofType,
      // The emails that provider wrote.
      provider_id: {
        type: 'ID',
        apply: (query, value) => query.where('user_id', '=', parseId(value) ?? -1),
      },
    },
    defaultOrder: ['created_at', 'asc'],
  },
  payloadField: 'customEmail',
  mutations: { create: 'createCustomEmail', update: 'updateCustomEmail', delete: 'deleteCustomEmail' },
});
