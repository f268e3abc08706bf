/** Organizations, users, API keys, the event outbox and the delivery tables. */
import type { Kysely } from 'kysely';
import { bigint, withId, type DialectName } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const schema = db.schema;
  await withId(dialect, schema.createTable('organizations'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', bigint, (c) => c.references('organizations.id'))
    .addColumn('owner_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await schema
    .createTable('organization_closure')
    .addColumn('ancestor_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('descendant_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_closure_pk', ['ancestor_id', 'descendant_id'])
    .execute();
  await schema
    .createIndex('organization_closure_descendant')
    .on('organization_closure')
    .columns(['descendant_id', 'ancestor_id'])
    .execute();

  await withId(dialect, schema.createTable('users'))
    .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('user_type', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await schema
    .createIndex('users_organization')
    .on('users')
    .columns(['organization_id', 'user_type'])
    .execute();

  await withId(dialect, schema.createTable('api_keys'))
    .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('last_used_at', bigint)
    .addColumn('revoked_at', bigint)
    .execute();

  await withId(dialect, schema.createTable('events'))
    .addColumn('organization_id', bigint, (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_id_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await schema.createIndex('events_created').on('events').column('created_at').execute();
  await schema.createIndex('events_organization').on('events').columns(['organization_id', 'id']).execute();

  await withId(dialect, schema.createTable('webhooks'))
    .addColumn('organization_id', bigint, (c) => c.notNull().references('organizations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    .addColumn('should_retry', 'integer', (c) => c.notNull())
    .addColumn('signature_secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', bigint)
    .addColumn('warned_at', bigint)
    .addColumn('disabled_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await schema.createIndex('webhooks_organization').on('webhooks').column('organization_id').execute();

  await withId(dialect, schema.createTable('webhook_events'))
    .addColumn('webhook_id', bigint, (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('first_failed_at', bigint)
    .addColumn('last_failed_at', bigint)
    .addColumn('retry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addUniqueConstraint('webhook_events_unique', ['webhook_id', 'event_type'])
    .execute();
  await schema
    .createIndex('webhook_events_type')
    .on('webhook_events')
    .columns(['event_type', 'webhook_id'])
    .execute();

  // Deliveries and attempts keep no foreign keys to events or webhooks: retention deletes events
  // and users delete webhooks while the history stays readable.
  await withId(dialect, schema.createTable('deliveries'))
    .addColumn('event_id', bigint, (c) => c.notNull())
    .addColumn('webhook_id', bigint, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', bigint, (c) => c.notNull())
    .addColumn('lease_until', bigint)
    .addColumn('lease_owner', 'text')
    .addColumn('first_failed_at', bigint)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await schema.createIndex('deliveries_due').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  await schema.createIndex('deliveries_webhook').on('deliveries').columns(['webhook_id', 'state']).execute();
  await schema.createIndex('deliveries_event').on('deliveries').column('event_id').execute();

  await withId(dialect, schema.createTable('sent_webhooks'))
    .addColumn('organization_id', bigint, (c) => c.notNull())
    .addColumn('webhook_id', bigint, (c) => c.notNull())
    .addColumn('delivery_id', bigint, (c) => c.notNull())
    .addColumn('event_id', bigint, (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_id_type', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('http_response_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('response_body', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await schema
    .createIndex('sent_webhooks_organization')
    .on('sent_webhooks')
    .columns(['organization_id', 'created_at'])
    .execute();
  await schema.createIndex('sent_webhooks_created').on('sent_webhooks').column('created_at').execute();

  await withId(dialect, schema.createTable('notifications'))
    .addColumn('organization_id', bigint, (c) => c.notNull())
    .addColumn('webhook_id', bigint)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_at', bigint)
    .addColumn('error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
}
