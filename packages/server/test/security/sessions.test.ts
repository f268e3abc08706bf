/**
 * Sign-in sessions as API credentials: a token from signIn / signUp acts as its user only, expires, can be
 * revoked, is stored hashed; a client's session reaches only the client's own record; without a credential
 * only signIn and signUp run; API keys work exactly as before (AuthorizationSource: API still required).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { issueApiKey } from '../../src/tenants/api-keys.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read freely

const PASSWORD = 'a long enough password';
let serial = 0;
const email = (name: string) => `${name}.${process.pid}.${++serial}@example.com`;

/** A POST to /graphql with exactly these headers (no credential unless given). */
async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; data?: Data; errors?: Array<{ message: string; extensions?: Data }> }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

const withToken = (token: string, scheme = 'Basic') => ({ authorization: `${scheme} ${token}` });

const signIn = `mutation($input: signInInput) { signIn(input: $input) { token user { id } messages { field message } } }`;

async function ok(server: TestServer, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const result = await server.graphql(query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  for (const value of Object.values(result.data ?? {}) as Data[])
    if (value?.messages) throw new Error(JSON.stringify(value.messages));
  return result.data as Data;
}

/** A client of the test organization with a password, and a session token of theirs. */
async function signedInClient(server: TestServer): Promise<{ id: string; address: string; token: string }> {
  const address = email('client');
  const created = await ok(
    server,
    'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
    { input: { first_name: 'Cleo', last_name: 'Client', email: address } },
  );
  const id = created.createClient.user.id as string;
  await ok(
    server,
    'mutation($input: updateUserInput) { updateUser(input: $input) { user { id } messages { field message } } }',
    {
      input: { id, password: PASSWORD },
    },
  );
  const answer = await post(server, signIn, { input: { email: address, password: PASSWORD } });
  return { id, address, token: answer.data!.signIn.token as string };
}

describe.each(dialects)('sign-in sessions on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it('without a credential runs signIn and signUp, and nothing else', async () => {
    expect((await post(server, '{ currentUser { id } }')).status).toBe(401);
    const mixed = await post(
      server,
      `mutation { signIn(input: {}) { token } createTask(input: {}) { task { id } } }`,
    );
    expect(mixed.status).toBe(401);
    const alone = await post(server, signIn, { input: { email: 'nobody@example.com', password: PASSWORD } });
    expect(alone.status).toBe(200);
    expect(alone.data!.signIn.messages).toEqual([
      { field: 'password', message: 'Email or password is not right' },
    ]);
  });

  it('acts as its user only, with Basic or Bearer and any AuthorizationSource; stored as a hash', async () => {
    const client = await signedInClient(server);
    for (const headers of [
      withToken(client.token),
      withToken(client.token, 'Bearer'),
      { ...withToken(client.token), authorizationsource: 'Web' },
    ]) {
      const me = await post(server, '{ currentUser { id } }', {}, headers);
      expect(me.data).toEqual({ currentUser: { id: client.id } });
    }
    const stored = await server.runtime.services.store.db
      .selectFrom('user_sessions')
      .select(['token_hash', 'token_prefix'])
      .where('user_id', '=', Number(client.id))
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      expect(row.token_hash).not.toContain(client.token.slice(4));
      expect(client.token.startsWith(row.token_prefix)).toBe(true);
    }
  });

  it("limits a client's session to the client's own record", async () => {
    const client = await signedInClient(server);
    const other = await signedInClient(server);
    const as = withToken(client.token);
    const own = await post(server, 'query($id: ID) { user(id: $id) { id } }', { id: client.id }, as);
    expect(own.data).toEqual({ user: { id: client.id } });
    const update =
      'mutation($input: updateUserInput) { updateUser(input: $input) { user { id first_name } messages { field message } } }';
    const renamed = await post(server, update, { input: { first_name: 'Cleopatra' } }, as);
    expect(renamed.data!.updateUser).toEqual({
      user: { id: client.id, first_name: 'Cleopatra' },
      messages: null,
    });
    for (const [query, variables] of [
      ['query($id: ID) { user(id: $id) { id } }', { id: other.id }],
      ['{ users { id } }', {}],
      [update, { input: { id: other.id, first_name: 'Mallory' } }],
      ['mutation { createTask(input: { content: "x" }) { task { id } } }', {}],
      ['query { ...q } fragment q on Query { users { id } }', {}],
    ] as const) {
      const refused = await post(server, query, variables, as);
      expect(refused.status).toBe(403);
      expect(refused.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    }
    const theirs = await ok(server, 'query($id: ID) { user(id: $id) { first_name } }', { id: other.id });
    expect(theirs.user.first_name).toBe('Cleo');
  });

  it('reaches other people from the own record only by name, and never lists them', async () => {
    const client = await signedInClient(server);
    const as = withToken(client.token);
    const named = await post(
      server,
      '{ currentUser { id dietitian { id first_name } organization { name } } }',
      {},
      as,
    );
    expect(named.status).toBe(200);
    expect(named.data!.currentUser.dietitian.id).toBe(String(server.org.userId));
    for (const query of [
      '{ currentUser { dietitian { email } } }',
      '{ currentUser { dietitian { patients { id } } } }',
      '{ currentUser { other_org_members { id } } }',
      '{ currentUser { organization { providers { id } } } }',
      '{ currentUser { ...reach } } fragment reach on User { dietitian { phone_number } }',
      'mutation { updateUser(input: { first_name: "C" }) { user { dietitian { email } } } }',
    ]) {
      const refused = await post(server, query, {}, as);
      expect({ query, status: refused.status }).toEqual({ query, status: 403 });
    }
  });

  it("a member's session acts as that member in the organization, until the member is removed", async () => {
    const address = email('member');
    const made = await ok(
      server,
      `mutation($input: createOrganizationMembershipInput) { createOrganizationMembership(input: $input) {
        organizationMembership { id user { id } } messages { field message } } }`,
      { input: { email: address, first_name: 'Max', last_name: 'Member' } },
    );
    const id = made.createOrganizationMembership.organizationMembership.user.id as string;
    const key = await issueApiKey(server.runtime.services.store.db, {
      organizationId: server.org.organizationId,
      userId: Number(id),
    });
    await server.graphql(
      'mutation($input: updateUserInput) { updateUser(input: $input) { user { id } } }',
      { input: { password: PASSWORD } },
      key.apiKey,
    );
    const session = await post(server, signIn, { input: { email: address, password: PASSWORD } });
    const as = withToken(session.data!.signIn.token);
    expect((await post(server, '{ currentUser { id } }', {}, as)).data).toEqual({ currentUser: { id } });
    const task = await post(
      server,
      'mutation { createTask(input: { content: "Call back" }) { task { id created_by_id } } }',
      {},
      as,
    );
    expect(task.data!.createTask.task.created_by_id).toBe(id);
    await ok(
      server,
      'mutation($input: deleteOrganizationMembershipInput) { deleteOrganizationMembership(input: $input) { organizationMembership { id } messages { field message } } }',
      { input: { id: made.createOrganizationMembership.organizationMembership.id } },
    );
    expect((await post(server, '{ currentUser { id } }', {}, as)).status).toBe(401);
    const again = await post(server, signIn, { input: { email: address, password: PASSWORD } });
    expect(again.data!.signIn.messages).toEqual([{ field: 'email', message: 'This account cannot sign in' }]);
  });

  it('expires, and ends when a new sign-in replaces it', async () => {
    const client = await signedInClient(server);
    const rotated = await post(server, signIn, { input: { token: client.token } });
    const fresh = rotated.data!.signIn.token as string;
    expect((await post(server, '{ currentUser { id } }', {}, withToken(client.token))).status).toBe(401);
    expect((await post(server, '{ currentUser { id } }', {}, withToken(fresh))).status).toBe(200);
    await server.runtime.services.store.db
      .updateTable('user_sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('user_id', '=', Number(client.id))
      .execute();
    const expired = await post(server, '{ currentUser { id } }', {}, withToken(fresh));
    expect(expired.status).toBe(401);
    expect(expired.errors![0]!.message).toMatch(/expired/);
  });

  it('counts wrong codes even though each is refused; the fifth ends the sign-in', async () => {
    const client = await signedInClient(server);
    await ok(
      server,
      'mutation($input: Toggle2FaInput) { toggle2Fa(input: $input) { success_string messages { field message } } }',
      {
        input: { id: client.id, enable: 'true' },
      },
    );
    const pending = await post(server, signIn, { input: { email: client.address, password: PASSWORD } });
    const as = withToken(pending.data!.signIn.token);
    const validate =
      'mutation($input: validateVerificationTokenInput) { validateVerificationToken(input: $input) { user { id } messages { field message } } }';
    const messages = [];
    for (let i = 0; i < 5; i += 1) {
      const answer = await post(server, validate, { input: { verification_code: 'nope!' } }, as);
      messages.push(answer.data!.validateVerificationToken.messages[0].message);
    }
    expect(messages).toEqual([
      ...Array(4).fill('The code is not right'),
      'This sign-in has ended: sign in again',
    ]);
    expect((await post(server, validate, { input: { verification_code: '000000' } }, as)).status).toBe(401);
  });

  it('locks signing in after ten wrong passwords in a row, even with the right one', async () => {
    const client = await signedInClient(server);
    for (let i = 0; i < 10; i += 1) {
      const wrong = await post(server, signIn, { input: { email: client.address, password: `wrong ${i}!` } });
      expect(wrong.data!.signIn.messages).toEqual([
        { field: 'password', message: 'Email or password is not right' },
      ]);
    }
    const right = await post(server, signIn, { input: { email: client.address, password: PASSWORD } });
    expect(right.data!.signIn).toMatchObject({
      token: null,
      messages: [
        { field: 'email', message: 'Too many wrong passwords for this email: try again in 15 minutes' },
      ],
    });
    await server.runtime.services.store.db
      .updateTable('user_credentials')
      .set({ locked_until: Date.now() - 1 })
      .where('user_id', '=', Number(client.id))
      .execute();
    const later = await post(server, signIn, { input: { email: client.address, password: PASSWORD } });
    expect(later.data!.signIn.user).toEqual({ id: client.id });
  });

  it('leaves API keys as they were: AuthorizationSource: API is still required', async () => {
    const missing = await post(server, '{ currentUser { id } }', {}, withToken(server.org.apiKey));
    expect(missing.status).toBe(401);
    expect(missing.errors![0]!.message).toMatch(/AuthorizationSource: API/);
    const { data } = await server.graphql('{ currentUser { id } }');
    expect(data).toEqual({ currentUser: { id: String(server.org.userId) } });
  });
});
