/**
 * Mutation load for the fault scenarios: concurrent callers send createClient through the real API and
 * record every answer. An answer with the client's id acknowledges it (in the ledger); anything else is
 * kept, so a scenario can check that a fault was answered with a clear error and never left a call hanging.
 */
import type { Ledger } from './ledger.js';

export const CREATE_CLIENT = /* GraphQL */ `
  mutation ($input: createClientInput) {
    createClient(input: $input) {
      user {
        id
      }
      messages {
        field
        message
      }
    }
  }
`;

export const CREATE_WEBHOOK = /* GraphQL */ `
  mutation ($input: createWebhookInput) {
    createWebhook(input: $input) {
      webhook {
        id
        signature_secret
      }
      messages {
        field
        message
      }
    }
  }
`;

export type Outcome =
  /** The mutation was answered with its client's id. */
  | 'acknowledged'
  /** An HTTP answer without an id: a GraphQL error or an error status. */
  | 'error'
  /** No answer within the caller's timeout. */
  | 'timeout'
  /** No connection (the API process was down). */
  | 'unreachable';

export interface Answer {
  outcome: Outcome;
  status: number | null;
  /** The answer's body, or the fetch error's text. */
  text: string;
  /** Date.now() when the call was sent, and how long it took. */
  at: number;
  ms: number;
}

export async function graphql(
  url: string,
  apiKey: string,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 10_000,
): Promise<{ status: number; text: string; body: unknown }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${apiKey}`,
      authorizationsource: 'API',
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Kept as text: the caller reports it.
  }
  return { status: response.status, text, body };
}

/** Subscribes the organization to patient.created at `receiverUrl` through the API; returns the secret. */
export async function subscribe(url: string, apiKey: string, receiverUrl: string): Promise<string> {
  const answer = await graphql(url, apiKey, CREATE_WEBHOOK, {
    input: { url: receiverUrl, webhook_events: [{ event_type: 'patient.created' }] },
  });
  const secret = (
    answer.body as { data?: { createWebhook?: { webhook?: { signature_secret?: string } | null } } }
  ).data?.createWebhook?.webhook?.signature_secret;
  if (!secret) throw new Error(`createWebhook failed: ${answer.text}`);
  return secret;
}

export interface LoadOptions {
  /** The API's base URL now (a restarted API may listen elsewhere); null while it is down. */
  url: () => string | null;
  apiKey: string;
  ledger: Ledger;
  callers: number;
  /** A call not answered within this is recorded as a timeout. */
  timeoutMs: number;
}

export class MutationLoad {
  readonly answers: Answer[] = [];
  private running = true;
  private sent = 0;
  private readonly callers: Promise<void>[];

  constructor(private readonly options: LoadOptions) {
    this.callers = Array.from({ length: options.callers }, () => this.caller());
  }

  /** Answers other than acknowledgements, since `since` (a Date.now() value). */
  failures(since = 0): Answer[] {
    return this.answers.filter((a) => a.outcome !== 'acknowledged' && a.at >= since);
  }

  /** Resolves once `count` more mutations are acknowledged; rejects after `timeoutMs`. */
  async acknowledgeMore(count: number, timeoutMs: number): Promise<void> {
    const target = this.options.ledger.acknowledged.size + count;
    const deadline = Date.now() + timeoutMs;
    while (this.options.ledger.acknowledged.size < target) {
      if (Date.now() > deadline) {
        const last = this.answers.at(-1);
        throw new Error(
          `only ${this.options.ledger.acknowledged.size} of ${target} mutations acknowledged within ` +
            `${timeoutMs} ms; last answer: ${last ? `${last.outcome} ${last.status} ${last.text.slice(0, 300)}` : 'none'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Stops sending and waits for the calls in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.callers);
  }

  private async caller(): Promise<void> {
    while (this.running) {
      const url = this.options.url();
      if (url === null) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const answer = await this.call(url, ++this.sent);
      this.answers.push(answer);
      // Do not spin on a refused connection or a quick error.
      if (answer.outcome !== 'acknowledged') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async call(url: string, n: number): Promise<Answer> {
    const at = Date.now();
    const { apiKey, timeoutMs, ledger } = this.options;
    const input = { first_name: 'Fault', last_name: `Load${n}`, email: `fault-${n}-${at}@example.com` };
    try {
      const { status, text, body } = await graphql(url, apiKey, CREATE_CLIENT, { input }, timeoutMs);
      const id = (body as { data?: { createClient?: { user?: { id?: string } | null } } } | null)?.data
        ?.createClient?.user?.id;
      if (status === 200 && id) {
        ledger.acknowledge(id);
        return { outcome: 'acknowledged', status, text: '', at, ms: Date.now() - at };
      }
      return { outcome: 'error', status, text, at, ms: Date.now() - at };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const text = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
      return { outcome: timedOut ? 'timeout' : 'unreachable', status: null, text, at, ms: Date.now() - at };
    }
  }
}

/** Words that would show internals in an answer: driver errors, SQL, file paths, stack frames. */
const INTERNALS =
  /ECONNREFUSED|ECONNRESET|57P0\d|terminating connection|Connection terminated|SQLITE_|sqlite|postgres|\bpg\b|select |insert into|\.js:\d+|\bat \w+ \(/i;

/**
 * A clear error: an HTTP answer (not a hang) that is a GraphQL error or an error status, whose every
 * message is our own words, not a driver's.
 */
export function unclearError(answer: Answer): string | null {
  if (answer.outcome === 'timeout') return `no answer within ${answer.ms} ms`;
  if (answer.outcome !== 'error') return null;
  const body = safeJson(answer.text) as { errors?: Array<{ message?: unknown }> } | null;
  if (!body || !Array.isArray(body.errors) || body.errors.length === 0) {
    return `HTTP ${answer.status} without a GraphQL error: ${answer.text.slice(0, 200)}`;
  }
  const internal = body.errors.find((e) => INTERNALS.test(String(e.message)));
  return internal ? `internals in the answer: ${String(internal.message)}` : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
