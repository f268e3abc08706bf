/**
 * Card issues: saved cards expired or expiring by next month, which need replacing before the next charge
 * (`cardIssues`). `bulkUpdateCardIssues(mark_all_as_seen: true)` marks every current issue of the caller's
 * organizations seen (`issue_seen_at`; one mark for the organization, not per provider), so
 * `User.card_issues_count` (a provider's unseen issues) drops to zero. Seen is screen state, not the card's
 * record: no `stripe_customer_detail.updated`.
 */
import { sql } from 'kysely';
import {
  fail,
  typedDb,
  updateRow,
  type Computed,
  type ListArg,
  type Reader,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { StripeCustomerDetail, type BillingInsuranceTables } from './resources.js';

/** Cards expired or expiring by next month (`MM/YYYY`), which need replacing before the next charge. */
export const issueSoon: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query) => {
    const now = new Date();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const limit = `${next.getUTCFullYear()}${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
    return query
      .where('expiration', 'like', '__/____')
      .where(
        sql`(substr(${sql.ref('expiration')}, 4, 4) || substr(${sql.ref('expiration')}, 1, 2))`,
        '<=',
        limit,
      );
  },
};

/** The card issues of the reader's organizations, oldest first; only the unseen ones when asked. */
function cardIssues(reader: Reader, options: { unseen?: boolean } = {}) {
  let query = typedDb<BillingInsuranceTables>(reader)
    .selectFrom('stripe_customer_details')
    .where('organization_id', 'in', reader.scope);
  query = issueSoon.apply(query, true, reader, {});
  if (options.unseen) query = query.where('issue_seen_at', 'is', null);
  return query;
}

export const bulkUpdateCardIssues: SpecialMutation = {
  name: 'bulkUpdateCardIssues',
  input: 'bulkUpdateCardIssuesInput',
  inputFields: { mark_all_as_seen: 'Boolean' },
  payload: 'bulkUpdateCardIssuesPayload',
  returns: { card_issues: '[StripeCustomerDetail]' },
  async run(work, input) {
    if (input.mark_all_as_seen !== true)
      fail('mark_all_as_seen', 'Mark all as seen must be true: card issues are marked seen all at once');
    const issues = (await cardIssues(work).selectAll().orderBy('id').execute()) as unknown as StoredRow[];
    const seenAt = new Date(work.uow.now).toISOString();
    const marked: StoredRow[] = [];
    for (const issue of issues) {
      const { row } =
        issue.issue_seen_at == null
          ? await updateRow(work, StripeCustomerDetail, issue, { issue_seen_at: seenAt })
          : { row: issue };
      marked.push(row);
    }
    return { card_issues: marked };
  },
};

/** `User.card_issues_count`: a provider's unseen card issues (a client has none to see). */
export const cardIssuesCount: Computed = {
  type: 'Int',
  resolve: async (user, reader) => {
    if (user.user_type !== 'provider') return 0;
    const row = await cardIssues(reader, { unseen: true })
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  },
};
