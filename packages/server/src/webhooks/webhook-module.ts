/**
 * Webhook management over GraphQL with Healthie's names: the `Webhook`, `WebhookEvent` and `SentWebhook`
 * types, the `webhooks` / `sentWebhooks` collections and the webhook mutations. Resolvers only read
 * arguments and the caller; the work is in webhook-commands.ts and the two list modules.
 *
 * Additions to Healthie's schema: on `sentWebhooks` / `sentWebhooksCount` the filter arguments `failed`,
 * `sent_after`, `sent_before`, `resource_id`, `event_type` and `webhook_id`; on `SentWebhook` what was sent
 * and what came back (`request_body`, `response_body`, `error`, `error_detail`, `duration_ms`, `attempt`,
 * `delivery_id`, `delivery_state`, `next_attempt_at`); the `sentWebhookBuckets` query (per-webhook counts over time); the
 * `resendSentWebhook` and `recoverWebhook` mutations; and `signature_scheme`, `payload_id_format`, `ordering`
 * and `max_per_second` on `Webhook` and its inputs.
 */
import { eventTypes } from '@carehooks/catalog';
import type { Kysely } from 'kysely';
import mercurius from 'mercurius';
import type { RequestContext } from '../graphql/context.js';
import type { GraphQLModule } from '../graphql/module.js';
import type { Database } from '../store/schema.js';
import { recoverWebhook, resendSentWebhook } from './delivery-recovery.js';
import { countSentWebhooks, listSentWebhooks } from './sent-webhook-list.js';
import { sentWebhookBuckets } from './sent-webhook-stats.js';
import { InvalidArgumentError } from './query-arguments.js';
import {
  createWebhook,
  deleteWebhook,
  expireWebhookSignature,
  sendTestWebhook,
  updateWebhook,
  type WebhookActor,
  type WebhookCommandServices,
} from './webhook-commands.js';
import { countWebhooks, listWebhooks } from './webhook-list.js';
import type { WebhookView } from './webhook-view.js';
import { revealSecret } from './secrets.js';

const typeDefs = /* GraphQL */ `
  "An endpoint that receives signed POSTs for the event types it subscribes to."
  type Webhook {
    cursor: Cursor!
    "The event type, when the webhook subscribes to exactly one (older single-event form)."
    event_type: String
    id: ID!
    is_enabled: Boolean!
    should_retry: Boolean!
    "The HMAC-SHA256 key for the Signature header, written whsec_<base64 of the key> for standard_webhooks; null on a sub-organization's webhook (only its own organization sees it)."
    signature_secret: String
    "How deliveries are signed: healthie, or standard_webhooks (Standard Webhooks headers besides Healthie's)."
    signature_scheme: String!
    "How ids (resource_id and the association ids) appear in payloads: string, as documented, or number (JSON numbers)."
    payload_id_format: String!
    "none, or per_resource: deliveries about one resource go one at a time, in the order their changes committed."
    ordering: String!
    "The most deliveries started per second to this webhook, across all workers; null when unlimited."
    max_per_second: Int
    url: String
    "When the owner was emailed that deliveries keep failing."
    warned_at: ISO8601DateTime
    webhook_events: [WebhookEvent!]
  }

  "One event type a webhook subscribes to, with its failure counters."
  type WebhookEvent {
    created_at: ISO8601DateTime!
    event_type: String!
    first_failed_at: ISO8601DateTime
    id: ID!
    last_failed_at: ISO8601DateTime
    retry_count: Int!
    updated_at: ISO8601DateTime!
    "The webhook that subscribes to it."
    webhook: Webhook!
  }

  "One delivery attempt."
  type SentWebhook {
    "When the attempt was made (ISO-8601)."
    created_at: String!
    cursor: Cursor!
    event_type: String
    "The receiver's status code, kept when the answer was then cut short (see error); null when none came."
    http_response_status: String
    id: ID!
    resource_id: ID
    resource_id_type: String
    url: String
    webhook_id: ID
    "The attempt's number within its delivery, 1 for the first (a resend or recover starts again at 1)."
    attempt: Int
    "The delivery this attempt belongs to: the X-Carehooks-Delivery header, the same on every attempt."
    delivery_id: ID
    "How long the attempt took, in milliseconds."
    duration_ms: Int
    "Why the exchange did not complete: timeout, dns_failure, blocked_destination, connection_refused, connection_reset, connection_closed, truncated_response, invalid_response, response_too_large, tls_error, invalid_request or send_failed. Null when the receiver's answer arrived whole, whatever its status (a 3xx is not followed: a failure with a null error). The attempt succeeded when the status is 2xx and this is null."
    error: String
    "What the network or the receiver reported, e.g. UND_ERR_SOCKET: other side closed; null with error."
    error_detail: String
    "The start of the receiver's response body (up to 4 KiB); null when empty."
    response_body: String
    "The JSON body sent, byte for byte; null once retention has deleted the event."
    request_body: String
    "The delivery's state now: pending, in_flight, delivered, failed or cancelled."
    delivery_state: String
    "While the delivery waits for its next attempt: when that is due."
    next_attempt_at: ISO8601DateTime
  }

  "Attempts to one webhook in one time bucket."
  type SentWebhookBucket {
    webhook_id: ID!
    "When the bucket starts; it lasts bucket_seconds."
    start: ISO8601DateTime!
    attempts: Int!
    "Attempts answered with a 2xx status that arrived whole (error null)."
    succeeded: Int!
    avg_duration_ms: Float
    max_duration_ms: Int
  }

  enum WebhookOrderKeys {
    CREATED_AT_ASC
    CREATED_AT_DESC
    EVENT_TYPE_ASC
    EVENT_TYPE_DESC
    URL_ASC
    URL_DESC
  }

  enum SentWebhookOrderKeys {
    CREATED_AT_ASC
    CREATED_AT_DESC
    EVENT_TYPE_ASC
    EVENT_TYPE_DESC
    URL_ASC
    URL_DESC
  }

  "A subscription: an id keeps an existing row (updateWebhook); without one, the event type is added."
  input WebhookEventInput {
    id: ID
    event_type: String!
  }

  input createWebhookInput {
    "Subscribes to one more event type (older single-event form)."
    event_type: String
    "Defaults to true."
    is_enabled: Boolean
    should_retry: Boolean = true
    "An http or https URL, valid per the WHATWG URL standard."
    url: String
    webhook_events: [WebhookEventInput]
    "healthie (the default) or standard_webhooks."
    signature_scheme: String
    "string (the default) or number: send resource_id and the association ids as JSON numbers."
    payload_id_format: String
    "none (the default) or per_resource."
    ordering: String
    "At most this many deliveries per second (1 to 10000); a backlog is spread out. Unlimited by default."
    max_per_second: Int
  }

  type createWebhookPayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    webhook: Webhook
  }

  input updateWebhookInput {
    "Subscribes to one more event type (older single-event form)."
    event_type: String
    id: ID
    is_enabled: Boolean
    should_retry: Boolean
    "An http or https URL, valid per the WHATWG URL standard."
    url: String
    "When given, the whole subscription set: rows left out are removed."
    webhook_events: [WebhookEventInput]
    "healthie or standard_webhooks; switching keeps the key, only the form of signature_secret changes."
    signature_scheme: String
    "string or number; applies to the deliveries not yet sent too."
    payload_id_format: String
    "none or per_resource; applies to the deliveries not yet sent too."
    ordering: String
    "At most this many deliveries per second (1 to 10000); null removes the limit."
    max_per_second: Int
  }

  type updateWebhookPayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    webhook: Webhook
  }

  input deleteWebhookInput {
    id: ID
  }

  type deleteWebhookPayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    webhook: Webhook
  }

  input expireWebhookSignatureInput {
    id: ID!
  }

  type expireWebhookSignaturePayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    webhook: Webhook
  }

  input sendTestWebhookInput {
    id: ID!
  }

  type sendTestWebhookPayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    "True when the test.created delivery was queued."
    sent: Boolean!
  }

  input resendSentWebhookInput {
    "A sentWebhooks id: its delivery is sent again."
    id: ID!
  }

  type resendSentWebhookPayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    "True when the delivery was queued for a new attempt now."
    sent: Boolean!
  }

  input recoverWebhookInput {
    "The webhook whose failed deliveries are sent again."
    id: ID!
    "Deliveries that ended without success at or after this time."
    since: ISO8601DateTime!
  }

  type recoverWebhookPayload {
    clientMutationId: String @deprecated(reason: "Not used; always null.")
    messages: [FieldError]
    "How many deliveries were queued again."
    count: Int!
  }
`;

const queryFields = /* GraphQL */ `
  "Webhooks of the caller's organization and its sub-organizations, newest first by default."
  webhooks(
    after: Cursor
    keywords: String = null
    offset: Int = 0
    order_by: WebhookOrderKeys = CREATED_AT_DESC
    page_size: Int = 20
  ): [Webhook!]
  "How many webhooks the webhooks query would list without paging."
  webhooksCount(keywords: String = null): Int
  "Every event type a webhook can subscribe to."
  webhookEventTypes: [String!]
  "Delivery attempts to the webhooks the caller can see, newest first by default."
  sentWebhooks(
    after: Cursor
    keywords: String = null
    offset: Int = 0
    order_by: SentWebhookOrderKeys = CREATED_AT_DESC
    page_size: Int = 20
    "true: attempts without a complete 2xx answer (non-2xx, no answer, or a non-null error); false: the others."
    failed: Boolean
    "Attempts at or after this time."
    sent_after: ISO8601DateTime
    "Attempts before this time."
    sent_before: ISO8601DateTime
    resource_id: ID
    event_type: String
    webhook_id: ID
  ): [SentWebhook!]
  "How many attempts the sentWebhooks query would list without paging."
  sentWebhooksCount(
    keywords: String = null
    failed: Boolean
    sent_after: ISO8601DateTime
    sent_before: ISO8601DateTime
    resource_id: ID
    event_type: String
    webhook_id: ID
  ): Int
  "Attempts per webhook and time bucket from sent_after to sent_before (default now); empty buckets are left out."
  sentWebhookBuckets(
    sent_after: ISO8601DateTime!
    sent_before: ISO8601DateTime
    "Length of a bucket; at most 1440 buckets."
    bucket_seconds: Int = 300
    webhook_id: ID
  ): [SentWebhookBucket!]!
`;

const mutationFields = /* GraphQL */ `
  "Registers a webhook with a fresh signature secret."
  createWebhook(input: createWebhookInput): createWebhookPayload
  "Changes a webhook's URL, flags or subscriptions."
  updateWebhook(input: updateWebhookInput): updateWebhookPayload
  "Removes a webhook; its unsent deliveries are cancelled."
  deleteWebhook(input: deleteWebhookInput): deleteWebhookPayload
  "Replaces the signature secret; the old one still signs a second header for 24 hours."
  expireWebhookSignature(input: expireWebhookSignatureInput): expireWebhookSignaturePayload
  "Queues a test.created event for this webhook only; a disabled webhook refuses."
  sendTestWebhook(input: sendTestWebhookInput): sendTestWebhookPayload
  "Sends an attempt's delivery again now: the same body and X-Carehooks-Delivery id, a fresh retry schedule."
  resendSentWebhook(input: resendSentWebhookInput): resendSentWebhookPayload
  "Sends again every delivery of the webhook that failed (or was cancelled by its disabling) since a time."
  recoverWebhook(input: recoverWebhookInput): recoverWebhookPayload
`;

function commandServices(ctx: RequestContext): WebhookCommandServices {
  const { store, outbox, config } = ctx.services;
  return { store, outbox, networkPolicy: { allowPrivateNetworks: config.allowPrivateNetworks } };
}

async function actor(ctx: RequestContext): Promise<WebhookActor> {
  return { organizationId: ctx.principal.organizationId, scope: await ctx.scope() };
}

type Resolver<Args, Result> = (root: unknown, args: Args, ctx: RequestContext) => Promise<Result>;

/** A read over the caller's scope; a bad argument is a GraphQL error naming it (queries have no `messages`). */
const scopedQuery =
  <Args, Result>(
    read: (db: Kysely<Database>, scope: readonly number[], args: Args) => Promise<Result>,
  ): Resolver<Args, Result> =>
  async (_root, args, ctx) => {
    try {
      return await read(ctx.services.store.db, await ctx.scope(), args);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      throw new mercurius.ErrorWithProps(error.message, { code: 'BAD_USER_INPUT', argument: error.argument });
    }
  };

/** Mutations take one `input` argument; a missing one reads as empty, so validation names what is missing. */
const mutation =
  <Input, Result>(
    command: (services: WebhookCommandServices, actor: WebhookActor, input: Input) => Promise<Result>,
  ): Resolver<{ input?: Input | null }, Result> =>
  async (_root, args, ctx) =>
    command(commandServices(ctx), await actor(ctx), args.input ?? ({} as Input));

export const webhookModule: GraphQLModule = {
  typeDefs,
  queryFields,
  mutationFields,
  resolvers: {
    Webhook: {
      signature_secret: (view: WebhookView, _args: unknown, ctx: RequestContext) =>
        revealSecret(view.owned_secret, ctx.principal.organizationId, ctx.services.store.secrets),
      // Each subscription answers its webhook (`WebhookEvent.webhook`): the view it was read with.
      webhook_events: (view: WebhookView) =>
        view.webhook_events.map((event) => ({ ...event, webhook: view })),
    },
    Query: {
      webhooks: scopedQuery(listWebhooks),
      webhooksCount: scopedQuery((db, scope, args: { keywords?: string | null }) =>
        countWebhooks(db, scope, args.keywords),
      ),
      webhookEventTypes: () => eventTypes,
      sentWebhooks: scopedQuery(listSentWebhooks),
      sentWebhooksCount: scopedQuery(countSentWebhooks),
      sentWebhookBuckets: scopedQuery(sentWebhookBuckets),
    },
    Mutation: {
      createWebhook: mutation(createWebhook),
      updateWebhook: mutation(updateWebhook),
      deleteWebhook: mutation(deleteWebhook),
      expireWebhookSignature: mutation(expireWebhookSignature),
      sendTestWebhook: mutation(sendTestWebhook),
      resendSentWebhook: mutation(resendSentWebhook),
      recoverWebhook: mutation(recoverWebhook),
    },
  },
};
