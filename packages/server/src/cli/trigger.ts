/**
 * `carehooks trigger`: produce webhook events on a running server through their real sources (GraphQL
 * mutations and the internal API), making whatever records they need first, and print each resource id.
 */
import { eventTypes, type EventType } from '@carehooks/catalog';
import type { Command } from 'commander';
import { CliError } from './errors.js';
import { cliRegistry } from './registry.js';
import { DEFAULT_SERVER_URL, httpUrl, resolveApiKey } from './server-connection.js';
import { selectEventTypes } from './listen/event-selection.js';

interface TriggerOptions {
  all?: boolean;
  url: string;
  apiKey?: string;
  data?: string;
  json?: boolean;
}

export function registerTrigger(program: Command): void {
  program
    .command('trigger')
    .description('produce webhook events through their real mutations or internal sources')
    .argument('[event_types...]', 'event types to produce, e.g. patient.created')
    .option('--all', 'produce every event type of the catalog')
    .option('--url <url>', 'the carehooks server', DEFAULT_SERVER_URL)
    .option('--api-key <key>', "API key (env CAREHOOKS_API_KEY; default: the local organization's key)")
    .option(
      '--data <dir>',
      'data folder holding the local key (env CAREHOOKS_DATA_DIR, default ./.carehooks)',
    )
    .option('--json', 'print one JSON object per event: {"event_type", "resource_id", "resource_id_type"}')
    .addHelpText(
      'after',
      '\nA few events carry ids no answer returns (applied_tag.*, folder_sharing.*, goal_template.*, test.created);\n' +
        'the trigger reads those from a temporary webhook on loopback, so the server must allow private networks.\n' +
        'test.created is a test send (sendTestWebhook): each enabled webhook subscribed to it gets one of its own.',
    )
    .action(async (names: string[], options: TriggerOptions) => {
      const selected = chooseEventTypes(names, options.all === true);
      const serverUrl = httpUrl(options.url, '--url', DEFAULT_SERVER_URL);
      const apiKey = resolveApiKey(options, 'trigger');
      // Loaded on demand: the registry and undici are most of the command's start-up time.
      const { trigger } = await import('./trigger/run.js');
      process.exitCode = await trigger(
        { serverUrl, apiKey, eventTypes: selected, json: options.json === true },
        await cliRegistry(),
      );
    });
}

function chooseEventTypes(names: readonly string[], all: boolean): EventType[] {
  if (all && names.length > 0) throw new CliError('Name event types or pass --all, not both.');
  if (all) return [...eventTypes];
  if (names.length === 0) {
    throw new CliError(
      'Name at least one event type (e.g. carehooks trigger patient.created) or pass --all.',
    );
  }
  // The same checks and close-match suggestions as `listen --events`.
  return selectEventTypes(names.join(','));
}
