/** The dashboard's files at / and its one-time sign-in links, over real HTTP (the page itself: packages/dashboard). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardDir } from '@carehooks/dashboard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_TTL_MS, SignInLinks } from '../../src/app/dashboard.js';
import { sqliteDialect } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('sign-in links', () => {
  it('each works once, within its time', () => {
    let now = 1_000_000;
    const links = new SignInLinks(SIGN_IN_TTL_MS, () => now);
    const link = links.issueLink('http://127.0.0.1:4000', 'chk_key');
    const token = /^http:\/\/127\.0\.0\.1:4000\/#sign-in=([A-Za-z0-9_-]{32})$/.exec(link)?.[1];
    expect(token).toBeDefined();
    expect(links.redeem(token!)).toBe('chk_key');
    expect(links.redeem(token!)).toBeNull();

    const late = links.issue('chk_key');
    now += SIGN_IN_TTL_MS;
    expect(links.redeem(late)).toBeNull();
    expect(links.redeem('made-up')).toBeNull();
  });
});

describe('the dashboard over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqliteDialect, { role: 'api' });
  });
  afterAll(() => server.close());

  it('serves the built page at / with a strict policy, and its hashed assets for good', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(readdirSync(join(dashboardDir, 'assets'))).toContain(script!.slice('/assets/'.length));
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.text()).length).toBeGreaterThan(0);

    const missing = await fetch(`${server.url}/no-such-page`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    // The API keeps its paths.
    expect((await server.graphql('{ organization { name } }')).data).toEqual({
      organization: { name: 'Test Practice' },
    });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
  });

  it('trades a sign-in token for its key once', async () => {
    const token = server.runtime.signIn!.issue(server.org.apiKey);
    const trade = () =>
      fetch(`${server.url}/dashboard/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
    const first = await trade();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({ api_key: server.org.apiKey });
    const second = await trade();
    expect(second.status).toBe(401);
    expect(await second.json()).toEqual({
      errors: [
        {
          message:
            'This sign-in link was already used or has expired. Sign in with the API key that carehooks serve printed.',
        },
      ],
    });
  });
});
