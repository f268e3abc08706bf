/**
 * The `sentWebhooks` and `sentWebhooksCount` queries: the attempt log the delivery engine writes, one row
 * per attempt. Rows are scoped by `sent_webhooks.organization_id`, the organization owning the webhook,
 * so a sub-organization never sees attempts to its parent's endpoints.
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import type { Database, Millis } from '../store/schema.js';
import { parseId, parseTimestamp } from './api-values.js';
import {
  afterAnchor,
  containsKeywords,
  decodeCursor,
  InvalidArgumentError,
  pageWindow,
  readKeywords,
  readOrder,
  type PageArgs,
} from './query-arguments.js';
import { sentWebhookDetails, sentWebhookView, type SentWebhookView } from './webhook-view.js';

type SentWebhookSortKey = 'CREATED_AT' | 'EVENT_TYPE' | 'URL';
export type SentWebhookOrderKey = `${SentWebhookSortKey}_${'ASC' | 'DESC'}`;

/** Healthie's `keywords`, plus the filters carehooks adds. */
export interface SentWebhookFilterArgs {
  keywords?: string | null;
  /** true: no complete 2xx answer (an error status, none at all, or one cut short); false: the others. */
  failed?: boolean | null;
  /** Inclusive lower bound on `created_at`, ISO-8601. */
  sent_after?: string | null;
  /** Exclusive upper bound on `created_at`, ISO-8601. */
  sent_before?: string | null;
  resource_id?: string | null;
  event_type?: string | null;
  webhook_id?: string | null;
}

export interface SentWebhookListArgs extends SentWebhookFilterArgs, PageArgs {
  order_by?: SentWebhookOrderKey | null;
}

type SentScope = ExpressionBuilder<Database, 'sent_webhooks'>;

const sortKeys: Record<SentWebhookSortKey, RawBuilder<string | number>> = {
  CREATED_AT: sql`${sql.ref('sent_webhooks.created_at')}`,
  EVENT_TYPE: sql`${sql.ref('sent_webhooks.event_type')}`,
  URL: sql`${sql.ref('sent_webhooks.url')}`,
};

interface SentWebhookFilters {
  keywords: string | null;
  failed: boolean | null;
  sentAfter: Millis | null;
  sentBefore: Millis | null;
  resourceId: string | null;
  eventType: string | null;
  webhookId: number | null;
}

function readFilters(args: SentWebhookFilterArgs): SentWebhookFilters {
  const timestamp = (argument: 'sent_after' | 'sent_before'): Millis | null => {
    const value = args[argument];
    if (value === null || value === undefined) return null;
    const ms = parseTimestamp(value);
    if (ms === null) {
      throw new InvalidArgumentError(
        argument,
        `${argument} "${value}" is not an ISO-8601 datetime such as 2025-01-31T09:30:00Z.`,
      );
    }
    return ms;
  };
  let webhookId: number | null = null;
  if (args.webhook_id !== null && args.webhook_id !== undefined) {
    webhookId = parseId(args.webhook_id);
    if (webhookId === null) {
      throw new InvalidArgumentError('webhook_id', `webhook_id "${args.webhook_id}" is not a webhook id.`);
    }
  }
  return {
    keywords: readKeywords(args.keywords),
    failed: args.failed ?? null,
    sentAfter: timestamp('sent_after'),
    sentBefore: timestamp('sent_before'),
    resourceId: args.resource_id ?? null,
    eventType: args.event_type ?? null,
    webhookId,
  };
}

function matches(eb: SentScope, scope: readonly number[], filters: SentWebhookFilters) {
  const status = eb.ref('sent_webhooks.http_response_status');
  const error = eb.ref('sent_webhooks.error');
  const conditions: Expression<SqlBool>[] = [eb('sent_webhooks.organization_id', 'in', scope)];
  // A success is a 2xx that arrived whole; a status kept from an answer cut short comes with an error.
  if (filters.failed === true) {
    conditions.push(
      eb.or([eb(status, 'is', null), eb(status, '<', 200), eb(status, '>=', 300), eb(error, 'is not', null)]),
    );
  } else if (filters.failed === false) {
    conditions.push(eb.and([eb(status, '>=', 200), eb(status, '<', 300), eb(error, 'is', null)]));
  }
  if (filters.sentAfter !== null) conditions.push(eb('sent_webhooks.created_at', '>=', filters.sentAfter));
  if (filters.sentBefore !== null) conditions.push(eb('sent_webhooks.created_at', '<', filters.sentBefore));
  if (filters.resourceId !== null) conditions.push(eb('sent_webhooks.resource_id', '=', filters.resourceId));
  if (filters.eventType !== null) conditions.push(eb('sent_webhooks.event_type', '=', filters.eventType));
  if (filters.webhookId !== null) conditions.push(eb('sent_webhooks.webhook_id', '=', filters.webhookId));
  if (filters.keywords !== null) {
    const keywords = filters.keywords;
    conditions.push(
      eb.or(
        (['url', 'event_type', 'resource_id'] as const).map((column) =>
          containsKeywords(eb.ref(`sent_webhooks.${column}`), keywords),
        ),
      ),
    );
  }
  return eb.and(conditions);
}

/** Newest first unless `order_by` says otherwise. */
export async function listSentWebhooks(
  db: Kysely<Database>,
  scope: readonly number[],
  args: SentWebhookListArgs,
): Promise<SentWebhookView[]> {
  const filters = readFilters(args);
  const { key, direction } = readOrder<SentWebhookSortKey>(args.order_by ?? 'CREATED_AT_DESC');
  const sortKey = sortKeys[key];
  const { offset, limit } = pageWindow(args);

  let query = db
    .selectFrom('sent_webhooks')
    .selectAll()
    .where((eb) => matches(eb, scope, filters));
  if (args.after) {
    const anchorId = decodeCursor('SentWebhook', args.after);
    const anchor = await db
      .selectFrom('sent_webhooks')
      .select(sortKey.as('key'))
      .where('id', '=', anchorId)
      .where('organization_id', 'in', scope)
      .executeTakeFirst();
    if (!anchor) throw new InvalidArgumentError('after', 'The sent webhook this cursor points to is gone.');
    query = query.where((eb) =>
      afterAnchor(sortKey, eb.ref('sent_webhooks.id'), direction, { key: anchor.key, id: anchorId }),
    );
  }
  const rows = await query
    .orderBy(sortKey, direction)
    .orderBy('id', direction)
    .limit(limit)
    .offset(offset)
    .execute();
  const details = await sentWebhookDetails(db, rows);
  return rows.map((row) => sentWebhookView(row, details.get(row.id)));
}

export async function countSentWebhooks(
  db: Kysely<Database>,
  scope: readonly number[],
  args: SentWebhookFilterArgs,
): Promise<number> {
  const filters = readFilters(args);
  const row = await db
    .selectFrom('sent_webhooks')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where((eb) => matches(eb, scope, filters))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
