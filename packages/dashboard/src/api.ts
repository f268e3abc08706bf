/**
 * Talking to the carehooks server the page came from: GraphQL at /graphql with the API key the user
 * signed in with (kept in sessionStorage, so it ends with the tab), and the one-time sign-in link exchange.
 */

const KEY_STORAGE = 'carehooks.apiKey';

export interface FieldError {
  field: string | null;
  message: string;
}

/** A GraphQL error or an HTTP failure, with the server's words. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

/** The headers every API call carries, as Healthie's API expects them. */
export function authHeaders(key: string): Record<string, string> {
  return { Authorization: `Basic ${key}`, AuthorizationSource: 'API' };
}

let onUnauthorized: (() => void) | null = null;

/** Called when the server refuses the stored key (revoked, or another store): the app signs out. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export async function graphql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  key: string | null = storedKey(),
): Promise<T> {
  if (!key) throw new ApiError('Not signed in.', 401);
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders(key) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The carehooks server cannot be reached. Is `carehooks serve` still running?', 0);
  }
  let body: { data?: T | null; errors?: Array<{ message: string }> };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`The server answered ${response.status} without JSON.`, response.status);
  }
  if (response.status === 401) {
    onUnauthorized?.();
    throw new ApiError(body.errors?.[0]?.message ?? 'The API key was refused.', 401);
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '), response.status);
  if (!body.data) throw new ApiError(`The server answered ${response.status} without data.`, response.status);
  return body.data;
}

/** A mutation payload's `messages` as one sentence, or null when there are none. */
export function describeMessages(messages: readonly FieldError[] | null | undefined): string | null {
  if (!messages || messages.length === 0) return null;
  return messages.map((m) => (m.field ? `${m.field}: ${m.message}` : m.message)).join(' ');
}

/** Trades the token of a sign-in link (`/#sign-in=…`) for the API key it stands for. */
export async function redeemSignInToken(token: string): Promise<string> {
  const response = await fetch('/dashboard/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    api_key?: string;
    errors?: Array<{ message: string }>;
  };
  if (!response.ok || !body.api_key) {
    throw new ApiError(body.errors?.[0]?.message ?? 'This sign-in link did not work.', response.status);
  }
  return body.api_key;
}
