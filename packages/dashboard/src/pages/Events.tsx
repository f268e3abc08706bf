/** Events: the catalog of every event type, with its payload's JSON Schema and an example body. */
import { catalog, type EventDefinition } from '@carehooks/catalog';
import { useMemo, useState } from 'react';
import { CodeBlock } from '../components.js';
import { navigate } from '../navigation.js';

export function EventsPage({ selected }: { selected: string }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle
      ? catalog.filter(
          (e) =>
            e.event_type.includes(needle) ||
            e.resource_id_type.toLowerCase().includes(needle) ||
            e.mutations.some((m) => m.toLowerCase().includes(needle)),
        )
      : catalog;
  }, [filter]);
  const current = catalog.find((e) => e.event_type === selected) ?? shown[0] ?? null;

  return (
    <section className="page page-split">
      <div className="list-pane">
        <header className="list-pane-header">
          <h1>Events</h1>
          <p className="muted small">{catalog.length} event types</p>
          <input
            type="search"
            placeholder="Filter by event, resource or mutation"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            aria-label="Filter events"
          />
        </header>
        <ul className="event-list" aria-label="Event types">
          {shown.map((entry) => (
            <li key={entry.event_type}>
              <button
                className={entry === current ? 'event-item active' : 'event-item'}
                onClick={() => navigate(`events/${entry.event_type}`)}
              >
                <code>{entry.event_type}</code>
                <span className="muted small">{entry.resource_id_type}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="detail-pane">
        {current ? <EventDetail entry={current} /> : <p>No event matches.</p>}
      </div>
    </section>
  );
}

function EventDetail({ entry }: { entry: EventDefinition }) {
  return (
    <article className="event-detail" aria-label={entry.event_type}>
      <h2>
        <code>{entry.event_type}</code>
      </h2>
      <p>{entry.description}</p>
      <dl className="facts">
        <dt>Resource</dt>
        <dd>{entry.resource_id_type}</dd>
        <dt>Fired by</dt>
        <dd>
          {entry.mutations.length > 0
            ? entry.mutations.map((m) => (
                <code key={m} className="chip">
                  {m}
                </code>
              ))
            : (entry.triggers ?? '—')}
          {entry.mutations.length > 0 && entry.triggers && (
            <div className="small muted">{entry.triggers}</div>
          )}
        </dd>
        <dt>Extra fields</dt>
        <dd>
          {entry.extras.length === 0
            ? 'none'
            : entry.extras.map((extra) => (
                <code key={extra.name} className="chip">
                  {extra.name}
                  {extra.nullable ? '?' : ''}
                </code>
              ))}
        </dd>
        {entry.decision && (
          <>
            <dt>Note</dt>
            <dd className="small">{entry.decision}</dd>
          </>
        )}
      </dl>
      <div className="two-columns">
        <CodeBlock label="Example body" text={JSON.stringify(entry.example, null, 2)} />
        <CodeBlock label="JSON Schema" text={JSON.stringify(entry.schema, null, 2)} />
      </div>
    </article>
  );
}
