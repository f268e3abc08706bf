/**
 * The database schema as a TypeScript type: a wrong table or column name does not compile.
 * Conventions shared by both dialects: ids are integers (bigint on PostgreSQL), timestamps are
 * milliseconds since the epoch, booleans are 0/1 integers so rows read the same on SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** 0 or 1: SQLite has no boolean type, so both dialects store flags as integers. */
export type Flag = 0 | 1;
/** Milliseconds since the epoch. */
export type Millis = number;

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  owner_user_id: number | null;
  created_at: Millis;
  updated_at: Millis;
}

/** Every (ancestor, descendant) pair including each organization with itself, for fan-out and scoping. */
export interface OrganizationClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

/** Providers and patients share one table, as Healthie's `User` does. */
export interface UserTable {
  id: Generated<number>;
  organization_id: number;
  user_type: 'provider' | 'patient';
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ApiKeyTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  /** SHA-256 of the key, hex: the key itself is never stored. */
  key_hash: string;
  /** The first characters of the key, so a person can tell keys apart. */
  key_prefix: string;
  name: string | null;
  created_at: Millis;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
}

/** The outbox: one row per webhook event, the body stored as the exact bytes to send. */
export interface EventTable {
  id: Generated<number>;
  organization_id: number;
  event_type: string;
  resource_id: string;
  resource_id_type: string;
  body: string;
  created_at: Millis;
}

export interface WebhookTable {
  id: Generated<number>;
  organization_id: number;
  url: string;
  is_enabled: Flag;
  should_retry: Flag;
  signature_secret: string;
  /** The secret replaced by the last rotation, still signed with until previous_secret_expires_at. */
  previous_secret: string | null;
  previous_secret_expires_at: Millis | null;
  warned_at: Millis | null;
  disabled_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface WebhookEventTable {
  id: Generated<number>;
  webhook_id: number;
  event_type: string;
  first_failed_at: Millis | null;
  last_failed_at: Millis | null;
  retry_count: number;
  created_at: Millis;
  updated_at: Millis;
}

export type DeliveryState = 'pending' | 'in_flight' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryTable {
  id: Generated<number>;
  event_id: number;
  webhook_id: number;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Millis;
  lease_until: Millis | null;
  lease_owner: string | null;
  first_failed_at: Millis | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** One row per delivery attempt, whatever its outcome (Healthie's `sentWebhooks`). */
export interface SentWebhookTable {
  id: Generated<number>;
  organization_id: number;
  webhook_id: number;
  delivery_id: number;
  event_id: number;
  event_type: string;
  resource_id: string;
  resource_id_type: string;
  url: string;
  attempt: number;
  http_response_status: number | null;
  error: string | null;
  response_body: string | null;
  duration_ms: number;
  created_at: Millis;
}

/** Emails to organization owners; kept even when sent, and the only record when no SMTP is set. */
export interface NotificationTable {
  id: Generated<number>;
  organization_id: number;
  webhook_id: number | null;
  kind: string;
  recipient: string | null;
  subject: string;
  body: string;
  sent_at: Millis | null;
  error: string | null;
  created_at: Millis;
}

/** One row per applied version of a derived schema step (store/migrations/derived-schema.ts). */
export interface DerivedSchemaTable {
  name: string;
  fingerprint: string;
  applied_at: Millis;
}

export interface FoundationTables {
  organizations: OrganizationTable;
  organization_closure: OrganizationClosureTable;
  users: UserTable;
  api_keys: ApiKeyTable;
  events: EventTable;
  webhooks: WebhookTable;
  webhook_events: WebhookEventTable;
  deliveries: DeliveryTable;
  sent_webhooks: SentWebhookTable;
  notifications: NotificationTable;
  derived_schemas: DerivedSchemaTable;
}

export type Database = FoundationTables;

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
