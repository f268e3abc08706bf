/**
 * The local developer setup: on the embedded store, one default organization whose key is kept in the
 * data folder (readable by its owner only), so `carehooks serve` can print a key that works, every start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authenticateApiKey } from './api-keys.js';
import { createOrganization } from './organizations.js';
import type { Store } from '../store/open-store.js';

export const LOCAL_KEY_FILE = 'local-api-key';

export interface LocalOrganization {
  organizationId: number;
  userId: number;
  apiKey: string;
}

function readKey(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export async function ensureLocalOrganization(store: Store, dataDir: string): Promise<LocalOrganization> {
  const file = join(dataDir, LOCAL_KEY_FILE);
  const existing = readKey(file);
  if (existing) {
    const principal = await authenticateApiKey(store, existing);
    if (principal)
      return { organizationId: principal.organizationId, userId: principal.userId, apiKey: existing };
  }
  const created = await store.db.transaction().execute((trx) =>
    createOrganization(trx, {
      name: 'Local Development',
      owner: { email: 'developer@localhost', firstName: 'Local', lastName: 'Developer' },
    }),
  );
  writeFileSync(file, `${created.apiKey}\n`, { mode: 0o600 });
  return created;
}

/** The local key, when the embedded store in this data folder has one (used by CLI commands). */
export function readLocalApiKey(dataDir: string): string | null {
  return readKey(join(dataDir, LOCAL_KEY_FILE));
}
