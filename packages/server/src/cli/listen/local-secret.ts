/**
 * The secret `carehooks listen` signs forwarded deliveries with. It is created once and kept in the user's
 * config folder, so a receiver configured with it keeps verifying across runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.js';

export const LISTEN_SECRET_FILE = 'listen-secret';

/** `$CAREHOOKS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/carehooks`, else `~/.config/carehooks`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAREHOOKS_CONFIG_DIR) return env.CAREHOOKS_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'carehooks');
}

export function loadOrCreateListenSecret(dir: string = configDir()): string {
  const file = join(dir, LISTEN_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  const secret = randomBytes(32).toString('hex');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // 'wx': if another listen created the file meanwhile, keep theirs so both sign alike.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    const raced = (error as NodeJS.ErrnoException).code === 'EEXIST' ? readSecret(file) : null;
    if (raced) return raced;
    throw new CliError(`Could not save the forwarding secret to ${file}: ${(error as Error).message}`);
  }
}

function readSecret(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`Could not read the forwarding secret ${file}: ${(error as Error).message}`);
  }
}
