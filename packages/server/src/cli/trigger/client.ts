/**
 * How `carehooks trigger` reaches a running server: GraphQL mutations (through the listen command's
 * client) and the internal API's POST routes, both with the caller's API key. It is the `TriggerApi` the
 * areas' recipes are written against (registry/trigger-kit.ts).
 */
import type { Dispatcher } from 'undici';
import { CliError } from '../errors.js';
import {
  TriggerRefused,
  type InternalAnswer,
  type Payload,
  type TriggerApi,
} from '../../registry/trigger-kit.js';
import { graphql, ServerUnreachableError } from '../listen/api-client.js';

const REQUEST_TIMEOUT_MS = 15_000;

/** The server lacks the source of an event (an internal route not built yet): nothing was attempted. */
export class NotYetTriggerable extends CliError {}

export function createTriggerApi(serverUrl: URL, apiKey: string, dispatcher: Dispatcher): TriggerApi {
  const base = serverUrl.pathname.replace(/\/?(graphql)?\/?$/, '');
  const endpoint = new URL(`${base}/graphql`, serverUrl);

  return {
    async mutate(name, inputType, input, selection) {
      const document = `mutation($input: ${inputType}) { ${name}(input: $input) { ${selection} messages { field message } } }`;
      const data = await graphql(dispatcher, endpoint, apiKey, document, { input });
      const payload = data[name] as Payload | null | undefined;
      if (!payload) throw new TriggerRefused(`${name} answered without a result.`);
      const messages = payload.messages as Array<{ field: string | null; message: string }> | null;
      if (messages?.length) {
        const text = messages.map((m) => (m.field ? `${m.field}: ${m.message}` : m.message)).join('; ');
        throw new TriggerRefused(`${name} refused ${JSON.stringify(input)}: ${text}`);
      }
      return payload;
    },
    query: (document, variables) => graphql(dispatcher, endpoint, apiKey, document, variables),
    async internal(path, body) {
      const url = new URL(`${base}/internal/${path}`, serverUrl);
      let status: number;
      let text: string;
      try {
        const response = await dispatcher.request({
          origin: url.origin,
          path: url.pathname,
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Basic ${apiKey}`,
            AuthorizationSource: 'API',
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new ServerUnreachableError(
          `Could not reach the carehooks server at ${url.origin} (${typeof code === 'string' ? code : (error as Error).message}).`,
        );
      }
      let answer: { errors?: Array<{ message: string }> } & Partial<InternalAnswer>;
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        throw new TriggerRefused(`POST ${url.pathname} answered ${status} with a body that is not JSON.`);
      }
      // A 404 without field errors is Fastify's "no such route": this server has no such source yet.
      if (status === 404 && !answer.errors) {
        throw new NotYetTriggerable(`the server has no internal source POST ${url.pathname} yet`);
      }
      if (status === 401) throw new CliError(`The server at ${url.origin} refused the API key.`);
      if (status !== 200 || !answer.resource_id || !answer.resource_id_type) {
        const reasons = answer.errors?.map((e) => e.message).join('; ') ?? text;
        throw new TriggerRefused(`POST ${url.pathname} answered ${status}: ${reasons}`);
      }
      return { resource_id: answer.resource_id, resource_id_type: answer.resource_id_type };
    },
  };
}
