/** A GraphQL explorer (GraphiQL, bundled) signed in with the dashboard's key. */
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { useMemo } from 'react';
import { authHeaders } from '../api.js';

const DEFAULT_QUERY = `# Every call carries your API key (Authorization: Basic …, AuthorizationSource: API).
query Overview {
  organization {
    id
    name
  }
  webhooks(page_size: 5) {
    id
    url
    is_enabled
    webhook_events {
      event_type
    }
  }
  sentWebhooks(page_size: 5) {
    created_at
    event_type
    http_response_status
    url
  }
}
`;

export default function ExplorerPage({ apiKey }: { apiKey: string }) {
  const fetcher = useMemo(
    () => async (params: unknown) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeaders(apiKey) },
        body: JSON.stringify(params),
      });
      return (await response.json()) as Record<string, unknown>;
    },
    [apiKey],
  );
  return (
    <div className="explorer">
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
    </div>
  );
}
