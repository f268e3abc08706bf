/** Helpers for the security tests: runtimes on a given store, and a receiver that verifies signatures. */
import { dirname } from 'node:path';
import { verifySignature } from '@carehooks/receiver';
import { pino, type Logger } from 'pino';
import { loadConfig, type ServerConfig } from '../../src/app/config.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import type { StoreConfig } from '../../src/store/dialect.js';
import { createOrganization, type CreatedOrganization } from '../../src/tenants/organizations.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

/** A server configuration on this store (PostgreSQL: with this key; SQLite: its key file unless given). */
export function configOn(store: StoreConfig, overrides: Partial<Record<keyof ServerConfig, unknown>> = {}) {
  const base = loadConfig(
    { port: 0, logLevel: 'silent', allowPrivateNetworks: true, retrySchedule: '200ms', ...overrides },
    {},
  );
  return store.kind === 'postgres'
    ? { ...base, databaseUrl: store.url }
    : { ...base, dataDir: dirname(store.file) };
}

export function startRuntimeOn(
  store: StoreConfig,
  overrides: Partial<Record<keyof ServerConfig, unknown>> = {},
  logger: Logger = pino({ level: 'silent' }),
): Promise<Runtime> {
  return startRuntime(configOn(store, overrides), { logger });
}

export function createOrg(runtime: Runtime, name: string, parentId?: number): Promise<CreatedOrganization> {
  return runtime.services.store.db.transaction().execute((trx) =>
    createOrganization(trx, {
      name,
      parentId: parentId ?? null,
      owner: { email: `owner-${name}@example.com` },
    }),
  );
}

export async function graphql<T = Record<string, unknown>>(
  url: string,
  apiKey: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${apiKey}`,
      authorizationsource: 'API',
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

export const CREATE_WEBHOOK = /* GraphQL */ `
  mutation ($input: createWebhookInput) {
    createWebhook(input: $input) {
      webhook {
        id
        url
        signature_secret
      }
      messages {
        field
        message
      }
    }
  }
`;

export const SEND_TEST = /* GraphQL */ `
  mutation ($id: ID!) {
    sendTestWebhook(input: { id: $id }) {
      sent
      messages {
        field
        message
      }
    }
  }
`;

export interface VerifyingReceiver {
  receiver: Receiver;
  url: string;
  /** The secret the receiver checks with; set once the webhook exists. */
  secret: string;
  /** Requests whose Signature verified under `secret`, and those that did not. */
  verified: number;
  rejected: number;
  /** Resolves once `n` requests have been checked (verified or not). */
  checked(n: number): Promise<void>;
}

/**
 * A loopback receiver that checks each delivery with @carehooks/receiver's verifySignature, as a real
 * integration would: 200 when the Signature verifies under the webhook's secret, 400 otherwise.
 */
export async function startVerifyingReceiver(): Promise<VerifyingReceiver> {
  const state = { secret: '', verified: 0, rejected: 0 } as VerifyingReceiver;
  state.receiver = await startReceiver(async (req, body) => {
    try {
      await verifySignature({
        method: req.method,
        url: req.url!,
        headers: req.headers,
        body,
        secret: state.secret,
      });
      state.verified++;
      return { status: 200 };
    } catch {
      state.rejected++;
      return { status: 400 };
    }
  });
  state.url = `${state.receiver.url}/hooks`;
  state.checked = async (n) => {
    const deadline = Date.now() + 15_000;
    while (state.verified + state.rejected < n) {
      if (Date.now() > deadline)
        throw new Error(`only ${state.verified + state.rejected} of ${n} requests arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return state;
}
