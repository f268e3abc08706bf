/**
 * `carehooks listen`: receive a server's webhook deliveries on this machine and forward them, re-signed, to
 * a local receiver, through a temporary webhook that is removed on exit. No hosted relay is involved.
 */
import type { Command } from 'commander';
import { parseDuration } from '../app/config.js';
import { isSignatureScheme } from '../core/wire/index.js';
import { CliError } from './errors.js';
import { selectEventTypes } from './listen/event-selection.js';
import { loadOrCreateListenSecret } from './listen/local-secret.js';
import { DEFAULT_SERVER_URL, httpUrl, resolveApiKey } from './server-connection.js';

const TARGET_EXAMPLE = 'http://localhost:3000/webhooks';

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
  signatureScheme: string;
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
    .option(
      '--signature-scheme <scheme>',
      'healthie, or standard_webhooks to receive and forward Standard Webhooks signatures (whsec_ secret)',
      'healthie',
    )
    .action(async (options: ListenOptions) => {
      const target = httpUrl(options.forwardTo, '--forward-to', TARGET_EXAMPLE);
      const serverUrl = httpUrl(options.url, '--url', TARGET_EXAMPLE);
      const eventTypes = selectEventTypes(options.events);
      const timeoutMs = parseDuration(options.timeout);
      if (timeoutMs === null || timeoutMs === 0) {
        throw new CliError(`--timeout must be a duration such as 500ms or 10s, got "${options.timeout}".`);
      }
      const scheme = options.signatureScheme;
      if (!isSignatureScheme(scheme)) {
        throw new CliError(`--signature-scheme must be healthie or standard_webhooks, got "${scheme}".`);
      }
      const apiKey = resolveApiKey(options, 'listen');
      const secret = loadOrCreateListenSecret();
      // Loaded on demand so that other commands do not pay for undici and the relay.
      const { listen } = await import('./listen/session.js');
      const json = options.json === true;
      await listen({ target, serverUrl, apiKey, eventTypes, secret, scheme, timeoutMs, json });
    });
}
