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
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('.carehooks'),
  databaseUrl: z.string().url().optional(),
  role: z.enum(roles).default('all'),
  allowPrivateNetworks: truthy.default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: z.coerce.number().int().positive().default(1_048_576),
  /** Deepest selection of data fields; introspection (`__schema`, `__type`) is exempt. */
  queryDepthLimit: z.coerce.number().int().positive().default(12),
  /** Largest cost of an operation: one per field, times page sizes (variables included). */
  queryComplexityLimit: z.coerce.number().int().positive().default(2_000),
  /** Most lexical tokens in one GraphQL document (graphql-js `parse(..., { maxTokens })`). */
  queryTokenLimit: z.coerce.number().int().positive().default(10_000),
  /** Largest serialized GraphQL response; a larger result is replaced by one error. */
  responseLimitBytes: z.coerce.number().int().positive().default(10_485_760),
  /** Requests per API key (or per client address without a key) per window; 0 turns the limit off. */
  rateLimit: z.coerce.number().int().nonnegative().default(1_000),
  rateLimitWindowMs: duration.pipe(z.number().positive()).default(1_000),
  /** Time to receive a whole request, headers and body; slower requests are answered 408 and closed. */
  requestTimeoutMs: duration.pipe(z.number().positive()).default(30_000),
  /** Time to receive a request's headers; at most the request timeout. */
  headersTimeoutMs: duration.pipe(z.number().positive()).default(10_000),
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: duration.pipe(z.number().positive()).default(72_000),
  /** Open connections to the API at once; further connections are closed at once. */
  maxConnections: z.coerce.number().int().positive().default(1_024),
  /** Replaces the built-in retry schedule (which has jitter); given delays are used exactly. */
  retrySchedule: retrySchedule.optional(),
  connectTimeoutMs: duration.default(5_000),
  /** Bounds a whole send: connecting, waiting for the response and reading it. */
  sendTimeoutMs: duration.default(15_000),
  /** How long a claimed delivery stays owned by its worker; must outlast a send. */
  leaseMs: duration.default(60_000),
  /** How often workers look for retries coming due, expired leases and missed wake-ups. */
  pollIntervalMs: duration.default(1_000),
  maxInFlight: z.coerce.number().int().positive().default(128),
  /** Sends in flight to one webhook from one process; the main throughput knob for a busy endpoint. */
  maxInFlightPerWebhook: z.coerce.number().int().positive().default(16),
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
});

export type ServerConfig = z.infer<typeof configSchema>;

/** Environment variable for each setting. */
export const envNames: Record<keyof ServerConfig, string> = {
  port: 'CAREHOOKS_PORT',
  host: 'CAREHOOKS_HOST',
  dataDir: 'CAREHOOKS_DATA_DIR',
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
  connectTimeoutMs: 'CAREHOOKS_CONNECT_TIMEOUT',
  sendTimeoutMs: 'CAREHOOKS_SEND_TIMEOUT',
  leaseMs: 'CAREHOOKS_LEASE',
  pollIntervalMs: 'CAREHOOKS_POLL_INTERVAL',
  maxInFlight: 'CAREHOOKS_MAX_IN_FLIGHT',
  maxInFlightPerWebhook: 'CAREHOOKS_MAX_IN_FLIGHT_PER_WEBHOOK',
  stopTimeoutMs: 'CAREHOOKS_STOP_TIMEOUT',
  warnAfterMs: 'CAREHOOKS_WARN_AFTER',
  retentionMs: 'CAREHOOKS_RETENTION',
  retentionIntervalMs: 'CAREHOOKS_RETENTION_INTERVAL',
  smtpUrl: 'CAREHOOKS_SMTP_URL',
  mailFrom: 'CAREHOOKS_MAIL_FROM',
  secretKey: 'CAREHOOKS_SECRET_KEY',
  secretKeyFallbacks: 'CAREHOOKS_SECRET_KEY_FALLBACKS',
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
      return `${key} (${envNames[key] ?? 'flag'}): ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const { leaseMs, sendTimeoutMs, headersTimeoutMs, requestTimeoutMs } = parsed.data;
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

export function storeConfigFor(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): StoreConfig {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'sqlite', file: join(resolve(config.dataDir), 'carehooks.db') };
}
