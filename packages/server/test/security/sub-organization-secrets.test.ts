/**
 * Issue #12, item 1: a parent organization lists its sub-organizations' webhooks (it receives their events)
 * but does not manage them, so it must not read their signing secrets; each organization sees its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedOrganization } from '../../src/tenants/organizations.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createWebhook, type WebhookResult } from '../webhooks/webhook-fixtures.js';

describe.each(dialects)('signing secrets of sub-organizations on $name', (dialect) => {
  let server: TestServer;
  let child: CreatedOrganization;
  let grandchild: CreatedOrganization;
  let parentHook: WebhookResult;
  let childHook: WebhookResult;
  let grandchildHook: WebhookResult;

  beforeAll(async () => {
    server = await startTestServer(dialect, { role: 'api' });
    child = await server.createOrg('Child Clinic', server.org.organizationId);
    grandchild = await server.createOrg('Grandchild Clinic', child.organizationId);
    parentHook = await createWebhook(server, { url: 'http://127.0.0.1:9/parent' });
    childHook = await createWebhook(server, { url: 'http://127.0.0.1:9/child' }, child.apiKey);
    grandchildHook = await createWebhook(server, { url: 'http://127.0.0.1:9/grandchild' }, grandchild.apiKey);
  });
  afterAll(() => server.close());

  const secretsSeenBy = async (apiKey: string) => {
    const response = await server.graphql<{
      webhooks: Array<{ id: string; signature_secret: string | null }>;
    }>('{ webhooks(order_by: CREATED_AT_ASC) { id signature_secret } }', {}, apiKey);
    expect(response.errors).toBeUndefined();
    return Object.fromEntries(response.data!.webhooks.map((w) => [w.id, w.signature_secret]));
  };

  it("shows a parent its sub-organizations' webhooks without their secrets, and its own with", async () => {
    expect(await secretsSeenBy(server.org.apiKey)).toEqual({
      [parentHook.id]: parentHook.signature_secret,
      [childHook.id]: null,
      [grandchildHook.id]: null,
    });
    expect(await secretsSeenBy(child.apiKey)).toEqual({
      [childHook.id]: childHook.signature_secret,
      [grandchildHook.id]: null,
    });
    expect(await secretsSeenBy(grandchild.apiKey)).toEqual({
      [grandchildHook.id]: grandchildHook.signature_secret,
    });
  });

  it('shows the owner its secret in every mutation payload, and the new one after expiring it', async () => {
    expect(childHook.signature_secret).toMatch(/^[0-9a-f]{64}$/);
    const expired = await server.graphql<{
      expireWebhookSignature: { webhook: { signature_secret: string } | null };
    }>(
      'mutation ($id: ID!) { expireWebhookSignature(input: { id: $id }) { webhook { signature_secret } } }',
      { id: childHook.id },
      child.apiKey,
    );
    const rotated = expired.data!.expireWebhookSignature.webhook!.signature_secret;
    expect(rotated).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated).not.toBe(childHook.signature_secret);
    expect((await secretsSeenBy(child.apiKey))[childHook.id]).toBe(rotated);
    expect((await secretsSeenBy(server.org.apiKey))[childHook.id]).toBeNull();
  });
});
