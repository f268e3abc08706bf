/**
 * Healthie names the people a conversation or message blast reaches with tokens in `simple_added_users`:
 * `user-<id>` for a user, `group-<id>` for a user group (standing for its clients). A bare id is a user,
 * as older clients send it.
 */
const GROUP_TOKEN = /^group-(\d+)$/;
const USER_TOKEN = /^user-(\d+)$/;

/** The group id a `group-<id>` token names, or undefined for any other token. */
export function groupOfToken(token: string): string | undefined {
  return GROUP_TOKEN.exec(token)?.[1];
}

/** The user id text a user token names: `user-12` → `12`; anything else is returned as given. */
export function userOfToken(token: string): string {
  return USER_TOKEN.exec(token)?.[1] ?? token;
}
