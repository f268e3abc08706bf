/**
 * Server configuration: command-line flags win over environment variables, which win over defaults.
 * Every setting is listed here once; the README's configuration table mirrors this file.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { StoreConfig } from '../store/dialect.js';

export const roles = ['all', 'api', 'worker'] as const;
export type Role = (typeof roles)[number];

const truthy = z
  .union([z.boolean(), z.string()])
  .transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase())));

const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('.carehooks'),
  databaseUrl: z.string().url().optional(),
  role: z.enum(roles).default('all'),
  allowPrivateNetworks: truthy.default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimitBytes: z.coerce.number().int().positive().default(1_048_576),
  queryDepthLimit: z.coerce.number().int().positive().default(12),
  queryComplexityLimit: z.coerce.number().int().positive().default(2_000),
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
  return parsed.data;
}

export function storeConfigFor(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): StoreConfig {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'sqlite', file: join(resolve(config.dataDir), 'carehooks.db') };
}
