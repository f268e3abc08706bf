/** The ordered list of migrations. Each is written once for both dialects. */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as foundation from './0001-foundation.js';
import * as pendingDeliveriesIndex from './0002-pending-deliveries-index.js';
import * as derivedSchemas from './0003-derived-schemas.js';
import * as usersEmailIndex from './0004-users-email-index.js';
import * as attemptErrors from './0005-attempt-errors.js';
import * as signatureScheme from './0006-signature-scheme.js';
import * as deliveryOptions from './0007-delivery-options.js';
import * as eventTraceContext from './0008-event-trace-context.js';
import * as userSignIn from './0009-user-sign-in.js';
import * as payloadIdFormat from './0010-payload-id-format.js';
import * as webhookDueIndex from './0011-webhook-due-index.js';
import * as deliveryStateIndexes from './0012-delivery-state-indexes.js';
import * as webhookStateIndexes from './0013-webhook-state-indexes.js';
import * as sqliteDeliveryIndexes from './0015-sqlite-delivery-indexes.js';
import * as postgresUnfinishedEventIndex from './0017-postgres-unfinished-event-index.js';

export interface StoreMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

export const migrations: readonly StoreMigration[] = [
  { name: '0001-foundation', up: foundation.up },
  { name: '0002-pending-deliveries-index', up: pendingDeliveriesIndex.up },
  { name: '0003-derived-schemas', up: derivedSchemas.up },
  { name: '0004-users-email-index', up: usersEmailIndex.up },
  { name: '0005-attempt-errors', up: attemptErrors.up },
  { name: '0006-signature-scheme', up: signatureScheme.up },
  { name: '0007-delivery-options', up: deliveryOptions.up },
  { name: '0008-event-trace-context', up: eventTraceContext.up },
  { name: '0009-user-sign-in', up: userSignIn.up },
  { name: '0010-payload-id-format', up: payloadIdFormat.up },
  { name: '0011-webhook-due-index', up: webhookDueIndex.up },
  { name: '0012-delivery-state-indexes', up: deliveryStateIndexes.up },
  { name: '0013-webhook-state-indexes', up: webhookStateIndexes.up },
  { name: '0015-sqlite-delivery-indexes', up: sqliteDeliveryIndexes.up },
  { name: '0017-postgres-unfinished-event-index', up: postgresUnfinishedEventIndex.up },
];

export { applyDerivedSchema, withSchemaLock, type DerivedSchema } from './derived-schema.js';
