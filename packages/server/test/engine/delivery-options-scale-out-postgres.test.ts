/**
 * Delivery options with two worker processes on one PostgreSQL database (`--role api` and two
 * `--role worker` children of the CLI, as in scale-out-postgres.test.ts): concurrent `updateClient` calls on a
 * handful of patients reach a `per_resource` webhook one at a time per patient, in commit order, through a
 * receiver failing at random (seeded), with one patient held back while the others go through; and a backlog
 * for a webhook with `max_per_second` is spread across both workers without ever exceeding the limit.
 * The CLI runs from dist: build with `npx tsc -b` first (`npm test` does).
 */
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { postgresDialect } from '../support/dialects.js';
import { startReceiver } from '../support/receiver.js';
import { cliTestbed, createClinic, eventually, seeded } from './helpers.js';

const LIMIT = 5;
const PATIENTS = 25;
const UPDATED_PATIENTS = 6;

const testbed = cliTestbed();

interface Attempt {
  path: string;
  resource: string;
  delivery: number;
  ok: boolean;
}

it(
  'keeps per-resource order and the rate limit with two worker processes',
  { timeout: 180_000 },
  async () => {
    const config = await testbed.freshStore(postgresDialect, 'postgres');
    const env = {
      DATABASE_URL: config.url,
      CAREHOOKS_POLL_INTERVAL: '50ms',
      CAREHOOKS_CONNECT_TIMEOUT: '1s',
      CAREHOOKS_SEND_TIMEOUT: '2s',
      CAREHOOKS_LEASE: '5s',
      CAREHOOKS_RETRY_SCHEDULE: Array.from({ length: 600 }, () => '100ms').join(','),
    };

    const random = seeded(7_919);
    const attempts: Attempt[] = [];
    const active = new Map<string, number>();
    let mostAtOnce = 0;
    const failuresInARow = new Map<number, number>();
    let stuck = '';
    let released = false;
    const receiver = testbed.keep(
      await startReceiver(async (req, body) => {
        const path = req.url ?? '';
        const event = JSON.parse(body.toString('utf8')) as { resource_id: string };
        const attempt = {
          path,
          resource: event.resource_id,
          delivery: Number(req.headers['x-carehooks-delivery']),
        };
        if (path !== '/ordered') {
          attempts.push({ ...attempt, ok: true });
          return { status: 200 };
        }
        const running = (active.get(attempt.resource) ?? 0) + 1;
        active.set(attempt.resource, running);
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, random() * 15));
        active.set(attempt.resource, running - 1);
        const streak = failuresInARow.get(attempt.delivery) ?? 0;
        const fail = (attempt.resource === stuck && !released) || (streak < 3 && random() < 0.3);
        failuresInARow.set(attempt.delivery, fail ? streak + 1 : 0);
        attempts.push({ ...attempt, ok: !fail });
        return { status: fail ? 503 : 200 };
      }),
    );

    const spawn = (args: string[]) => testbed.spawn([...args, '--allow-private-networks'], env);
    // The API migrates the database; the workers start once it has.
    const api = spawn(['--role', 'api']);
    const apiUrl = (await api.ready).url!;
    const workers = [spawn(['--role', 'worker']), spawn(['--role', 'worker'])];
    for (const worker of workers) await worker.ready;

    const store = testbed.keep(await openStore(config));
    const org = await createClinic(store, 'Ordered Clinic');
    const graphql = async <T>(query: string, input: Record<string, unknown>): Promise<T> => {
      const response = await fetch(`${apiUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${org.apiKey}`,
          authorizationsource: 'API',
        },
        body: JSON.stringify({ query, variables: { input } }),
      });
      const json = (await response.json()) as { data: T };
      return json.data;
    };
    const createWebhook = async (input: Record<string, unknown>) => {
      const data = await graphql<{ createWebhook: { webhook: { id: string } } }>(
        `
          mutation ($input: createWebhookInput) {
            createWebhook(input: $input) {
              webhook {
                id
              }
            }
          }
        `,
        input,
      );
      return Number(data.createWebhook.webhook.id);
    };
    const limited = await createWebhook({
      url: `${receiver.url}/limited`,
      max_per_second: LIMIT,
      event_type: 'patient.created',
    });
    // A test send opens the limited webhook's connection before the timed backlog.
    await graphql(
      `
        mutation ($input: sendTestWebhookInput) {
          sendTestWebhook(input: $input) {
            sent
          }
        }
      `,
      {
        id: String(limited),
      },
    );
    await receiver.waitFor(1);

    const patients = await Promise.all(
      Array.from({ length: PATIENTS }, async (_, i) => {
        const data = await graphql<{ createClient: { user: { id: string } } }>(
          `
            mutation ($input: createClientInput) {
              createClient(input: $input) {
                user {
                  id
                }
              }
            }
          `,
          { first_name: `Patient${i}`, last_name: 'Ordered', skipped_email: true },
        );
        return data.createClient.user.id;
      }),
    );
    // Chosen before the ordered webhook exists, so its first delivery is refused from the start.
    stuck = patients[0]!;
    const ordered = await createWebhook({
      url: `${receiver.url}/ordered`,
      ordering: 'per_resource',
      event_type: 'patient.updated',
    });
    let version = 0;
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        Array.from({ length: 15 }, async () => {
          const id = patients[Math.floor(random() * UPDATED_PATIENTS)]!;
          await graphql(
            `
              mutation ($input: updateClientInput) {
                updateClient(input: $input) {
                  user {
                    id
                  }
                }
              }
            `,
            { id, first_name: `Version${++version}` },
          );
        }),
      );
    }

    const deliveries = (webhookId: number) =>
      store.db
        .selectFrom('deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select(['d.id', 'd.state', 'd.lease_owner', 'e.resource_id'])
        .where('d.webhook_id', '=', webhookId)
        .where('e.event_type', '<>', 'test.created')
        .orderBy('d.id')
        .execute();
    await eventually(
      'the other patients delivered',
      async () =>
        (await deliveries(ordered)).every((d) => d.resource_id === stuck || d.state === 'delivered'),
      90_000,
    );
    const all = await deliveries(ordered);
    const stuckIds = all.filter((d) => d.resource_id === stuck).map((d) => d.id);
    expect(stuckIds.length).toBeGreaterThan(1);
    const stuckTried = attempts.filter((a) => a.path === '/ordered' && a.resource === stuck);
    expect([...new Set(stuckTried.map((a) => a.delivery))]).toEqual([stuckIds[0]]);
    released = true;
    const finished = async (webhookId: number) => {
      const rows = await deliveries(webhookId);
      return rows.every((d) => d.state === 'delivered') ? rows : undefined;
    };
    const orderedRows = await eventually('every ordered delivery delivered', () => finished(ordered), 60_000);
    const limitedRows = await eventually('every limited delivery delivered', () => finished(limited), 60_000);

    // Both workers sent, and no patient ever had two sends at once.
    const owners = new Set([...orderedRows, ...limitedRows].map((d) => d.lease_owner));
    expect(owners.size).toBe(2);
    expect(mostAtOnce).toBe(1);
    for (const patient of patients) {
      const expected = orderedRows.filter((d) => d.resource_id === patient).map((d) => d.id);
      const seen = attempts.filter((a) => a.path === '/ordered' && a.resource === patient);
      const tried = seen.map((a) => a.delivery);
      expect(tried).toEqual([...tried].sort((a, b) => a - b));
      expect(seen.filter((a) => a.ok).map((a) => a.delivery)).toEqual(expected);
    }

    // The limited webhook: everything arrived, and any LIMIT + 1 arrivals span a second, less one slot
    // (200 ms) for a late timer or the other worker's first connection; a burst would put them milliseconds
    // apart. Two processes shared the backlog.
    const timed = receiver.requests.filter(
      (r) => r.path === '/limited' && !r.body.toString('utf8').includes('"test.created"'),
    );
    expect(new Set(timed.map((r) => r.headers['x-carehooks-delivery'])).size).toBe(PATIENTS);
    const times = timed.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i + LIMIT < times.length; i++) {
      expect(times[i + LIMIT]! - times[i]!).toBeGreaterThanOrEqual(1000 - 1000 / LIMIT);
    }
  },
);
