/**
 * End to end: an integration callback's events reach a subscribed webhook as signed POSTs whose bodies are
 * exactly the documented payloads (the fax status report, which emits two events).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { verifyFromGuide } from '../support/guide-verifier.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook } from '../webhooks/webhook-fixtures.js';
import { ev, insertRow, post } from './support.js';

describe.each(dialects)('integration events delivered on $name', (dialect) => {
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('delivers sent_fax.status_changed and sent_fax.updated with exact bodies, signed', async () => {
    const webhook = await createWebhook(server, {
      url: receiver.url,
      webhook_events: [{ event_type: 'sent_fax.status_changed' }, { event_type: 'sent_fax.updated' }],
    });
    const fax = await insertRow(server, 'sent_faxes', {
      destination_number: '+15550000000',
      status: 'queued',
    });
    const answer = await post(server, '/integrations/fax/sent-fax-status', {
      sent_fax_id: fax,
      status: 'failed',
    });
    expect(answer.status).toBe(200);
    const requests = await receiver.waitFor(2, 15_000);
    const bodies = requests.map((r) => r.body.toString('utf8'));
    // Delivery order across events is not promised; the set of exact bodies is.
    expect(bodies.sort()).toEqual(
      [ev('sent_fax.status_changed', fax), ev('sent_fax.updated', fax, {}, ['status'])]
        .map((b) => JSON.stringify(b))
        .sort(),
    );
    for (const request of requests) {
      const verified = verifyFromGuide({
        method: request.method,
        pathAndQuery: request.path,
        headers: request.headers,
        body: request.body,
        secret: webhook.signature_secret,
      });
      expect(verified).toEqual({ ok: true });
    }
  });
});
