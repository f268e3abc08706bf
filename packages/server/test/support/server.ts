/**
 * An in-process carehooks server on a fresh store, listening on a loopback port, with one organization
 * and its key ready. Tests talk to it over real HTTP.
 */
import { pino } from 'pino';
import { loadConfig, type ServerConfig } from '../../src/app/config.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { createOrganization, type CreatedOrganization } from '../../src/tenants/organizations.js';
import { testSecretKey, type TestDialect } from './dialects.js';

export interface TestServer {
  runtime: Runtime;
  url: string;
  org: CreatedOrganization;
  /** Creates another organization (optionally a sub-organization) with its own key. */
  createOrg(name: string, parentId?: number): Promise<CreatedOrganization>;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    apiKey?: string,
  ): Promise<{ status: number; data?: T; errors?: Array<{ message: string }> }>;
  close(): Promise<void>;
}

export async function startTestServer(
  dialect: TestDialect,
  overrides: Partial<Record<keyof ServerConfig, unknown>> = {},
): Promise<TestServer> {
  const { config: storeConfig, cleanup } = await dialect.freshConfig();
  const base = loadConfig({ port: 0, logLevel: 'silent', allowPrivateNetworks: true, ...overrides }, {});
  const config: ServerConfig =
    storeConfig.kind === 'postgres'
      ? { ...base, databaseUrl: storeConfig.url, secretKey: base.secretKey ?? testSecretKey }
      : { ...base, dataDir: storeConfig.file.replace(/\/carehooks\.db$/, '') };
  const runtime = await startRuntime(config, { logger: pino({ level: 'silent' }) });
  const createOrg = (name: string, parentId?: number) =>
    runtime.services.store.db.transaction().execute((trx) =>
      createOrganization(trx, {
        name,
        parentId: parentId ?? null,
        owner: { email: `owner-${name}@example.com` },
      }),
    );
  const org = await createOrg('Test Practice');
  const url = runtime.url!;
  return {
    runtime,
    url,
    org,
    createOrg,
    async graphql(query, variables, apiKey = org.apiKey) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${apiKey}`,
          authorizationsource: 'API',
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: never; errors?: Array<{ message: string }> };
      return { status: response.status, ...body };
    },
    async close() {
      await runtime.stop();
      await cleanup();
    },
  };
}
