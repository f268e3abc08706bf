/**
 * The shell: sign-in (a key typed in, or a one-time link from `carehooks serve`), then a sidebar and one
 * page per hash route (#/webhooks, #/attempts, #/events, #/explorer).
 */
import { lazy, Suspense, useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, graphql, redeemSignInToken, setUnauthorizedHandler, storedKey, storeKey } from './api.js';
import { ToastProvider } from './components.js';
import { AttemptsPage } from './pages/Attempts.js';
import { EventsPage } from './pages/Events.js';
import { WebhooksPage } from './pages/Webhooks.js';
import { VIEWER, type Viewer } from './queries.js';

// GraphiQL is most of the bundle: load it only when the explorer opens.
const ExplorerPage = lazy(() => import('./pages/Explorer.js'));

interface Session {
  key: string;
  viewer: Viewer;
}

const PAGES = [
  { path: 'webhooks', label: 'Webhooks', icon: '⇄' },
  { path: 'attempts', label: 'Attempts', icon: '↻' },
  { path: 'events', label: 'Events', icon: '◇' },
  { path: 'explorer', label: 'GraphQL explorer', icon: '⌘' },
] as const;

function readRoute(): { page: string; rest: string } {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [page = '', ...rest] = hash.split('/');
  return {
    page: PAGES.some((p) => p.path === page) ? page : 'webhooks',
    rest: decodeURIComponent(rest.join('/')),
  };
}

function useRoute() {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const onChange = () => setRoute(readRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

async function openSession(key: string): Promise<Session> {
  const viewer = await graphql<Viewer>(VIEWER, {}, key);
  return { key, viewer };
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);
  const [signInError, setSignInError] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    storeKey(null);
    setSession(null);
    setSignInError(reason ?? null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => signOut('The server no longer accepts this API key. Sign in again.'));
    return () => setUnauthorizedHandler(null);
  }, [signOut]);

  useEffect(() => {
    const link = /^#sign-in=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    // The token leaves the address bar (and history) before anything else happens.
    if (link) window.history.replaceState(null, '', '#/webhooks');
    const start = async () => {
      const key = link ? await redeemSignInToken(link[1]!) : storedKey();
      if (!key) return;
      const opened = await openSession(key);
      storeKey(key);
      setSession(opened);
    };
    start()
      .catch((error: unknown) => {
        storeKey(null);
        setSignInError(error instanceof Error ? error.message : String(error));
      })
      .finally(() => setChecking(false));
  }, []);

  if (checking) return <div className="splash">Loading…</div>;
  if (!session) {
    return (
      <SignIn
        error={signInError}
        onSignedIn={(opened) => {
          storeKey(opened.key);
          setSignInError(null);
          setSession(opened);
        }}
      />
    );
  }
  return (
    <ToastProvider>
      <Shell session={session} onSignOut={() => signOut()} />
    </ToastProvider>
  );
}

function SignIn({ error, onSignedIn }: { error: string | null; onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    openSession(key.trim())
      .then(onSignedIn)
      .catch((e: unknown) =>
        setProblem(
          e instanceof ApiError && e.status === 401
            ? 'That API key was refused.'
            : e instanceof Error
              ? e.message
              : String(e),
        ),
      )
      .finally(() => setBusy(false));
  };
  const shown = problem ?? error;
  return (
    <div className="sign-in">
      <form className="sign-in-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark">✓</span> carehooks
        </div>
        <p className="muted">
          Sign in with an API key. <code>carehooks serve</code> prints one, and a one-time sign-in link.
        </p>
        {shown && (
          <div className="banner banner-bad" role="alert">
            {shown}
          </div>
        )}
        <label className="field">
          <span>API key</span>
          <input
            type="password"
            name="api-key"
            autoComplete="off"
            autoFocus
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="chk_…"
          />
        </label>
        <button className="button button-primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="fine-print">
          The key stays in this tab only (sessionStorage) and is sent only to this server.
        </p>
      </form>
    </div>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const { organization, currentUser } = session.viewer;
  return (
    <div className="layout">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">✓</span> carehooks
        </div>
        <nav>
          {PAGES.map((page) => (
            <a
              key={page.path}
              href={`#/${page.path}`}
              className={route.page === page.path ? 'nav-link active' : 'nav-link'}
            >
              <span className="nav-icon" aria-hidden="true">
                {page.icon}
              </span>
              {page.label}
            </a>
          ))}
        </nav>
        <div className="sidebar-footer">
          <div className="org-name" title={`Organization ${organization.id}`}>
            {organization.name}
          </div>
          <div className="muted small">{currentUser.email ?? `User ${currentUser.id}`}</div>
          <button className="link-button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main className={route.page === 'explorer' ? 'content content-full' : 'content'}>
        {route.page === 'webhooks' && <WebhooksPage />}
        {route.page === 'attempts' && <AttemptsPage initialFilter={route.rest} />}
        {route.page === 'events' && <EventsPage selected={route.rest} />}
        {route.page === 'explorer' && (
          <Suspense fallback={<div className="splash">Loading the explorer…</div>}>
            <ExplorerPage apiKey={session.key} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
