/**
 * The step after the numbered migrations: tables and columns of the declared resources, derived from the
 * registry on every start (additive only; see domain/registry/tables.ts).
 */
import type { Kysely } from 'kysely';
import { syncRegistryTables } from '../../registry/tables.js';
import { registry } from '../../app/areas.js';
import type { DialectName } from '../dialect.js';

export const registryTables = {
  name: 'registry-tables',
  async apply(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
    await syncRegistryTables(db, dialect, registry.resources);
  },
};
