/**
 * `sentWebhookBuckets`: the attempt log summed per webhook and time bucket (attempts, successes,
 * durations), for charts of success rate and latency. Scoped like `sentWebhooks`; empty buckets are left
 * out. Counts are exact whatever the volume, which a page of `sentWebhooks` could not give.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { formatId, formatTimestamp, parseId, parseTimestamp } from './api-values.js';
import { InvalidArgumentError } from './query-arguments.js';

export interface SentWebhookBucketArgs {
  sent_after?: string | null;
  sent_before?: string | null;
  bucket_seconds?: number | null;
  webhook_id?: string | null;
}

export interface SentWebhookBucketView {
  webhook_id: string;
  start: string;
  attempts: number;
  succeeded: number;
  avg_duration_ms: number | null;
  max_duration_ms: number | null;
}

export const DEFAULT_BUCKET_SECONDS = 300;
/** A chart needs no more points than this; a larger span wants larger buckets. */
export const MAX_BUCKETS = 1440;

interface BucketQuery {
  after: number;
  before: number;
  bucketMs: number;
  webhookId: number | null;
}

function readArgs(args: SentWebhookBucketArgs, now: number): BucketQuery {
  const timestamp = (argument: 'sent_after' | 'sent_before', value: string): number => {
    const ms = parseTimestamp(value);
    if (ms === null) {
      throw new InvalidArgumentError(
        argument,
        `${argument} "${value}" is not an ISO-8601 datetime such as 2025-01-31T09:30:00Z.`,
      );
    }
    return ms;
  };
  if (!args.sent_after) throw new InvalidArgumentError('sent_after', 'sent_after is required.');
  const after = timestamp('sent_after', args.sent_after);
  const before = args.sent_before ? timestamp('sent_before', args.sent_before) : now;
  const seconds = args.bucket_seconds ?? DEFAULT_BUCKET_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new InvalidArgumentError(
      'bucket_seconds',
      'bucket_seconds must be a whole number of seconds, 1 or more.',
    );
  }
  const bucketMs = seconds * 1000;
  if (before > after && Math.ceil((before - after) / bucketMs) > MAX_BUCKETS) {
    throw new InvalidArgumentError(
      'bucket_seconds',
      `That span makes more than ${MAX_BUCKETS} buckets of ${seconds} s; ask for larger buckets.`,
    );
  }
  let webhookId: number | null = null;
  if (args.webhook_id !== null && args.webhook_id !== undefined) {
    webhookId = parseId(args.webhook_id);
    if (webhookId === null) {
      throw new InvalidArgumentError('webhook_id', `webhook_id "${args.webhook_id}" is not a webhook id.`);
    }
  }
  return { after, before, bucketMs, webhookId };
}

/** Buckets start at `sent_after` and run `bucket_seconds` each up to `sent_before` (default: now). */
export async function sentWebhookBuckets(
  db: Kysely<Database>,
  scope: readonly number[],
  args: SentWebhookBucketArgs,
): Promise<SentWebhookBucketView[]> {
  const { after, before, bucketMs, webhookId } = readArgs(args, Date.now());
  // Our own validated integers, inlined so both dialects divide integers (and floor, as times are >= after).
  const bucket = sql<number>`(${sql.ref('created_at')} - ${sql.lit(after)}) / ${sql.lit(bucketMs)}`;
  const status = sql.ref('http_response_status');
  // As sentWebhooks(failed: false): a 2xx that arrived whole.
  const succeeded = sql`${status} >= 200 and ${status} < 300 and ${sql.ref('error')} is null`;
  const rows = await db
    .selectFrom('sent_webhooks')
    .select((eb) => [
      'webhook_id',
      bucket.as('bucket'),
      eb.fn.countAll<number | string>().as('attempts'),
      sql<number | string>`sum(case when ${succeeded} then 1 else 0 end)`.as('succeeded'),
      eb.fn.avg<number | string | null>('duration_ms').as('avg_duration_ms'),
      eb.fn.max<number | string | null>('duration_ms').as('max_duration_ms'),
    ])
    .where('organization_id', 'in', scope)
    .where('created_at', '>=', after)
    .where('created_at', '<', before)
    .$if(webhookId !== null, (query) => query.where('webhook_id', '=', webhookId!))
    .groupBy(['webhook_id', bucket])
    .orderBy('webhook_id')
    .orderBy(bucket)
    .execute();
  const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    webhook_id: formatId(row.webhook_id),
    start: formatTimestamp(after + Number(row.bucket) * bucketMs),
    attempts: Number(row.attempts),
    succeeded: Number(row.succeeded),
    avg_duration_ms: numberOrNull(row.avg_duration_ms),
    max_duration_ms: numberOrNull(row.max_duration_ms),
  }));
}
