/**
 * Webhook management over GraphQL with Healthie's names: the `Webhook`, `WebhookEvent` and `SentWebhook`
 * types, the `webhooks` / `sentWebhooks` collections and the five webhook mutations. Resolvers only read
 * arguments and the caller; the work is in webhook-commands.ts and the two list modules.
 *
 * Additions to Healthie's schema, all on `sentWebhooks` / `sentWebhooksCount`: the filter arguments
 * `failed`, `sent_after`, `sent_before`, `resource_id`, `event_type` and `webhook_id`.
 */
import { eventTypes } from '@carehooks/catalog';
import type { Kysely } from 'kysely';
import mercurius from 'mercurius';
import type { RequestContext } from '../graphql/context.js';
import type { GraphQLModule } from '../graphql/module.js';
import type { Database } from '../store/schema.js';
import { countSentWebhooks, listSentWebhooks } from './sent-webhook-list.js';
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

const typeDefs = /* GraphQL */ `
  "An endpoint that receives signed POSTs for the event types it subscribes to."
  type Webhook {
    cursor: Cursor!
    "The event type, when the webhook subscribes to exactly one (older single-event form)."
    event_type: String
    id: ID!
    is_enabled: Boolean!
    should_retry: Boolean!
    "The HMAC-SHA256 key for the Signature header."
    signature_secret: String
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
  }

  "One delivery attempt."
  type SentWebhook {
    "When the attempt was made (ISO-8601)."
    created_at: String!
    cursor: Cursor!
    event_type: String
    "The receiver's status code; null when no response came."
    http_response_status: String
    id: ID!
    resource_id: ID
    resource_id_type: String
    url: String
    webhook_id: ID
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
    "true: attempts without a 2xx response; false: 2xx only."
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
  "Queues a test.created event for this webhook only."
  sendTestWebhook(input: sendTestWebhookInput): sendTestWebhookPayload
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
    Query: {
      webhooks: scopedQuery(listWebhooks),
      webhooksCount: scopedQuery((db, scope, args: { keywords?: string | null }) =>
        countWebhooks(db, scope, args.keywords),
      ),
      webhookEventTypes: () => eventTypes,
      sentWebhooks: scopedQuery(listSentWebhooks),
      sentWebhooksCount: scopedQuery(countSentWebhooks),
    },
    Mutation: {
      createWebhook: mutation(createWebhook),
      updateWebhook: mutation(updateWebhook),
      deleteWebhook: mutation(deleteWebhook),
      expireWebhookSignature: mutation(expireWebhookSignature),
      sendTestWebhook: mutation(sendTestWebhook),
    },
  },
};
