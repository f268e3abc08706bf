/** The ordered list of migrations. Each is written once for both dialects. */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as foundation from './0001-foundation.js';

export interface StoreMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

export const migrations: readonly StoreMigration[] = [{ name: '0001-foundation', up: foundation.up }];
