/** GraphQL documents and small helpers the webhook tests share. */
import type { TestServer } from '../support/server.js';

export const WEBHOOK_FIELDS = /* GraphQL */ `
  id
  cursor
  event_type
  url
  is_enabled
  should_retry
  signature_secret
  warned_at
  webhook_events { id event_type created_at updated_at first_failed_at last_failed_at retry_count }
`;

export interface WebhookEventResult {
  id: string;
  event_type: string;
  created_at: string;
  updated_at: string;
  first_failed_at: string | null;
  last_failed_at: string | null;
  retry_count: number;
}

export interface WebhookResult {
  id: string;
  cursor: string;
  event_type: string | null;
  url: string;
  is_enabled: boolean;
  should_retry: boolean;
  signature_secret: string;
  warned_at: string | null;
  webhook_events: WebhookEventResult[];
}

export interface FieldError {
  field: string | null;
  message: string;
}

export interface WebhookPayload {
  webhook: WebhookResult | null;
  messages: FieldError[] | null;
}

export const CREATE = /* GraphQL */ `
  mutation ($input: createWebhookInput) {
    createWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } messages { field message } }
  }
`;

export const UPDATE = /* GraphQL */ `
  mutation ($input: updateWebhookInput) {
    updateWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } messages { field message } }
  }
`;

export const DELETE = /* GraphQL */ `
  mutation ($input: deleteWebhookInput) {
    deleteWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } messages { field message } }
  }
`;

export const EXPIRE = /* GraphQL */ `
  mutation ($input: expireWebhookSignatureInput) {
    expireWebhookSignature(input: $input) { webhook { ${WEBHOOK_FIELDS} } messages { field message } }
  }
`;

export const SEND_TEST = /* GraphQL */ `
  mutation ($input: sendTestWebhookInput) {
    sendTestWebhook(input: $input) {
      sent
      messages {
        field
        message
      }
    }
  }
`;

export type MutationName = 'createWebhook' | 'updateWebhook' | 'deleteWebhook' | 'expireWebhookSignature';

/** Runs a webhook mutation and returns its payload, failing loudly on a GraphQL error. */
export async function mutate(
  server: TestServer,
  name: MutationName,
  document: string,
  input: Record<string, unknown>,
  apiKey?: string,
): Promise<WebhookPayload> {
  const response = await server.graphql<Record<MutationName, WebhookPayload>>(document, { input }, apiKey);
  if (response.errors) throw new Error(`${name} failed: ${JSON.stringify(response.errors)}`);
  return response.data![name];
}

/** Creates a webhook that must be valid; returns it. */
export async function createWebhook(
  server: TestServer,
  input: Record<string, unknown>,
  apiKey?: string,
): Promise<WebhookResult> {
  const payload = await mutate(server, 'createWebhook', CREATE, input, apiKey);
  if (!payload.webhook) throw new Error(`createWebhook refused: ${JSON.stringify(payload.messages)}`);
  return payload.webhook;
}

/** Row counts of the tables a webhook mutation may write, to show that a refused one wrote nothing. */
export async function tableCounts(server: TestServer): Promise<Record<string, number>> {
  const db = server.runtime.services.store.db;
  const counts: Record<string, number> = {};
  for (const table of ['webhooks', 'webhook_events', 'events', 'deliveries'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Every column of a webhook row and its subscriptions, to show that a refused mutation changed nothing. */
export async function webhookSnapshot(server: TestServer, id: string): Promise<unknown> {
  const db = server.runtime.services.store.db;
  const webhook = await db.selectFrom('webhooks').selectAll().where('id', '=', Number(id)).executeTakeFirst();
  const events = await db
    .selectFrom('webhook_events')
    .selectAll()
    .where('webhook_id', '=', Number(id))
    .orderBy('id')
    .execute();
  return { webhook, events };
}

/** A webhook mutation's payload, with the webhook fields a test selects. */
export interface SelectedWebhookPayload<W> {
  webhook: W | null;
  messages: FieldError[] | null;
}

/** createWebhook, updateWebhook and the webhook list, each selecting `fields`. */
export function webhookDocuments(fields: string): { CREATE: string; UPDATE: string; LIST: string } {
  return {
    CREATE: `mutation ($input: createWebhookInput) {
  createWebhook(input: $input) { webhook { ${fields} } messages { field message } }
}`,
    UPDATE: `mutation ($input: updateWebhookInput) {
  updateWebhook(input: $input) { webhook { ${fields} } messages { field message } }
}`,
    LIST: `query { webhooks(page_size: 100) { ${fields} } }`,
  };
}

/** The data a GraphQL call answers; GraphQL errors are thrown. */
export async function graphqlData<T>(
  server: TestServer,
  document: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await server.graphql<T>(document, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

/** createWebhook and updateWebhook selecting `fields`, each answering its payload (GraphQL errors throw). */
export function webhookWrites<W>(server: () => TestServer, fields: string) {
  const { CREATE, UPDATE } = webhookDocuments(fields);
  type Payload = SelectedWebhookPayload<W>;
  return {
    create: async (input: Record<string, unknown>) =>
      (await graphqlData<{ createWebhook: Payload }>(server(), CREATE, { input })).createWebhook,
    update: async (input: Record<string, unknown>) =>
      (await graphqlData<{ updateWebhook: Payload }>(server(), UPDATE, { input })).updateWebhook,
  };
}
