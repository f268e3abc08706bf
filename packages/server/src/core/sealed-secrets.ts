/**
 * Secrets sealed at rest: AES-256-GCM under a 32-byte key, written as
 * `sealed:v1:<key id>:<base64url(12-byte IV ‖ ciphertext ‖ 16-byte tag)>`. The key id (16 hex characters
 * derived from the key, never the key itself) says which key unseals a value, so a keyring may hold the
 * current key and older ones: values are always sealed under the current key, and every key in the ring
 * unseals. The header is authenticated with the ciphertext, so neither can be altered alone.
 *
 * A value without the `sealed:` prefix is a secret written before sealing existed: it is returned as it is,
 * and the store seals such values when it opens (store/sealed-webhook-secrets.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SECRET_KEY_BYTES = 32;
const PREFIX = 'sealed:v1:';
const KEY_ID_LENGTH = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Unsealed values kept in memory, so the delivery signer does not decrypt the same secret on every send. */
const CACHE_LIMIT = 4096;

/** A key that is missing, malformed or not the one a value was sealed under. Never carries key material. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** What a keyring holds: the key that seals, and older keys that still unseal. */
export interface SecretKeys {
  current: Buffer;
  previous: readonly Buffer[];
}

/** How a keyring learns of keys added while the process runs (a key file rewritten by a rotation). */
export type KeySource = () => SecretKeys | null;

/** `sealed:v1:<key id>:` is this long. */
export const SEALED_HEADER_LENGTH = PREFIX.length + KEY_ID_LENGTH + 1;

/**
 * A 32-byte key from configuration text: 64 hex characters, or base64 (standard or URL-safe, padding
 * optional). `source` names where it came from; the message never repeats the text.
 */
export function parseSecretKey(text: string, source: string): Buffer {
  const value = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value, 'base64');
  if (key?.length !== SECRET_KEY_BYTES) {
    throw new SecretKeyError(
      `${source} must be a 32-byte key written as 64 hex characters or 44 base64 characters ` +
        '(generate one with: openssl rand -base64 32).',
    );
  }
  return key;
}

export function generateSecretKey(): Buffer {
  return randomBytes(SECRET_KEY_BYTES);
}

/** The key's id: a hash of it, safe to show and store. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256')
    .update('carehooks secret key id\0')
    .update(key)
    .digest('hex')
    .slice(0, KEY_ID_LENGTH);
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The id of the key a value was sealed under, or null for a value that is not sealed. */
export function sealedKeyId(stored: string): string | null {
  if (!isSealed(stored)) return null;
  return stored.slice(PREFIX.length, PREFIX.length + KEY_ID_LENGTH);
}

/** The start every value sealed under this key id has: for queries that find them. */
export function sealedPrefix(keyId?: string): string {
  return keyId === undefined ? PREFIX : `${PREFIX}${keyId}:`;
}

export class SecretKeyring {
  private keys = new Map<string, Buffer>();
  private currentId: string | null = null;
  private readonly cache = new Map<string, string>();

  /**
   * `keys` null makes a locked keyring: it unseals nothing and seals nothing, and says why with
   * `lockedReason` (e.g. which setting is missing). `source`, when given, is asked again for keys whenever
   * a value names a key id the ring does not hold, and before every seal.
   */
  constructor(
    keys: SecretKeys | null,
    private readonly options: { source?: KeySource; lockedReason?: string } = {},
  ) {
    if (keys) this.load(keys);
  }

  /** The id of the key that seals; null when locked. */
  get currentKeyId(): string | null {
    return this.currentId;
  }

  get locked(): boolean {
    return this.currentId === null;
  }

  /** Ids of every key that unseals, the current one first. */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Whether a value sealed under `keyId` can be unsealed (asking the key source again if needed). */
  has(keyId: string): boolean {
    if (!this.keys.has(keyId)) this.reload();
    return this.keys.has(keyId);
  }

  seal(plaintext: string): string {
    this.reload();
    const id = this.currentId;
    const key = id === null ? undefined : this.keys.get(id);
    if (id === null || !key) throw new SecretKeyError(this.lockedMessage());
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${PREFIX}${id}`, 'utf8'));
    const sealed = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${id}:${sealed.toString('base64url')}`;
  }

  /** The plaintext of a sealed value; a value that is not sealed is returned as it is. */
  unseal(stored: string): string {
    const id = sealedKeyId(stored);
    if (id === null) return stored;
    const cached = this.cache.get(stored);
    if (cached !== undefined) return cached;
    if (!this.has(id)) {
      throw new SecretKeyError(
        this.locked
          ? this.lockedMessage()
          : `A secret is sealed under key ${id}, which is not among the configured keys (${this.keyIds().join(', ')}).`,
      );
    }
    const data = Buffer.from(stored.slice(SEALED_HEADER_LENGTH), 'base64url');
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new SecretKeyError(`A secret sealed under key ${id} is damaged.`);
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keys.get(id)!, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`${PREFIX}${id}`, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plaintext = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretKeyError(`A secret sealed under key ${id} does not authenticate: it was altered.`);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(stored, plaintext);
    return plaintext;
  }

  /** True for a value to seal again under the current key: one not sealed, or sealed under another key. */
  needsResealing(stored: string): boolean {
    return this.currentId !== null && sealedKeyId(stored) !== this.currentId;
  }

  private load(keys: SecretKeys): void {
    const next = new Map<string, Buffer>();
    for (const key of [keys.current, ...keys.previous]) next.set(secretKeyId(key), key);
    this.keys = next;
    this.currentId = secretKeyId(keys.current);
    this.cache.clear();
  }

  private reload(): void {
    const keys = this.options.source?.();
    if (keys) this.load(keys);
  }

  private lockedMessage(): string {
    return this.options.lockedReason ?? 'No secret key is configured to seal or unseal secrets.';
  }
}
