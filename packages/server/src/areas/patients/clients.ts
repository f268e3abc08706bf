/**
 * createClient and updateClient: an email unless `skipped_email`; the other care-team providers
 * (`other_provider_ids`, each a provider of the caller's organizations); the welcome email state; on
 * update `current_email` (must match) and `for_changing_groups` (the new group's onboarding flow), and
 * after the write the times of archiving, of a `password` (kept as a bcrypt hash for signIn) and of
 * completing the intake (`is_intake_item`).
 */
import { hashedPassword, storePasswordHash } from '../../tenants/passwords.js';
import { revokeUserSessions } from '../../tenants/sessions.js';
import { z } from 'zod';
import {
  fail,
  findRow,
  parseId,
  parseInput,
  typedTransaction,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User, type PatientsTables } from './resources.js';

/** When a mutation did something, as stored in the `*_at` text columns (ISO 8601, UTC). */
export const stamp = (work: Work): string => new Date(work.uow.now).toISOString();

const careTeamInput = z.object({
  other_provider_ids: z
    .array(z.union([z.string(), z.number()]).nullable(), {
      error: 'Other provider ids must be a list of ids',
    })
    .nullish(),
});

/** The ids of `other_provider_ids`, each a provider (not a client) of the caller's organizations. */
async function careTeam(work: Work, input: Record<string, unknown>): Promise<string[] | undefined> {
  const { other_provider_ids: raw } = parseInput(careTeamInput, input);
  if (raw === undefined) return undefined;
  const ids: string[] = [];
  for (const entry of raw ?? []) {
    if (entry === null || entry === '') continue;
    const id = parseId(entry);
    const provider = id === null ? undefined : await findRow(work, User, id);
    if (!provider || provider.user_type !== 'provider')
      fail('other_provider_ids', `Provider ${String(entry)} was not found`);
    if (!ids.includes(String(id))) ids.push(String(id));
  }
  return ids;
}

export async function beforeCreateClient(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (values.email == null && values.skipped_email !== 1) {
    fail('email', 'Email is required unless skipped_email is true');
  }
  const team = await careTeam(work, input);
  if (team !== undefined) values.other_provider_ids = JSON.stringify(team);
  // The welcome email goes to clients with an email, unless the caller says not to.
  if (values.email != null && input.dont_send_welcome !== true) values.welcome_email_sent_at = stamp(work);
}

const updateInput = z.object({
  current_email: z.string({ error: 'Current email must be text' }).nullish(),
  password: z
    .string({ error: 'Password must be text' })
    .min(8, { error: 'Password must be at least 8 characters' })
    .nullish(),
  for_changing_groups: z.boolean().nullish(),
  is_intake_item: z.boolean().nullish(),
});

async function currentRow(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  const id = parseId(input.id);
  const row = id === null ? undefined : await findRow(work, User, id, { fixed: true });
  // updateRecord read the same row before this hook runs; it is there.
  if (!row) fail('id', `User ${String(input.id)} was not found`);
  return row;
}

export async function beforeUpdateClient(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const given = parseInput(updateInput, input);
  const current = await currentRow(work, input);
  if (given.current_email != null && given.current_email.trim().toLowerCase() !== current.email) {
    fail('current_email', 'Current email does not match the email of this client');
  }
  const team = await careTeam(work, input);
  if (team !== undefined) values.other_provider_ids = JSON.stringify(team);
  if (given.for_changing_groups === true && values.user_group_id != null) {
    const group = await typedTransaction<PatientsTables>(work)
      .selectFrom('user_groups')
      .select('onboarding_flow_id')
      .where('id', '=', Number(values.user_group_id))
      .executeTakeFirst();
    values.default_onboarding_flow_id = group?.onboarding_flow_id ?? null;
  }
}

type Stamps = Partial<Record<'archived_at' | 'password_set_at' | 'intake_completed_at', string | null>>;

/**
 * Records when things happened to a client without counting as changes of the record (they are not in
 * `changed_fields` and emit nothing): the written row, which the mutation answers, gets them too.
 */
export async function stampClient(work: Work, client: StoredRow, stamps: Stamps): Promise<void> {
  if (Object.keys(stamps).length === 0) return;
  await typedTransaction<PatientsTables>(work)
    .updateTable('users')
    .set(stamps)
    .where('id', '=', client.id)
    .execute();
  Object.assign(client, stamps);
}

/** `archived_at`: when the client was archived (`active` became false); cleared when restored. */
export function archiveStamp(work: Work, before: StoredRow | undefined, after: StoredRow): Stamps {
  if (!before || Number(before.active) === Number(after.active)) return {};
  return { archived_at: Number(after.active) === 0 ? stamp(work) : null };
}

/**
 * updateClient, after the write: archiving time, the password and intake times. A new password (hashed
 * before the unit of work, `hashGivenPassword`) is stored for signIn, and ends the client's sessions unless
 * the client set it themself.
 */
export async function stampUpdatedClient(work: Work, change: RecordChange): Promise<void> {
  const given = parseInput(updateInput, change.input);
  const stamps: Stamps = archiveStamp(work, change.before, change.row);
  const hash = hashedPassword(change.input);
  if (hash !== undefined) {
    await storePasswordHash(work.uow.db, change.row, hash, work.uow.now);
    if (change.row.id !== work.caller.userId)
      await revokeUserSessions(work.uow.db, change.row.id, work.uow.now);
  }
  if (given.password != null) stamps.password_set_at = stamp(work);
  if (given.is_intake_item === true && change.row.intake_completed_at == null)
    stamps.intake_completed_at = stamp(work);
  await stampClient(work, change.row, stamps);
}
