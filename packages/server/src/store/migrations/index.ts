/** The ordered list of migrations. Each is written once for both dialects. */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as foundation from './0001-foundation.js';
import * as pendingDeliveriesIndex from './0002-pending-deliveries-index.js';
import { registryTables } from './registry-tables.js';

export interface StoreMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

export const migrations: readonly StoreMigration[] = [
  { name: '0001-foundation', up: foundation.up },
  { name: '0002-pending-deliveries-index', up: pendingDeliveriesIndex.up },
];

/** Steps run after the numbered migrations on every migrate; each is idempotent and additive. */
export interface SchemaStep {
  name: string;
  apply(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

export const schemaSteps: readonly SchemaStep[] = [registryTables];
