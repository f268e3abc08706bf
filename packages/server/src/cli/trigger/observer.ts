/**
 * For the few events whose resource id no answer carries (applied tags, folder sharings, goal templates,
 * test sends), the trigger watches the server's own deliveries: a temporary webhook, subscribed to just
 * those event types, points at a loopback receiver; the id printed is the one in the delivered event.
 * The webhook is removed when the run ends. The server must allow loopback webhook URLs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { TriggerRefused, type Delivered, type TriggerObserver } from '../../registry/trigger-kit.js';
import { createApiClient } from '../listen/api-client.js';

const WAIT_MS = 20_000;
const POLL_MS = 50;

export interface Observer extends TriggerObserver {
  close(): Promise<void>;
}

export function createObserver(
  serverUrl: URL,
  apiKey: string,
  dispatcher: Dispatcher,
  eventTypes: readonly string[],
): Observer {
  const api = createApiClient(serverUrl, apiKey, dispatcher);
  const received: Delivered[] = [];
  let server: Server | undefined;
  let webhook: Promise<string> | undefined;

  async function start(): Promise<string> {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Delivered);
        } catch {
          // Not an event body; nothing to record.
        }
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const created = await api.createWebhook(`http://127.0.0.1:${port}/carehooks-trigger`, eventTypes);
    if ('messages' in created) {
      const text = created.messages.map((m) => m.message).join(' ');
      throw new TriggerRefused(
        `the server refused the trigger's loopback webhook (${text}); start it with --allow-private-networks`,
      );
    }
    return created.webhook.id;
  }

  const observer: Observer = {
    webhookId() {
      webhook ??= start();
      return webhook;
    },
    async watch(eventType, action, match) {
      await observer.webhookId();
      const result = await action();
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const event = received.find((e) => e.event_type === eventType && match(e, result));
        if (event) return String(event.resource_id);
        if (Date.now() > deadline) {
          throw new TriggerRefused(
            `the server took the call but delivered no ${eventType} within ${WAIT_MS / 1000} s; is its delivery worker running?`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async close() {
      if (webhook) {
        const id = await webhook.catch(() => undefined);
        if (id) await api.deleteWebhook(id);
      }
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
  return observer;
}
