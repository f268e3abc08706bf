/**
 * Nothing is acknowledged before it is durable: a real `carehooks serve` takes a burst of concurrent
 * createClient mutations and is killed with SIGKILL in the middle of it. After a restart on the same store,
 * every mutation that was answered is there with its event and delivery, and every client that is there has
 * its event and delivery too: unanswered mutations are either all there or not at all.
 * The CLI runs from dist: build with `npx tsc -b` first (`npm test` does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreConfig } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { dialects, type TestDialect } from '../support/dialects.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { crash, insertWebhook, spawnServe, type CliProcess } from './helpers.js';

const CALLERS = 24;
/** Answers to wait for before the kill: enough that many units share commits, few enough to stay quick. */
const ANSWERED_BEFORE_KILL = 150;

const CREATE_CLIENT = `mutation($input: createClientInput) {
  createClient(input: $input) { user { id } messages { field message } }
}`;

let processes: CliProcess[] = [];
let receiver: Receiver | undefined;
let store: Store | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  for (const process of processes) await crash(process);
  processes = [];
  await store?.close();
  await receiver?.close();
  await cleanup?.();
  store = receiver = cleanup = undefined;
});

/** A fresh store and the arguments and environment that serve it. */
async function target(dialect: TestDialect): Promise<{
  config: StoreConfig;
  args: string[];
  env: Record<string, string>;
}> {
  if (dialect.name === 'postgres') {
    const fresh = await dialect.freshConfig();
    cleanup = fresh.cleanup;
    if (fresh.config.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
    return { config: fresh.config, args: [], env: { DATABASE_URL: fresh.config.url } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'carehooks-ack-'));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
  return { config: { kind: 'sqlite', file: join(dir, 'carehooks.db') }, args: ['--data', dir], env: {} };
}

describe.each(dialects)('acknowledged mutations on $name', (dialect) => {
  it(
    'survive a kill -9 during a burst, each with its event and delivery; nothing is half there',
    { timeout: 120_000 },
    async () => {
      const { config, args, env } = await target(dialect);
      receiver = await startReceiver();
      const serve = () => {
        const child = spawnServe([...args, '--allow-private-networks'], env);
        processes.push(child);
        return child;
      };
      const first = serve();
      const { url } = await first.ready;
      store = await openStore(config);
      const org = await store.db
        .transaction()
        .execute((trx) =>
          createOrganization(trx, { name: 'Ack Clinic', owner: { email: 'owner@example.com' } }),
        );
      await insertWebhook(store, { organizationId: org.organizationId, url: `${receiver.url}/hooks` });

      const answered: number[] = [];
      let killed = false;
      let n = 0;
      const call = async () => {
        const i = ++n;
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Basic ${org.apiKey}`,
            authorizationsource: 'API',
          },
          body: JSON.stringify({
            query: CREATE_CLIENT,
            variables: { input: { first_name: 'Ada', last_name: `Burst${i}`, email: `ada${i}@example.com` } },
          }),
        });
        const body = (await response.json()) as {
          data?: { createClient: { user: { id: string } | null; messages: unknown[] | null } };
        };
        const id = body.data?.createClient.user?.id;
        if (!id) throw new Error(`createClient failed: ${JSON.stringify(body)}`);
        answered.push(Number(id));
      };
      const burst = Promise.all(
        Array.from({ length: CALLERS }, async () => {
          while (!killed) {
            try {
              await call();
            } catch (error) {
              // Only the kill may cut a mutation short.
              if (!killed) throw error;
            }
          }
        }),
      );
      while (answered.length < ANSWERED_BEFORE_KILL) await new Promise((resolve) => setTimeout(resolve, 5));
      killed = true;
      await crash(first);
      await burst;

      await serve().ready;
      await store.close();
      store = await openStore(config, { migrate: false });
      const clients = await store.db
        .selectFrom('users')
        .select('id')
        .where('organization_id', '=', org.organizationId)
        .where('user_type', '=', 'patient')
        .execute();
      const events = await store.db
        .selectFrom('events')
        .leftJoin('deliveries', 'deliveries.event_id', 'events.id')
        .select(['events.resource_id', 'deliveries.id as delivery_id'])
        .where('events.organization_id', '=', org.organizationId)
        .where('events.event_type', '=', 'patient.created')
        .execute();

      const stored = new Set(clients.map((c) => c.id));
      // Every answer that arrived, even after the kill signal went out, was sent before the process died.
      for (const id of answered) expect(stored.has(id), `answered client ${id} is stored`).toBe(true);
      // Each stored client has exactly its one event, and each event its delivery: no unit is half there.
      expect(events.map((e) => Number(e.resource_id)).sort((a, b) => a - b)).toEqual(
        [...stored].sort((a, b) => a - b),
      );
      expect(events.every((e) => e.delivery_id !== null)).toBe(true);
    },
  );
});
