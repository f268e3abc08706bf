/**
 * The few GraphQL calls `carehooks listen` makes, over undici with a timeout. Failures become `CliError`s
 * that say what to do; an unreachable server is its own error class, so exit handling can tell it apart.
 */
import type { Dispatcher } from 'undici';
import type { FieldError } from '../../core/field-errors.js';
import type { SignatureScheme } from '../../core/wire/index.js';
import { CliError } from '../errors.js';

const REQUEST_TIMEOUT_MS = 10_000;

export class ServerUnreachableError extends CliError {}

export interface ListenWebhook {
  id: string;
  signatureSecret: string;
}

export type CreateResult = { webhook: ListenWebhook } | { messages: FieldError[] };

export interface ApiClient {
  /** `scheme` defaults to Healthie's. */
  createWebhook(url: string, eventTypes: readonly string[], scheme?: SignatureScheme): Promise<CreateResult>;
  /** The messages the server answered with; empty when the webhook was deleted. */
  deleteWebhook(id: string): Promise<FieldError[]>;
}

interface MutationPayload {
  messages: FieldError[] | null;
  webhook: { id: string; signature_secret: string | null } | null;
}

const CREATE = /* GraphQL */ `
  mutation ListenCreateWebhook($input: createWebhookInput) {
    createWebhook(input: $input) {
      messages {
        field
        message
      }
      webhook {
        id
        signature_secret
      }
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation ListenDeleteWebhook($input: deleteWebhookInput) {
    deleteWebhook(input: $input) {
      messages {
        field
        message
      }
      webhook {
        id
        signature_secret
      }
    }
  }
`;

/** `serverUrl` is the server's base URL; a trailing `/graphql` is accepted too. */
export function createApiClient(serverUrl: URL, apiKey: string, dispatcher: Dispatcher): ApiClient {
  const endpoint = new URL(serverUrl.pathname.replace(/\/?(graphql)?\/?$/, '/graphql'), serverUrl);

  async function mutate(query: string, input: Record<string, unknown>): Promise<MutationPayload> {
    const data = await graphql(dispatcher, endpoint, apiKey, query, { input });
    const payload = Object.values(data)[0] as MutationPayload | null | undefined;
    if (!payload) throw new CliError(`The server at ${endpoint.origin} answered without a result.`);
    return payload;
  }

  return {
    async createWebhook(url, eventTypes, scheme = 'healthie') {
      const payload = await mutate(CREATE, {
        url,
        should_retry: true,
        webhook_events: eventTypes.map((event_type) => ({ event_type })),
        // Left out for Healthie's scheme, so listen still works against servers without the field.
        ...(scheme === 'healthie' ? {} : { signature_scheme: scheme }),
      });
      if (payload.messages?.length) return { messages: payload.messages };
      if (!payload.webhook?.signature_secret) {
        throw new CliError(
          `The server at ${endpoint.origin} did not return the new webhook's signature secret.`,
        );
      }
      return { webhook: { id: payload.webhook.id, signatureSecret: payload.webhook.signature_secret } };
    },
    async deleteWebhook(id) {
      return (await mutate(DELETE, { id })).messages ?? [];
    },
  };
}

export async function graphql(
  dispatcher: Dispatcher,
  endpoint: URL,
  apiKey: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let status: number;
  let text: string;
  try {
    const response = await dispatcher.request({
      origin: endpoint.origin,
      path: endpoint.pathname,
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${apiKey}`,
        AuthorizationSource: 'API',
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : (error as Error).message;
    throw new ServerUnreachableError(
      `Could not reach the carehooks server at ${endpoint.origin} (${reason}).`,
    );
  }
  let parsed: { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new CliError(
      `${endpoint.href} answered ${status} with a body that is not JSON; is --url a carehooks server?`,
    );
  }
  const errors = parsed.errors?.map((e) => e.message).join('; ');
  if (status === 401) throw new CliError(`The server at ${endpoint.origin} refused the API key: ${errors}`);
  if (errors) throw new CliError(`The server at ${endpoint.origin} answered: ${errors}`);
  if (!parsed.data) throw new CliError(`${endpoint.href} answered ${status} without data.`);
  return parsed.data;
}
