/**
 * Accounts area: signing in and up, and the second factor. How the credentials they give work on the API
 * (expiry, revocation, what a client's session may run) is tested in test/security/sessions.test.ts.
 */
import { expect } from 'vitest';
import { issueApiKey } from '../../../src/tenants/api-keys.js';
import { ev, type CaseApi, type Data, type InvalidCase, type MutationCase } from '../support.js';
import { createPatient, uniqueEmail } from './fixtures.js';

const signInDoc = `mutation($input: signInInput) {
  signIn(input: $input) {
    token api_key blocked_by_2fa blocked_by_2fa_type user { id email timezone } messages { field message }
  }
}`;
const signUpDoc = `mutation($input: signUpInput) {
  signUp(input: $input) {
    token user { id email first_name dietitian_id has_created_password } nextRequiredStep whitelabelSetting { id }
    messages { field message }
  }
}`;
const validateDoc = `mutation($input: validateVerificationTokenInput) {
  validateVerificationToken(input: $input) { user { id } messages { field message } }
}`;
const toggle2FaDoc = `mutation($input: Toggle2FaInput) {
  toggle2Fa(input: $input) { success_string messages { field message } }
}`;
const setPasswordDoc = `mutation($input: updateUserInput) {
  updateUser(input: $input) { user { id } messages { field message } }
}`;

const PASSWORD = 'a long enough password';

/** A client with a password set by the practice (as updateUser does). */
async function clientWithPassword(
  api: CaseApi,
  email = uniqueEmail('signin'),
): Promise<{ id: string; email: string }> {
  const id = await createPatient(api, { email });
  await api.gql(setPasswordDoc, { input: { id, password: PASSWORD } });
  return { id, email };
}

/** The client's set-password token (their `set_password_link`), which practices send as the invite. */
async function inviteCode(api: CaseApi, id: string): Promise<string> {
  const data = await api.gql<Data>('query($id: ID) { user(id: $id) { set_password_link } }', { id });
  return new URL(data.user.set_password_link, 'http://x').searchParams.get('signup_token')!;
}

/** The code in the newest sign-in email to the user (the tests read the mail queue). */
async function emailedCode(api: CaseApi, userId: string): Promise<string> {
  const mail = await api.server.runtime.services.store.db
    .withTables<{ queued_emails: { id: number; user_id: number; body: string; notification_type: string } }>()
    .selectFrom('queued_emails')
    .select('body')
    .where('user_id', '=', Number(userId))
    .where('notification_type', '=', 'sign_in_code')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return /\b(\d{6})\b/.exec(mail.body)![1]!;
}

/** Signs in with two-factor on: the pending token and the emailed code. */
async function pendingSignIn(api: CaseApi): Promise<{ id: string; token: string; code: string }> {
  const { id, email } = await clientWithPassword(api);
  await api.gql(toggle2FaDoc, { input: { id, enable: 'true' } });
  const data = await api.gql<Data>(signInDoc, { input: { email, password: PASSWORD } });
  return { id, token: data.signIn.token, code: await emailedCode(api, id) };
}

export const accountsMutations: MutationCase[] = [
  {
    mutation: 'signIn',
    title: 'email and password: a session token for that user (no event)',
    setup: async (api) => clientWithPassword(api),
    document: signInDoc,
    variables: ({ email }) => ({ input: { email: email!.toUpperCase(), password: PASSWORD } }),
    events: () => [],
    check: async ({ id }, data, api) => {
      expect(data).toMatchObject({ api_key: null, blocked_by_2fa: false, blocked_by_2fa_type: null });
      expect(data.user.id).toBe(id);
      expect(data.token).toMatch(/^chs_/);
      const me = await api.server.graphql('{ currentUser { id } }', {}, data.token);
      expect(me.data).toEqual({ currentUser: { id } });
    },
  },
  {
    mutation: 'signIn',
    title: 'with a timezone: the client record changes (patient.updated)',
    setup: async (api) => clientWithPassword(api),
    document: signInDoc,
    variables: ({ email }) => ({ input: { email, password: PASSWORD, timezone: 'Europe/Paris' } }),
    events: ({ id }) => [ev('patient.updated', id!, {}, ['timezone'])],
    check: ({ id }, data) => expect(data.user).toMatchObject({ id, timezone: 'Europe/Paris' }),
  },
  {
    mutation: 'signIn',
    title: "a member's generate_api_token: an API key that replaces the member's others",
    setup: async (api) => {
      const email = uniqueEmail('member');
      const data = await api.gql<Data>(
        `mutation($input: createOrganizationMembershipInput) { createOrganizationMembership(input: $input) {
          organizationMembership { user { id } } messages { field message } } }`,
        { input: { email, first_name: 'Kim', last_name: 'Keys' } },
      );
      const id = data.createOrganizationMembership.organizationMembership.user.id as string;
      // The member sets a password with a key of their own, which the new key then replaces.
      const own = await issueApiKey(api.server.runtime.services.store.db, {
        organizationId: api.server.org.organizationId,
        userId: Number(id),
      });
      await api.gql(setPasswordDoc, { input: { password: PASSWORD } }, own.apiKey);
      return { id, email, ownKey: own.apiKey };
    },
    document: signInDoc,
    variables: ({ email }) => ({ input: { email, password: PASSWORD, generate_api_token: true } }),
    events: () => [],
    check: async ({ id, ownKey }, data, api) => {
      expect(data).toMatchObject({ token: null, blocked_by_2fa: false, user: { id } });
      expect(data.api_key).toMatch(/^chk_/);
      expect((await api.server.graphql('{ currentUser { id } }', {}, data.api_key)).data).toEqual({
        currentUser: { id },
      });
      // The member's earlier key was replaced.
      expect((await api.server.graphql('{ currentUser { id } }', {}, ownKey)).status).toBe(401);
    },
  },
  {
    mutation: 'signIn',
    title: 'two-factor on: blocked_by_2fa, a pending token, and the code emailed',
    setup: async (api) => {
      const { id, email } = await clientWithPassword(api);
      await api.gql(toggle2FaDoc, { input: { id, enable: 'true' } });
      return { id, email };
    },
    document: signInDoc,
    variables: ({ email }) => ({ input: { email, password: PASSWORD } }),
    events: () => [],
    check: async ({ id }, data, api) => {
      expect(data).toMatchObject({
        blocked_by_2fa: true,
        blocked_by_2fa_type: 'EMAIL',
        user: null,
        api_key: null,
      });
      expect(await emailedCode(api, id!)).toMatch(/^\d{6}$/);
      // The pending token runs nothing but validateVerificationToken.
      expect((await api.server.graphql('{ currentUser { id } }', {}, data.token)).status).toBe(403);
    },
  },
  {
    mutation: 'signIn',
    title: "reset_token: a client's set-password link sets the password and signs in; the link then ends",
    setup: async (api) => {
      const id = await createPatient(api, { email: uniqueEmail('reset') });
      return { id, code: await inviteCode(api, id) };
    },
    document: signInDoc,
    variables: ({ code }) => ({ input: { reset_token: code, password: PASSWORD } }),
    events: () => [],
    check: async ({ id, code }, data, api) => {
      expect(data.user.id).toBe(id);
      const again = await api.server.graphql(signInDoc, { input: { reset_token: code, password: PASSWORD } });
      expect((again.data as Data).signIn.messages).toEqual([
        { field: 'reset_token', message: 'This link is not valid any more' },
      ]);
      const withPassword = await api.gql<Data>(signInDoc, {
        input: { email: data.user.email, password: PASSWORD },
      });
      expect(withPassword.signIn.user.id).toBe(id);
    },
  },
  {
    mutation: 'signUp',
    title: 'by the practice: a new client of the provider (patient.created), signed in',
    setup: async () => ({ email: uniqueEmail('signup') }),
    document: signUpDoc,
    variables: ({ email }) => ({
      input: { email, password: PASSWORD, first_name: 'Sam', last_name: 'Newcomer', role: 'patient' },
    }),
    events: (_ids, data) => [ev('patient.created', data.user.id)],
    check: async ({ email, provider }, data, api) => {
      expect(data.user).toMatchObject({
        email,
        first_name: 'Sam',
        dietitian_id: provider,
        has_created_password: true,
      });
      expect(data).toMatchObject({ nextRequiredStep: null, whitelabelSetting: null });
      const me = await api.server.graphql('{ currentUser { id } }', {}, data.token);
      expect(me.data).toEqual({ currentUser: { id: data.user.id } });
    },
  },
  {
    mutation: 'signUp',
    title: "with the practice's invite code: the client takes a password and names (patient.updated)",
    setup: async (api) => {
      const email = uniqueEmail('invited');
      const id = await createPatient(api, { email });
      return { id, email, code: await inviteCode(api, id) };
    },
    document: signUpDoc,
    variables: ({ email, code }) => ({
      input: { email, password: PASSWORD, invite_code: code, first_name: 'Robin' },
    }),
    events: ({ id }) => [ev('patient.updated', id!, {}, ['first_name'])],
    check: ({ id }, data) =>
      expect(data.user).toMatchObject({ id, first_name: 'Robin', has_created_password: true }),
  },
  {
    mutation: 'validateVerificationToken',
    title: 'the emailed code turns the pending token into a session (no event)',
    setup: async (api) => pendingSignIn(api),
    credential: ({ token }) => token!,
    document: validateDoc,
    variables: ({ code }) => ({ input: { verification_code: code } }),
    events: () => [],
    check: async ({ id, token }, data, api) => {
      expect(data.user).toEqual({ id });
      expect((await api.server.graphql('{ currentUser { id } }', {}, token)).data).toEqual({
        currentUser: { id },
      });
    },
  },
  {
    mutation: 'toggle2Fa',
    title: "turns a client's two-factor sign-in on, then off (no event)",
    setup: async (api) => clientWithPassword(api),
    document: toggle2FaDoc,
    variables: ({ id }) => ({ input: { id, enable: 'true' } }),
    events: () => [],
    check: async ({ id, email }, data, api) => {
      expect(data.success_string).toBe('Two-factor sign-in is on');
      await api.gql(toggle2FaDoc, { input: { id, enable: 'false' } });
      const signedIn = await api.gql<Data>(signInDoc, { input: { email, password: PASSWORD } });
      expect(signedIn.signIn.blocked_by_2fa).toBe(false);
    },
  },
];

export const accountsInvalid: InvalidCase[] = [
  {
    mutation: 'signIn',
    title: 'a wrong password',
    setup: async (api) => clientWithPassword(api),
    document: signInDoc,
    variables: ({ email }) => ({ input: { email, password: 'not the password' } }),
    field: 'password',
  },
  {
    mutation: 'signIn',
    title: 'an unknown email (answered as a wrong password)',
    document: signInDoc,
    variables: () => ({ input: { email: 'nobody@example.com', password: PASSWORD } }),
    field: 'password',
  },
  {
    mutation: 'signIn',
    title: 'a username',
    document: signInDoc,
    variables: () => ({ input: { username: 'sam', password: PASSWORD } }),
    field: 'username',
  },
  {
    mutation: 'signIn',
    title: 'an API key for a client',
    setup: async (api) => clientWithPassword(api),
    document: signInDoc,
    variables: ({ email }) => ({ input: { email, password: PASSWORD, generate_api_token: true } }),
    field: 'generate_api_token',
  },
  {
    mutation: 'signUp',
    title: 'a provider sign-up',
    document: signUpDoc,
    variables: () => ({ input: { email: uniqueEmail('doc'), password: PASSWORD, role: 'dietitian' } }),
    field: 'role',
  },
  {
    mutation: 'signUp',
    title: 'a password too short',
    document: signUpDoc,
    variables: () => ({
      input: { email: uniqueEmail('short'), password: 'short', first_name: 'A', last_name: 'B' },
    }),
    field: 'password',
  },
  {
    mutation: 'signUp',
    title: 'an invite code already used',
    setup: async (api) => {
      const email = uniqueEmail('twice');
      const id = await createPatient(api, { email });
      const code = await inviteCode(api, id);
      await api.gql(signUpDoc, { input: { email, password: PASSWORD, invite_code: code } });
      return { email, code };
    },
    document: signUpDoc,
    variables: ({ email, code }) => ({ input: { email, password: PASSWORD, invite_code: code } }),
    field: 'invite_code',
  },
  {
    mutation: 'validateVerificationToken',
    title: 'no sign-in waiting for a code (an API key)',
    document: validateDoc,
    variables: () => ({ input: { verification_code: '123456' } }),
    field: 'verification_code',
  },
  {
    mutation: 'toggle2Fa',
    title: 'enable that is not "true" or "false"',
    setup: async (api) => ({ id: await createPatient(api, { email: uniqueEmail('mfa') }) }),
    document: toggle2FaDoc,
    variables: ({ id }) => ({ input: { id, enable: 'yes' } }),
    field: 'enable',
  },
];
