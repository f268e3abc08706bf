/**
 * `carehooks trigger`: produce webhook events on a running server through their real sources (GraphQL
 * mutations and the internal API), making whatever records they need first, and print each resource id.
 */
import { eventTypes, type EventType } from '@carehooks/catalog';
import type { Command } from 'commander';
import { readLocalApiKey } from '../domain/local-organization.js';
import { CliError } from './errors.js';
import { DEFAULT_SERVER_URL } from './listen.js';
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
        'the trigger reads those from a temporary webhook on loopback, so the server must allow private networks.',
    )
    .action(async (names: string[], options: TriggerOptions) => {
      const selected = chooseEventTypes(names, options.all === true);
      const serverUrl = serverUrlOf(options.url);
      const apiKey = resolveApiKey(options);
      // Loaded on demand: the registry and undici are most of the command's start-up time.
      const { trigger } = await import('./trigger/run.js');
      process.exitCode = await trigger({
        serverUrl,
        apiKey,
        eventTypes: selected,
        json: options.json === true,
      });
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

function serverUrlOf(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--url must be a URL such as ${DEFAULT_SERVER_URL}, got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--url must be an http or https URL, got "${value}".`);
  }
  return url;
}

/** --api-key, else CAREHOOKS_API_KEY, else the key `carehooks serve` keeps in the embedded store's folder. */
function resolveApiKey(options: TriggerOptions): string {
  if (options.apiKey) return options.apiKey;
  if (process.env.CAREHOOKS_API_KEY) return process.env.CAREHOOKS_API_KEY;
  const dataDir = options.data ?? (process.env.CAREHOOKS_DATA_DIR || '.carehooks');
  const local = readLocalApiKey(dataDir);
  if (local) return local;
  throw new CliError(
    `No API key: pass --api-key or set CAREHOOKS_API_KEY. (Without them, trigger uses the local ` +
      `organization's key that \`carehooks serve\` keeps in ${dataDir}; none was found there.)`,
  );
}
