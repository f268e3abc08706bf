/**
 * Fields derived from custom emails (./custom-email-resource.ts): a user's emails by type, and the
 * caller's custom ones (`courseItemCustomEmails`). Healthie names the types as its settings show them;
 * `Custom Email` and `Reactivation Email` are the two the User fields list (compared ignoring case).
 */
import { MAX_PAGE_SIZE, typedDb, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import type { MessagingTables } from './resources.js';

const CUSTOM = 'custom email';
const REACTIVATION = 'reactivation email';

function emailsOf(reader: Reader, userId: number, type?: string) {
  let query = typedDb<MessagingTables>(reader)
    .selectFrom('custom_emails')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', 'in', reader.scope);
  if (type !== undefined) query = query.where((eb) => eb(eb.fn('lower', ['email_type']), '=', type));
  return query.orderBy('created_at').orderBy('id').limit(MAX_PAGE_SIZE).execute();
}

export const customEmailUserFields: Record<string, Computed> = {
  custom_custom_emails: {
    type: '[CustomEmail!]',
    resolve: (user: StoredRow, reader) => emailsOf(reader, user.id, CUSTOM),
  },
  reactivation_emails: {
    type: '[CustomEmail!]',
    resolve: (user: StoredRow, reader) => emailsOf(reader, user.id, REACTIVATION),
  },
  has_own_custom_emails: {
    type: 'Boolean',
    resolve: async (user: StoredRow, reader) => (await emailsOf(reader, user.id)).length > 0,
  },
};

export const customEmailFields: Record<string, Computed> = {
  // Healthie's name of an email is its subject.
  name: { type: 'String', resolve: (email) => email.subject ?? null },
  // The appointment type, program or package an email is written for: carehooks' mutations attach none.
  related_object: { type: 'CustomEmailRelatedObject', resolve: () => null },
};

export const customEmailQueries: Record<string, Computed> = {
  courseItemCustomEmails: {
    type: '[CustomEmail!]',
    resolve: (_root, reader) => emailsOf(reader, reader.caller.userId, CUSTOM),
  },
};
