/** How client commands (listen, trigger) reach a running server: its URL and the API key to use. */
import { readLocalApiKey } from '../tenants/local-organization.js';
import { CliError } from './errors.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4000';

/** Parses an http(s) URL flag, naming the flag and an example in the error. */
export function httpUrl(value: string, flag: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${flag} must be a URL such as ${example}, got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`${flag} must be an http or https URL, got "${value}".`);
  }
  return url;
}

/** --api-key, else CAREHOOKS_API_KEY, else the key `carehooks serve` keeps in the embedded store's folder. */
export function resolveApiKey(options: { apiKey?: string; data?: string }, command: string): string {
  if (options.apiKey) return options.apiKey;
  if (process.env.CAREHOOKS_API_KEY) return process.env.CAREHOOKS_API_KEY;
  const dataDir = options.data ?? (process.env.CAREHOOKS_DATA_DIR || '.carehooks');
  const local = readLocalApiKey(dataDir);
  if (local) return local;
  throw new CliError(
    `No API key: pass --api-key or set CAREHOOKS_API_KEY. (Without them, ${command} uses the local ` +
      `organization's key that \`carehooks serve\` keeps in ${dataDir}; none was found there.)`,
  );
}
