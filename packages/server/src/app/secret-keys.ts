/**
 * Which keys seal the webhook signing secrets of this process's store: `CAREHOOKS_SECRET_KEY` (and the
 * older keys in `CAREHOOKS_SECRET_KEY_FALLBACKS`) when set; otherwise, for the embedded store only, the key
 * file beside its database. PostgreSQL stores are shared by processes on several machines, so they need the
 * key in the environment.
 */
import { generateSecretKey, parseSecretKey, SecretKeyring } from '../core/sealed-secrets.js';
import type { Store } from '../store/open-store.js';
import { sealStoredSecrets } from '../store/sealed-webhook-secrets.js';
import { keyFileFor, readKeyFile, writeKeyFile } from '../store/secret-key-file.js';
import { ConfigError, envNames, storeConfigFor, type ServerConfig } from './config.js';

type KeyConfig = Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'secretKey' | 'secretKeyFallbacks'>;

/** The keyring for the store, or undefined to let the embedded store use (and create) its key file. */
export function secretKeyringFor(config: KeyConfig): SecretKeyring | undefined {
  if (!config.secretKey) {
    if (config.secretKeyFallbacks) {
      throw new ConfigError(`${envNames.secretKeyFallbacks} is set without ${envNames.secretKey}.`);
    }
    if (config.databaseUrl) {
      throw new ConfigError(
        `${envNames.secretKey} is required with ${envNames.databaseUrl}: it seals the webhook signing secrets ` +
          'in the database. Generate one with `openssl rand -base64 32` and give every carehooks process the same.',
      );
    }
    return undefined;
  }
  const current = parseSecretKey(config.secretKey, envNames.secretKey);
  const previous = (config.secretKeyFallbacks ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text, i) => parseSecretKey(text, `Entry ${i + 1} of ${envNames.secretKeyFallbacks}`));
  const store = storeConfigFor(config);
  // An embedded store that used its key file before the key was set: those keys still unseal.
  if (store.kind === 'sqlite') previous.push(...(readKeyFile(keyFileFor(store.file)) ?? []));
  return new SecretKeyring({ current, previous });
}

export interface KeyRotation {
  /** The id of the key every secret is now sealed under. */
  keyId: string;
  /** Webhooks whose secrets were sealed again. */
  resealed: number;
  /** The key file rewritten, when the keys live in one. */
  keyFile: string | null;
}

/**
 * Seals every stored secret again under the current key. With the key in the environment, that is the
 * whole rotation (the operator sets the new key and lists the old one as a fallback first). With the
 * embedded store's key file, a new key is generated first and written ahead of the others; once every
 * secret is sealed under it, the file keeps the new key and the one before it, dropping older ones.
 * Processes running on the same store keep working throughout: they read the rewritten file.
 */
export async function rotateSecretKey(config: KeyConfig, store: Store): Promise<KeyRotation> {
  const target = storeConfigFor(config);
  if (config.secretKey || target.kind !== 'sqlite') {
    const resealed = await sealStoredSecrets(store.db, store.secrets, { rotate: true });
    return { keyId: store.secrets.currentKeyId!, resealed, keyFile: null };
  }
  const keyFile = keyFileFor(target.file);
  const existing = readKeyFile(keyFile) ?? [];
  const next = generateSecretKey();
  // Written first: from now on every process seals under the new key, and still unseals the older ones.
  writeKeyFile(keyFile, [next, ...existing]);
  const keyring = new SecretKeyring({ current: next, previous: existing });
  const resealed = await sealStoredSecrets(store.db, keyring, { rotate: true });
  writeKeyFile(keyFile, [next, ...existing.slice(0, 1)]);
  return { keyId: keyring.currentKeyId!, resealed, keyFile };
}
