/**
 * OpenTelemetry traces from real processes of the built CLI to a real OTLP/HTTP receiver on loopback: one
 * trace runs from the GraphQL request and its mutation to the delivery attempt, the attempt's span a child
 * of the mutation's, whether one process does both (`all`, SQLite) or an `api` process records the change
 * and a `worker` process sends it (PostgreSQL), the context travelling with the event row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { crash, eventually, spawnServe, type CliProcess } from '../engine/helpers.js';
import { postgresDialect } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const CREATE_WEBHOOK = /* GraphQL */ `
  mutation ($input: createWebhookInput) {
    createWebhook(input: $input) {
      webhook {
        id
      }
      messages {
        field
        message
      }
    }
  }
`;

const CREATE_CLIENT = /* GraphQL */ `
  mutation ($input: createClientInput) {
    createClient(input: $input) {
      user {
        id
      }
      messages {
        field
        message
      }
    }
  }
`;

/** OTLP's SpanKind numbering: 1 internal, 2 server, 3 client. */
const CLIENT = 3;

let processes: CliProcess[] = [];
let cleanups: Array<() => Promise<void> | void> = [];
let receiver: Receiver | undefined;
let otlp: OtlpReceiver | undefined;
afterEach(async () => {
  for (const process of processes) await crash(process);
  for (const cleanup of cleanups) await cleanup();
  await receiver?.close();
  await otlp?.close();
  processes = [];
  cleanups = [];
  receiver = otlp = undefined;
});

function spawn(args: string[], env: Record<string, string>): CliProcess {
  const child = spawnServe(args, {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp!.endpoint,
    // Export within a tenth of a second, not the default five.
    OTEL_BSP_SCHEDULE_DELAY: '100',
    CAREHOOKS_POLL_INTERVAL: '200ms',
    ...env,
  });
  processes.push(child);
  return child;
}

async function graphql(
  url: string,
  apiKey: string,
  query: string,
  input: Record<string, unknown>,
  extraHeaders: Record<string, string> = {},
) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${apiKey}`,
      authorizationsource: 'API',
      ...extraHeaders,
    },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const body = (await response.json()) as {
    data?: Record<string, { messages: unknown[] | null }>;
    errors?: unknown;
  };
  expect(body.errors).toBeUndefined();
  for (const payload of Object.values(body.data!)) expect(payload.messages ?? []).toEqual([]);
  return body.data!;
}

/** Creates a webhook for patient.created, then one client, through the API (in the caller's trace if given). */
async function changeThroughApi(url: string, apiKey: string, traceparent?: string): Promise<void> {
  await graphql(url, apiKey, CREATE_WEBHOOK, {
    url: `${receiver!.url}/hooks/traced`,
    webhook_events: [{ event_type: 'patient.created' }],
  });
  await graphql(
    url,
    apiKey,
    CREATE_CLIENT,
    { first_name: 'Trace', last_name: 'Me', email: 'trace@example.com' },
    traceparent ? { traceparent } : {},
  );
}

/** The attempt's span and the mutation span it must descend from, once both have been exported. */
async function tracedDelivery(): Promise<{ attempt: ReceivedSpan; mutation: ReceivedSpan }> {
  return eventually(
    'the mutation and attempt spans',
    () => {
      const spans = otlp!.spans;
      const attempt = spans.find((s) => s.name === 'deliver patient.created');
      const mutation = spans.find((s) => s.name === 'mutation createClient');
      return attempt && mutation ? { attempt, mutation } : undefined;
    },
    15_000,
  );
}

/** The names of a span's ancestors among the received spans, nearest first. */
function ancestors(span: ReceivedSpan, spans: readonly ReceivedSpan[]): string[] {
  const names: string[] = [];
  for (let parent = span.parentSpanId; parent !== '';) {
    const found = spans.find((s) => s.spanId === parent && s.traceId === span.traceId);
    if (!found) break;
    names.push(found.name);
    parent = found.parentSpanId;
  }
  return names;
}

function expectOneTrace({ attempt, mutation }: { attempt: ReceivedSpan; mutation: ReceivedSpan }): void {
  expect(attempt.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(attempt.traceId).toBe(mutation.traceId);
  expect(attempt.parentSpanId).toBe(mutation.spanId);
  // The mutation runs inside the request's span: the trace starts at the HTTP request.
  expect(ancestors(mutation, otlp!.spans)).toContain('POST /graphql');
  expect(attempt.kind).toBe(CLIENT);
  expect(attempt.attributes).toMatchObject({
    'carehooks.event.type': 'patient.created',
    'carehooks.delivery.outcome': 'delivered',
    'carehooks.delivery.attempt': 1,
    'http.request.method': 'POST',
    'http.response.status_code': 200,
    'server.address': '127.0.0.1',
  });
  // The webhook URL's path stays out of the span: it may hold the receiver's token.
  expect(JSON.stringify(attempt)).not.toContain('/hooks/traced');
  expect(attempt.resource['service.name']).toBe('carehooks');
}

describe('traces over OTLP', () => {
  it(
    'follows a change from its mutation to its delivery in one `all` process',
    { timeout: 60_000 },
    async () => {
      otlp = await startOtlpReceiver();
      receiver = await startReceiver();
      const dir = mkdtempSync(join(tmpdir(), 'carehooks-tracing-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const all = spawn(['--allow-private-networks'], { CAREHOOKS_DATA_DIR: dir });
      const { url, apiKey } = await all.ready;
      expect(all.output()).toContain('Tracing: spans are sent over OTLP/HTTP');

      // The request comes with a caller's trace context: the whole trace continues it.
      const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
      const callerSpan = '00f067aa0ba902b7';
      await changeThroughApi(url!, apiKey!, `00-${callerTrace}-${callerSpan}-01`);
      await receiver.waitFor(1);
      const traced = await tracedDelivery();
      expectOneTrace(traced);
      expect(traced.attempt.traceId).toBe(callerTrace);
      const request = otlp.spans.find((s) => s.name === 'POST /graphql' && s.traceId === callerTrace);
      expect(request?.parentSpanId).toBe(callerSpan);
      expect(traced.attempt.resource['carehooks.role']).toBe('all');
      // Probes and scrapes are not traced: once a request made after them shows up, they would have too.
      const requests = () => otlp!.spans.filter((s) => s.name === 'POST /graphql').length;
      const before = requests();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      await graphql(url!, apiKey!, CREATE_CLIENT, {
        first_name: 'Later',
        last_name: 'One',
        email: 'later@example.com',
      });
      await eventually('the later request span', () => requests() > before);
      expect(otlp.spans.filter((s) => /healthz|metrics/.test(s.name))).toEqual([]);
    },
  );

  it(
    'joins the worker’s attempt to the API’s mutation through the event row, on postgres',
    { timeout: 60_000 },
    async () => {
      otlp = await startOtlpReceiver();
      receiver = await startReceiver();
      const fresh = await postgresDialect.freshConfig();
      cleanups.push(fresh.cleanup);
      if (fresh.config.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
      const env = { DATABASE_URL: fresh.config.url };

      // The API migrates the database; the worker starts once it has.
      const api = spawn(['--role', 'api', '--allow-private-networks'], env);
      const { url } = await api.ready;
      const worker = spawn(['--role', 'worker', '--allow-private-networks'], env);
      await worker.ready;
      const store = await openStore(fresh.config);
      cleanups.unshift(() => store.close());
      const org = await store.db
        .transaction()
        .execute((trx) =>
          createOrganization(trx, { name: 'Traced Clinic', owner: { email: 'owner@example.com' } }),
        );

      await changeThroughApi(url!, org.apiKey);
      await receiver.waitFor(1);
      const traced = await tracedDelivery();
      expectOneTrace(traced);
      expect(traced.mutation.resource['carehooks.role']).toBe('api');
      expect(traced.attempt.resource['carehooks.role']).toBe('worker');
      const event = await store.db
        .selectFrom('events')
        .select('trace_parent')
        .where('event_type', '=', 'patient.created')
        .executeTakeFirstOrThrow();
      expect(event.trace_parent).toBe(`00-${traced.mutation.traceId}-${traced.mutation.spanId}-01`);
    },
  );
});
