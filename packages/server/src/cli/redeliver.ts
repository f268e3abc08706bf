/**
 * `carehooks resend <sent_webhook_id>` and `carehooks recover --webhook <id> --since <time>`: send
 * deliveries again through a running server's `resendSentWebhook` and `recoverWebhook` mutations, with the
 * same connection flags as `listen` and `trigger`. A refusal (`messages`) is printed and exits 1.
 */
import type { Command } from 'commander';
import { parseDuration } from '../app/config.js';
import type { FieldError } from '../core/field-errors.js';
import { CliError } from './errors.js';
import { DEFAULT_SERVER_URL, httpUrl, resolveApiKey } from './server-connection.js';

interface ConnectionOptions {
  url: string;
  apiKey?: string;
  data?: string;
  json?: boolean;
}

interface RecoverOptions extends ConnectionOptions {
  webhook: string;
  since: string;
}

const RESEND = /* GraphQL */ `
  mutation CliResend($input: resendSentWebhookInput) {
    resendSentWebhook(input: $input) {
      sent
      messages {
        field
        message
      }
    }
  }
`;

const RECOVER = /* GraphQL */ `
  mutation CliRecover($input: recoverWebhookInput) {
    recoverWebhook(input: $input) {
      count
      messages {
        field
        message
      }
    }
  }
`;

function withConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', 'the carehooks server', DEFAULT_SERVER_URL)
    .option('--api-key <key>', "API key (env CAREHOOKS_API_KEY; default: the local organization's key)")
    .option(
      '--data <dir>',
      'data folder holding the local key (env CAREHOOKS_DATA_DIR, default ./.carehooks)',
    )
    .option('--json', 'print the result as one JSON object');
}

export function registerRedeliver(program: Command): void {
  withConnectionOptions(
    program
      .command('resend')
      .description("send an attempt's delivery again now (same body and X-Carehooks-Delivery id)")
      .argument('<sent_webhook_id>', 'the id of an attempt, as sentWebhooks lists it'),
  ).action(async (id: string, options: ConnectionOptions) => {
    const payload = await call<{ sent: boolean }>(options, 'resend', 'resendSentWebhook', RESEND, { id });
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ sent: payload.sent })}\n`
        : `Sent webhook ${id}: its delivery is queued to be sent again now.\n`,
    );
  });

  withConnectionOptions(
    program
      .command('recover')
      .description('send again every delivery of a webhook that failed since a time')
      .requiredOption('--webhook <id>', 'the webhook id')
      .requiredOption(
        '--since <time>',
        'an ISO-8601 time (2025-01-31T09:30:00Z) or a duration back from now (30m, 2h, 1d)',
      ),
  ).action(async (options: RecoverOptions) => {
    const since = readSince(options.since);
    const payload = await call<{ count: number }>(options, 'recover', 'recoverWebhook', RECOVER, {
      id: options.webhook,
      since,
    });
    const plural = payload.count === 1 ? 'delivery' : 'deliveries';
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ count: payload.count, since })}\n`
        : `Webhook ${options.webhook}: ${payload.count} failed ${plural} since ${since} queued to be sent again.\n`,
    );
  });
}

const RELATIVE = /^\d+(\.\d+)?\s*(ms|s|m|h|d)$/;

/** An ISO-8601 time as given (the server checks it), or now minus a duration such as `2h`. */
export function readSince(value: string, now = Date.now()): string {
  const text = value.trim();
  if (RELATIVE.test(text)) return new Date(now - parseDuration(text)!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
  throw new CliError(
    `--since must be an ISO-8601 time such as 2025-01-31T09:30:00Z or a duration such as 2h, got "${value}".`,
  );
}

async function call<T>(
  options: ConnectionOptions,
  command: string,
  name: string,
  document: string,
  input: Record<string, unknown>,
): Promise<T> {
  const serverUrl = httpUrl(options.url, '--url', DEFAULT_SERVER_URL);
  const apiKey = resolveApiKey(options, command);
  // Loaded on demand, like listen and trigger: undici is most of the start-up time.
  const [{ Agent }, { graphql }] = await Promise.all([import('undici'), import('./listen/api-client.js')]);
  const agent = new Agent();
  try {
    const endpoint = new URL(serverUrl.pathname.replace(/\/?(graphql)?\/?$/, '/graphql'), serverUrl);
    const data = await graphql(agent, endpoint, apiKey, document, { input });
    const payload = data[name] as (T & { messages: FieldError[] | null }) | null | undefined;
    if (!payload) throw new CliError(`${name} answered without a result.`);
    if (payload.messages?.length) {
      throw new CliError(
        payload.messages.map((m) => (m.field ? `${m.field}: ${m.message}` : m.message)).join('; '),
      );
    }
    return payload;
  } finally {
    await agent.close();
  }
}
