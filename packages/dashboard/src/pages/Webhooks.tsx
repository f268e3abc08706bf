/**
 * Webhooks: each endpoint with its subscriptions, state, last hour (success rate and latency) and retry
 * state; create, edit, enable or disable, rotate the secret, send a test, delete.
 */
import { catalog } from '@carehooks/catalog';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { describeMessages, graphql, type FieldError } from '../api.js';
import { Badge, CodeBlock, Empty, ErrorBanner, Modal, useToast } from '../components.js';
import { milliseconds, timeAgo } from '../format.js';
import {
  CREATE_WEBHOOK,
  DELETE_WEBHOOK,
  ROTATE_SECRET,
  SEND_TEST,
  UPDATE_WEBHOOK,
  WEBHOOKS,
  type Bucket,
  type Webhook,
  type WebhookPayload,
} from '../queries.js';
import { BUCKET_MS, chartData, Sparkline, WINDOW_MS } from '../Sparkline.js';

const REFRESH_MS = 15_000;

interface Loaded {
  webhooks: Webhook[];
  total: number;
  buckets: Bucket[];
  windowStart: number;
}

export function WebhooksPage() {
  const toast = useToast();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [showingSecret, setShowingSecret] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);

  const load = useCallback(async () => {
    // Buckets aligned to 5 minutes, so a bucket keeps its place from one refresh to the next.
    const windowStart = Math.floor((Date.now() - WINDOW_MS) / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
    try {
      const data = await graphql<{
        webhooks: Webhook[];
        webhooksCount: number;
        sentWebhookBuckets: Bucket[];
      }>(WEBHOOKS, { after: new Date(windowStart).toISOString() });
      setLoaded({
        webhooks: data.webhooks,
        total: data.webhooksCount,
        buckets: data.sentWebhookBuckets,
        windowStart,
      });
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const run = async (work: () => Promise<string | null>, success: string) => {
    try {
      const problem = await work();
      if (problem) toast('bad', problem);
      else toast('ok', success);
    } catch (e) {
      toast('bad', e instanceof Error ? e.message : String(e));
    }
    await load();
  };

  const setEnabled = (webhook: Webhook, enabled: boolean) =>
    run(
      async () => {
        const data = await graphql<{ updateWebhook: WebhookPayload }>(UPDATE_WEBHOOK, {
          input: { id: webhook.id, is_enabled: enabled },
        });
        return describeMessages(data.updateWebhook.messages);
      },
      `Webhook ${webhook.id} ${enabled ? 'enabled' : 'disabled'}.`,
    );

  const sendTest = (webhook: Webhook) =>
    run(async () => {
      const data = await graphql<{ sendTestWebhook: { sent: boolean; messages: FieldError[] | null } }>(
        SEND_TEST,
        {
          input: { id: webhook.id },
        },
      );
      return describeMessages(data.sendTestWebhook.messages);
    }, `A test.created delivery is on its way to webhook ${webhook.id}.`);

  const bucketsByWebhook = useMemo(() => {
    const map = new Map<string, Bucket[]>();
    for (const bucket of loaded?.buckets ?? []) {
      const list = map.get(bucket.webhook_id) ?? [];
      list.push(bucket);
      map.set(bucket.webhook_id, list);
    }
    return map;
  }, [loaded]);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p className="muted">
            Endpoints that receive signed POSTs for the events they subscribe to. The chart shows the last
            hour in 5-minute bars (green: delivered, red: failed) and the mean latency (line).
          </p>
        </div>
        <button className="button button-primary" onClick={() => setEditing('new')}>
          + New webhook
        </button>
      </header>
      <ErrorBanner error={error} />
      {loaded && loaded.webhooks.length === 0 && (
        <Empty title="No webhooks yet">Create one to start receiving events.</Empty>
      )}
      {loaded && loaded.webhooks.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Webhooks">
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>Events</th>
                <th>Last hour</th>
                <th>Retry state</th>
                <th className="actions-col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {loaded.webhooks.map((webhook) => (
                <WebhookRow
                  key={webhook.id}
                  webhook={webhook}
                  buckets={bucketsByWebhook.get(webhook.id) ?? []}
                  windowStart={loaded.windowStart}
                  onEdit={() => setEditing(webhook)}
                  onToggle={() => void setEnabled(webhook, !webhook.is_enabled)}
                  onTest={() => void sendTest(webhook)}
                  onSecret={() => setShowingSecret(webhook)}
                  onDelete={() => setDeleting(webhook)}
                />
              ))}
            </tbody>
          </table>
          {loaded.total > loaded.webhooks.length && (
            <p className="muted small table-note">
              Showing the newest {loaded.webhooks.length} of {loaded.total} webhooks.
            </p>
          )}
        </div>
      )}
      {editing && (
        <WebhookForm
          webhook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast('ok', created ? `Webhook ${saved.id} created.` : `Webhook ${saved.id} saved.`);
            if (created) setShowingSecret(saved);
            void load();
          }}
        />
      )}
      {showingSecret && (
        <SecretDialog
          webhook={showingSecret}
          onClose={() => setShowingSecret(null)}
          onRotated={(rotated) => {
            setShowingSecret(rotated);
            toast(
              'ok',
              `Webhook ${rotated.id} has a new secret; the old one signs a second header for 24 hours.`,
            );
            void load();
          }}
        />
      )}
      {deleting && (
        <Modal
          title={`Delete webhook ${deleting.id}?`}
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button className="button" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button
                className="button button-danger"
                onClick={() => {
                  const target = deleting;
                  setDeleting(null);
                  void run(async () => {
                    const data = await graphql<{ deleteWebhook: { messages: FieldError[] | null } }>(
                      DELETE_WEBHOOK,
                      {
                        input: { id: target.id },
                      },
                    );
                    return describeMessages(data.deleteWebhook.messages);
                  }, `Webhook ${target.id} deleted.`);
                }}
              >
                Delete
              </button>
            </>
          }
        >
          <p>
            <code>{deleting.url}</code> stops receiving events at once and its unsent deliveries are
            cancelled. The attempt log stays.
          </p>
        </Modal>
      )}
    </section>
  );
}

function WebhookRow({
  webhook,
  buckets,
  windowStart,
  onEdit,
  onToggle,
  onTest,
  onSecret,
  onDelete,
}: {
  webhook: Webhook;
  buckets: Bucket[];
  windowStart: number;
  onEdit: () => void;
  onToggle: () => void;
  onTest: () => void;
  onSecret: () => void;
  onDelete: () => void;
}) {
  const data = useMemo(() => chartData(buckets, windowStart), [buckets, windowStart]);
  const attempts = buckets.reduce((sum, b) => sum + b.attempts, 0);
  const succeeded = buckets.reduce((sum, b) => sum + b.succeeded, 0);
  const weighted = buckets.reduce((sum, b) => sum + (b.avg_duration_ms ?? 0) * b.attempts, 0);
  const rate = attempts > 0 ? Math.round((100 * succeeded) / attempts) : null;
  const latency = attempts > 0 ? weighted / attempts : null;
  const events = webhook.webhook_events.map((e) => e.event_type);
  const failing = webhook.webhook_events.filter((e) => e.first_failed_at !== null);
  const since = failing.map((e) => e.first_failed_at!).sort()[0] ?? null;
  const retries = failing.reduce((sum, e) => sum + e.retry_count, 0);
  const summary =
    rate === null
      ? 'No attempts in the last hour'
      : `${rate}% of ${attempts} attempts succeeded, ${milliseconds(latency)} mean`;

  return (
    <tr data-webhook-id={webhook.id}>
      <td>
        <div className="url">{webhook.url}</div>
        <div className="endpoint-meta">
          {webhook.is_enabled ? <Badge tone="ok">Enabled</Badge> : <Badge tone="muted">Disabled</Badge>}
          <span className="muted small">
            Webhook {webhook.id} · <a href={`#/attempts/${webhook.id}`}>attempts</a>
          </span>
        </div>
      </td>
      <td>
        <div className="chips">
          {events.slice(0, 3).map((type) => (
            <a className="chip" key={type} href={`#/events/${type}`}>
              {type}
            </a>
          ))}
          {events.length > 3 && <span className="chip chip-more">+{events.length - 3} more</span>}
          {events.length === 0 && <span className="muted small">none</span>}
        </div>
      </td>
      <td>
        <div className="chart-cell">
          <Sparkline data={data} windowStart={windowStart} label={summary} />
          <div className="chart-figures">
            <strong
              className={
                rate === null ? 'muted' : rate >= 95 ? 'tone-ok' : rate >= 50 ? 'tone-warn' : 'tone-bad'
              }
            >
              {rate === null ? '—' : `${rate}%`}
            </strong>
            <span className="muted small">{latency === null ? 'no traffic' : milliseconds(latency)}</span>
          </div>
        </div>
      </td>
      <td className="retry-cell">
        {since ? (
          <div>
            <Badge tone="bad">Failing</Badge>
            <div className="small">
              since {timeAgo(since)} · {retries} failed {retries === 1 ? 'attempt' : 'attempts'}
            </div>
            {webhook.warned_at && (
              <div className="small muted">owner emailed {timeAgo(webhook.warned_at)}</div>
            )}
          </div>
        ) : (
          <Badge tone="ok">Healthy</Badge>
        )}
        <div className="small muted">{webhook.should_retry ? 'retries for ~3 days' : 'no retries'}</div>
        {webhook.signature_scheme === 'standard_webhooks' && (
          <div className="small muted">Standard Webhooks signatures</div>
        )}
        {webhook.payload_id_format === 'number' && <div className="small muted">Ids sent as numbers</div>}
        {webhook.ordering === 'per_resource' && <div className="small muted">In order per resource</div>}
        {webhook.max_per_second !== null && (
          <div className="small muted">At most {webhook.max_per_second} per second</div>
        )}
      </td>
      <td className="actions-col">
        <div className="row-actions">
          <button className="button button-small" onClick={onTest} disabled={!webhook.is_enabled}>
            Send test
          </button>
          <button className="button button-small" onClick={onEdit}>
            Edit
          </button>
          <button className="button button-small" onClick={onToggle}>
            {webhook.is_enabled ? 'Disable' : 'Enable'}
          </button>
          <button className="button button-small" onClick={onSecret}>
            Secret
          </button>
          <button className="button button-small button-danger-quiet" onClick={onDelete}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}

const GROUPS = (() => {
  const groups = new Map<string, string[]>();
  for (const entry of catalog) {
    const list = groups.get(entry.resource_id_type) ?? [];
    list.push(entry.event_type);
    groups.set(entry.resource_id_type, list);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
})();

function WebhookForm({
  webhook,
  onClose,
  onSaved,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  onSaved: (webhook: Webhook, created: boolean) => void;
}) {
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [selected, setSelected] = useState<Set<string>>(
    () => new Set(webhook?.webhook_events.map((e) => e.event_type) ?? []),
  );
  const [enabled, setEnabled] = useState(webhook?.is_enabled ?? true);
  const [retry, setRetry] = useState(webhook?.should_retry ?? true);
  const [scheme, setScheme] = useState(webhook?.signature_scheme ?? 'healthie');
  const [idFormat, setIdFormat] = useState(webhook?.payload_id_format ?? 'string');
  const [ordering, setOrdering] = useState(webhook?.ordering ?? 'none');
  const [rate, setRate] = useState(webhook?.max_per_second?.toString() ?? '');
  const [filter, setFilter] = useState('');
  const [messages, setMessages] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const visible = GROUPS.map(
    ([group, types]) => [group, types.filter((t) => t.includes(filter.trim().toLowerCase()))] as const,
  ).filter(([, types]) => types.length > 0);
  const toggle = (type: string) =>
    setSelected((set) => {
      const next = new Set(set);
      if (next.has(type)) next.delete(type);
      else next.add(type);
      return next;
    });
  const selectVisible = (on: boolean) =>
    setSelected((set) => {
      const next = new Set(set);
      for (const [, types] of visible)
        for (const type of types)
          if (on) next.add(type);
          else next.delete(type);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // Existing subscriptions keep their rows (and failure counters): the server matches them by event type.
    const input = {
      url: url.trim(),
      is_enabled: enabled,
      should_retry: retry,
      signature_scheme: scheme,
      payload_id_format: idFormat,
      ordering,
      // Empty: no limit. Anything but digits goes as typed, so the server names the field.
      max_per_second: rate.trim() === '' ? null : /^\d+$/.test(rate.trim()) ? Number(rate.trim()) : rate,
      webhook_events: [...selected].sort().map((event_type) => ({ event_type })),
    };
    const save = webhook
      ? graphql<{ updateWebhook: WebhookPayload }>(UPDATE_WEBHOOK, {
          input: { id: webhook.id, ...input },
        }).then((d) => d.updateWebhook)
      : graphql<{ createWebhook: WebhookPayload }>(CREATE_WEBHOOK, { input }).then((d) => d.createWebhook);
    save
      .then((payload) => {
        if (payload.messages?.length || !payload.webhook) setMessages(payload.messages ?? []);
        else onSaved(payload.webhook, webhook === null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const messageFor = (field: string) =>
    messages
      .filter(
        (m) =>
          m.field === field ||
          (m.field ?? '').startsWith(`${field}[`) ||
          (m.field ?? '').startsWith(`${field}.`),
      )
      .map((m) => m.message)
      .join(' ');
  const otherMessages = messages.filter(
    (m) =>
      !['url', 'webhook_events', 'signature_scheme', 'payload_id_format', 'ordering', 'max_per_second'].some(
        (f) => (m.field ?? '').startsWith(f),
      ),
  );

  return (
    <Modal
      title={webhook ? `Edit webhook ${webhook.id}` : 'New webhook'}
      onClose={onClose}
      wide
      footer={
        <>
          <span className="muted small footer-note">{selected.size} event types selected</span>
          <button className="button" type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="button button-primary" type="submit" form="webhook-form" disabled={busy}>
            {busy ? 'Saving…' : webhook ? 'Save' : 'Create webhook'}
          </button>
        </>
      }
    >
      <form id="webhook-form" className="form" onSubmit={submit}>
        <ErrorBanner error={error} />
        {otherMessages.length > 0 && <ErrorBanner error={describeMessages(otherMessages)} />}
        <label className="field">
          <span>Endpoint URL</span>
          <input
            name="url"
            type="text"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/webhooks"
            autoFocus
          />
          {messageFor('url') && <em className="field-error">{messageFor('url')}</em>}
        </label>
        <div className="toggles">
          <label className="toggle">
            <input
              type="checkbox"
              name="is_enabled"
              checked={enabled}
              onChange={(e) => setEnabled(e.target.checked)}
            />
            Enabled
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              name="should_retry"
              checked={retry}
              onChange={(e) => setRetry(e.target.checked)}
            />
            Retry failed deliveries (about 3 days)
          </label>
        </div>
        <label className="field">
          <span>Signature scheme</span>
          <select
            name="signature_scheme"
            value={scheme}
            onChange={(e) => setScheme(e.target.value as Webhook['signature_scheme'])}
          >
            <option value="healthie">Healthie (Signature header)</option>
            <option value="standard_webhooks">Standard Webhooks (webhook-signature header, too)</option>
          </select>
          {messageFor('signature_scheme') && (
            <em className="field-error">{messageFor('signature_scheme')}</em>
          )}
        </label>
        <label className="field">
          <span>Ids in payloads</span>
          <select
            name="payload_id_format"
            value={idFormat}
            onChange={(e) => setIdFormat(e.target.value as Webhook['payload_id_format'])}
          >
            <option value="string">Strings, as documented (&quot;resource_id&quot;: &quot;123&quot;)</option>
            <option value="number">Numbers (&quot;resource_id&quot;: 123)</option>
          </select>
          {messageFor('payload_id_format') && (
            <em className="field-error">{messageFor('payload_id_format')}</em>
          )}
        </label>
        <label className="field">
          <span>Order</span>
          <select
            name="ordering"
            value={ordering}
            onChange={(e) => setOrdering(e.target.value as Webhook['ordering'])}
          >
            <option value="none">Any order (fastest)</option>
            <option value="per_resource">In commit order per resource, one at a time</option>
          </select>
          {messageFor('ordering') && <em className="field-error">{messageFor('ordering')}</em>}
        </label>
        <label className="field">
          <span>Most deliveries per second</span>
          <input
            name="max_per_second"
            type="text"
            inputMode="numeric"
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            placeholder="No limit"
          />
          {messageFor('max_per_second') && <em className="field-error">{messageFor('max_per_second')}</em>}
        </label>
        <div className="field">
          <span>Event types</span>
          <div className="picker-bar">
            <input
              type="search"
              placeholder="Filter event types, e.g. patient"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              aria-label="Filter event types"
            />
            <button type="button" className="button button-small" onClick={() => selectVisible(true)}>
              Select shown
            </button>
            <button type="button" className="button button-small" onClick={() => selectVisible(false)}>
              Clear shown
            </button>
          </div>
          {messageFor('webhook_events') && <em className="field-error">{messageFor('webhook_events')}</em>}
          <div className="picker">
            {visible.map(([group, types]) => (
              <fieldset key={group}>
                <legend>{group}</legend>
                {types.map((type) => (
                  <label key={type} className="check">
                    <input
                      type="checkbox"
                      checked={selected.has(type)}
                      onChange={() => toggle(type)}
                      value={type}
                    />
                    {type}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        </div>
      </form>
    </Modal>
  );
}

function SecretDialog({
  webhook,
  onClose,
  onRotated,
}: {
  webhook: Webhook;
  onClose: () => void;
  onRotated: (webhook: Webhook) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rotate = () => {
    setBusy(true);
    graphql<{ expireWebhookSignature: WebhookPayload }>(ROTATE_SECRET, { input: { id: webhook.id } })
      .then((data) => {
        const payload = data.expireWebhookSignature;
        if (payload.webhook) onRotated(payload.webhook);
        else setError(describeMessages(payload.messages) ?? 'The secret was not rotated.');
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <Modal
      title={`Signing secret of webhook ${webhook.id}`}
      onClose={onClose}
      footer={
        <>
          <button className="button" onClick={rotate} disabled={busy}>
            {busy ? 'Rotating…' : 'Rotate secret'}
          </button>
          <button className="button button-primary" onClick={onClose}>
            Done
          </button>
        </>
      }
    >
      <ErrorBanner error={error} />
      {webhook.signature_scheme === 'standard_webhooks' ? (
        <p className="muted">
          Verify each delivery&apos;s <code>webhook-signature</code> header with this secret (any Standard
          Webhooks library, or @carehooks/receiver). Rotating replaces it at once; for 24 hours that header
          also carries a signature made with the old one.
        </p>
      ) : (
        <p className="muted">
          Verify each delivery&apos;s <code>Signature</code> header with this secret (see
          @carehooks/receiver). Rotating replaces it at once; for 24 hours deliveries also carry{' '}
          <code>X-Carehooks-Signature-Previous</code>, signed with the old one.
        </p>
      )}
      <CodeBlock label="signature_secret" text={webhook.signature_secret ?? ''} />
    </Modal>
  );
}
