/**
 * The database schema as a TypeScript type: a wrong table or column name does not compile.
 * Conventions shared by both dialects: ids are integers (bigint on PostgreSQL), timestamps are
 * milliseconds since the epoch, booleans are 0/1 integers so rows read the same on SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PayloadIdFormat } from '@carehooks/catalog';
import type { SignatureScheme } from '../core/wire/index.js';

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

/** A user's password hash (bcrypt) and second factor, for signIn; absent for users who never set one. */
export interface UserCredentialTable {
  user_id: number;
  organization_id: number;
  password_hash: string | null;
  /** `EMAIL` when signing in also needs a code sent by email (toggle2Fa), else null. */
  mfa_type: string | null;
  /** Wrong passwords since the last sign-in or lock; enough of them lock signing in for a while. */
  failed_sign_ins: Generated<number>;
  locked_until: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/**
 * A sign-in session (signIn / signUp): its token is shown once and stored as a SHA-256 hash, like an API
 * key. `verifying` sessions await the second factor (validateVerificationToken) and allow nothing else.
 */
export interface UserSessionTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  token_hash: string;
  token_prefix: string;
  state: 'active' | 'verifying';
  /** SHA-256 of the emailed code while `verifying`. */
  verification_code_hash: string | null;
  failed_attempts: Generated<number>;
  expires_at: Millis;
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
  /** The W3C traceparent of the span that produced the event, when tracing is on (migration 0008). */
  trace_parent: string | null;
  created_at: Millis;
}

/** `per_resource`: one delivery per (resource type, resource id) at a time, in commit order. */
export type WebhookOrdering = 'none' | 'per_resource';

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
  /** How deliveries are signed (migration 0006); `healthie` unless the webhook asked otherwise. */
  signature_scheme: Generated<SignatureScheme>;
  /** How ids appear in the payloads sent (migration 0010); `string`, the reference's form, unless asked. */
  payload_id_format: Generated<PayloadIdFormat>;
  /** Delivery options (migration 0007): per-resource ordering and a shared send rate. */
  ordering: Generated<WebhookOrdering>;
  max_per_second: number | null;
  /** The rate limit's schedule: when the next send may start (fractional milliseconds). */
  rate_next_slot_at: number | null;
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
  /** `<resource_id_type>:<resource_id>` when the webhook orders per resource (migration 0007), else null. */
  ordering_key: string | null;
  /** 1 while next_attempt_at was moved later to wait for the resource's turn or a send slot, not a retry. */
  parked: Generated<Flag>;
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
  /** Why the exchange did not complete (delivery/attempt-errors.ts); null when the answer came whole. */
  error: string | null;
  /** The underlying code and message, e.g. `UND_ERR_SOCKET: other side closed`. */
  error_detail: string | null;
  response_body: string | null;
  duration_ms: number;
  /** The id form the body was sent in (migration 0010): the attempt log derives the bytes sent from it. */
  payload_id_format: Generated<PayloadIdFormat>;
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

/** A PostgreSQL delivery worker's heartbeat, in the database's clock; a stale one marks it dead. */
export interface DeliveryWorkerTable {
  owner: string;
  started_at: Millis;
  heartbeat_at: Millis;
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
  user_credentials: UserCredentialTable;
  user_sessions: UserSessionTable;
  events: EventTable;
  webhooks: WebhookTable;
  webhook_events: WebhookEventTable;
  deliveries: DeliveryTable;
  sent_webhooks: SentWebhookTable;
  delivery_workers: DeliveryWorkerTable;
  notifications: NotificationTable;
  derived_schemas: DerivedSchemaTable;
}

export type Database = FoundationTables;

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
