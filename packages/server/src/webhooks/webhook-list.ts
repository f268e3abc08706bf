/** The `webhooks` and `webhooksCount` queries: webhooks of the caller's organization and sub-organizations. */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import type { Database } from '../store/schema.js';
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
import { subscriptionsOf, webhookView, type WebhookView } from './webhook-view.js';

type WebhookSortKey = 'CREATED_AT' | 'EVENT_TYPE' | 'URL';
export type WebhookOrderKey = `${WebhookSortKey}_${'ASC' | 'DESC'}`;

export interface WebhookListArgs extends PageArgs {
  keywords?: string | null;
  order_by?: WebhookOrderKey | null;
}

type WebhookScope = ExpressionBuilder<Database, 'webhooks'>;

// EVENT_TYPE sorts a webhook by the first of its event types in code-unit order ('' when it has none).
const sortKeys: Record<WebhookSortKey, (eb: WebhookScope) => RawBuilder<string | number>> = {
  CREATED_AT: () => sql<number>`${sql.ref('webhooks.created_at')}`,
  URL: () => sql<string>`${sql.ref('webhooks.url')}`,
  EVENT_TYPE: (eb: WebhookScope) =>
    sql<string>`coalesce(${eb
      .selectFrom('webhook_events')
      .select((inner) => inner.fn.min('webhook_events.event_type').as('first'))
      .whereRef('webhook_events.webhook_id', '=', 'webhooks.id')}, '')`,
};

function matches(eb: WebhookScope, scope: readonly number[], keywords: string | null) {
  const conditions: Expression<SqlBool>[] = [eb('webhooks.organization_id', 'in', scope)];
  if (keywords !== null) conditions.push(containsKeywords(eb.ref('webhooks.url'), keywords));
  return eb.and(conditions);
}

export async function listWebhooks(
  db: Kysely<Database>,
  scope: readonly number[],
  args: WebhookListArgs,
): Promise<WebhookView[]> {
  const { key, direction } = readOrder<WebhookSortKey>(args.order_by ?? 'CREATED_AT_DESC');
  const sortKey = sortKeys[key];
  const keywords = readKeywords(args.keywords);
  const { offset, limit } = pageWindow(args);

  let query = db
    .selectFrom('webhooks')
    .selectAll()
    .where((eb) => matches(eb, scope, keywords));
  if (args.after) {
    const anchorId = decodeCursor('Webhook', args.after);
    const anchor = await db
      .selectFrom('webhooks')
      .select((eb) => sortKey(eb).as('key'))
      .where('id', '=', anchorId)
      .where('organization_id', 'in', scope)
      .executeTakeFirst();
    if (!anchor)
      throw new InvalidArgumentError('after', 'The webhook this cursor points to no longer exists.');
    query = query.where((eb) =>
      afterAnchor(sortKey(eb), eb.ref('webhooks.id'), direction, { key: anchor.key, id: anchorId }),
    );
  }
  const rows = await query
    .orderBy((eb) => sortKey(eb), direction)
    .orderBy('id', direction)
    .limit(limit)
    .offset(offset)
    .execute();
  const subscriptions = await subscriptionsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => webhookView(row, subscriptions.get(row.id) ?? []));
}

export async function countWebhooks(
  db: Kysely<Database>,
  scope: readonly number[],
  keywords: string | null | undefined,
): Promise<number> {
  const row = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where((eb) => matches(eb, scope, readKeywords(keywords)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
