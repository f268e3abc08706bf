/**
 * Server configuration: command-line flags win over environment variables, which win over defaults.
 * Every setting is listed here once; the README's configuration table mirrors this file.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseSecretKey } from '../core/sealed-secrets.js';
import type { StoreConfig } from '../store/dialect.js';

export const roles = ['all', 'api', 'worker'] as const;
export type Role = (typeof roles)[number];

const truthy = z
  .union([z.boolean(), z.string()])
  .transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase())));

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `250ms`, `5s`, `2m`, `1h`, `30d`, or a bare number of milliseconds; null when malformed. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const match = DURATION.exec(value.trim());
  if (!match) return null;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a duration such as 500ms, 5s, 2m, 1h or 30d`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A duration that must not be zero. */
const positiveDuration = duration.pipe(
  z.number().positive({ error: 'must be longer than 0, such as 500ms or 5s' }),
);

/**
 * A whole number from `min` (to `max`), given as a number or as the text of a flag or variable. The message
 * states the range in words, where zod's coercion would say "expected number, received NaN".
 */
function wholeNumber(min: number, max?: number) {
  const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const number = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || (max !== undefined && number > max)) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number ${range} (got "${value}")` });
      return z.NEVER;
    }
    return number;
  });
}

/** One of a few words; the message lists them. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `must be one of ${values.join(', ')} (got "${String(issue.input)}")`,
  });
}

/** Comma-separated retry delays, e.g. `1s,1s,1s`: after the first attempt, one retry per entry. */
const retrySchedule = z.string().transform((value, ctx) => {
  const delays = value.split(',').map((part) => parseDuration(part));
  if (delays.some((d) => d === null)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a list of durations such as 5s,30s,2m` });
    return z.NEVER;
  }
  return delays as number[];
});

/** A secret key's text; checked here so a bad one is reported with the other settings, never echoed. */
const secretKeyText = z.string().superRefine((value, ctx) => {
  try {
    parseSecretKey(value, 'the key');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const configSchema = z.object({
  port: wholeNumber(0, 65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('.carehooks'),
  /** Largest size of the embedded store's database; past it, writes fail cleanly until space is freed. */
  sqliteMaxBytes: wholeNumber(1).optional(),
  databaseUrl: z.string().url().optional(),
  role: oneOf(roles).default('all'),
  allowPrivateNetworks: truthy.default(false),
  logLevel: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const).default('info'),
  bodyLimitBytes: wholeNumber(1).default(1_048_576),
  /** Deepest selection of data fields; introspection (`__schema`, `__type`) is exempt. */
  queryDepthLimit: wholeNumber(1).default(12),
  /** Largest cost of an operation: one per field, times page sizes (variables included). */
  queryComplexityLimit: wholeNumber(1).default(2_000),
  /** Most lexical tokens in one GraphQL document (graphql-js `parse(..., { maxTokens })`). */
  queryTokenLimit: wholeNumber(1).default(10_000),
  /** Largest serialized GraphQL response; a larger result is replaced by one error. */
  responseLimitBytes: wholeNumber(1).default(10_485_760),
  /** Requests per API key (or per client address without a key) per window; 0 turns the limit off. */
  rateLimit: wholeNumber(0).default(1_000),
  rateLimitWindowMs: positiveDuration.default(1_000),
  /** Time to receive a whole request, headers and body; slower requests are answered 408 and closed. */
  requestTimeoutMs: positiveDuration.default(30_000),
  /** Time to receive a request's headers; at most the request timeout. */
  headersTimeoutMs: positiveDuration.default(10_000),
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: positiveDuration.default(72_000),
  /** Open connections to the API at once; further connections are closed at once. */
  maxConnections: wholeNumber(1).default(1_024),
  /** Replaces the built-in retry schedule (which has jitter); given delays are used exactly. */
  retrySchedule: retrySchedule.optional(),
  /**
   * Whether webhook POSTs run on a thread of their own, beside the one that claims and records them. Off by
   * default: on two cores shared with the receiver it cost more CPU than it freed (see send-thread.ts).
   */
  sendThread: truthy.default(false),
  connectTimeoutMs: duration.default(5_000),
  /** Bounds a whole send: connecting, waiting for the response and reading it. */
  sendTimeoutMs: duration.default(15_000),
  /** How long a claimed delivery stays owned by its worker; must outlast a send. */
  leaseMs: duration.default(60_000),
  /** How often a PostgreSQL worker writes its heartbeat and every worker looks for dead workers' leases. */
  heartbeatIntervalMs: positiveDuration.default(5_000),
  /** Heartbeat intervals missed after which a PostgreSQL worker is dead and its leases are taken back. */
  heartbeatMisses: wholeNumber(2).default(3),
  /** How often workers look for retries coming due, expired leases and missed wake-ups. */
  pollIntervalMs: duration.default(1_000),
  /**
   * After a turn that claimed and recorded few deliveries, how long a worker lets work gather before the next:
   * less CPU per delivery under a steady trickle, for at most that much more latency. 0 turns it off.
   */
  turnGatherMs: duration.default(10),
  maxInFlight: wholeNumber(1).default(256),
  /** Sends in flight to one webhook from one process; the main throughput knob for a busy endpoint. */
  maxInFlightPerWebhook: wholeNumber(1).default(16),
  /** How far a webhook answering 2xx fast may grow past that; unset, 64 (or the per-webhook limit if larger). */
  maxInFlightPerWebhookBurst: wholeNumber(1).optional(),
  /** On shutdown, how long to wait for sends in flight before handing their deliveries back. */
  stopTimeoutMs: duration.default(10_000),
  /** Continuous failure after which the organization's owner is warned. */
  warnAfterMs: duration.default(86_400_000),
  /** Age after which the delivery log, finished deliveries and their events are deleted. */
  retentionMs: duration.default(30 * 86_400_000),
  retentionIntervalMs: duration.default(3_600_000),
  smtpUrl: z.string().url().optional(),
  mailFrom: z.string().min(3).default('carehooks <carehooks@localhost>'),
  /**
   * The key that seals webhook signing secrets at rest (32 bytes, base64 or hex). Required with
   * DATABASE_URL; without it the embedded store uses the key file beside its database. Environment only.
   */
  secretKey: secretKeyText.optional(),
  /** Older keys, comma-separated, that still unseal (during a key rotation) but never seal. */
  secretKeyFallbacks: z.string().optional(),
  /** OpenTelemetry's standard variable: when set, traces go to `<endpoint>/v1/traces` (OTLP/HTTP). */
  otlpEndpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL such as http://localhost:4318' })
    .optional(),
});

export type ServerConfig = z.infer<typeof configSchema>;

/** Environment variable for each setting. */
export const envNames: Record<keyof ServerConfig, string> = {
  port: 'CAREHOOKS_PORT',
  host: 'CAREHOOKS_HOST',
  dataDir: 'CAREHOOKS_DATA_DIR',
  sqliteMaxBytes: 'CAREHOOKS_SQLITE_MAX_BYTES',
  databaseUrl: 'DATABASE_URL',
  role: 'CAREHOOKS_ROLE',
  allowPrivateNetworks: 'CAREHOOKS_ALLOW_PRIVATE_NETWORKS',
  logLevel: 'CAREHOOKS_LOG_LEVEL',
  bodyLimitBytes: 'CAREHOOKS_BODY_LIMIT_BYTES',
  queryDepthLimit: 'CAREHOOKS_QUERY_DEPTH_LIMIT',
  queryComplexityLimit: 'CAREHOOKS_QUERY_COMPLEXITY_LIMIT',
  queryTokenLimit: 'CAREHOOKS_QUERY_TOKEN_LIMIT',
  responseLimitBytes: 'CAREHOOKS_RESPONSE_LIMIT_BYTES',
  rateLimit: 'CAREHOOKS_RATE_LIMIT',
  rateLimitWindowMs: 'CAREHOOKS_RATE_LIMIT_WINDOW',
  requestTimeoutMs: 'CAREHOOKS_REQUEST_TIMEOUT',
  headersTimeoutMs: 'CAREHOOKS_HEADERS_TIMEOUT',
  keepAliveTimeoutMs: 'CAREHOOKS_KEEP_ALIVE_TIMEOUT',
  maxConnections: 'CAREHOOKS_MAX_CONNECTIONS',
  retrySchedule: 'CAREHOOKS_RETRY_SCHEDULE',
  sendThread: 'CAREHOOKS_SEND_THREAD',
  connectTimeoutMs: 'CAREHOOKS_CONNECT_TIMEOUT',
  sendTimeoutMs: 'CAREHOOKS_SEND_TIMEOUT',
  leaseMs: 'CAREHOOKS_LEASE',
  heartbeatIntervalMs: 'CAREHOOKS_HEARTBEAT_INTERVAL',
  heartbeatMisses: 'CAREHOOKS_HEARTBEAT_MISSES',
  pollIntervalMs: 'CAREHOOKS_POLL_INTERVAL',
  turnGatherMs: 'CAREHOOKS_TURN_GATHER',
  maxInFlight: 'CAREHOOKS_MAX_IN_FLIGHT',
  maxInFlightPerWebhook: 'CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK',
  maxInFlightPerWebhookBurst: 'CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK_BURST',
  stopTimeoutMs: 'CAREHOOKS_STOP_TIMEOUT',
  warnAfterMs: 'CAREHOOKS_WARN_AFTER',
  retentionMs: 'CAREHOOKS_RETENTION',
  retentionIntervalMs: 'CAREHOOKS_RETENTION_INTERVAL',
  smtpUrl: 'CAREHOOKS_SMTP_URL',
  mailFrom: 'CAREHOOKS_MAIL_FROM',
  secretKey: 'CAREHOOKS_SECRET_KEY',
  secretKeyFallbacks: 'CAREHOOKS_SECRET_KEY_FALLBACKS',
  otlpEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
};

/** The command-line flag of each setting that has one (`carehooks serve`; `--data` on every store command). */
const flagNames: Partial<Record<keyof ServerConfig, string>> = {
  port: '--port',
  host: '--host',
  dataDir: '--data',
  role: '--role',
  allowPrivateNetworks: '--allow-private-networks',
  logLevel: '--log-level',
};

export class ConfigError extends Error {}

export function loadConfig(
  flags: Partial<Record<keyof ServerConfig, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(envNames) as Array<keyof ServerConfig>) {
    const value = flags[key] ?? env[envNames[key]];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = String(i.path[0]) as keyof ServerConfig;
      // Named as the user gave it: the flag when one was passed, else the variable.
      const name = flags[key] !== undefined ? (flagNames[key] ?? key) : `${key} (${envNames[key]})`;
      return i.message.startsWith('must ') ? `${name} ${i.message}` : `${name}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const { leaseMs, sendTimeoutMs, headersTimeoutMs, requestTimeoutMs } = parsed.data;
  const { maxInFlightPerWebhook, maxInFlightPerWebhookBurst } = parsed.data;
  if (maxInFlightPerWebhookBurst !== undefined && maxInFlightPerWebhookBurst < maxInFlightPerWebhook) {
    throw new ConfigError(
      `Invalid configuration: maxInFlightPerWebhookBurst (${envNames.maxInFlightPerWebhookBurst}): the ` +
        `burst limit (${maxInFlightPerWebhookBurst}) must not be below the per-webhook limit ` +
        `(${maxInFlightPerWebhook}, ${envNames.maxInFlightPerWebhook})`,
    );
  }
  if (leaseMs < sendTimeoutMs + 1000) {
    throw new ConfigError(
      `Invalid configuration: leaseMs (${envNames.leaseMs}): the lease (${leaseMs} ms) must outlast ` +
        `the send timeout (${sendTimeoutMs} ms) by at least 1 s`,
    );
  }
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `Invalid configuration: headersTimeoutMs (${envNames.headersTimeoutMs}): the headers timeout ` +
        `(${headersTimeoutMs} ms) must not exceed the request timeout (${requestTimeoutMs} ms, ` +
        `${envNames.requestTimeoutMs})`,
    );
  }
  return parsed.data;
}

export function storeConfigFor(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<ServerConfig, 'sqliteMaxBytes'>>,
): StoreConfig {
  if (config.databaseUrl) return { kind: 'postgres', url: config.databaseUrl };
  const file = join(resolve(config.dataDir), 'carehooks.db');
  return config.sqliteMaxBytes === undefined
    ? { kind: 'sqlite', file }
    : { kind: 'sqlite', file, maxBytes: config.sqliteMaxBytes };
}
