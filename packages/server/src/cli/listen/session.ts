/**
 * One `carehooks listen` run: start the relay, register it as a temporary webhook, report each forwarded
 * delivery, and on SIGINT / SIGTERM / SIGHUP delete the webhook before exiting.
 */
import type { EventType } from '@carehooks/catalog';
import { Agent } from 'undici';
import type { SignatureScheme } from '../../core/wire/index.js';
import { standardWebhookSecret } from '../../webhooks/secrets.js';
import { CliError } from '../errors.js';
import type { FieldError } from '../../core/field-errors.js';
import { createApiClient, ServerUnreachableError } from './api-client.js';
import { deliveryRecord, formatDeliveryLine } from './delivery-report.js';
import { createForwarder } from './forwarder.js';
import { startRelay } from './relay.js';

export interface ListenSettings {
  target: URL;
  serverUrl: URL;
  apiKey: string;
  eventTypes: readonly EventType[];
  /** The stable local secret forwarded deliveries are signed with. */
  secret: string;
  /** How the temporary webhook signs, and how forwarded deliveries are signed again. */
  scheme: SignatureScheme;
  timeoutMs: number;
  json: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function listen(settings: ListenSettings): Promise<void> {
  const { json } = settings;
  const dispatcher = new Agent({ autoSelectFamily: true });
  // With --json, stdout carries only JSON lines; everything meant for a person goes to stderr.
  const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const warn = (line: string) => process.stderr.write(`carehooks listen: ${line}\n`);

  const relay = await startRelay({
    forwarder: createForwarder({
      target: settings.target,
      secret: settings.secret,
      scheme: settings.scheme,
      timeoutMs: settings.timeoutMs,
      dispatcher,
    }),
    scheme: settings.scheme,
    onDelivery(delivery) {
      const record = deliveryRecord(delivery, new Date());
      process.stdout.write(`${json ? JSON.stringify(record) : formatDeliveryLine(record)}\n`);
    },
    onRejected: (reason) => warn(`warning: ${reason}`),
  });
  const closeLocal = async () => {
    await relay.close();
    await dispatcher.destroy();
  };

  const api = createApiClient(settings.serverUrl, settings.apiKey, dispatcher);
  let webhookId: string;
  try {
    const created = await api.createWebhook(relay.url.href, settings.eventTypes, settings.scheme);
    if ('messages' in created) throw new CliError(describeRefusal(relay.url, created.messages));
    relay.setSignatureSecret(created.webhook.signatureSecret);
    webhookId = created.webhook.id;
  } catch (error) {
    await closeLocal();
    throw error;
  }

  // The same key either way, written as the scheme's receivers take it.
  const shownSecret =
    settings.scheme === 'standard_webhooks' ? standardWebhookSecret(settings.secret) : settings.secret;
  process.stdout.write(
    json ? `${JSON.stringify({ secret: shownSecret })}\n` : `Forwarding signing secret: ${shownSecret}\n`,
  );
  say(
    `Webhook ${webhookId} on ${settings.serverUrl.origin} sends ${settings.eventTypes.length} event ` +
      `type${settings.eventTypes.length === 1 ? '' : 's'} to ${relay.url.href}`,
  );
  say(`Forwarding to ${settings.target.href}; Ctrl-C removes the webhook and stops.`);

  let stopping = false;
  const stop = async () => {
    let exitCode = 0;
    try {
      const messages = await api.deleteWebhook(webhookId);
      if (messages.length === 0) say(`Removed webhook ${webhookId}.`);
      else {
        warn(`could not remove webhook ${webhookId}: ${messages.map((m) => m.message).join(' ')}`);
        exitCode = 1;
      }
    } catch (error) {
      const still =
        error instanceof ServerUnreachableError
          ? ` Webhook ${webhookId} is still registered; delete it (deleteWebhook) once the server is back.`
          : '';
      warn(`${(error as Error).message}${still}`);
      exitCode = 1;
    }
    await closeLocal();
    process.exit(exitCode);
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      // A second signal while removing the webhook means "stop now", whatever is left behind.
      if (stopping) process.exit(1);
      stopping = true;
      void stop();
    });
  }
}

function describeRefusal(relayUrl: URL, messages: readonly FieldError[]): string {
  const text = messages.map((m) => (m.field ? `${m.field}: ${m.message}` : m.message)).join(' ');
  const refused = `The server refused the temporary webhook: ${text}`;
  if (!messages.some((m) => /private network/i.test(m.message))) return refused;
  return (
    `${refused}\nThe relay listens on ${relayUrl.origin}, a loopback address. Start the server with ` +
    '`carehooks serve --allow-private-networks` (or CAREHOOKS_ALLOW_PRIVATE_NETWORKS=1) so it may deliver there.'
  );
}
