/** `carehooks migrate`: bring the store's schema up to date and exit. */
import type { Command } from 'commander';
import { openStoreFromOptions, withStoreOptions } from './store-options.js';

export function registerMigrate(program: Command): void {
  withStoreOptions(program.command('migrate').description('run pending database migrations and exit')).action(
    async (options: { data?: string }) => {
      const store = await openStoreFromOptions(options);
      await store.close();
      process.stdout.write(`Migrations are up to date on ${store.dialect}.\n`);
    },
  );
}
