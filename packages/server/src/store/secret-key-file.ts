/**
 * The embedded store's key file (`secret.key` beside `carehooks.db`, mode 0600), used when no key is set in
 * the environment. Created on first open with a fresh random key. One base64 key per line: the first seals,
 * the next (the key before the last rotation) still unseals; `#` lines are comments. A process keeps
 * watching the file, so a rotation run by another process (`carehooks admin rotate-secret-key`) is picked up
 * without a restart.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import {
  generateSecretKey,
  parseSecretKey,
  SecretKeyError,
  SecretKeyring,
  type SecretKeys,
} from '../core/sealed-secrets.js';

export const SECRET_KEY_FILE_NAME = 'secret.key';

const HEADER =
  '# carehooks: the key that seals the webhook signing secrets in carehooks.db (first line), then the key\n' +
  '# before the last rotation. Without this file those secrets cannot be read: back it up, apart from the\n' +
  '# database.\n';

export function keyFileFor(databaseFile: string): string {
  return join(dirname(databaseFile), SECRET_KEY_FILE_NAME);
}

/** The keys in the file, current first; null when there is no file. */
export function readKeyFile(path: string): Buffer[] | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) throw new SecretKeyError(`The key file ${path} holds no key.`);
  return lines.map((line, i) => parseSecretKey(line, `Line ${i + 1} of the key file ${path}`));
}

/** Replaces the file's keys at once (write beside it, then rename), readable by its owner only. */
export function writeKeyFile(path: string, keys: readonly Buffer[]): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, HEADER + keys.map((k) => `${k.toString('base64')}\n`).join(''), { mode: 0o600 });
  renameSync(temporary, path);
}

/** The file's keys, creating the file with a new key when there is none (safe if two processes race). */
export function loadOrCreateKeyFile(path: string): Buffer[] {
  const existing = readKeyFile(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${HEADER}${generateSecretKey().toString('base64')}\n`, { mode: 0o600 });
  try {
    // link() fails if the file appeared meanwhile: then the other process's key is the one.
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKeyFile(path)!;
}

function asKeys(keys: readonly Buffer[]): SecretKeys {
  return { current: keys[0]!, previous: keys.slice(1) };
}

/** A keyring on the key file (created if missing) that follows later changes to the file. */
export function keyFileKeyring(path: string): SecretKeyring {
  const keys = loadOrCreateKeyFile(path);
  let seen = modified(path);
  return new SecretKeyring(asKeys(keys), {
    source: () => {
      const now = modified(path);
      if (now === seen) return null;
      seen = now;
      const fresh = readKeyFile(path);
      return fresh ? asKeys(fresh) : null;
    },
  });
}

function modified(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.mtimeNs}/${stat.ino}/${stat.size}`;
  } catch {
    return 'missing';
  }
}
