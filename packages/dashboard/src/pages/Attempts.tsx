/**
 * Attempts: the `sentWebhooks` log with its filters, newest first, refreshed every few seconds while the
 * first page is shown; each attempt's request and response; resend one; recover a webhook's failures.
 */
import { catalog } from '@carehooks/catalog';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeMessages, graphql, type FieldError } from '../api.js';
import { Badge, CodeBlock, Empty, ErrorBanner, Modal, useToast } from '../components.js';
import {
  dateTime,
  fromLocalInput,
  milliseconds,
  prettyBody,
  stateTone,
  statusTone,
  timeAgo,
  toLocalInput,
} from '../format.js';
import { ATTEMPTS, RECOVER, RESEND, WEBHOOK_URLS, type Attempt, type AttemptFilters } from '../queries.js';

const PAGE_SIZE = 50;
const POLL_MS = 2000;

interface FilterForm {
  outcome: '' | 'failed' | 'succeeded';
  event_type: string;
  webhook_id: string;
  resource_id: string;
  sent_after: string;
  sent_before: string;
  keywords: string;
}

const EMPTY_FORM: FilterForm = {
  outcome: '',
  event_type: '',
  webhook_id: '',
  resource_id: '',
  sent_after: '',
  sent_before: '',
  keywords: '',
};

function toVariables(form: FilterForm): AttemptFilters {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    failed: form.outcome === '' ? null : form.outcome === 'failed',
    event_type: text(form.event_type),
    webhook_id: text(form.webhook_id),
    resource_id: text(form.resource_id),
    sent_after: fromLocalInput(form.sent_after),
    sent_before: fromLocalInput(form.sent_before),
    keywords: text(form.keywords),
  };
}

interface WebhookOption {
  id: string;
  url: string;
  is_enabled: boolean;
}

export function AttemptsPage({ initialFilter }: { initialFilter: string }) {
  const toast = useToast();
  const [form, setForm] = useState<FilterForm>({ ...EMPTY_FORM, webhook_id: initialFilter });
  const [rows, setRows] = useState<Attempt[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(true);
  const [extraPages, setExtraPages] = useState(false);
  const [open, setOpen] = useState<Attempt | null>(null);
  const [recovering, setRecovering] = useState(false);
  const [webhooks, setWebhooks] = useState<WebhookOption[]>([]);
  const formRef = useRef(form);
  formRef.current = form;

  useEffect(() => {
    setForm((f) => ({ ...f, webhook_id: initialFilter }));
  }, [initialFilter]);

  useEffect(() => {
    graphql<{ webhooks: WebhookOption[] }>(WEBHOOK_URLS)
      .then((d) => setWebhooks(d.webhooks))
      .catch(() => undefined);
  }, []);

  /** The first page for the current filters (what polling refreshes). */
  const loadFirst = useCallback(async () => {
    try {
      const data = await graphql<{ sentWebhooks: Attempt[]; sentWebhooksCount: number }>(ATTEMPTS, {
        ...toVariables(formRef.current),
        page_size: PAGE_SIZE,
      });
      setRows(data.sentWebhooks);
      setTotal(data.sentWebhooksCount);
      setExtraPages(false);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void loadFirst();
  }, [form, loadFirst]);

  useEffect(() => {
    if (!live || extraPages) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void loadFirst();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, extraPages, loadFirst]);

  // Keep an open attempt's details in step with the refreshed list (its delivery state changes).
  useEffect(() => {
    setOpen((current) => (current ? (rows.find((r) => r.id === current.id) ?? current) : null));
  }, [rows]);

  const loadMore = async () => {
    const last = rows.at(-1);
    if (!last) return;
    try {
      const data = await graphql<{ sentWebhooks: Attempt[] }>(ATTEMPTS, {
        ...toVariables(form),
        page_size: PAGE_SIZE,
        after: last.cursor,
      });
      setRows((list) => [...list, ...data.sentWebhooks]);
      setExtraPages(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const resend = async (attempt: Attempt) => {
    try {
      const data = await graphql<{ resendSentWebhook: { sent: boolean; messages: FieldError[] | null } }>(
        RESEND,
        {
          input: { id: attempt.id },
        },
      );
      const problem = describeMessages(data.resendSentWebhook.messages);
      if (problem) toast('bad', problem);
      else toast('ok', `Delivery ${attempt.delivery_id} queued to be sent again.`);
    } catch (e) {
      toast('bad', e instanceof Error ? e.message : String(e));
    }
    await loadFirst();
  };

  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const filtered = JSON.stringify(form) !== JSON.stringify(EMPTY_FORM);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Attempts</h1>
          <p className="muted">
            Every delivery attempt, newest first.{' '}
            {total !== null && (
              <span>
                {total} {total === 1 ? 'attempt matches' : 'attempts match'}.
              </span>
            )}
          </p>
        </div>
        <div className="header-actions">
          <label className="toggle live-toggle" title="Refresh the first page every 2 seconds">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            <span className={live && !extraPages ? 'live-dot on' : 'live-dot'} /> Live
          </label>
          <button className="button" onClick={() => setRecovering(true)}>
            Recover failed…
          </button>
        </div>
      </header>
      <div className="filters" role="search">
        <select
          aria-label="Outcome"
          value={form.outcome}
          onChange={(e) => set('outcome', e.target.value as FilterForm['outcome'])}
        >
          <option value="">All outcomes</option>
          <option value="failed">Failed</option>
          <option value="succeeded">Succeeded</option>
        </select>
        <select
          aria-label="Webhook"
          value={form.webhook_id}
          onChange={(e) => set('webhook_id', e.target.value)}
        >
          <option value="">All webhooks</option>
          {webhooks.map((w) => (
            <option key={w.id} value={w.id}>
              {w.id}: {w.url}
            </option>
          ))}
          {form.webhook_id && !webhooks.some((w) => w.id === form.webhook_id) && (
            <option value={form.webhook_id}>Webhook {form.webhook_id}</option>
          )}
        </select>
        <select
          aria-label="Event type"
          value={form.event_type}
          onChange={(e) => set('event_type', e.target.value)}
        >
          <option value="">All event types</option>
          {catalog.map((entry) => (
            <option key={entry.event_type} value={entry.event_type}>
              {entry.event_type}
            </option>
          ))}
        </select>
        <input
          aria-label="Resource id"
          placeholder="Resource id"
          value={form.resource_id}
          onChange={(e) => set('resource_id', e.target.value)}
        />
        <label className="inline-field">
          From
          <input
            type="datetime-local"
            aria-label="Sent after"
            value={form.sent_after}
            onChange={(e) => set('sent_after', e.target.value)}
          />
        </label>
        <label className="inline-field">
          To
          <input
            type="datetime-local"
            aria-label="Sent before"
            value={form.sent_before}
            onChange={(e) => set('sent_before', e.target.value)}
          />
        </label>
        <input
          type="search"
          aria-label="Keywords"
          placeholder="Search URL, event, resource"
          value={form.keywords}
          onChange={(e) => set('keywords', e.target.value)}
        />
        {filtered && (
          <button className="link-button" onClick={() => setForm(EMPTY_FORM)}>
            Clear filters
          </button>
        )}
      </div>
      <ErrorBanner error={error} />
      {total === 0 && (
        <Empty title={filtered ? 'No attempts match these filters' : 'No attempts yet'}>
          {filtered ? 'Try a wider time range.' : 'Deliveries appear here as soon as they are tried.'}
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table-hover" aria-label="Attempts">
            <thead>
              <tr>
                <th>Time</th>
                <th>Status</th>
                <th>Event</th>
                <th>Resource</th>
                <th>Endpoint</th>
                <th>Duration</th>
                <th>Delivery</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-attempt-id={row.id}
                  className={open?.id === row.id ? 'selected' : undefined}
                  onClick={() => setOpen(row)}
                  tabIndex={0}
                  onKeyDown={(e) => e.key === 'Enter' && setOpen(row)}
                >
                  <td title={dateTime(row.created_at)}>
                    <div>{timeAgo(row.created_at)}</div>
                    <div className="muted small">{new Date(row.created_at).toLocaleTimeString()}</div>
                  </td>
                  <td>
                    <Badge
                      tone={statusTone(row.error ? null : row.http_response_status)}
                      title={row.error ?? undefined}
                    >
                      {row.http_response_status ?? 'no response'}
                    </Badge>
                  </td>
                  <td>
                    <code>{row.event_type}</code>
                  </td>
                  <td className="small">
                    {row.resource_id_type} {row.resource_id}
                  </td>
                  <td className="url small">{row.url}</td>
                  <td className="small">{milliseconds(row.duration_ms)}</td>
                  <td className="small">
                    <Badge tone={stateTone(row.delivery_state)}>{row.delivery_state ?? 'gone'}</Badge>
                    <span className="muted"> #{row.attempt}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {total !== null && rows.length < total && (
            <div className="table-note">
              <button className="button" onClick={() => void loadMore()}>
                Load older attempts
              </button>
              {extraPages && (
                <span className="muted small"> Live refresh pauses while older pages are shown.</span>
              )}
            </div>
          )}
        </div>
      )}
      {open && (
        <AttemptDetails attempt={open} onClose={() => setOpen(null)} onResend={() => void resend(open)} />
      )}
      {recovering && (
        <RecoverDialog
          webhooks={webhooks}
          initialWebhook={form.webhook_id}
          onClose={() => setRecovering(false)}
          onRecovered={(count, webhookId) => {
            setRecovering(false);
            toast(
              'ok',
              `${count} failed ${count === 1 ? 'delivery' : 'deliveries'} of webhook ${webhookId} queued again.`,
            );
            void loadFirst();
          }}
        />
      )}
    </section>
  );
}

function AttemptDetails({
  attempt,
  onClose,
  onResend,
}: {
  attempt: Attempt;
  onClose: () => void;
  onResend: () => void;
}) {
  const requestHeaders = [
    'Content-Type: application/json',
    `X-Carehooks-Delivery: ${attempt.delivery_id ?? ''}`,
    'User-Agent: carehooks/<version>',
    'Content-Digest, Signature-Input, Signature: computed for each attempt, not stored',
  ].join('\n');
  return (
    <aside className="drawer" aria-label={`Attempt ${attempt.id}`}>
      <header className="drawer-header">
        <div>
          <h2>Attempt {attempt.id}</h2>
          <div className="muted small">{dateTime(attempt.created_at)}</div>
        </div>
        <button className="icon-button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="drawer-body">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <Badge tone={statusTone(attempt.error ? null : attempt.http_response_status)}>
              {attempt.http_response_status ?? 'no response'}
            </Badge>
            {attempt.error && <div className="small tone-bad">{attempt.error}</div>}
          </dd>
          <dt>Event</dt>
          <dd>
            <a href={`#/events/${attempt.event_type ?? ''}`}>
              <code>{attempt.event_type}</code>
            </a>{' '}
            <span className="muted small">
              {attempt.resource_id_type} {attempt.resource_id}
            </span>
          </dd>
          <dt>Webhook</dt>
          <dd>
            {attempt.webhook_id} · <span className="url">{attempt.url}</span>
          </dd>
          <dt>Duration</dt>
          <dd>{milliseconds(attempt.duration_ms)}</dd>
          <dt>Delivery</dt>
          <dd>
            {attempt.delivery_id} · attempt #{attempt.attempt} ·{' '}
            <Badge tone={stateTone(attempt.delivery_state)}>{attempt.delivery_state ?? 'gone'}</Badge>
            {attempt.next_attempt_at && (
              <span className="small"> next attempt {timeAgo(attempt.next_attempt_at)}</span>
            )}
          </dd>
        </dl>
        <div className="drawer-actions">
          <button
            className="button button-primary"
            onClick={onResend}
            disabled={attempt.delivery_state === 'in_flight'}
          >
            Resend
          </button>
          <span className="muted small">Same body and X-Carehooks-Delivery id, sent now.</span>
        </div>
        <h3>Request</h3>
        <div className="muted small request-line">
          POST <span className="url">{attempt.url}</span>
        </div>
        <CodeBlock label="Headers" text={requestHeaders} />
        <CodeBlock
          label="Body"
          text={attempt.request_body === null ? '(deleted by retention)' : prettyBody(attempt.request_body)}
        />
        <h3>Response</h3>
        <CodeBlock
          label={`Status ${attempt.http_response_status ?? '— no response'}`}
          text={attempt.response_body === null ? '' : prettyBody(attempt.response_body)}
        />
      </div>
    </aside>
  );
}

function RecoverDialog({
  webhooks,
  initialWebhook,
  onClose,
  onRecovered,
}: {
  webhooks: WebhookOption[];
  initialWebhook: string;
  onClose: () => void;
  onRecovered: (count: number, webhookId: string) => void;
}) {
  const [webhookId, setWebhookId] = useState(initialWebhook || (webhooks[0]?.id ?? ''));
  const [since, setSince] = useState(() => toLocalInput(Date.now() - 60 * 60 * 1000));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = () => {
    const iso = fromLocalInput(since);
    if (!webhookId || !iso) {
      setError('Choose a webhook and a time.');
      return;
    }
    setBusy(true);
    graphql<{ recoverWebhook: { count: number; messages: FieldError[] | null } }>(RECOVER, {
      input: { id: webhookId, since: iso },
    })
      .then((data) => {
        const problem = describeMessages(data.recoverWebhook.messages);
        if (problem) setError(problem);
        else onRecovered(data.recoverWebhook.count, webhookId);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <Modal
      title="Recover failed deliveries"
      onClose={onClose}
      footer={
        <>
          <button className="button" onClick={onClose}>
            Cancel
          </button>
          <button className="button button-primary" onClick={submit} disabled={busy}>
            {busy ? 'Recovering…' : 'Recover'}
          </button>
        </>
      }
    >
      <ErrorBanner error={error} />
      <p className="muted">
        Sends again every delivery of the webhook that failed (or was cancelled when the webhook was disabled)
        since the time, each with its original body and delivery id.
      </p>
      <div className="form">
        <label className="field">
          <span>Webhook</span>
          <select name="webhook" value={webhookId} onChange={(e) => setWebhookId(e.target.value)}>
            {webhooks.map((w) => (
              <option key={w.id} value={w.id}>
                {w.id}: {w.url}
                {w.is_enabled ? '' : ' (disabled)'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Failed since</span>
          <input
            type="datetime-local"
            name="since"
            value={since}
            onChange={(e) => setSince(e.target.value)}
          />
        </label>
      </div>
    </Modal>
  );
}
