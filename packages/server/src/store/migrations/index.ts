/** The ordered list of migrations. Each is written once for both dialects. */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as foundation from './0001-foundation.js';
import * as pendingDeliveriesIndex from './0002-pending-deliveries-index.js';
import * as derivedSchemas from './0003-derived-schemas.js';
import * as usersEmailIndex from './0004-users-email-index.js';

export interface StoreMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

export const migrations: readonly StoreMigration[] = [
  { name: '0001-foundation', up: foundation.up },
  { name: '0002-pending-deliveries-index', up: pendingDeliveriesIndex.up },
  { name: '0003-derived-schemas', up: derivedSchemas.up },
  { name: '0004-users-email-index', up: usersEmailIndex.up },
];

export { applyDerivedSchema, withSchemaLock, type DerivedSchema } from './derived-schema.js';
