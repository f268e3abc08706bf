/** `carehooks serve`: the API and the delivery workers, on the embedded store or PostgreSQL. */
import type { Command } from 'commander';
import { loadConfig, roles, type ServerConfig } from '../app/config.js';
import { CliError } from './errors.js';
import { cliRegistry } from './registry.js';

interface ServeOptions {
  port?: string;
  host?: string;
  data?: string;
  role?: string;
  allowPrivateNetworks?: boolean;
  logLevel?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the GraphQL API and the webhook delivery workers')
    .option(
      '--port <port>',
      'port to listen on; a worker serves /healthz and /metrics there (env CAREHOOKS_PORT, default 4000)',
    )
    .option('--host <host>', 'address to listen on (env CAREHOOKS_HOST, default 127.0.0.1)')
    .option(
      '--data <dir>',
      'data folder of the embedded store (env CAREHOOKS_DATA_DIR, default ./.carehooks)',
    )
    .option('--role <role>', `what this process runs: ${roles.join(', ')} (env CAREHOOKS_ROLE, default all)`)
    .option(
      '--allow-private-networks',
      'allow webhook URLs on loopback and private networks (env CAREHOOKS_ALLOW_PRIVATE_NETWORKS); for local development',
    )
    .option('--log-level <level>', 'pino log level (env CAREHOOKS_LOG_LEVEL, default info)')
    .action(async (options: ServeOptions) => {
      const config = loadConfig({
        port: options.port,
        host: options.host,
        dataDir: options.data,
        role: options.role,
        allowPrivateNetworks: options.allowPrivateNetworks,
        logLevel: options.logLevel,
      });
      await serve(config);
    });
}

async function serve(config: ServerConfig): Promise<void> {
  // Loaded on demand so that light commands (`events list`) do not pay for the server's start-up.
  const { startRuntime } = await import('../app/runtime.js');
  const { ensureLocalOrganization } = await import('../tenants/local-organization.js');
  const runtime = await startRuntime(config, { registry: await cliRegistry() }).catch((error: unknown) => {
    throw listenFailure(error, config) ?? error;
  });
  const { services } = runtime;
  const lines = [`carehooks ${config.role === 'worker' ? 'worker' : 'API'} on ${services.store.dialect}`];
  if (runtime.url) lines.push(`GraphQL endpoint: ${runtime.url}/graphql`);
  else lines.push(`Health and metrics: ${runtime.statusUrl}/healthz, ${runtime.statusUrl}/metrics`);
  if (services.store.dialect === 'sqlite' && runtime.url && runtime.signIn) {
    const local = await ensureLocalOrganization(services.store, config.dataDir);
    lines.push(
      `Local organization ${local.organizationId}, API key: ${local.apiKey}`,
      `Dashboard: ${runtime.signIn.issueLink(runtime.url, local.apiKey)} (sign-in link: works once, within the hour)`,
      `Try: curl -s ${runtime.url}/graphql -H 'Authorization: Basic ${local.apiKey}' -H 'AuthorizationSource: API' ` +
        `-H 'Content-Type: application/json' -d '{"query":"{ currentUser { id email } }"}'`,
    );
  } else if (runtime.url) lines.push(`Dashboard: ${runtime.url}/ (sign in with an API key)`);
  if (config.allowPrivateNetworks) lines.push('Webhook URLs on loopback and private networks are allowed.');
  if (runtime.tracing) lines.push('Tracing: spans are sent over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT).');

  // Installed before the banner announces the process as ready, so a stop sent at once is a clean one.
  const shutdown = (signal: string) => {
    services.logger.info({ signal }, 'shutting down');
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        services.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A port or address the process cannot listen on, said in one line with what to change; else null. */
function listenFailure(error: unknown, config: ServerConfig): CliError | null {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${config.host}:${config.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new CliError(
        `Port ${config.port} on ${config.host} is already in use (is another carehooks running?): ` +
          'stop that process or pick another port with --port or CAREHOOKS_PORT.',
      );
    case 'EACCES':
      return new CliError(
        `Not allowed to listen on ${where}: ports below 1024 need privileges; pick another with --port.`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new CliError(
        `Cannot listen on ${where}: ${config.host} is not an address of this machine; check --host.`,
      );
    default:
      return null;
  }
}
