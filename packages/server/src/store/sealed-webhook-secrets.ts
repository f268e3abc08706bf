/**
 * The webhook signing secrets at rest (`webhooks.signature_secret` and `previous_secret`) are sealed with the
 * store's keyring (core/sealed-secrets.ts). When the store opens, it checks that its keys unseal every
 * stored secret and seals any secret still in plaintext (written before sealing existed); a key rotation
 * seals every secret again under the current key. Rows are changed one at a time and only if unchanged
 * since read, so a process writing webhooks meanwhile (or another process doing the same) loses nothing.
 */
import { sql, type Kysely } from 'kysely';
import {
  SEALED_HEADER_LENGTH,
  sealedPrefix,
  SecretKeyError,
  type SecretKeyring,
} from '../core/sealed-secrets.js';
import type { Database } from './schema.js';

const BATCH = 500;
/** Passes over the table before giving up on rows that keep changing under the rotation. */
const MAX_PASSES = 10;

/** Ids of the keys the stored secrets are sealed under. */
export async function keyIdsInUse(db: Kysely<Database>): Promise<string[]> {
  const header = (column: 'signature_secret' | 'previous_secret') =>
    db
      .selectFrom('webhooks')
      .select(sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(SEALED_HEADER_LENGTH)})`.as('header'))
      .where(column, 'like', `${sealedPrefix()}%`);
  const rows = await header('signature_secret').union(header('previous_secret')).execute();
  return [...new Set(rows.map((row) => row.header.slice(sealedPrefix().length, -1)))].sort();
}

/** Fails, naming the key ids, when some stored secret is sealed under a key the keyring does not hold. */
export async function checkKeysInUse(db: Kysely<Database>, keyring: SecretKeyring): Promise<void> {
  const missing = (await keyIdsInUse(db)).filter((id) => !keyring.has(id));
  if (missing.length === 0) return;
  throw new SecretKeyError(
    `The store holds webhook secrets sealed under key ${missing.join(', ')}, which the configured keys ` +
      `(${keyring.keyIds().join(', ')}) do not include. Set CAREHOOKS_SECRET_KEY to the key they were sealed ` +
      'with, or add it to CAREHOOKS_SECRET_KEY_FALLBACKS (for the embedded store: restore its secret.key).',
  );
}

/**
 * Seals again every secret not sealed under the keyring's current key: plaintext ones, and with `rotate`
 * also those sealed under an older key. Answers how many webhooks changed.
 */
export async function sealStoredSecrets(
  db: Kysely<Database>,
  keyring: SecretKeyring,
  options: { rotate: boolean },
): Promise<number> {
  if (keyring.locked) throw new SecretKeyError('No secret key is configured: set CAREHOOKS_SECRET_KEY.');
  // Sealed under the current key (rotating), or sealed at all (not rotating): nothing to do.
  const done = options.rotate ? sealedPrefix(keyring.currentKeyId!) : sealedPrefix();
  let changed = 0;
  // Each pass reads what still needs sealing; a row changed between its read and its update is read again
  // by the next pass, one deleted is gone. A pass that finds nothing ends the work.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let afterId = 0;
    let found = 0;
    for (;;) {
      const rows = await db
        .selectFrom('webhooks')
        .select(['id', 'signature_secret', 'previous_secret'])
        .where('id', '>', afterId)
        .where((eb) =>
          eb.or([
            eb('signature_secret', 'not like', `${done}%`),
            eb.and([eb('previous_secret', 'is not', null), eb('previous_secret', 'not like', `${done}%`)]),
          ]),
        )
        .orderBy('id')
        .limit(BATCH)
        .execute();
      found += rows.length;
      for (const row of rows) {
        const reseal = (value: string) =>
          value.startsWith(done) ? value : keyring.seal(keyring.unseal(value));
        const result = await db
          .updateTable('webhooks')
          .set({
            signature_secret: reseal(row.signature_secret),
            previous_secret: row.previous_secret === null ? null : reseal(row.previous_secret),
          })
          .where('id', '=', row.id)
          .where('signature_secret', '=', row.signature_secret)
          .where('previous_secret', row.previous_secret === null ? 'is' : '=', row.previous_secret)
          .executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
      if (rows.length < BATCH) break;
      afterId = rows[rows.length - 1]!.id;
    }
    if (found === 0) return changed;
  }
  throw new SecretKeyError(
    `Webhook secrets kept changing during ${MAX_PASSES} passes; run the command again.`,
  );
}

/** What the store does on opening: every stored secret must unseal, and none stays in plaintext. */
export async function secureStoredSecrets(db: Kysely<Database>, keyring: SecretKeyring): Promise<void> {
  if (keyring.locked) return;
  await checkKeysInUse(db, keyring);
  await sealStoredSecrets(db, keyring, { rotate: false });
}
