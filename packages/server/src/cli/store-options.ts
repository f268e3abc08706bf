/** The store flags every command shares: `--data DIR`, or DATABASE_URL for PostgreSQL. */
import type { Command } from 'commander';
import { loadConfig, storeConfigFor } from '../app/config.js';
import type { Store } from '../store/open-store.js';
import { cliRegistry } from './registry.js';

export function withStoreOptions(command: Command): Command {
  return command.option('--data <dir>', 'data folder of the embedded store (env CAREHOOKS_DATA_DIR)');
}

export async function openStoreFromOptions(options: { data?: string }): Promise<Store> {
  const config = loadConfig({ dataDir: options.data });
  // Loaded on demand: the database drivers are most of a command's start-up time.
  const { openStore } = await import('../store/open-store.js');
  const { derivedSchemaOf } = await import('../app/registry.js');
  const { secretKeyringFor } = await import('../app/secret-keys.js');
  return openStore(storeConfigFor(config), {
    derivedSchema: derivedSchemaOf(await cliRegistry()),
    secrets: secretKeyringFor(config),
  });
}

export async function withStore<T>(
  options: { data?: string },
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStoreFromOptions(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
