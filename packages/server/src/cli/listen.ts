/**
 * `carehooks listen`: receive a server's webhook deliveries on this machine and forward them, re-signed, to
 * a local receiver, through a temporary webhook that is removed on exit. No hosted relay is involved.
 */
import type { Command } from 'commander';
import { parseDuration } from '../app/config.js';
import { readLocalApiKey } from '../domain/local-organization.js';
import { CliError } from './errors.js';
import { selectEventTypes } from './listen/event-selection.js';
import { loadOrCreateListenSecret } from './listen/local-secret.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4000';
/** Below the server's default 15 s send timeout, so the server hears the relay's 502 rather than timing out. */
const DEFAULT_FORWARD_TIMEOUT = '10s';

interface ListenOptions {
  forwardTo: string;
  events?: string;
  url: string;
  apiKey?: string;
  data?: string;
  timeout: string;
  json?: boolean;
}

export function registerListen(program: Command): void {
  program
    .command('listen')
    .description('forward webhook deliveries to a local receiver, through a temporary webhook')
    .requiredOption(
      '--forward-to <url>',
      'where to forward each delivery, e.g. http://localhost:3000/webhooks',
    )
    .option('--events <types>', 'comma-separated event types to subscribe to (default: every event type)')
    .option('--url <url>', 'the carehooks server', DEFAULT_SERVER_URL)
    .option('--api-key <key>', "API key (env CAREHOOKS_API_KEY; default: the local organization's key)")
    .option(
      '--data <dir>',
      'data folder holding the local key (env CAREHOOKS_DATA_DIR, default ./.carehooks)',
    )
    .option('--timeout <duration>', 'how long to wait for the local receiver', DEFAULT_FORWARD_TIMEOUT)
    .option('--json', 'print {"secret": …} first, then one JSON object per delivery')
    .action(async (options: ListenOptions) => {
      const target = httpUrl(options.forwardTo, '--forward-to');
      const serverUrl = httpUrl(options.url, '--url');
      const eventTypes = selectEventTypes(options.events);
      const timeoutMs = parseDuration(options.timeout);
      if (timeoutMs === null || timeoutMs === 0) {
        throw new CliError(`--timeout must be a duration such as 500ms or 10s, got "${options.timeout}".`);
      }
      const apiKey = resolveApiKey(options);
      const secret = loadOrCreateListenSecret();
      // Loaded on demand so that other commands do not pay for undici and the relay.
      const { listen } = await import('./listen/session.js');
      await listen({ target, serverUrl, apiKey, eventTypes, secret, timeoutMs, json: options.json === true });
    });
}

function httpUrl(value: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${flag} must be a URL such as http://localhost:3000/webhooks, got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`${flag} must be an http or https URL, got "${value}".`);
  }
  return url;
}

/** --api-key, else CAREHOOKS_API_KEY, else the key `carehooks serve` keeps in the embedded store's folder. */
function resolveApiKey(options: ListenOptions): string {
  if (options.apiKey) return options.apiKey;
  if (process.env.CAREHOOKS_API_KEY) return process.env.CAREHOOKS_API_KEY;
  const dataDir = options.data ?? (process.env.CAREHOOKS_DATA_DIR || '.carehooks');
  const local = readLocalApiKey(dataDir);
  if (local) return local;
  throw new CliError(
    `No API key: pass --api-key or set CAREHOOKS_API_KEY. (Without them, listen uses the local ` +
      `organization's key that \`carehooks serve\` keeps in ${dataDir}; none was found there.)`,
  );
}
