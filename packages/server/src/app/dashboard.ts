/**
 * The web dashboard: the static files of `@carehooks/dashboard` at `/` (a single page that talks to
 * `/graphql` with the API key it was signed in with), and the one-time sign-in links `carehooks serve`
 * prints. A link carries a random token in its fragment (never sent in a request line, so never logged);
 * the page trades it once, within the hour, for the API key at `POST /dashboard/sign-in`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { dashboardDir } from '@carehooks/dashboard';
import type { FastifyInstance } from 'fastify';

export const SIGN_IN_PATH = '/dashboard/sign-in';
export const SIGN_IN_TTL_MS = 60 * 60 * 1000;

/** Tokens this process issued, each good for one sign-in before it expires. */
export class SignInLinks {
  private readonly tokens = new Map<string, { apiKey: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs = SIGN_IN_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A sign-in link to the dashboard at `baseUrl` (`http://host:port`) for this key, with a new token. */
  issueLink(baseUrl: string, apiKey: string): string {
    return `${baseUrl}/#sign-in=${this.issue(apiKey)}`;
  }

  /** A new token for this key. */
  issue(apiKey: string): string {
    const now = this.clock();
    for (const [token, entry] of this.tokens) if (entry.expiresAt <= now) this.tokens.delete(token);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { apiKey, expiresAt: now + this.ttlMs });
    return token;
  }

  /** The key the token stands for, once; null when unknown, used or expired. */
  redeem(token: string): string | null {
    const entry = this.tokens.get(token);
    if (!entry) return null;
    this.tokens.delete(token);
    return entry.expiresAt > this.clock() ? entry.apiKey : null;
  }
}

// The page loads only its own files and calls only its own origin; GraphiQL and uPlot set inline styles.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export async function registerDashboard(app: FastifyInstance, signIn: SignInLinks): Promise<void> {
  app.post<{ Body: { token?: unknown } }>(SIGN_IN_PATH, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const token = typeof request.body?.token === 'string' ? request.body.token : '';
    const apiKey = token ? signIn.redeem(token) : null;
    if (!apiKey) {
      return reply.code(401).send({
        errors: [
          {
            message:
              'This sign-in link was already used or has expired. Sign in with the API key that carehooks serve printed.',
          },
        ],
      });
    }
    return { api_key: apiKey };
  });

  if (!existsSync(join(dashboardDir, 'index.html'))) {
    app.log.warn({ dashboardDir }, 'the dashboard is not built (npm run build); / serves a notice instead');
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The carehooks dashboard is not built. Run `npm run build`, then restart `carehooks serve`.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dashboardDir,
    prefix: '/',
    // One route per built file, so unknown paths stay ordinary 404s and never shadow the API.
    wildcard: false,
    cacheControl: false,
    setHeaders: (response, path) => {
      response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('referrer-policy', 'no-referrer');
      // Vite puts a content hash in every asset's name; index.html must always be fetched afresh.
      response.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
