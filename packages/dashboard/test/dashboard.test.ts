/**
 * The dashboard in a real browser against a real `carehooks serve`: sign in with the link serve prints,
 * create a webhook to a receiver on loopback, make an event with a GraphQL mutation, watch its attempt
 * arrive, open it, resend it, recover a failed one, and visit every page. A screenshot of each page goes
 * to test-output/. Any error the page logs, or any failed request of its own, fails the test.
 *
 * The browser is Debian's Chromium (/usr/bin/chromium; CHROMIUM_PATH overrides), driven by playwright-core,
 * with a fresh profile and no network but loopback.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type BrowserContext,
  type Page,
  type Response as PlaywrightResponse,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = join(here, '../../server/bin/carehooks.js');
const built = join(here, '../dist/index.html');
const output = join(here, '../test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Upper bounds for waiting on the page; they only cut a broken run short. */
const WAIT_MS = 15_000;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Serve {
  child: ChildProcessWithoutNullStreams;
  url: string;
  apiKey: string;
  signInLink: string;
}

function startReceiver(
  statusFor: () => number,
): Promise<{ server: Server; url: string; requests: Received[] }> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const status = statusFor();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: true, status }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }),
    ),
  );
}

function startServe(dataDir: string): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--data', dataDir, '--allow-private-networks', '--log-level', 'warn'],
    { env: { ...process.env, DATABASE_URL: '', CAREHOOKS_API_KEY: '', CAREHOOKS_POLL_INTERVAL: '100ms' } },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    child.stdout.on('data', () => {
      const url = /GraphQL endpoint: (\S+)\/graphql/.exec(out)?.[1];
      const apiKey = /API key: (\S+)/.exec(out)?.[1];
      const signInLink = /Dashboard: (\S+#sign-in=\S+)/.exec(out)?.[1];
      if (url && apiKey && signInLink) {
        clearTimeout(timer);
        resolve({ child, url, apiKey, signInLink });
      }
    });
  });
}

describe('the dashboard in a browser', () => {
  let serve: Serve;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let context: BrowserContext;
  let status = 200;
  const dirs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first.`);
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH).`);
    }
    mkdirSync(output, { recursive: true });
    const data = mkdtempSync(join(tmpdir(), 'carehooks-dashboard-'));
    const profile = mkdtempSync(join(tmpdir(), 'carehooks-chromium-'));
    dirs.push(data, profile);
    receiver = await startReceiver(() => status);
    serve = await startServe(data);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1360, height: 860 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (serve) {
      const exited = new Promise((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => receiver?.server.close(resolve));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A new tab that reports anything broken: script errors, console errors, failed requests to the server. */
  async function openTab(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    return page;
  }

  const shoot = (page: Page, name: string) => page.screenshot({ path: join(output, `${name}.png`) });

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${serve.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${serve.apiKey}`,
        authorizationsource: 'API',
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  const createClient = (name: string) =>
    gql<{ createClient: { user: { id: string } } }>(
      'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
      { input: { first_name: name, last_name: 'Dashboard', email: `${name.toLowerCase()}@example.com` } },
    ).then((d) => d.createClient.user.id);

  const deliveryIds = () => receiver.requests.map((r) => String(r.headers['x-carehooks-delivery']));

  it('signs in, manages a webhook, follows, resends and recovers its attempts, and shows every page', async () => {
    const page = await openTab();
    try {
      await walkThrough(page);
    } catch (error) {
      // What the page showed when it broke, next to the other screenshots.
      await shoot(page, 'failure').catch(() => undefined);
      throw error;
    }
  }, 180_000);

  async function walkThrough(page: Page): Promise<void> {
    // Sign in with the one-time link; the token leaves the address bar.
    await page.goto(serve.signInLink);
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await page.getByText('Local Development').waitFor();
    expect(page.url()).not.toContain('sign-in=');
    expect(await page.evaluate(() => sessionStorage.getItem('carehooks.apiKey'))).toBe(serve.apiKey);
    await page.getByText('No webhooks yet').waitFor();

    // Create a webhook to the receiver, without retries, subscribed to patient.created.
    await page.getByRole('button', { name: '+ New webhook' }).click();
    const form = page.getByRole('dialog', { name: 'New webhook' });
    await form.locator('input[name="url"]').fill(`${receiver.url}/hooks`);
    await form.locator('input[name="should_retry"]').uncheck();
    await form.getByLabel('Filter event types').fill('patient.created');
    await form.getByLabel('patient.created', { exact: true }).check();
    await shoot(page, '01-create-webhook');
    await form.getByRole('button', { name: 'Create webhook' }).click();
    const secretDialog = page.getByRole('dialog', { name: /Signing secret of webhook \d+/ });
    const secret = await secretDialog.locator('pre').textContent();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await secretDialog.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tr[data-webhook-id]');
    await expect.poll(() => row.count(), { timeout: WAIT_MS }).toBe(1);
    const webhookId = (await row.getAttribute('data-webhook-id'))!;
    await row.getByText(`${receiver.url}/hooks`).waitFor();
    await row.getByText('patient.created', { exact: true }).waitFor();
    await row.getByText('Enabled', { exact: true }).waitFor();

    // An event made through the API shows up in the attempt log by itself (live polling).
    await page.getByRole('link', { name: 'Attempts', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Attempts', exact: true }).waitFor();
    const clientId = await createClient('Avery');
    const attempts = page.locator('tr[data-attempt-id]');
    await attempts.first().getByText('patient.created', { exact: true }).waitFor();
    await attempts.first().getByText('200', { exact: true }).waitFor();
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      event_type: 'patient.created',
      resource_id: clientId,
    });

    // Open it: the request body and the receiver's answer.
    await attempts.first().click();
    const drawer = page.getByRole('complementary', { name: /Attempt \d+/ });
    await drawer.getByText(`"resource_id": "${clientId}"`).waitFor();
    await drawer.getByText(`X-Carehooks-Delivery: ${deliveryIds()[0]}`).waitFor();
    await drawer.getByText('"received": true').waitFor();
    await shoot(page, '02-attempt-details');

    // Resend it: same delivery id, a second attempt in the log.
    await drawer.getByRole('button', { name: 'Resend' }).click();
    await page.getByText(/queued to be sent again/).waitFor();
    await expect.poll(() => attempts.count(), { timeout: WAIT_MS }).toBe(2);
    expect(receiver.requests).toHaveLength(2);
    expect(deliveryIds()[1]).toBe(deliveryIds()[0]);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    await drawer.getByRole('button', { name: 'Close' }).click();

    // A failing window: the receiver answers 500, then recovers; "Recover failed" sends it again.
    status = 500;
    await createClient('Blake');
    await attempts.first().getByText('500', { exact: true }).waitFor();
    await page.getByLabel('Outcome').selectOption('failed');
    await expect.poll(() => attempts.count(), { timeout: WAIT_MS }).toBe(1);
    await shoot(page, '03-attempts-failed');
    status = 200;
    await page.getByRole('button', { name: 'Recover failed…' }).click();
    const recover = page.getByRole('dialog', { name: 'Recover failed deliveries' });
    await recover.locator('select[name="webhook"]').selectOption(webhookId);
    await recover.getByRole('button', { name: 'Recover' }).click();
    await page.getByText(`1 failed delivery of webhook ${webhookId} queued again.`).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => attempts.count(), { timeout: WAIT_MS }).toBe(4);
    await attempts.first().getByText('200', { exact: true }).waitFor();
    expect(receiver.requests).toHaveLength(4);
    expect(deliveryIds()[3]).toBe(deliveryIds()[2]);
    expect(deliveryIds()[2]).not.toBe(deliveryIds()[0]);
    await shoot(page, '04-attempts');

    // The webhooks page charts the last hour: 3 of 4 attempts succeeded.
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await row.getByText('75%').waitFor();
    await row.locator('.sparkline canvas').waitFor();
    await shoot(page, '05-webhooks');

    // Disable it: sending a test is refused with the server's message, and the button is off.
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    await expect.poll(() => row.getByRole('button', { name: 'Send test' }).isDisabled()).toBe(true);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByText('Enabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Send test' }).click();
    await page.getByText(`A test.created delivery is on its way to webhook ${webhookId}.`).waitFor();
    await expect.poll(() => receiver.requests.length, { timeout: WAIT_MS }).toBe(5);
    expect(JSON.parse(receiver.requests[4]!.body)).toMatchObject({ event_type: 'test.created' });

    // Switch it to Standard Webhooks signatures: the secret reads whsec_ (the same key), deliveries carry
    // webhook-signature.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: `Edit webhook ${webhookId}` });
    await edit.locator('select[name="signature_scheme"]').selectOption('standard_webhooks');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Standard Webhooks signatures').waitFor();
    await row.getByRole('button', { name: 'Secret' }).click();
    const whsecDialog = page.getByRole('dialog', { name: `Signing secret of webhook ${webhookId}` });
    expect(await whsecDialog.locator('pre').textContent()).toBe(
      `whsec_${Buffer.from(secret!, 'utf8').toString('base64')}`,
    );
    await whsecDialog.getByRole('button', { name: 'Done' }).click();
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => receiver.requests.length, { timeout: WAIT_MS }).toBe(6);
    expect(receiver.requests[5]!.headers['webhook-signature']).toMatch(/^v1,/);

    // Ask for ids as numbers: the next delivery's resource_id is a JSON number.
    await row.getByRole('button', { name: 'Edit' }).click();
    await edit.locator('select[name="payload_id_format"]').selectOption('number');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Ids sent as numbers').waitFor();
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => receiver.requests.length, { timeout: WAIT_MS }).toBe(7);
    expect(receiver.requests[6]!.body).toMatch(/^\{"resource_id":\d+,"resource_id_type":"Test",/);

    // Events: the catalog with schema and example.
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByText('167 event types').waitFor();
    await page.getByLabel('Filter events').fill('appointment.created');
    await page.getByRole('button', { name: /appointment\.created/ }).click();
    const detail = page.getByRole('article', { name: 'appointment.created' });
    await detail.getByText('JSON Schema').waitFor();
    await detail.getByText('"resource_organization_id"').first().waitFor();
    await shoot(page, '06-events');

    // The GraphQL explorer reads the schema, then runs a query, with the same key.
    const graphqlCall = (text: string, timeout = WAIT_MS) =>
      page.waitForResponse(
        (r) => r.url() === `${serve.url}/graphql` && (r.request().postData() ?? '').includes(text),
        { timeout },
      );
    const introspection = graphqlCall('__schema');
    await page.getByRole('link', { name: 'GraphQL explorer', exact: true }).click();
    expect((await introspection).status()).toBe(200);
    await page.locator('.result-window .CodeMirror').waitFor();
    // GraphiQL ignores a run until its editors are wired up, which on a busy machine can lag behind what
    // is shown: press again until the query goes out.
    let overview: PlaywrightResponse | null = null;
    for (let tries = 0; overview === null && tries < 5; tries++) {
      const sent = graphqlCall('query Overview', 3000).catch(() => null);
      await page.locator('.graphiql-execute-button').click();
      overview = await sent;
    }
    expect(await overview?.json()).toMatchObject({ data: { organization: { name: 'Local Development' } } });
    await page.locator('.result-window').getByText('Local Development').waitFor();
    await shoot(page, '07-explorer');

    // Nothing went wrong on any page so far.
    expect(problems).toEqual([]);

    // The sign-in link works once: a new tab (no session) lands on the sign-in form with a reason.
    const second = await openTab();
    await second.goto(serve.signInLink);
    await second.getByText(/already used or has expired/).waitFor();
    await second.getByLabel('API key').fill('chk_not-a-key');
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.getByText('That API key was refused.').waitFor();
    await shoot(second, '08-sign-in');
    await second.getByLabel('API key').fill(serve.apiKey);
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();

    // The used link and the wrong key were answered 401, as they should be (the browser logs each).
    expect(
      problems.filter(
        (p) => !/HTTP 401: .*\/(graphql|dashboard\/sign-in)$/.test(p) && !/status of 401/.test(p),
      ),
    ).toEqual([]);
  }
});
